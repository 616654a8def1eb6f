"""What an ingest does before its first paper: the authorities index loaded from its cache
without compiling its expressions, and no document library imported before a file is read."""

from __future__ import annotations

import re
import subprocess
import sys

from extractors.authorities import find_mentions
from tests.conftest import CORPUS, REPO


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


def test_the_ingest_process_loads_no_document_library_until_a_file_is_read():
    """The process that finds, hashes and writes files (an ingest's parent, the whole of an
    unchanged re-ingest) imports no PDF, Word or PowerPoint library: each reader's module is
    imported when a file of its format is first read (about a third of a second of each
    command's start before). Reading a file imports its reader."""
    libraries = ("pdfplumber", "pypdfium2", "docx", "pptx")
    statement = f"import sys\n{{}}\nprint(' '.join(m for m in {libraries!r} if m in sys.modules))"

    def loaded_by(code: str) -> set[str]:
        script = statement.format(code)
        result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
        return set(result.stdout.split())

    assert loaded_by("import prevent_docs.pipeline") == set()
    docx_file = CORPUS / "001_833b9ff6c1116053.docx"
    assert "docx" in loaded_by(f"from pathlib import Path\nfrom extractors.readers import read_document\n"
                               f"read_document(Path({str(docx_file)!r}))")
