"""What a reading process does before its first paper: the authorities index from its cache
without compiling its expressions."""

from __future__ import annotations

import re

import pytest

from extractors.authorities import find_mentions


@pytest.fixture
def fresh_index(tmp_path, monkeypatch):
    """The authorities index built again, with its cache in a folder of the test's own."""
    from extractors import authorities

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    authorities._index.cache_clear()
    yield authorities
    authorities._index.cache_clear()


def test_a_cached_authorities_index_compiles_no_expression(fresh_index, monkeypatch):
    """The cache holds each pattern's compiled program: loading it compiles nothing (compiling
    the official names' expression was about 0.3 s of every reading process's start), and the
    patterns it gives are those `re.compile` makes, equal to them, finding the same."""
    text = "Leicestershire County Council (LCC) and Harborough DC; contact a.b@leics.gov.uk. Kent and HDC."
    built = fresh_index._index()
    found = find_mentions(text)
    fresh_index._index.cache_clear()

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled an expression while loading the cached index")

    with monkeypatch.context() as patched:
        patched.setattr(re, "compile", no_compiling)
        patched.setattr(re._compiler, "compile", no_compiling)
        loaded = fresh_index._index()
    assert loaded is not built
    for name, flags in (("official_re", re.IGNORECASE), ("name_re", re.IGNORECASE), ("abbreviation_re", 0)):
        assert getattr(loaded, name) == re.compile(getattr(built, name).pattern, flags)
    assert find_mentions(text) == found and len(found) >= 4


def test_a_program_the_engine_refuses_is_compiled_from_its_text(fresh_index):
    program = fresh_index._program(r"(?<![\w-])(?P<name>kent|hull)(?![\w-])", re.IGNORECASE)
    damaged = (*program[:2], [0, 1, 2], *program[3:])
    assert fresh_index._from_program(damaged) == fresh_index._from_program(program) == \
        re.compile(program[0], re.IGNORECASE)
    assert fresh_index._from_program(program).match("KENT")["name"] == "KENT"
