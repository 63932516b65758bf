"""PDF reader: the text layer of each page with pypdf, and the document-info metadata.

Takes: the PDF bytes. Gives: the text with its paragraphs rebuilt (a PDF only has lines:
a line clearly shorter than the page's usual line that ends a sentence, or a heading,
ends a paragraph; other lines are joined with a space, and the double spaces of justified
text are single), paragraphs and pages separated by blank lines; title, author and
creation date from the info dictionary. A PDF without a text layer (a scan) is an error:
kronik does no OCR.
"""

from __future__ import annotations

import io
import logging
import re
from itertools import pairwise

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
    text = "\n\n".join(paragraphs(p) for p in pages if p.strip())
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


END = re.compile(r"[.!?:;\"”’)]$")
SPACES = re.compile(r"[ \t\u00a0]{2,}")
LIST_START = re.compile(r"(?:\d{1,3}[.)]|[-•▪◦–*])\s")


def paragraphs(page: str) -> str:
    """Rebuild the paragraphs of one page from its lines."""
    lines = [SPACES.sub(" ", line).strip() for line in page.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    widths = sorted(len(line) for line in lines)
    usual = widths[int(0.8 * (len(widths) - 1))]
    out: list[str] = []
    current = lines[0]
    for prev, line in pairwise(lines):
        short = len(prev) < 0.85 * usual
        ends = (short and END.search(prev)) or LIST_START.match(line) or (
            short and not END.search(prev) and line[:1].isupper() and len(prev) < 0.6 * usual)
        if ends:
            out.append(current)
            current = line
        elif current.endswith("-") and line[:1].islower() and not _reduplication(current, line):
            current = current[:-1] + line  # a word hyphenated at the end of the line
        else:
            current += " " + line
    out.append(current)
    return "\n\n".join(out)


def _reduplication(current: str, line: str) -> bool:
    """'negara-' + 'negara …' is a reduplicated word, not a hyphenated one."""
    left = current[:-1].rsplit(" ", 1)[-1].lower()
    return line.split(" ", 1)[0].lower().rstrip(".,;:") == left
