"""The README teaches: it opens with the two commands and documents every command."""

from __future__ import annotations

from pathlib import Path

import pytest

from prevent_docs.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_docs_readme_opens_with_demo_and_test():
    opening = README.split("\n## ", 1)[0]
    assert "make demo" in opening and "make test" in opening


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_docs_every_command_is_in_the_readme(command):
    assert f"prevent-docs {command}" in README


def test_docs_makefile_targets_named_in_readme_exist():
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test", "bench"):
        assert f"\n{target}:" in makefile
