"""`make bench`: measure ingest and serving on this machine, each figure beside its target.

Figures (targets in TARGETS):

- ingest throughput, one process, on `corpus/` and the real-world papers beside the repo,
  and how much faster ingesting the PDFs is than plain pdfplumber text extraction of them;
- scaling with `--jobs 2` on a synthetic tree (copies of those papers, each with a byte
  appended so that every copy is its own document);
- re-ingest of an unchanged tree, as a share of the first ingest's time;
- peak memory (max RSS of a fresh process) ingesting a 500-page PDF made here;
- Datasette latency of each canned query, of a full-text search and of the app's own pages on a database of
  100,000 documents made from the ingested papers.

Everything is made in a temporary folder and removed afterwards. Run
`python benchmarks/run.py -h` for sizes; `--markdown` prints the table for the README.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import synthetic  # noqa: E402
from prevent_docs import pipeline, store  # noqa: E402

CORPUS = REPO / "corpus"
REALWORLD = REPO.parent / "shared" / "realworld"

TARGETS = {
    "speedup_vs_pdfplumber": 3.0,  # ingest of the PDFs at least 3x faster than pdfplumber's extract_text
    "jobs2_scaling": 1.7,  # --jobs 2 at least 1.7x one job
    "reingest_share": 0.02,  # re-ingest of an unchanged tree under 2% of the first ingest
    "peak_memory_mb": 300.0,  # ingesting a 500-page PDF
    "latency_ms": 50.0,  # median per canned query and full-text search
    "page_ms": 300.0,  # median per page of the app's own (heatmap, profile, open items, search)
}


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: float | None = None
    higher_is_better: bool = True
    note: str = ""
    failed: str | None = None  # the measurement itself failed (an HTTP error, say)

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        if self.failed:
            return False
        return self.value >= self.target if self.higher_is_better else self.value < self.target

    def verdict(self) -> str:
        if self.met is None:
            return ""
        if self.failed:
            return f"FAILED: {self.failed}"
        if self.met:
            return "met"
        if self.higher_is_better:
            return f"MISSED by {self.target - self.value:.3g} {self.unit} ({self.value / self.target:.0%} of target)"
        return f"MISSED by {self.value - self.target:.3g} {self.unit} ({self.value / self.target:.1f}x the target)"

    def target_text(self) -> str:
        if self.target is None:
            return ""
        return f"{'>=' if self.higher_is_better else '<'} {self.target:g} {self.unit}"


def measure_ingest(files: list[Path], db_path: Path, *, jobs: int = 1) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds (this process and its workers), pages and documents of one ingest."""
    started, before = time.perf_counter(), os.times()
    report = pipeline.ingest(files, db_path, jobs=jobs)
    after = os.times()
    cpu = sum(getattr(after, name) - getattr(before, name)
              for name in ("user", "system", "children_user", "children_system"))
    return time.perf_counter() - started, cpu, report.pages, report.new + report.updated


def measure_pdfplumber(pdfs: list[Path]) -> tuple[float, float, int]:
    """Wall and CPU seconds plain pdfplumber takes to extract the text of every page."""
    import pdfplumber

    started, cpu = time.perf_counter(), time.process_time()
    pages = 0
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return time.perf_counter() - started, time.process_time() - cpu, pages


def measure_reading(pdfs: list[Path]) -> float:
    """CPU seconds reading the PDFs into Documents, without extraction: where ingest's time goes."""
    from extractors.readers import read_document

    cpu = time.process_time()
    for path in pdfs:
        read_document(path)
    return time.process_time() - cpu


