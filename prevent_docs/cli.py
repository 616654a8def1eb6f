"""The `prevent-docs` command line: thin Click commands over the library.

Each command parses its options, calls one library function and formats the result.
Data goes to stdout, progress and errors to stderr. Exit codes: 0 done; 1 an expected
failure (a bad file in a batch, a missing or unusable database) as one `Error: ...` line;
2 bad usage; 130 (143) an ingest stopped by Ctrl-C (SIGTERM), after its summary.

Commands import what they use when they run (`store` brings sqlite-utils and the record
schemas, `pipeline` the readers, `serving` Datasette, `tracking` its matcher), so `--version`, `--help` and a command that needs none
of them start as fast as Click itself.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import click

from prevent_docs import __version__
from prevent_docs.errors import PreventDocsError, printable


def _pipeline():
    """The ingest pipeline, imported by the commands that ingest."""
    from prevent_docs import pipeline

    return pipeline


class _PipelineDefault:
    """An option's default that is a constant of the pipeline, read only when needed (parsing, `--help`)."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self):
        return getattr(_pipeline(), self.name)

    def __str__(self) -> str:
        return str(self())


#: Worker processes for an ingest: the cores this process may use.
DEFAULT_JOBS = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 64)


def db_option(*, must_exist: bool = False, write: bool = True, required: bool = True, help_text: str = ""):
    """The shared `--db FILE` option, checked read-only before the command runs.

    A missing file (where it must exist), a folder, a file that is not SQLite, another
    program's SQLite file, or (for commands that write) a read-only file or folder each
    end the command with one `Error:` line and exit code 1, before anything is written.
    """
    def check(ctx, param, db_path: Path | None) -> Path | None:  # noqa: ARG001
        if db_path is not None:
            from prevent_docs import store

            try:
                store.check_database(db_path, create=not must_exist, write=write)
            except PreventDocsError as e:
                raise click.ClickException(str(e)) from e
        return db_path

    return click.option(
        "--db", "db_path", required=required, metavar="FILE", type=click.Path(path_type=Path), callback=check,
        help=help_text or "SQLite database file" + (" (must exist)" if must_exist else " (created if missing)"),
    )


def executor_options(command):
    """`--executor local|dask` and `--scheduler ADDRESS`: where files are read."""
    command = click.option("--scheduler", metavar="ADDRESS",
                           help="With --executor dask: the scheduler of an existing Dask cluster "
                                "(tcp://host:8786) [default: a local cluster of --jobs processes]")(command)
    return click.option("--executor", default="local", show_default=True, type=click.Choice(("local", "dask")),
                        help="Read files in local worker processes, or on a Dask cluster "
                             "(pip install 'prevent-docs[distributed]')")(command)


def reading_options(command):
    """The guards and OCR mode every command that reads files takes."""
    command = click.option("--ocr", "ocr_mode", default="auto", show_default=True,
                           type=click.Choice(("auto", "always", "never")),
                           help="Read scanned pages by OCR: auto (pages without usable text), always (every page), "
                                "never")(command)
    command = click.option("--timeout", default=_PipelineDefault("DEFAULT_TIMEOUT"), show_default=True,
                           type=click.FloatRange(0),
                           help="Seconds allowed to read and extract one document (0: no limit), OCR not counted")(command)
    command = click.option("--max-pages", default=_PipelineDefault("DEFAULT_MAX_PAGES"), show_default=True,
                           type=click.IntRange(1), help="Refuse documents with more pages than this")(command)
    return command


def jobs_option(command):
    return click.option("-j", "--jobs", default=DEFAULT_JOBS, show_default="the cores available",
                        type=click.IntRange(1, 64),
                        help="Worker processes reading documents in parallel (1: one process; with --executor dask "
                             "and no --scheduler, the local cluster's workers); results are the same")(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="prevent-docs")
