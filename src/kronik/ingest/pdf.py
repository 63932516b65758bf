"""PDF reader: the text layer of each page with pypdf, and the document-info metadata.

Takes: the PDF bytes. Gives: the text, pages separated by blank lines; title, author and
creation date from the info dictionary. A PDF without a text layer (a scan) is an error:
kronik does no OCR.
"""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from kronik.errors import IngestError
from kronik.model import Source

logging.getLogger("pypdf").setLevel(logging.ERROR)
PDF_DATE = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?")


def read(data: bytes, source: Source) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError("encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except IngestError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(f"corrupt PDF: {exc}") from None
    if info:
        source.title = _clean(info.get("/Title"))
        source.author = _clean(info.get("/Author"))
        source.published = pdf_date(info.get("/CreationDate"))
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text.strip():
        raise IngestError("PDF has no text layer (scanned or image-only; kronik does no OCR)")
    return text


def _clean(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def pdf_date(value: object) -> str | None:
    """'D:20240618093000+07'00'' → '2024-06-18' (at the precision given)."""
    m = PDF_DATE.match(str(value)) if value else None
    if not m:
        return None
    return "-".join(part for part in m.groups() if part)
