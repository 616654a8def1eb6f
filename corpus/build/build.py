"""Render the seed corpus as real Office files and their PDF exports.

Each seed under `corpus/` is the text of a council paper; its module here writes the
paper as the kind of file it was (a Word report, an action plan, a slide deck) with the
seed's words, and LibreOffice exports that file to PDF, as councils publish it. Every
rendering keeps the seed's stem, so it is scored against `corpus/gold/<stem>.json`.

The outputs are committed, so tests never need LibreOffice; run this only to change them:

    .venv/bin/python corpus/build/build.py            # all seeds, native files and PDFs
    .venv/bin/python corpus/build/build.py --no-pdf   # native files only
    .venv/bin/python corpus/build/build.py 001        # one seed, by stem prefix
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent
sys.path.insert(0, str(HERE))

import seed_000_benchmarking_deck  # noqa: E402
import seed_001_action_plan  # noqa: E402
import seed_002_lscsb_report  # noqa: E402
import seed_003_select_committee_report  # noqa: E402
import seed_004_presentation  # noqa: E402

#: One module per seed, in corpus order; each has `STEM` and `build(out_dir) -> Path`.
SEEDS: tuple[ModuleType, ...] = (
    seed_000_benchmarking_deck,
    seed_001_action_plan,
    seed_002_lscsb_report,
    seed_003_select_committee_report,
    seed_004_presentation,
)

#: LibreOffice can hang on a stale profile lock; no export of these small files takes this long.
EXPORT_TIMEOUT_SECONDS = 180


class ExportFailed(Exception):
    """LibreOffice did not produce the PDF."""


def find_soffice() -> str:
    """The LibreOffice binary, or an error that says how to get it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ExportFailed("LibreOffice not found: apt-get install libreoffice-writer libreoffice-impress, "
                       "or run with --no-pdf")


def export_pdf(source: Path, out_dir: Path) -> Path:
    """Export `source` to `out_dir/<stem>.pdf` with headless LibreOffice.

    A throwaway user profile keeps the export independent of any LibreOffice the user has
    open, and of other exports running at the same time.
    """
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="corpus-lo-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=EXPORT_TIMEOUT_SECONDS,
                                check=False)
    target = out_dir / f"{source.stem}.pdf"
    if result.returncode != 0 or not target.exists():
        raise ExportFailed(f"{source.name}: {result.stderr.strip() or result.stdout.strip()}")
    return target


def main(argv: list[str] | None = None) -> int:
    """Build the requested seeds; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("only", nargs="*", help="stem prefixes of the seeds to build (default: all)")
    parser.add_argument("--out", type=Path, default=CORPUS, help="output directory (default: corpus/)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice PDF export")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS:
        if args.only and not any(seed.STEM.startswith(prefix) for prefix in args.only):
            continue
        native = seed.build(args.out)
        print(f"wrote {native}", file=sys.stderr)
        if not args.no_pdf:
            try:
                pdf = export_pdf(native, args.out)
            except ExportFailed as error:
                print(f"Error: {error}", file=sys.stderr)
                return 1
            print(f"wrote {pdf}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
