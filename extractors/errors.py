"""Named exceptions for files that cannot be read. Each message is one line."""


class UnreadableDocument(Exception):
    """The file is of a known format but cannot be read: corrupt, truncated, encrypted, empty."""

    error = "unreadable"


class UnsupportedFormat(UnreadableDocument):
    """The file's bytes are not a format prevent-docs reads (PDF, DOCX, PPTX, text)."""

    error = "unsupported_format"


class EncryptedDocument(UnreadableDocument):
    """The file is password-protected."""

    error = "encrypted"


class EmptyDocument(UnreadableDocument):
    """The file has no bytes, or no text at all."""

    error = "empty"


class NeedsOCR(UnreadableDocument):
    """A PDF whose pages have no text layer (a scan): it needs OCR before it can be read."""

    error = "needs_ocr"


class TooLarge(UnreadableDocument):
    """The document exceeds a guard (pages, size or time)."""

    error = "too_large"