MEMORY_SCRIPT = """
import resource, sys
from pathlib import Path
sys.path.insert(0, {repo!r})
from prevent_docs import pipeline
report = pipeline.ingest([Path({pdf!r})], Path({db!r}))
assert report.failed == 0, report.errors
print(report.pages, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure_peak_memory(pdf: Path, db_path: Path) -> tuple[float, int]:
    """Max RSS (MB) of a fresh Python process ingesting `pdf`, and the pages it read."""
    script = MEMORY_SCRIPT.format(repo=str(REPO), pdf=str(pdf), db=str(db_path))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    pages, max_rss_kb = (int(value) for value in out.split())
    return max_rss_kb / 1024, pages


def canned_queries() -> dict[str, str]:
    """Name to SQL of the canned queries in datasette_config/metadata.yml."""
    import yaml

    metadata = yaml.safe_load((REPO / "datasette_config" / "metadata.yml").read_text(encoding="utf-8"))
    return {name: query["sql"] for name, query in
            metadata.get("databases", {}).get("prevent", {}).get("queries", {}).items() if "sql" in query}


def query_params(sql: str, examples: dict[str, str]) -> dict[str, str]:
    return {name: examples.get(name, "") for name in dict.fromkeys(re.findall(r"(?<!:):(\w+)", sql))}


async def time_requests(datasette, paths: dict[str, str], *, repeat: int) -> dict[str, tuple[float, int]]:
    """Median milliseconds (after one warm-up request) and the status of each path."""
    results = {}
    for name, path in paths.items():
        response = await datasette.client.get(path)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = await datasette.client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        results[name] = (statistics.median(times), response.status_code)
    return results


def app_pages(examples: dict[str, str]) -> dict[str, str]:
    """The app's own pages, as a user first opens them and then filters them (HTML, all queries run)."""
    authority, area = examples["authority"], examples["area"]
    return {
        "page /-/heatmap": "/-/heatmap",
        "page /-/heatmap?year=latest&change=1": "/-/heatmap?year=latest&change=1",
        f"page /-/authority/{authority}": f"/-/authority/{authority}",
        "page /-/open": "/-/open",
        f"page /-/open?authority={authority}&area={area}": f"/-/open?authority={authority}&area={area}",
        "page /-/search?q=venue hire": "/-/search?q=venue+hire",
        "page /-/search?q=radicalisation": "/-/search?q=radicalisation",
    }


def measure_datasette(template_db: Path, work: Path, *, documents: int, passages: int,
                      repeat: int) -> tuple[list[Figure], str]:
    """Latency of the canned queries and of full-text search on a synthetic database."""
    try:
        from prevent_docs.serving import make_datasette
    except ImportError as e:
        return [], f"Datasette latency skipped: prevent_docs.serving.make_datasette is not there yet ({e})"
    from urllib.parse import urlencode

    big = work / "big.db"
    db = store.open_db(big)
    store.load_authorities(db, pipeline.AUTHORITIES_CSV)
    try:  # lineage and status tables, when tracking is there: computed on the template, copied
        from prevent_docs import tracking
    except ImportError:
        tracking = None
    if tracking is not None:
        tracking.ensure_schema(db)
        template = store.open_db(template_db)
        tracking.track(template)
        template.close()
    db.close()
    started = time.perf_counter()
    counts = synthetic.build_database(template_db, big, documents=documents, passages_per_document=passages)
    built = time.perf_counter() - started
    # The bulk load goes around the store's triggers, so the summary tables the canned queries
    # read are rebuilt once, to what writing the same papers one by one would have left.
    started = time.perf_counter()
    db = store.open_db(big)
    store.refresh_summaries(db)
    for table in store.SUMMARY_TABLES:
        db.execute(f"analyze [{table}]")
    db.close()
    summarised = time.perf_counter() - started
    import sqlite3

    with sqlite3.connect(big) as conn:
        authority = conn.execute("select authority_code from benchmarks where authority_code is not null "
                                 "group by 1 order by count(*) desc limit 1").fetchone()
        year = conn.execute("select year from benchmarks group by 1 order by count(*) desc limit 1").fetchone()
        owner = conn.execute("select o.name from owners o join action_owners ao on ao.owner_id = o.id "
                             "where o.name is not null group by o.id order by count(*) desc limit 1").fetchone()
    examples = {"authority": authority[0] if authority else "", "area": "training",
                "year": str(year[0]) if year else "2020", "unit": "%", "owner": owner[0] if owner else ""}
    paths = {}
    for name, sql in canned_queries().items():
        params = query_params(sql, examples)
        paths[f"{name}({', '.join(f'{k}={v}' for k, v in params.items() if v)})"] = \
            f"/prevent/{name}.json?" + urlencode(params)
    # The default JSON shape, as the search page computes it: rows, count and facets
    # (`_shape=array` would skip the count and facets, which take most of the time).
    paths["passages _search=radicalisation"] = "/prevent/passages.json?_search=radicalisation"
    paths["passages _search=channel panel"] = "/prevent/passages.json?" + urlencode({"_search": "channel panel"})
    pages = app_pages(examples)
    datasette = make_datasette(big, work_dir=work / "serve")
    timings = asyncio.run(time_requests(datasette, {**paths, **pages}, repeat=repeat))
    figures = [Figure(f"datasette {name}", ms, "ms", TARGETS["page_ms" if name in pages else "latency_ms"],
                      higher_is_better=False, failed=None if status == 200 else f"HTTP {status}")
               for name, (ms, status) in timings.items()]
    size_mb = big.stat().st_size / 1e6
    note = (f"synthetic database: {counts['documents']:,} documents, {counts['passages']:,} passages, "
            f"{counts['benchmarks']:,} benchmarks, {counts['recommendations']:,} recommendations, "
            f"{counts['actions']:,} actions; {size_mb:,.0f} MB; built in {built:.0f}s, "
            f"summary tables rebuilt in {summarised:.1f}s")
    return figures, note


