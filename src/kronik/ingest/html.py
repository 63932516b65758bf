"""HTML reader: the article's main text via trafilatura, without navigation or scripts.

Takes: the page bytes (trafilatura honours the declared charset). Gives: the main text,
paragraphs separated by blank lines, and title / author / publication date from the page's
metadata (meta tags, JSON-LD, Open Graph).
"""

from __future__ import annotations

import logging

import trafilatura

from kronik.errors import IngestError
from kronik.model import Source

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def read(data: bytes, source: Source) -> str:
    try:
        doc = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
        )
    except Exception as exc:  # trafilatura raises a variety of lxml errors on broken markup
        raise IngestError(f"cannot parse HTML: {exc}") from None
    if doc is None or not (doc.text or "").strip():
        raise IngestError("no main text found in the HTML page")
    source.title = doc.title or None
    source.author = doc.author or None
    source.published = doc.date or None
    lines = [line.strip() for line in doc.text.split("\n")]
    return "\n\n".join(line for line in lines if line)
