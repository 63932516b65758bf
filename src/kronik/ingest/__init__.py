"""Ingestion: a file on disk → its `Source` (hash, metadata) and its text, section by section.

Takes: a path and the name it is known by. Gives: an `Ingested` whose `source` is filled at
once (content hash, size, format) so the caller can skip known content before any parsing,
and whose `sections()` yields the document text: one section for ordinary files, several
blocks cut at paragraph breaks for very large text files, so memory stays bounded.

Readers live one per format (`text`, `html`, `pdf`, `docx`); each raises `IngestError`
with a one-line reason for input it cannot read.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kronik.errors import IngestError
from kronik.ingest import docx, html, pdf, text
from kronik.model import Source

FORMATS: dict[str, str] = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx",
}
LARGE = 8 << 20  # text files above this many bytes are hashed and decoded as a stream
BLOCK = 1 << 20


def format_of(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


@dataclass(slots=True)
class Ingested:
    source: Source
    data: bytes | None  # the whole file, except for large streamed text files

    def sections(self) -> Iterator[str]:
        """The document text; metadata (title, author, date) is set on `source` on the way."""
        src = self.source
        if self.data is None:
            yield from text.stream_sections(Path(src.path), src)
            return
        match src.format:
            case "txt":
                body = text.read_plain(self.data, src)
            case "md":
                body = text.read_markdown(self.data, src)
            case "html":
                body = html.read(self.data, src)
            case "pdf":
                body = pdf.read(self.data, src)
            case "docx":
                body = docx.read(self.data, src)
            case _:  # pragma: no cover - format_of() guards this
                raise IngestError(f"unsupported format {src.format}")
        if not body.strip():
            raise IngestError("no text in the document")
        yield body


def open_file(path: Path, name: str | None = None) -> Ingested:
    """Stat, hash and classify one file. Raises IngestError (or OSError for vanished files)."""
    fmt = format_of(path)
    if fmt is None:
        raise IngestError(f"unsupported file type '{path.suffix or path.name}'", path=str(path))
    st = os.stat(path)
    if st.st_size == 0:
        raise IngestError("empty file", path=str(path))
    source = Source(
        path=str(path), name=name or path.name, format=fmt, content_hash="",
        size=st.st_size, mtime_ns=st.st_mtime_ns,
    )
    if st.st_size > LARGE and fmt in ("txt", "md"):
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            while block := fh.read(BLOCK):
                digest.update(block)
        source.content_hash = digest.hexdigest()
        return Ingested(source, None)
    with open(path, "rb") as fh:
        data = fh.read()
    if not data:
        raise IngestError("empty file", path=str(path))
    source.content_hash = hashlib.sha256(data).hexdigest()
    return Ingested(source, data)
