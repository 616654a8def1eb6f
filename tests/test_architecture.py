"""The house rules that keep the code simple: imports run one way, one owner per library."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: Which of our packages each package may import.
ALLOWED = {
    "schemas": {"schemas"},
    "extractors": {"schemas", "extractors"},
    "prevent_docs": {"schemas", "extractors", "prevent_docs"},
}
#: Third-party libraries and the only modules that may import them.
OWNERS = {
    "sqlite_utils": {"prevent_docs/store.py"},
    "datasette": {"prevent_docs/serving.py"},
    "pdfplumber": {"extractors/readers/pdf.py"},
    "pypdfium2": {"extractors/readers/pdf.py"},
    "docx": {"extractors/readers/docx.py"},
    "pptx": {"extractors/readers/pptx.py"},
    "pytesseract": {"extractors/readers/ocr.py"},
    "PIL": {"extractors/readers/ocr.py", "extractors/readers/image.py"},
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def sources(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_architecture_imports_point_one_way(package):
    ours = set(ALLOWED)
    for path in sources(package):
        wrong = (imports_of(path) & ours) - ALLOWED[package]
        assert not wrong, f"{path.relative_to(REPO)} imports {wrong}"


def test_architecture_each_library_has_one_owner():
    for package in ALLOWED:
        for path in sources(package):
            relative = path.relative_to(REPO).as_posix()
            for library, owners in OWNERS.items():
                if library in imports_of(path):
                    assert relative in owners, f"{relative} imports {library}; only {owners} may"


def test_architecture_extractors_never_print_or_touch_the_database():
    for path in sources("extractors"):
        names = imports_of(path)
        assert not names & {"sqlite3", "sqlite_utils", "click", "requests", "urllib", "http"}, path
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "print"]
        assert not calls, f"{path} prints"


#: Libraries that take seconds to import; a command loads them only when it uses them.
HEAVY = ("spacy", "pdfplumber", "pypdfium2", "datasette")


def loaded_by(statement: str) -> set[str]:
    """The HEAVY libraries in `sys.modules` after running `statement` in a fresh interpreter."""
    import subprocess
    import sys

    script = f"import sys\n{statement}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_architecture_the_command_line_starts_without_heavy_libraries():
    """`--version`, `--help` and every command start from `prevent_docs.cli` alone: spaCy, the PDF
    libraries and Datasette are imported by the commands that use them, when they run."""
    assert loaded_by("import prevent_docs.cli") == set()


def test_architecture_the_pipeline_and_extractors_package_do_not_load_spacy_or_datasette():
    """An ingest whose files are all unchanged reads nothing, so its process never loads spaCy;
    extracting (in the workers) does."""
    assert loaded_by("import extractors, prevent_docs.pipeline").isdisjoint({"spacy", "datasette"})
    assert "spacy" in loaded_by("import extractors\nextractors.EXTRACTORS")
