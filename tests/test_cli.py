"""The command line: help on every command, a version, and errors as one line (bad --db values too)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from prevent_docs import __version__
from prevent_docs.cli import cli


def commands() -> list[str]:
    return sorted(cli.commands)


def test_cli_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"prevent-docs, version {__version__}\n"


@pytest.mark.parametrize("option", ["-h", "--help"])
def test_cli_help_on_group(option):
    result = CliRunner().invoke(cli, [option])
    assert result.exit_code == 0
    for name in commands():
        assert name in result.output


@pytest.mark.parametrize("command", commands())
def test_cli_help_on_every_command(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: cli {command}")
    assert len(cli.commands[command].help or "") > 20, "every command explains itself"


def test_cli_runs_as_a_module():
    result = subprocess.run([sys.executable, "-m", "prevent_docs", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and __version__ in result.stdout


def test_cli_bad_usage_exits_2():
    result = CliRunner().invoke(cli, ["ingest"])
    assert result.exit_code == 2


# --- Bad --db values: one `Error:` line, exit code 1, nothing written ---------------------------

REPO = Path(__file__).resolve().parents[1]
#: Every command that takes --db, with the arguments it needs besides it.
DB_COMMANDS = {
    "ingest": ["ingest", str(REPO / "corpus" / "000_293d27028f82d5b8.txt")],
    # Refused before it looks for shards in the folder.
    "load": ["load", str(REPO / "corpus")],
    "info": ["info"], "track": ["track"], "open": ["open"],
    "status set": ["status", "set", "abc", "open"], "status show": ["status", "show", "abc"],
    "link": ["link", "abc", "def"], "unlink": ["unlink", "abc", "def"],
    "evaluate": ["evaluate", "--gold", str(REPO / "corpus" / "gold")], "serve": ["serve", "--get", "/"],
    # Refused before it asks anything of the (unused) address or writes the folder.
    "fetch": ["fetch", "http://127.0.0.1:9", "--out", str(Path(tempfile.gettempdir()) / "prevent-docs-never-fetched")],
}
#: Commands that write to the database, and so refuse a read-only one.
WRITING = {"ingest", "load", "fetch", "track", "open", "status set", "status show", "link", "unlink"}


def test_cli_every_command_with_db_is_listed():
    with_db = {name for name, command in cli.commands.items()
               if any(param.name == "db_path" for param in command.params)}
    with_db |= {f"status {name}" for name in cli.commands["status"].commands}
    assert with_db - {"status"} == set(DB_COMMANDS)


def run_command(name: str, db_path: Path):
    return CliRunner().invoke(cli, [*DB_COMMANDS[name], "--db", str(db_path)])


def assert_one_error_line(result, expected: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr == f"Error: {expected}\n"


def bad_databases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """--db values that cannot be used, and the message each gives."""
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("minutes of the meeting, not a database\n")
    a_folder = tmp_path / "folder.db"
    a_folder.mkdir()
    return {
        "not SQLite": (not_sqlite, f"{not_sqlite} is not a SQLite database (file is not a database)"),
        "a folder": (a_folder, f"{a_folder} is a folder, not a database file"),
        "a missing folder": (tmp_path / "nowhere" / "prevent.db", None),
    }


@pytest.mark.parametrize("command", sorted(DB_COMMANDS))
def test_cli_bad_db_is_one_error_line_for_every_command(command, tmp_path):
    for case, (db_path, message) in bad_databases(tmp_path).items():
        if case == "a missing folder":
            message = (f"{db_path}: the folder {db_path.parent} does not exist" if command in ("ingest", "load", "fetch") else
                       f"{db_path}: no such database: run `prevent-docs ingest PATH --db {db_path}` first")
        assert_one_error_line(run_command(command, db_path), message)
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("command", sorted(DB_COMMANDS))
def test_cli_another_programs_sqlite_file_is_left_exactly_as_it_was(command, tmp_path):
    db_path = tmp_path / "other.db"
    with sqlite3.connect(db_path) as conn:
        conn.execute("create table contacts (name text, phone text)")
        conn.execute("insert into contacts values ('A. Person', '0116 305 7000')")
    conn.close()
    before = db_path.read_bytes()
    assert_one_error_line(run_command(command, db_path),
                          f"{db_path} is not a prevent-docs database (it has no documents table); it was left as it was")
    assert db_path.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["other.db"]  # no -wal, no -shm, no journal
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("pragma journal_mode").fetchone() == ("delete",)
    conn.close()


@contextlib.contextmanager
def read_only(path: Path):
    """Make a file or folder read-only, for root too (an immutable file), then writable again."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("running as root where `chattr +i` is unavailable: nothing here is read-only for root")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture(scope="module")
def prevent_db(tmp_path_factory) -> Path:
    db_path = tmp_path_factory.mktemp("prevent") / "prevent.db"
    result = CliRunner().invoke(cli, [*DB_COMMANDS["ingest"], "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    return db_path


@pytest.mark.parametrize("command", sorted(DB_COMMANDS))
def test_cli_read_only_database_file_is_one_error_line_or_read(command, prevent_db, tmp_path):
    db_path = tmp_path / "prevent.db"
    shutil.copy(prevent_db, db_path)
    with read_only(db_path):
        result = run_command(command, db_path)
    if command in WRITING:
        assert_one_error_line(result, f"{db_path}: the database file is read-only")
    else:
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code == 0, result.output  # read, as a read-only file can be


def test_cli_ingest_into_a_read_only_folder_is_one_error_line(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    with read_only(folder):
        result = run_command("ingest", folder / "prevent.db")
    assert_one_error_line(result, f"{folder / 'prevent.db'}: the folder {folder} is read-only")
    assert list(folder.iterdir()) == []
