"""Errors kronik raises on purpose, each with a short code and a one-line message.

Takes: nothing. Gives: `KronikError` and its subclasses. A command turns any of these
into one readable line (``file: reason``) instead of a traceback.
"""

from __future__ import annotations


class KronikError(Exception):
    """Base class: `code` is stable and greppable, `str(err)` is one readable line."""

    code = "kronik"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class IngestError(KronikError):
    """A file could not be read into a document (empty, binary, undecodable, corrupt …)."""

    code = "ingest"


class DataError(KronikError):
    """A shipped or user-supplied data file (YAML) is malformed."""

    code = "data"


class StoreError(KronikError):
    """The knowledge base file cannot be opened or is of an unknown schema version."""

    code = "store"


class PipelineError(KronikError):
    """Stages were put together in an order where one lacks what it needs."""

    code = "pipeline"
