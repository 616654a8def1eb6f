"""Extraction from scanned papers against the same papers' text layers, scored against gold.

    .venv/bin/python benchmarks/ocr_quality.py corpus --gold corpus/gold
    .venv/bin/python benchmarks/ocr_quality.py ../shared/dev-real/docs --gold ../shared/dev-real/gold

Every PDF of the folder is scanned here (`benchmarks.scans`: 200 dpi, 1-2 degrees of skew,
speckle, JPEG compression, wrapped back into an image-only PDF), the originals and the scans
are ingested into two fresh databases, and both are scored by `evaluate` against the gold
folder. It prints micro-F1 per paper, scanned beside text layer, and the micro-F1 of each
over all the papers: what OCR loses on a scan of a paper prevent-docs reads well as text.

OCR takes seconds a page. `--work DIR` keeps the scans and the OCR cache there, so a second
run after a change to how OCR lines become blocks and tables reads no page again (a change
to how pages are read raises `ocr.PIPELINE_VERSION`, and the cache is not used).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import scans  # noqa: E402
from prevent_docs import evaluate, pipeline  # noqa: E402

#: What a scanned paper may lose against its text layer (the bound issue 13 sets).
MARGIN = 0.05


def scan_folder(papers: list[Path], out: Path, *, dpi: int) -> None:
    """Scanned renderings of `papers` in `out`, under the same names; ones already there are kept."""
    out.mkdir(parents=True, exist_ok=True)
    for paper in papers:
        target = out / paper.name
        if not target.exists():
            scans.scan_pdf(paper, target, dpi=dpi)


def ingest_and_score(files: Path, db_path: Path, gold: Path, *, jobs: int) -> dict[str, evaluate.Tally]:
    """Ingest a folder into a fresh database (its OCR cache kept) and each PDF's micro tally."""
    for leftover in (db_path, *(db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    report = pipeline.ingest([files], db_path, jobs=jobs)
    for error in report.errors:
        print(f"  {error.path}: {error.error}: {error.message}", file=sys.stderr)
    scored = evaluate.evaluate_database(db_path, gold)
    group = scored.groups.get("pdf")
    return {rendering.file_name: rendering.micro for rendering in group.renderings} if group else {}


def micro(tallies: dict[str, evaluate.Tally]) -> evaluate.Tally:
    total = evaluate.Tally()
    for tally in tallies.values():
        total.add(tally)
    return total


def print_table(text: dict[str, evaluate.Tally], scanned: dict[str, evaluate.Tally]) -> None:
    """Per paper and micro: text-layer F1, scanned F1, and the difference."""
    width = max(len(name) for name in text | scanned)
    print(f"{'paper':<{width}}  {'text':>6}  {'scanned':>7}  {'diff':>6}")
    for name in sorted(text | scanned):
        text_f1 = text[name].f1 if name in text else float("nan")
        scan_f1 = scanned[name].f1 if name in scanned else 0.0
        flag = "  <- more than the margin" if scan_f1 < text_f1 - MARGIN else ""
        print(f"{name:<{width}}  {text_f1:>6.3f}  {scan_f1:>7.3f}  {scan_f1 - text_f1:>+6.3f}{flag}")
    text_total, scan_total = micro(text), micro(scanned)
    print(f"{'micro':<{width}}  {text_total.f1:>6.3f}  {scan_total.f1:>7.3f}  {scan_total.f1 - text_total.f1:>+6.3f}"
          f"   (tp/fp/fn text {text_total.tp}/{text_total.fp}/{text_total.fn}, "
          f"scanned {scan_total.tp}/{scan_total.fp}/{scan_total.fn})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of PDFs with gold files")
    parser.add_argument("--gold", type=Path, required=True, help="the folder of their gold files")
    parser.add_argument("--dpi", type=int, default=scans.DEFAULT_DPI, help="resolution of the scans")
    parser.add_argument("--jobs", type=int, default=1, help="--jobs of the ingests")
    parser.add_argument("--work", type=Path, help="keep the scans and the OCR cache here (default: a temporary folder)")
    args = parser.parse_args(argv)
    papers = sorted(args.folder.glob("*.pdf"))
    if not papers:
        parser.error(f"{args.folder}: no PDFs")
    work = args.work or Path(tempfile.mkdtemp(prefix="ocr-quality-"))
    try:
        text_folder, scans_folder = work / "text", work / "scans"
        text_folder.mkdir(parents=True, exist_ok=True)
        for paper in papers:
            shutil.copyfile(paper, text_folder / paper.name)
        started = time.perf_counter()
        scan_folder(papers, scans_folder, dpi=args.dpi)
        print(f"{len(papers)} PDFs of {args.folder} scanned at {args.dpi} dpi in "
              f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
        text = ingest_and_score(text_folder, work / "text.db", args.gold, jobs=args.jobs)
        ingest_started = time.perf_counter()
        scanned = ingest_and_score(scans_folder, work / "scans.db", args.gold, jobs=args.jobs)
        print(f"scans ingested in {time.perf_counter() - ingest_started:.0f} s "
              f"(all in {time.perf_counter() - started:.0f} s)", file=sys.stderr)
        print_table(text, scanned)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
