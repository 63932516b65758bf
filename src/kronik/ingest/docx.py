"""DOCX reader: paragraphs and table cells with python-docx, and the core properties.

Takes: the .docx bytes. Gives: the text, paragraphs separated by blank lines, with title,
author and creation date from the document's core properties.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table

from kronik.errors import IngestError
from kronik.model import Source


def read(data: bytes, source: Source) -> str:
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise IngestError(f"corrupt or not a .docx file ({type(exc).__name__})") from None
    except Exception as exc:  # lxml raises XMLSyntaxError for damaged parts
        raise IngestError(f"corrupt .docx: {exc}") from None
    props = document.core_properties
    source.title = props.title or None
    source.author = props.author or None
    source.published = props.created.date().isoformat() if props.created else None
    blocks: list[str] = []
    for item in document.iter_inner_content():  # body order: paragraphs and tables interleaved
        if isinstance(item, Table):
            blocks.extend(cell.text.strip() for row in item.rows for cell in row.cells)
        else:
            blocks.append(item.text.strip())
    return "\n\n".join(b for b in blocks if b)