def cli() -> None:
    """Turn council papers about the Prevent duty into data you can compare.

    \b
    Example:
        prevent-docs ingest papers/ --db prevent.db
        prevent-docs serve --db prevent.db
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@db_option()
@jobs_option
@click.option("--force", is_flag=True, help="Re-extract documents even if unchanged")
@click.option("--prune", is_flag=True, help="Remove documents whose files, below PATHS, are gone")
@reading_options
@executor_options
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON")
def ingest(paths: tuple[Path, ...], db_path: Path, jobs: int, force: bool, prune: bool, max_pages: int,
           timeout: float, ocr_mode: str, executor: str, scheduler: str | None, as_json: bool) -> None:
    """Read PDF, DOCX, PPTX, text and scanned image files (or folders of them) into the database.

    Unchanged files are skipped, moved files recognised, changed files replace their old
    records. A file that cannot be read is reported on stderr, recorded in `ingest_errors`,
    and the batch goes on; the exit code is 1 if any file failed. Files of other formats
    and folders that cannot be opened are listed and counted. Ctrl-C stops after the
    files in hand, keeping every document stored, and exits 130 (SIGTERM: 143).

    \b
    Example:
        prevent-docs ingest board-papers/ --db prevent.db --jobs 2
        prevent-docs ingest board-papers/ --db prevent.db --executor dask --scheduler tcp://scheduler:8786
    """
    report = _run_batch(lambda **progress: _pipeline().ingest(
        list(paths), db_path, jobs=jobs, force=force, prune=prune, max_pages=max_pages, timeout=timeout or None,
        ocr=ocr_mode, executor=executor, scheduler=scheduler, **progress), "Ingesting", "every document stored")
    _print_ingest_report(report, as_json)
    _exit_after(report, f"{report.stored} documents stored before it are kept", "files could not be read: "
                "see the lines above or the ingest_errors table")


def _run_batch(run, label: str, kept: str):
    """Run a batch (`run(on_start=..., on_result=...)`) under a progress bar on stderr, each failure on a line.

    Library errors become one `Error:` line; a second Ctrl-C stops at once, saying what is kept.
    """
    bar = None

    def on_start(total: int) -> None:
        nonlocal bar
        bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True,
                                item_show_func=lambda item: item and Path(item).name[:40])
        bar.__enter__()

    def on_result(result) -> None:
        if result.outcome == "failed":
            click.echo(f"\nerror: {result.path}: {result.error}: {result.message}", err=True)
        if bar is not None:
            bar.update(1, result.path)

    try:
        return run(on_start=on_start, on_result=on_result)
    except PreventDocsError as e:
        raise click.ClickException(str(e)) from e
    except KeyboardInterrupt:  # a second Ctrl-C: stop at once, without the summary
        click.echo(f"\nError: stopped at once by a second interrupt; {kept} so far is kept", err=True)
        sys.exit(128 + signal.SIGINT)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def _exit_after(report, kept: str, failed: str) -> None:
    """Exit 128 + the signal that stopped the batch, or 1 if any file failed, each with one `Error:` line."""
    if report.stopped_by:
        click.echo(f"Error: stopped by {report.stopped_by}: {kept}; run the same command again to go on", err=True)
        sys.exit(128 + signal.Signals[report.stopped_by])
    if report.failed:
        raise click.ClickException(f"{report.failed} of {report.seen} {failed}")


def _as_json(report) -> str:
    extra = {"stored": report.stored} if hasattr(report, "stored") else {}
    return json.dumps({k: v for k, v in report.__dict__.items() if k != "errors"}
                      | extra | {"errors": [e.__dict__ for e in report.errors]}, indent=2)


def _print_ingest_report(report, as_json: bool, noun: str = "files") -> None:
    """The summary on stdout; skipped files and folders and pruned documents listed on stderr."""
    if as_json:
        click.echo(_as_json(report))
        return
    _print_skipped(report)
    for path in report.pruned:
        click.echo(f"pruned: {path}: the file is gone", err=True)
    for record in report.not_carried:
        click.echo(f"not carried over: {record['path']}: {record['record_type']} {record['record_id']} "
                   f"({_short(record['text'], 50)!r}): the changed file has no {record['record_type']} with its text; "
                   f"its {record['decisions']} decisions stay under the old id", err=True)
    records = _records(report)
    extra = "".join(f", {count} {label}" for count, label in (
        (report.duplicate, "duplicates"), (len(report.pruned), "pruned"),
        (report.carried, "records with decisions carried over"),
        (len(report.not_carried), "records with decisions not carried over")) if count)
    click.echo(
        f"{report.seen} {noun}: {report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.moved} moved{extra}, {report.failed} failed; {report.pages} pages; records: {records}; "
        f"{report.seconds:.1f}s" + _skipped_note(report)
    )


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True, metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the shards, one per file (created if missing); with Dask, one the workers share")
@jobs_option
@click.option("--force", is_flag=True, help="Make every shard again, even those already there")
@reading_options
@executor_options
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON")
def extract(paths: tuple[Path, ...], out_dir: Path, jobs: int, force: bool, max_pages: int, timeout: float,
            ocr_mode: str, executor: str, scheduler: str | None, as_json: bool) -> None:
    """Read files and folders into shards (DIR/<sha256>.<extractor version>.jsonl), touching no database.

    Each shard holds one file's document row and records, exactly what `load` (or `ingest`)
    stores, or the error it could not be read with. A file whose shard is already there is
    not read again; a file that cannot be read is reported on stderr and its error shard
    made, and the exit code is 1. Ctrl-C stops after the files in hand, keeping every
    shard made, and exits 130 (SIGTERM: 143).

    \b
    Example:
        prevent-docs extract papers/ --out shards/ --executor dask --scheduler tcp://scheduler:8786
        prevent-docs load shards/ --db prevent.db
    """
    report = _run_batch(lambda **progress: _pipeline().extract_files(
        list(paths), out_dir, jobs=jobs, force=force, max_pages=max_pages, timeout=timeout or None, ocr=ocr_mode,
        executor=executor, scheduler=scheduler, **progress), "Extracting", "every shard made")
    if as_json:
        click.echo(_as_json(report))
    else:
        _print_skipped(report)
        click.echo(f"{report.seen} files: {report.extracted} extracted, {report.kept} already extracted, "
                   f"{report.moved} moved, {report.duplicate} duplicates, {report.failed} failed; "
                   f"{report.pages} pages; records: {_records(report)}; {report.seconds:.1f}s; shards in "
                   f"{report.out}" + _skipped_note(report))
    _exit_after(report, f"{report.extracted} shards made before it are kept", "files could not be read: "
                "see the lines above; their error shards are loaded into ingest_errors")


@cli.command()
@click.argument("folders", nargs=-1, required=True, metavar="DIR...",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@db_option()
@click.option("--force", is_flag=True, help="Write every document again, even those stored unchanged")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON")
def load(folders: tuple[Path, ...], db_path: Path, force: bool, as_json: bool) -> None:
    """Write the shards `extract` made into the database, one transaction per document, then track.

    Files are known as `ingest` knows them (by the sha256 each shard names): unchanged ones
    are skipped, moved ones have their path updated, changed ones replace their old records
    and keep your decisions. Shards of another extractor version are listed and left out.
    The exit code is 1 if any shard holds an error (recorded in `ingest_errors`) or cannot
    be read.

    \b
    Example:
        prevent-docs load shards/ --db prevent.db
    """
    report = _run_batch(lambda **progress: _pipeline().load(list(folders), db_path, force=force, **progress),
                        "Loading", "every document stored")
    if not as_json:
        for message in report.damaged:
            click.echo(f"skipped: {message}", err=True)
        if report.other_versions:
            click.echo(f"skipped: {_count(report.other_versions, 'shard')} of another extractor version than "
                       f"{_pipeline().EXTRACTOR_VERSION} (such as {report.other_versions[0]}): load them with that "
                       f"version of prevent-docs, or extract the files again", err=True)
    _print_ingest_report(report, as_json, noun="shards")
    if report.damaged and not report.stopped_by and not report.failed:
        raise click.ClickException(f"{_count(report.damaged, 'shard')} could not be read: see the lines above")
    _exit_after(report, f"{report.stored} documents stored before it are kept", "shards hold files that could "
                "not be read: see the lines above or the ingest_errors table")


def _print_skipped(report) -> None:
    """Files of other formats and folders that could not be opened, one line each on stderr."""
    for path in report.skipped:
        click.echo(f"skipped: {path}: not a format prevent-docs reads (PDF, DOCX, PPTX, text)", err=True)
    for path in report.unreadable_folders:
        click.echo(f"skipped: {path}: a folder that could not be opened", err=True)


def _records(report) -> str:
    """'92 actions, 400 benchmarks, ...', or 'none'."""
    return ", ".join(f"{count} {name}" for name, count in sorted(report.records.items())) or "none"


def _count(items: list, noun: str) -> str:
    return f"{len(items)} {noun}" + ("" if len(items) == 1 else "s")


def _skipped_note(report) -> str:
    """'; skipped 2 files of other formats (.doc, .xlsx) and 1 folder that could not be opened', or ''."""
    parts = []
    if report.skipped:
        suffixes = sorted({Path(path).suffix.lower() or "(no suffix)" for path in report.skipped})
        parts.append(f"{_count(report.skipped, 'file')} of other formats ({', '.join(suffixes)})")
    if report.unreadable_folders:
        parts.append(f"{_count(report.unreadable_folders, 'folder')} that could not be opened")
    return "; skipped " + " and ".join(parts) if parts else ""


@cli.command()
@click.argument("council", metavar="COUNCIL_OR_URL")
@click.option("--out", "out_dir", required=True, metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the papers and their manifest.csv (created if missing)")
@click.option("--committee", metavar="PATTERN", help="Only committees whose titles match this regular expression")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default="2015-07-01", show_default=True,
              help="Meetings on or after this date (the Prevent duty began on 1 July 2015)")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Meetings on or before this date [default: today]")
@click.option("--match", metavar="REGEX", help="Match item titles, texts and document titles against this "
              "(any case) [default: Prevent, Channel, extremism, radicalisation, counter-terrorism, CONTEST]")
@click.option("--delay", default=1.0, show_default=True, type=click.FloatRange(0),
              help="Seconds between two requests to the council's site")
@db_option(required=False, help_text="Ingest what was fetched into this database at the end")
@click.pass_context
def fetch(ctx: click.Context, council: str, out_dir: Path, committee: str | None, since, until, match: str | None,
          delay: float, db_path: Path | None) -> None:
    """Fetch a council's Prevent papers from its ModernGov committee system, ready to ingest.

    COUNCIL_OR_URL is a council's name (as in prevent_docs/data/committee_systems.csv) or
    a ModernGov address. Every agenda item matching --match brings its documents and its
    own minutes and decision (as an HTML file); manifest.csv beside them says where each
    came from. Restricted items are never fetched. A second run downloads nothing it has.

    \b
    Example:
        prevent-docs fetch "Harborough District Council" --out papers/harborough --since 2019-01-01
        prevent-docs fetch https://democracy.example.gov.uk --out papers/ --db prevent.db
    """
    from prevent_docs import fetch as fetching  # the network is touched only by this command

    options = fetching.FetchOptions(committee=committee, since=since.date(), until=until.date() if until else None,
                                    match=match or fetching.DEFAULT_MATCH, delay=delay)
    bar = None

    def on_start(total: int) -> None:
        nonlocal bar
        bar = click.progressbar(length=total, label="Fetching", file=sys.stderr, show_pos=True,
                                item_show_func=lambda meeting: meeting and f"{meeting.date} {meeting.committee}"[:40])
        bar.__enter__()

    try:
        report = fetching.fetch(council, out_dir, options, on_start=on_start,
                                on_meeting=lambda meeting: bar and bar.update(1, meeting),
                                on_problem=lambda message: click.echo(f"\nerror: {printable(message)}", err=True))
    except PreventDocsError as e:
        raise click.ClickException(str(e)) from e
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    click.echo(_fetch_summary(report))
    if db_path is not None and report.files:
        ctx.invoke(ingest, paths=(out_dir,), db_path=db_path, jobs=1, force=False, prune=False,
                   max_pages=_pipeline().DEFAULT_MAX_PAGES, timeout=_pipeline().DEFAULT_TIMEOUT, as_json=False)
    if report.failed or report.meetings_failed:
        raise click.ClickException(f"{report.failed} files and {report.meetings_failed} meetings could not be "
                                   f"fetched: see the lines above; run the same command again to retry them")


def _fetch_summary(report) -> str:
    """'12 meetings in 2 committees; 5 items matched; files: 4 new, ...; 1 restricted skipped; 40 requests ...'."""
    log = report.requests
    unread = f" ({report.meetings_failed} could not be read)" if report.meetings_failed else ""
    return (f"{report.meetings} meetings in {report.committees} committees{unread}; {report.items_matched} items "
            f"matched; files: {report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.failed} failed, {report.duplicates} duplicates; {report.restricted} restricted skipped; "
            f"{log.sent} requests ({log.conditional} conditional, {log.not_modified} not modified); "
            f"in {report.out_dir}")


@cli.command()
@db_option(must_exist=True, write=False)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON")
def info(db_path: Path, as_json: bool) -> None:
    """Show what the database holds: documents by kind and authority, records, errors."""
    from prevent_docs import store

    try:
        db = store.open_db(db_path, create=False, write=False)
    except PreventDocsError as e:
        raise click.ClickException(str(e)) from e
    summary = store.summary(db)
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    click.echo(f"{summary['documents']} documents")
    for title, key in (("by kind", "documents_by_kind"), ("by authority", "documents_by_authority")):
        click.echo(f"  {title}:")
        for name, count in summary[key].items():
            click.echo(f"    {count:5}  {name}")
    click.echo("records:")
    for name, count in summary["records"].items():
        click.echo(f"  {count:7}  {name}")
    click.echo(f"{len(summary['errors'])} ingest errors")
    for error in summary["errors"]:
        click.echo(printable(f"  {error['path']}: {error['error']}: {error['detail']}"))


@cli.command()
@db_option(must_exist=True, write=False)
@click.option("--gold", "gold_dir", default="corpus/gold", show_default=True, metavar="DIR",
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Directory of gold files, one <stem>.json per paper")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON")
@click.option("-v", "--verbose", is_flag=True, help="List missed records, false records and wrong fields")
@click.option("--min-f1", type=click.FloatRange(0, 1), default=None, metavar="X",
              help="Exit 1 if the micro-F1 of any rendering group is below X")
def evaluate(db_path: Path, gold_dir: Path, as_json: bool, verbose: bool, min_f1: float | None) -> None:
    """Score the database against gold files: precision, recall and F1 per record type.

    A document is scored against the gold file with its file name's stem
    (000_293d27028f82d5b8.pdf against 000_293d27028f82d5b8.json); renderings are
    grouped as txt, pdf and native (DOCX, PPTX).

    \b
    Example:
        prevent-docs ingest corpus --db prevent.db
        prevent-docs evaluate --db prevent.db --gold corpus/gold --min-f1 0.8
    """
    from prevent_docs import evaluate as evaluation

    try:
        report = evaluation.evaluate_database(db_path, gold_dir)
    except PreventDocsError as e:
        raise click.ClickException(str(e)) from e
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(evaluation.format_report(report, verbose=verbose))
    if min_f1 is not None:
        failures = report.failures(min_f1)
        if failures:
            raise click.ClickException(f"micro-F1 below {min_f1}: {', '.join(failures)}")


@cli.command()
@db_option(must_exist=True, write=False)
@click.option("--host", default="127.0.0.1", show_default=True, help="Host to listen on")
@click.option("-p", "--port", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port")
@click.option("--public", is_flag=True,
              help="Serve a public copy: no OFFICIAL-SENSITIVE papers, no emails or phones, no SQL")
@click.option("--get", "get_path", metavar="PATH", help="Run one GET request, print the body, exit 1 unless 200")
@click.option("-o", "--open", "open_browser", is_flag=True, help="Open the site in a web browser")
def serve(db_path: Path, host: str, port: int, public: bool, get_path: str | None, open_browser: bool) -> None:
    """Browse the database with Datasette: facets, search, canned queries, a benchmark heatmap.

    The database is opened read-only as /prevent; every record links to its paper and page.

    \b
    Example:
        prevent-docs serve --db prevent.db --open
        prevent-docs serve --db prevent.db --get /prevent/recommendations.json
    """
    from prevent_docs import serving  # Datasette is loaded only by this command

    try:
        datasette = serving.make_datasette(db_path, public=public)
    except PreventDocsError as e:
        raise click.ClickException(str(e)) from e
    if public:
        click.echo(serving.public_note(datasette), err=True)
    if get_path:
        status, body = serving.get(datasette, get_path)
        click.echo(body)
        if status != 200:
            raise click.ClickException(f"GET {get_path} answered {status}, not 200")
        return
    if open_browser:
        click.launch(f"http://{host}:{port}/")
    serving.run(datasette, host=host, port=port)


# --- Tracking: status, links, open items ---------------------------------------------------

def _tracking_db(db_path: Path):
    """Open an existing database for the tracking commands, as one `Error:` line if it is not one."""
    from prevent_docs import store

    try:
        return store.open_db(db_path, create=False)
    except PreventDocsError as e:
        raise click.ClickException(str(e)) from e


@cli.command()
@db_option(must_exist=True)
def track(db_path: Path) -> None:
    """Recompute lineage links, threads, statuses and due dates (ingest does this too).

    \b
    Example:
        prevent-docs track --db prevent.db
    """
    from prevent_docs import tracking

    report = tracking.track(_tracking_db(db_path))
    links = ", ".join(f"{count} {state}" for state, count in sorted(report.links.items())) or "none"
    statuses = ", ".join(f"{count} {status}" for status, count in sorted(report.statuses.items())) or "none"
    click.echo(f"{report.records} records in {report.threads} threads; links: {links}; "
               f"status: {statuses}; {report.conflicts} in conflict; {report.overdue} overdue")


@cli.group()
def status() -> None:
    """Set or show the status of a recommendation or action (and its thread)."""


@status.command("set")
@click.argument("record_id")
@click.argument("new_status", metavar="STATUS",
                type=click.Choice(["open", "in_progress", "implemented", "superseded", "closed_not_implemented"]))
@click.option("--note", help="Why: kept with the decision")
@click.option("--evidence", metavar="DOC:PAGE", help="The paper (id, id prefix or file name) and page that show it")
@db_option(must_exist=True)
def status_set(record_id: str, new_status: str, note: str | None, evidence: str | None, db_path: Path) -> None:
    """Record your decision about a record's status; it outranks computed evidence and survives re-ingest.

    \b
    Example:
        prevent-docs status set 3f2a9c1d implemented --note "Policy adopted" --evidence minutes.pdf:4 --db prevent.db
    """
    from prevent_docs import tracking

    document, page = None, None
    if evidence:
        document, _, page_text = evidence.rpartition(":")
        if not document or not page_text.isdigit():
            raise click.BadParameter("use DOC:PAGE, e.g. minutes.pdf:4", param_hint="--evidence")
        page = int(page_text)
    try:
        row = tracking.set_status(_tracking_db(db_path), record_id, new_status, note=note,
                                  evidence_document=document, evidence_page=page)
    except PreventDocsError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"{row['record_id']}: {row['status']} (user, {row['at']})")


@status.command("show")
@click.argument("record_id")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON")
@db_option(must_exist=True)
def status_show(record_id: str, as_json: bool, db_path: Path) -> None:
    """Show a record's thread: its records, links and status history with evidence."""
    from prevent_docs import tracking

    try:
        thread = tracking.thread_history(_tracking_db(db_path), record_id)
    except PreventDocsError as e:
        raise click.ClickException(str(e)) from e
    if as_json:
        click.echo(json.dumps(thread, indent=2))
        return
    current = thread["current"]
    if thread["replaced"]:
        replaced = thread["replaced"]
        click.echo(f"{replaced['old_id']}: its paper changed on {replaced['at'][:10]}; it is now {replaced['new_id']}, "
                   f"with its {replaced['decisions']} decisions")
    click.echo(f"thread {thread['thread_id']}: {current.get('status')} ({current.get('status_by')}, "
               f"{current.get('status_rule')})" + ("  CONFLICT: " + current["conflict_detail"]
                                                    if current.get("conflict") else ""))
    if current.get("due_date") or current.get("recurrence"):
        click.echo(f"due: {current.get('due_date') or '-'}  recurrence: {current.get('recurrence') or '-'}  "
                   f"timescale: {current.get('timescale')!r}")
    click.echo("records:")
    for record in thread["records"]:
        click.echo(f"  {record['id']}  {record['type']:<14} {record['date'] or '?':<10}  "
                   f"{(record['number'] or '-'):<4} {_short(record['text'], 70)}")
    click.echo("links:")
    for link in thread["links"]:
        confidence = "" if link["confidence"] is None else f"{link['confidence']:.2f}"
        click.echo(f"  {link['from_id']} -> {link['to_id']}  {link['state']:<9} {confidence:>5}  {link['method']}")
    click.echo("history:")
    for row in thread["history"]:
        where = f"{row['file_name'] or row['evidence_document_id'] or '-'} p.{row['evidence_page'] or '-'}"
        click.echo(f"  {(row['at'] or '?')[:19]:<19} {row['status']:<22} {row['asserted_by']:<9} "
                   f"{row['rule'] or '':<16} {where}  {_short(row['quote'] or row['note'] or '', 60)}")


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _link_command(confirm: bool):
    def command(first: str, second: str, note: str | None, db_path: Path) -> None:
        from prevent_docs import tracking

        try:
            row = tracking.set_link(_tracking_db(db_path), first, second, confirm=confirm, note=note)
        except PreventDocsError as e:
            raise click.ClickException(str(e)) from e
        click.echo(f"{row['from_id']} -> {row['to_id']}: {row['state']}")

    command = click.option("--note", help="Why: kept with the decision")(command)
    command = db_option(must_exist=True)(command)
    command = click.argument("second", metavar="ID2")(command)
    return click.argument("first", metavar="ID1")(command)


