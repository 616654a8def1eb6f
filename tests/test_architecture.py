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
