"""`make bench`: measure ingest and serving on this machine, each figure beside its target.

Figures (targets in TARGETS):

- how fast a command starts (`prevent-docs --version` against `sqlite-utils --version`);
- ingest of the PDFs of `corpus/` and the real-world papers beside the repo, as a user runs
  it (a fresh `prevent-docs ingest` process, worker start-up included) with `--jobs 1` and
  with the default jobs, and pypdfium2's text alone, each as a speed ratio to plain
  pdfplumber `extract_text` of the same files;
- scaling with `--jobs 2` on a synthetic tree (copies of those papers, each with a byte
  appended so that every copy is its own document);
- re-ingest of an unchanged tree, as a share of the first ingest's time (both as run by a user);
- extraction mapped over a Dask `LocalCluster` of 2 worker processes (`prevent-docs extract
  --executor dask --jobs 2`, then `load`) against `ingest --jobs 2` on the same files, and
  what a national import costs per 1,000 pages: the workers' CPU seconds, the shards'
  size, and the load's seconds;
- peak memory ingesting a 500-page PDF made here: the larger of the ingest process's and
  its workers' max RSS, since files are read in workers;
- OCR: a 100-page scanned PDF made here (`ocr_engines.long_scan`: the seed corpus's pages
  scanned with defects) ingested with one job: scanned pages read per second, and peak
  memory as above (Tesseract's own processes among the children);
- Datasette on databases of 5,000 and 100,000 documents made from ingested real papers:
  each canned query, full-text search and the app's own pages timed alone, and a load test
  (2,000 requests, 8 at a time, to a real `prevent-docs serve` over loopback) of every
  canned query, table page and app page, counting 5xx and "SQL Interrupted" answers.

Everything is made in a temporary folder and removed afterwards. Run
`python benchmarks/run.py -h` for sizes; `--markdown` prints the table for the README.
"""

from __future__ import annotations

import argparse
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
from benchmarks.ocr_engines import long_scan  # noqa: E402
from prevent_docs import pipeline, store  # noqa: E402

CORPUS = REPO / "corpus"
REALWORLD = REPO.parent / "shared" / "realworld"

#: Real papers the Datasette databases are made from, beside the repository (those present).
DEV_REAL = REPO.parent / "shared" / "dev-real" / "docs"
PREVENT_DOCS = REPO / ".venv" / "bin" / "prevent-docs"
SQLITE_UTILS = REPO / ".venv" / "bin" / "sqlite-utils"