def run(args: argparse.Namespace) -> tuple[list[Figure], list[str]]:
    figures: list[Figure] = []
    notes: list[str] = []
    folders = [CORPUS] + ([REALWORLD] if REALWORLD.is_dir() else [])
    if not REALWORLD.is_dir():
        notes.append(f"{REALWORLD} is absent: ingest measured on corpus/ alone")
    files = pipeline.find_files(folders)
    pdfs = [path for path in files if path.suffix.lower() == ".pdf"]
    with tempfile.TemporaryDirectory(prefix="prevent-bench-") as tmp:
        work = Path(tmp)
        log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731

        log(f"ingesting {len(files)} files ...")
        seconds, cpu, pages, _ = measure_ingest(files, work / "all.db")
        figures.append(Figure("ingest throughput, all formats, 1 process", pages / seconds, "pages/s",
                              note=f"{len(files)} files, {pages} pages in {seconds:.2f}s ({cpu:.2f}s CPU)"))
        log("re-ingesting the unchanged tree ...")
        again, _, _, changed = measure_ingest(files, work / "all.db")
        figures.append(Figure("re-ingest of the unchanged tree", again / seconds, "of first ingest",
                              TARGETS["reingest_share"], higher_is_better=False,
                              note=f"{again * 1000:.0f} ms vs {seconds:.2f}s; {changed} files re-read"))

        log(f"ingesting the {len(pdfs)} PDFs, then pdfplumber on them ...")
        pdf_seconds, pdf_cpu, pdf_pages, _ = measure_ingest(pdfs, work / "pdfs.db")
        plumber_seconds, plumber_cpu, plumber_pages = measure_pdfplumber(pdfs)
        figures.append(Figure("ingest throughput, PDFs only, 1 process", pdf_pages / pdf_seconds, "pages/s",
                              note=f"{pdf_pages} pages in {pdf_seconds:.2f}s ({pdf_cpu:.2f}s CPU)"))
        figures.append(Figure("plain pdfplumber extract_text, same PDFs", plumber_pages / plumber_seconds, "pages/s",
                              note=f"{plumber_pages} pages in {plumber_seconds:.2f}s ({plumber_cpu:.2f}s CPU)"))
        # CPU time, not wall time: other processes on a shared machine slow both unevenly.
        figures.append(Figure("ingest speed / pdfplumber text extraction", plumber_cpu / pdf_cpu, "x",
                              TARGETS["speedup_vs_pdfplumber"],
                              note=f"by CPU time; by wall time {plumber_seconds / pdf_seconds:.2f}x"))
        reading = measure_reading(pdfs)
        figures.append(Figure("reading alone (no extraction) / pdfplumber", plumber_cpu / reading, "x",
                              note=f"read_document on the same PDFs: {reading:.2f}s CPU, "
                                   f"{reading / pdf_cpu:.0%} of ingest; extraction and storing take the rest"))

        if args.copies:
            tree = work / "tree"
            copies = synthetic.copy_tree(files, tree, copies=args.copies)
            log(f"scaling: {len(copies)} files, 1 job then 2 ...")
            one, one_cpu, tree_pages, _ = measure_ingest([tree], work / "jobs1.db", jobs=1)
            two, two_cpu, _, _ = measure_ingest([tree], work / "jobs2.db", jobs=2)
            # CPU seconds show the parallel work's own overhead, whatever else runs on the machine.
            figures.append(Figure("--jobs 2 speed-up over 1 job", one / two, "x", TARGETS["jobs2_scaling"],
                                  note=f"{len(copies)} files, {tree_pages} pages: {one:.1f}s vs {two:.1f}s wall, "
                                       f"{one_cpu:.1f}s vs {two_cpu:.1f}s CPU; {os.cpu_count()} CPUs, "
                                       f"load average {os.getloadavg()[0]:.1f}"))

        if args.memory_pages:
            log(f"peak memory on a {args.memory_pages}-page PDF ...")
            big_pdf = work / "big" / f"synthetic-{args.memory_pages}-pages.pdf"
            big_pdf.parent.mkdir()
            big_pdf.write_bytes(synthetic.text_pdf(args.memory_pages))
            small_pdf = work / "small" / "synthetic-1-page.pdf"
            small_pdf.parent.mkdir()
            small_pdf.write_bytes(synthetic.text_pdf(1))
            peak, read_pages = measure_peak_memory(big_pdf, work / "memory.db")
            base, _ = measure_peak_memory(small_pdf, work / "memory-small.db")
            figures.append(Figure(f"peak memory ingesting a {read_pages}-page PDF", peak, "MB",
                                  TARGETS["peak_memory_mb"], higher_is_better=False,
                                  note=f"max RSS of the process; {base:.0f} MB for a 1-page PDF"))

        if args.documents:
            log(f"Datasette: building a {args.documents:,}-document database ...")
            latency, note = measure_datasette(work / "all.db", work, documents=args.documents,
                                              passages=args.passages, repeat=args.repeat)
            figures += latency
            notes.append(note)
    return figures, notes


