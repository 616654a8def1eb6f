"""The command line: help on every command, a version, and errors as one line."""

from __future__ import annotations

import subprocess
import sys

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