TARGETS = {
    "start_ratio": 1.2,  # prevent-docs --version within 1.2x of sqlite-utils --version
    "speedup_vs_pdfplumber": 10.0,  # ingest with --jobs 1 at least 10x faster than pdfplumber's extract_text
    "jobs2_scaling": 1.8,  # --jobs 2 at least 1.8x one job
    "reingest_share": 0.10,  # re-ingest of an unchanged tree under 10% of the first ingest
    "load_failures": 1,  # load test: no 5xx and no "SQL Interrupted" (fewer than 1)
    "peak_memory_mb": 300.0,  # ingesting a 500-page PDF
    "ocr_peak_memory_mb": 500.0,  # ingesting a 100-page scanned PDF
    "latency_ms": 50.0,  # median per canned query and full-text search
    "page_ms": 300.0,  # median per page of the app's own (heatmap, profile, open items, search)
    "table_page_ms": 200.0,  # the benchmarks table's HTML page, as a researcher first opens it
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


def ingest_command(paths: list[Path], db_path: Path, *, jobs: int | None = None) -> list[str]:
    return [str(PREVENT_DOCS), "ingest", *map(str, paths), "--db", str(db_path), "--json",
            *(["--jobs", str(jobs)] if jobs else [])]


def measure_ingest(paths: list[Path], db_path: Path, *, jobs: int | None = None) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds (the process and its workers), pages and documents read of one
    `prevent-docs ingest`, run as a user runs it: a fresh process, imports and workers included.
    `jobs` None leaves the default (the cores available)."""
    started, before = time.perf_counter(), os.times()
    done = subprocess.run(ingest_command(paths, db_path, jobs=jobs), cwd=REPO, capture_output=True, text=True)
    seconds, after = time.perf_counter() - started, os.times()
    if done.returncode not in (0, 1):
        raise RuntimeError(f"prevent-docs ingest exited {done.returncode}: {done.stderr[-500:]}")
    report = json.loads(done.stdout)
    cpu = sum(getattr(after, name) - getattr(before, name) for name in ("children_user", "children_system"))
    return seconds, cpu, report["pages"], report["new"] + report["updated"]


def measure_command(command: list[str]) -> tuple[float, float, dict]:
    """Wall seconds, CPU seconds (the process and every process below it that it waited for) and
    the JSON summary of one prevent-docs command, run as a user runs it."""
    started, before = time.perf_counter(), os.times()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    seconds, after = time.perf_counter() - started, os.times()
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command[:2])} exited {done.returncode}: {done.stderr[-500:]}")
    cpu = sum(getattr(after, name) - getattr(before, name) for name in ("children_user", "children_system"))
    return seconds, cpu, json.loads(done.stdout)


def measure_start(command: list[str], *, runs: int = 7) -> float:
    """Median wall seconds of a command that only starts and exits (`--version`)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=REPO, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


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


def measure_pdfium_text(pdfs: list[Path]) -> float:
    """Wall seconds pypdfium2 takes to give the text of every page: the floor for reading."""
    import pypdfium2

    started = time.perf_counter()
    for path in pdfs:
        pdf = pypdfium2.PdfDocument(path)
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        pdf.close()
    return time.perf_counter() - started


#: The ingest process's own peak is read from /proc (VmHWM, kB) where there is one: on Linux its
#: `ru_maxrss` keeps the peak of the process that started it (the benchmark, holding a 100-page
#: scan's images), since a child started by vfork and exec inherits its parent's mark.
MEMORY_SCRIPT = """
import re, resource, sys
from pathlib import Path
sys.path.insert(0, {repo!r})
from prevent_docs import pipeline
report = pipeline.ingest([Path({pdf!r})], Path({db!r}), jobs=1)
assert report.failed == 0, report.errors
try:
    own = int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text())[1])
except (OSError, TypeError):
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(report.pages, own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measure_peak_memory(pdf: Path, db_path: Path) -> tuple[float, float, int]:
    """Max RSS (MB) of a fresh ingest process and of its workers (the largest) ingesting `pdf`, and its pages."""
    script = MEMORY_SCRIPT.format(repo=str(REPO), pdf=str(pdf), db=str(db_path))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    pages, parent_kb, workers_kb = (int(value) for value in out.split())
    return parent_kb / 1024, workers_kb / 1024, pages


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


def build_big_database(template_db: Path, big: Path, *, documents: int, passages: int) -> tuple[dict, str]:
    """A database of `documents` copies of the template's real papers (records and tracking
    tables re-keyed per copy), with the summary tables rebuilt as the store keeps them."""
    import sqlite3

    from prevent_docs import tracking

    db = store.open_db(big)
    store.load_authorities(db, pipeline.AUTHORITIES_CSV)
    tracking.ensure_schema(db)
    template = store.open_db(template_db)
    tracking.track(template)  # lineage and status: computed on the template, copied
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
    with sqlite3.connect(big) as conn:
        open_items = conn.execute("select count(*) from open_items").fetchone()[0]
    note = (f"{counts['documents']:,} documents made from the ingested real papers: {counts['passages']:,} passages, "
            f"{counts['benchmarks']:,} benchmarks, {counts['recommendations']:,} recommendations, "
            f"{counts['actions']:,} actions, {counts.get('tracked_items', 0):,} tracked items ({open_items:,} open); "
            f"{big.stat().st_size / 1e6:,.0f} MB; built in {built:.0f}s, summary tables rebuilt in {summarised:.1f}s")
    return counts, note


def examples_of(big: Path) -> dict[str, str]:
    """Parameter values for the canned queries: the council with most scores, its commonest year, ..."""
    import sqlite3

    with sqlite3.connect(big) as conn:
        authority = conn.execute("select authority_code from benchmarks where authority_code is not null "
                                 "group by 1 order by count(*) desc limit 1").fetchone()
        year = conn.execute("select year from benchmarks group by 1 order by count(*) desc limit 1").fetchone()
        owner = conn.execute("select o.name from owners o join action_owners ao on ao.owner_id = o.id "
                             "where o.name is not null group by o.id order by count(*) desc limit 1").fetchone()
        record = conn.execute("select record_id from threads limit 1").fetchone()
    return {"authority": authority[0] if authority else "", "area": "training",
            "year": str(year[0]) if year else "2020", "unit": "%", "owner": owner[0] if owner else "",
            "record_id": record[0] if record else ""}


def query_paths(examples: dict[str, str], *, unfiltered: bool = False) -> dict[str, str]:
    """Each canned query's JSON with the example parameters (or, if `unfiltered`, all of them
    empty but the year), and two full-text searches as the search page asks for them."""
    from urllib.parse import urlencode

    paths = {}
    for name, sql in canned_queries().items():
        params = query_params(sql, {"year": examples["year"], "record_id": examples["record_id"]}
                              if unfiltered else examples)
        paths[f"{name}({', '.join(f'{k}={v}' for k, v in params.items() if v)})"] = \
            f"/prevent/{name}.json?" + urlencode(params)
    # The default JSON shape, as the search page computes it: rows, count and facets
    # (`_shape=array` would skip the count and facets, which take most of the time).
    paths["passages _search=radicalisation"] = "/prevent/passages.json?_search=radicalisation"
    paths["passages _search=channel panel"] = "/prevent/passages.json?" + urlencode({"_search": "channel panel"})
    return paths


def table_pages(big: Path) -> dict[str, str]:
    """The HTML page of every table and view Datasette lists (full-text index tables aside)."""
    import sqlite3

    with sqlite3.connect(big) as conn:
        names = [name for (name,) in conn.execute(
            "select name from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%' "
            "and name not like '%_fts' and name not like '%_fts_%' order by type, name")]
    return {f"table /prevent/{name}": f"/prevent/{name}" for name in names}


#: Pages are timed in a fresh process, as `prevent-docs serve` would answer them: in this one,
#: after building the databases, every request cost 15-25% more (its heap is that much larger).
TIMING_SCRIPT = """
import asyncio, json, sys
from pathlib import Path
sys.path.insert(0, {repo!r})
from benchmarks.run import time_requests
from prevent_docs.serving import make_datasette
datasette = make_datasette(Path({big!r}), work_dir=Path({work!r}))
print(json.dumps(asyncio.run(time_requests(datasette, json.loads({paths!r}), repeat={repeat}))))
"""


def time_alone(big: Path, work: Path, paths: dict[str, str], *, repeat: int) -> dict[str, tuple[float, int]]:
    """`time_requests` of `paths` on the database `big`, in a fresh Python process."""
    script = TIMING_SCRIPT.format(repo=str(REPO), big=str(big), work=str(work), paths=json.dumps(paths),
                                  repeat=repeat)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return {name: (ms, status) for name, (ms, status) in json.loads(out).items()}


def measure_datasette(big: Path, work: Path, examples: dict[str, str], *, repeat: int) -> list[Figure]:
    """Latency of each canned query, full-text search and app page timed alone (median, `time_alone`)."""
    paths, pages = query_paths(examples), app_pages(examples)
    unfiltered = {name: path for name, path in query_paths(examples, unfiltered=True).items()
                  if name.startswith("open_items")}
    paths |= {f"{name} unfiltered": path for name, path in unfiltered.items()}
    tables = {"table /prevent/benchmarks (HTML)": "/prevent/benchmarks"}
    timings = time_alone(big, work / "serve", {**paths, **pages, **tables}, repeat=repeat)
    target = lambda name: TARGETS["page_ms" if name in pages else "table_page_ms" if name in tables  # noqa: E731
                                  else "latency_ms"]
    return [Figure(f"datasette {name}", ms, "ms", target(name), higher_is_better=False,
                   failed=None if status == 200 else f"HTTP {status}")
            for name, (ms, status) in timings.items()]


def measure_load(big: Path, examples: dict[str, str], *, requests: int, concurrency: int) -> tuple[list[Figure], str]:
    """The load test: zero 5xx and zero interrupted queries, and p50/p95 of each page under load."""
    from benchmarks import load

    pages = {**query_paths(examples, unfiltered=True), **{f"{name} [filtered]": path for name, path in
                                                         query_paths(examples).items() if "_search" not in name},
             **table_pages(big), **app_pages(examples)}
    results = load.load(big, pages, requests=requests, concurrency=concurrency)
    failures = sum(page.server_errors + page.interrupted for page in results.values())
    not_ok = {name: page.statuses for name, page in results.items() if page.not_ok}
    figures = [Figure(f"load: 5xx and SQL Interrupted of {requests:,} requests, {concurrency} at a time", failures,
                      "answers", TARGETS["load_failures"], higher_is_better=False,
                      note=load.summary(results) + (f"; not 200: {not_ok}" if not_ok else ""))]
    detail = "\n".join(f"    {name:<70} p50 {page.percentile(0.5):6.0f} ms  p95 {page.percentile(0.95):6.0f} ms  "
                        f"({len(page.latencies_ms)} requests{', ' + str(page.statuses) if page.not_ok else ''})"
                        for name, page in results.items())
    return figures, detail


def run(args: argparse.Namespace) -> tuple[list[Figure], list[str]]:
    figures: list[Figure] = []
    notes: list[str] = []
    folders = [CORPUS] + [folder for folder in (REALWORLD, DEV_REAL) if folder.is_dir()]
    notes += [f"{folder} is absent: measured without it" for folder in (REALWORLD, DEV_REAL) if not folder.is_dir()]
    files = pipeline.find_files([folder for folder in (CORPUS, REALWORLD) if folder.is_dir()])
    pdfs = [path for path in files if path.suffix.lower() == ".pdf"]
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="prevent-bench-") as tmp:
        work = Path(tmp)
        figures += measure_starts()
        figures += measure_ingests(work, files, pdfs, log)
        if args.copies:
            figures.append(measure_scaling(work, files, args.copies, log))
        if args.cluster_workers:
            figures += measure_cluster(work, files, args.cluster_workers, args.copies, log)
        if args.memory_pages:
            figures.append(measure_memory(work, args.memory_pages, log))
        if args.ocr_pages:
            figures += measure_ocr(work, args.ocr_pages, log)
        if args.documents:
            log(f"ingesting the real papers of {', '.join(map(str, folders))} for the Datasette databases ...")
            template = work / "template.db"
            measure_ingest(folders, template)
            for documents in args.documents:
                log(f"Datasette: building a {documents:,}-document database ...")
                big = work / f"big-{documents}.db"
                _, note = build_big_database(template, big, documents=documents, passages=args.passages)
                notes.append(note)
                examples = examples_of(big)
                if documents == max(args.documents):
                    log("timing each page alone ...")
                    figures += measure_datasette(big, work, examples, repeat=args.repeat)
                log(f"load test: {args.requests:,} requests, {args.concurrency} at a time ...")
                load_figures, detail = measure_load(big, examples, requests=args.requests,
                                                    concurrency=args.concurrency)
                for figure in load_figures:
                    figure.name = f"{documents:,} documents, {figure.name}"
                figures += load_figures
                notes.append(f"load test on {documents:,} documents, p50 and p95 per page:\n{detail}")
                for path in big.parent.glob(big.name + "*"):
                    path.unlink()
    return figures, notes


def measure_starts() -> list[Figure]:
    """`prevent-docs --version` and `--help` against `sqlite-utils --version`, median of 7 each."""
    ours = measure_start([str(PREVENT_DOCS), "--version"])
    help_ = measure_start([str(PREVENT_DOCS), "--help"])
    theirs = measure_start([str(SQLITE_UTILS), "--version"])
    return [Figure("CLI start: prevent-docs --version / sqlite-utils --version", ours / theirs, "x",
                   TARGETS["start_ratio"], higher_is_better=False,
                   note=f"{ours * 1000:.0f} ms vs {theirs * 1000:.0f} ms; --help {help_ * 1000:.0f} ms "
                        f"({help_ / theirs:.2f}x)")]


def measure_ingests(work: Path, files: list[Path], pdfs: list[Path], log) -> list[Figure]:
    """Ingest of the PDFs with --jobs 1 and the default jobs, and pypdfium2's text, against
    pdfplumber; then ingest of every format and an unchanged re-ingest of it."""
    log(f"pdfplumber, pypdfium2 and ingest (--jobs 1, default jobs) on {len(pdfs)} PDFs ...")
    plumber, plumber_cpu, plumber_pages = measure_pdfplumber(pdfs)
    pdfium = measure_pdfium_text(pdfs)
    one, one_cpu, pages, _ = measure_ingest(pdfs, work / "pdfs-1.db", jobs=1)
    default, default_cpu, _, _ = measure_ingest(pdfs, work / "pdfs-default.db")
    figures = [
        Figure("plain pdfplumber extract_text of the PDFs", plumber_pages / plumber, "pages/s",
               note=f"{len(pdfs)} PDFs, {plumber_pages} pages in {plumber:.2f}s ({plumber_cpu:.2f}s CPU)"),
        Figure("ingest --jobs 1 / pdfplumber (speed, wall)", plumber / one, "x", TARGETS["speedup_vs_pdfplumber"],
               note=f"{pages} pages in {one:.2f}s ({one_cpu:.2f}s CPU), a fresh process with its worker"),
        Figure(f"ingest, default --jobs ({len(os.sched_getaffinity(0))}) / pdfplumber", plumber / default, "x",
               note=f"{default:.2f}s ({default_cpu:.2f}s CPU)"),
        Figure("pypdfium2 text alone / pdfplumber (the floor)", plumber / pdfium, "x",
               note=f"{pdfium:.2f}s: get_text_range of every page"),
        _model_floor(plumber, pdfium),
    ]
    log(f"ingesting {len(files)} files, then again unchanged ...")
    first, first_cpu, all_pages, _ = measure_ingest(files, work / "all.db", jobs=1)
    again, _, _, read_again = measure_ingest(files, work / "all.db", jobs=1)
    figures.append(Figure("re-ingest of the unchanged tree / first ingest", again / first, "of first ingest",
                          TARGETS["reingest_share"], higher_is_better=False,
                          note=f"{again * 1000:.0f} ms vs {first:.2f}s ({len(files)} files, {all_pages} pages, "
                               f"{first_cpu:.1f}s CPU); {read_again} files read again"))
    return figures


MODEL_START = "from extractors.nlp import load_nlp; load_nlp()"


def _model_floor(plumber: float, pdfium: float) -> Figure:
    """What one fresh reading process spends before its first page: Python, spaCy and the model
    the figures extractor tags with (median of 3), beside the time 10x pdfplumber allows in all."""
    start = measure_start([sys.executable, "-c", MODEL_START], runs=3)
    budget = plumber / TARGETS["speedup_vs_pdfplumber"]
    return Figure("fresh process with spaCy and its model loaded", start, "s",
                  note=f"10x pdfplumber allows {budget:.2f}s for the whole ingest; this start and "
                       f"pypdfium2's text alone take {start + pdfium:.2f}s")


def measure_scaling(work: Path, files: list[Path], copies: int, log) -> Figure:
    tree = work / "tree"
    made = synthetic.copy_tree(files, tree, copies=copies)
    log(f"scaling: {len(made)} files, --jobs 1 then --jobs 2 ...")
    one, one_cpu, pages, _ = measure_ingest([tree], work / "jobs1.db", jobs=1)
    two, two_cpu, _, _ = measure_ingest([tree], work / "jobs2.db", jobs=2)
    return Figure("--jobs 2 speed-up over --jobs 1", one / two, "x", TARGETS["jobs2_scaling"],
                  note=f"{len(made)} files, {pages} pages: {one:.1f}s vs {two:.1f}s wall, "
                       f"{one_cpu:.1f}s vs {two_cpu:.1f}s CPU; {os.cpu_count()} CPUs, "
                       f"load average {os.getloadavg()[0]:.1f}")


def measure_cluster(work: Path, files: list[Path], workers: int, copies: int, log) -> list[Figure]:
    """`extract --executor dask` on a LocalCluster of `workers` processes, then `load`, against
    `ingest --jobs workers` on the same files (`copies` of the papers, at least 2); and the
    cost of each per 1,000 pages. The workers' CPU per 1,000 pages is the difference between
    extracting the copies and one copy, so the cluster's start (a fixed cost) is told apart."""
    one = synthetic.copy_tree(files, work / "cluster-1", copies=1)
    many = synthetic.copy_tree(files, work / "cluster-n", copies=max(2, copies))
    log(f"Dask: ingest --jobs {workers}, extract on a LocalCluster of {workers} workers and load, {len(many)} files; "
        f"extract of {len(one)} files for the fixed cost ...")
    command = lambda *arguments: [str(PREVENT_DOCS), *map(str, arguments), "--json"]  # noqa: E731
    ingest, ingest_cpu, ingested = measure_command(command("ingest", work / "cluster-n", "--db",
                                                           work / "cluster-ingest.db", "--jobs", workers))
    extract, extract_cpu, extracted = measure_command(command("extract", work / "cluster-n", "--out", work / "shards",
                                                              "--executor", "dask", "--jobs", workers))
    _, small_cpu, small = measure_command(command("extract", work / "cluster-1", "--out", work / "shards-1",
                                                  "--executor", "dask", "--jobs", workers))
    load, load_cpu, loaded = measure_command(command("load", work / "shards", "--db", work / "cluster-load.db"))
    pages = extracted["pages"]
    marginal = (extract_cpu - small_cpu) / (pages - small["pages"]) * 1000
    size = sum(path.stat().st_size for path in (work / "shards").glob("*.jsonl"))
    return [
        Figure(f"extract on a Dask LocalCluster of {workers} workers / ingest --jobs {workers} (speed, wall)",
               ingest / extract, "x",
               note=f"{extracted['extracted']} files, {pages} pages: extract {extract:.1f}s ({extract_cpu:.1f}s CPU), "
                    f"then load {load:.1f}s: together {ingest / (extract + load):.2f}x; ingest {ingest:.1f}s "
                    f"({ingest_cpu:.1f}s CPU, {ingested['pages']} pages); load average {os.getloadavg()[0]:.1f}"),
        Figure("cost per 1,000 pages: extract on the cluster, CPU", marginal, "CPU s", higher_is_better=False,
               note=f"plus {small_cpu - marginal * small['pages'] / 1000:.0f} CPU s once, to start the cluster and "
                    f"load the model ({pages} and {small['pages']} pages extracted); "
                    f"ingest --jobs {workers}: {ingest_cpu / ingested['pages'] * 1000:.0f} CPU s, all included"),
        Figure("cost per 1,000 pages: shards on shared storage", size / 1e6 / pages * 1000, "MB",
               higher_is_better=False, note=f"{size / 1e6:.1f} MB of shards for {pages} pages"),
        Figure("cost per 1,000 pages: load into SQLite (one writer)", load / pages * 1000, "s",
               higher_is_better=False,
               note=f"{load_cpu / pages * 1000:.1f} CPU s, tracking included; {loaded['new']} documents written"),
    ]