cli.command("link", help="Confirm that two records are the same item across papers (joins their threads).\n\n"
            "\b\nExample:\n    prevent-docs link 3f2a9c1d 81be07aa --db prevent.db")(_link_command(True))
cli.command("unlink", help="Reject a link between two records; it is never proposed again.\n\n"
            "\b\nExample:\n    prevent-docs unlink 3f2a9c1d 81be07aa --db prevent.db")(_link_command(False))

OPEN_COLUMNS = ("record_id", "authority_name", "area", "status", "overdue", "due_date", "age_days", "owner",
                "text", "evidence_quote")


@cli.command("open")
@click.option("--authority", metavar="X", help="GSS code or part of the council's name")
@click.option("--area", metavar="A", help="Benchmark area, e.g. training")
@click.option("--owner", metavar="O", help="Part of an owner's name or role")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@db_option(must_exist=True)
def open_(authority: str | None, area: str | None, owner: str | None, fmt: str, db_path: Path) -> None:
    """List open and in-progress items (one per thread), with owner, age, due date and latest evidence.

    Items whose evidence conflicts are listed too, marked CONFLICT.

    \b
    Example:
        prevent-docs open --authority Harborough --format csv --db prevent.db
    """
    import csv

    from prevent_docs import tracking

    items = tracking.open_items(_tracking_db(db_path), authority=authority, area=area, owner=owner)
    if fmt == "json":
        click.echo(json.dumps(items, indent=2))
        return
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(items[0]) if items else list(OPEN_COLUMNS))
        writer.writeheader()
        writer.writerows(items)
        return
    click.echo(f"{'id':<16}  {'authority':<28} {'area':<17} {'status':<12} {'due':<10} {'age':>5}  "
               f"{'owner':<24} item / latest evidence")
    for item in items:
        status = ("CONFLICT" if item["conflict"] else item["status"]) + ("!" if item["overdue"] else "")
        click.echo(f"{item['record_id']:<16}  {_short(item['authority_name'] or item['authority_code'] or '-', 28):<28} "
                   f"{item['area'] or '-':<17} {status:<12} {item['due_date'] or item['recurrence'] or '-':<10} "
                   f"{item['age_days'] if item['age_days'] is not None else '-':>5}  "
                   f"{_short(item['owner'] or '-', 24):<24} {_short(item['title'] or item['text'], 60)}")
        click.echo(f"{'':<18}  evidence: {_short(item['evidence_quote'] or '', 110)}")
        if item["conflict"]:
            click.echo(f"{'':<18}  conflict: {item['conflict_detail']}")
    overdue = sum(item["overdue"] for item in items)
    click.echo(f"{len(items)} open items, {overdue} overdue (!)", err=True)
