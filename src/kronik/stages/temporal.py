"""Temporal expressions → TIMEX3 values, the document date, and the narrative date per sentence.

WORK IN PROGRESS (issue 3): this first version only fills `narrative` with the document's
metadata date so the later stages can run.
"""

from __future__ import annotations

from kronik.model import Document


def tag(doc: Document) -> Document:
    if doc.section == 0 and doc.source.published:
        doc.doc_date, doc.doc_date_source = doc.source.published, "metadata"
    doc.narrative = [doc.doc_date] * len(doc.sentences)
    return doc
