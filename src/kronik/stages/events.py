"""Trigger rules + arguments + modality → PLOVER events.

WORK IN PROGRESS (issue 5): the coder is not written yet; it codes nothing.
"""

from __future__ import annotations

from kronik.model import Document


def code(doc: Document) -> Document:
    return doc
