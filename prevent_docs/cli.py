"""The `prevent-docs` command line: thin Click commands over the library.

Each command parses its options, calls one library function and formats the result.
Data goes to stdout, progress and errors to stderr. Exit codes: 0 done; 1 an expected
failure (a bad file in a batch, a missing database) as one `Error: ...` line; 2 bad usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from prevent_docs import __version__, pipeline, store
from prevent_docs.errors import PreventDocsError


def db_option(*, must_exist: bool = False):
    """The shared `--db FILE` option."""
    return click.option(
        "--db", "db_path", required=True, metavar="FILE",
        type=click.Path(dir_okay=False, path_type=Path, exists=must_exist),
        help="SQLite database file" + (" (must exist)" if must_exist else " (created if missing)"),
    )


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
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes reading documents in parallel")
@click.option("--force", is_flag=True, help="Re-extract documents even if unchanged")
@click.option("--max-pages", default=pipeline.DEFAULT_MAX_PAGES, show_default=True, type=click.IntRange(1),
              help="Refuse documents with more pages than this")
@click.option("--timeout", default=pipeline.DEFAULT_TIMEOUT, show_default=True, type=click.FloatRange(0),
              help="Seconds allowed to read and extract one document (0: no limit)")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON")
def ingest(paths: tuple[Path, ...], db_path: Path, jobs: int, force: bool, max_pages: int,
           timeout: float, as_json: bool) -> None:
    """Read PDF, DOCX, PPTX and text files (or folders of them) into the database.

    Unchanged files are skipped, moved files recognised, changed files replace their old
    records. A file that cannot be read is reported on stderr, recorded in `ingest_errors`,
    and the batch goes on; the exit code is 1 if any file failed.

    \b
    Example:
        prevent-docs ingest board-papers/ --db prevent.db --jobs 2
    """
    bar = None

    def on_start(total: int) -> None:
        nonlocal bar
        bar = click.progressbar(length=total, label="Ingesting", file=sys.stderr, show_pos=True,
                                item_show_func=lambda item: item and Path(item).name[:40])
        bar.__enter__()

    def on_result(result: pipeline.FileResult) -> None:
        if result.outcome == "failed":
            click.echo(f"\nerror: {result.path}: {result.error}: {result.message}", err=True)
        if bar is not None:
            bar.update(1, result.path)

    try:
        report = pipeline.ingest(list(paths), db_path, jobs=jobs, force=force, max_pages=max_pages,
                                 timeout=timeout or None, on_start=on_start, on_result=on_result)
    except PreventDocsError as e:
        raise click.ClickException(str(e)) from e
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if as_json:
        click.echo(json.dumps({k: v for k, v in report.__dict__.items() if k != "errors"}
                              | {"errors": [e.__dict__ for e in report.errors]}, indent=2))
    else:
        records = ", ".join(f"{count} {name}" for name, count in sorted(report.records.items())) or "none"
        click.echo(
            f"{report.seen} files: {report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.moved} moved, {report.failed} failed; {report.pages} pages; records: {records}; "
            f"{report.seconds:.1f}s"
        )
    if report.failed:
        raise click.ClickException(f"{report.failed} of {report.seen} files could not be read: "
                                   f"see the lines above or the ingest_errors table")


@cli.command()
@db_option(must_exist=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON")
def info(db_path: Path, as_json: bool) -> None:
    """Show what the database holds: documents by kind and authority, records, errors."""
    try:
        db = store.open_db(db_path, create=False)
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
        click.echo(f"  {error['path']}: {error['error']}: {error['detail']}")


@cli.command()
@db_option(must_exist=True)
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
