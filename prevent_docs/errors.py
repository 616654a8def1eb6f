"""Errors the prevent-docs library raises; the CLI turns each into one `Error: ...` line."""


class PreventDocsError(Exception):
    """Base class: an expected failure with a one-line message."""


class NotAPreventDatabase(PreventDocsError):
    """The database file does not exist, or was not made by prevent-docs."""


class NoDocuments(PreventDocsError):
    """No readable files were found under the given paths."""