def print_table(figures: list[Figure], notes: list[str], *, markdown: bool) -> None:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    header = (f"prevent-docs benchmarks: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
              f"load average {load} at the end (other work on the machine slows wall-clock figures)")
    if markdown:
        print("| figure | measured | target | result | detail |\n| --- | --- | --- | --- | --- |")
        for f in figures:
            print(f"| {f.name} | {f.value:,.3g} {f.unit} | {f.target_text()} | {f.verdict()} | {f.note} |")
        for note in notes:
            print(f"\n{note}")
        return
    print(header)
    width = max(len(f.name) for f in figures)
    for f in figures:
        value = f"{f.value:,.3g} {f.unit}"
        print(f"  {f.name:<{width}}  {value:>22}  {f.target_text():>22}  {f.verdict()}")
        if f.note:
            print(f"  {'':<{width}}  {f.note}")
    for note in notes:
        print(f"note: {note}")
    missed = [f.name for f in figures if f.met is False]
    print(f"{len(missed)} of {sum(f.met is not None for f in figures)} targets missed" + (
        ": " + "; ".join(missed) if missed else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=3, help="copies of the papers in the --jobs tree (0: skip)")
    parser.add_argument("--memory-pages", type=int, default=500, help="pages of the memory PDF (0: skip)")
    parser.add_argument("--documents", type=int, default=100_000, help="documents in the Datasette database (0: skip)")
    parser.add_argument("--passages", type=int, default=20, help="passages kept per synthetic document")
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per Datasette path")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table for the README")
    parser.add_argument("--json", dest="json_path", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    figures, notes = run(args)
    print_table(figures, notes, markdown=args.markdown)
    if args.json_path:
        args.json_path.write_text(json.dumps({"figures": [f.__dict__ | {"met": f.met} for f in figures],
                                              "notes": notes}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