def measure_memory(work: Path, pages: int, log) -> Figure:
    log(f"peak memory on a {pages}-page PDF ...")
    big_pdf = work / "big" / f"synthetic-{pages}-pages.pdf"
    big_pdf.parent.mkdir()
    big_pdf.write_bytes(synthetic.text_pdf(pages))
    small_pdf = work / "small" / "synthetic-1-page.pdf"
    small_pdf.parent.mkdir()
    small_pdf.write_bytes(synthetic.text_pdf(1))
    parent, worker, read_pages = measure_peak_memory(big_pdf, work / "memory.db")
    base_parent, base_worker, _ = measure_peak_memory(small_pdf, work / "memory-small.db")
    return Figure(f"peak memory ingesting a {read_pages}-page PDF", max(parent, worker), "MB",
                  TARGETS["peak_memory_mb"], higher_is_better=False,
                  note=f"max RSS: ingest process {parent:.0f} MB, its worker {worker:.0f} MB; "
                       f"for a 1-page PDF {base_parent:.0f} and {base_worker:.0f} MB")


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


def measure_ocr(work: Path, pages: int, log) -> list[Figure]:
    log(f"OCR: ingesting a {pages}-page scanned PDF ...")
    folder = work / "scanned"
    folder.mkdir()
    scanned = long_scan(pages, folder)
    started = time.perf_counter()
    parent, worker, read_pages = measure_peak_memory(scanned, work / "ocr.db")
    seconds = time.perf_counter() - started
    return [Figure("OCR: scanned pages read per second, ingest with 1 job", read_pages / seconds, "pages/s",
                   note=f"{read_pages} pages in {seconds:.0f} s, load average {os.getloadavg()[0]:.1f}"),
            Figure(f"peak memory ingesting a {read_pages}-page scanned PDF", max(parent, worker), "MB",
                   TARGETS["ocr_peak_memory_mb"], higher_is_better=False,
                   note=f"max RSS: ingest process {parent:.0f} MB, its worker or Tesseract {worker:.0f} MB")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=3, help="copies of the papers in the --jobs tree (0: skip)")
    parser.add_argument("--cluster-workers", type=int, default=2,
                        help="workers of the Dask LocalCluster extract is measured on (0: skip)")
    parser.add_argument("--memory-pages", type=int, default=500, help="pages of the memory PDF (0: skip)")
    parser.add_argument("--ocr-pages", type=int, default=100, help="pages of the scanned PDF read by OCR (0: skip)")
    parser.add_argument("--documents", type=lambda text: [int(n) for n in text.split(",") if int(n)],
                        default=[5_000, 100_000], help="documents in each Datasette database, comma-separated "
                        "(0: skip) [default: 5000,100000]")
    parser.add_argument("--requests", type=int, default=2000, help="requests of the load test on each database")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight at once in the load test")
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
