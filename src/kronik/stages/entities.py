"""Gazetteer matching and role resolution → Mentions with canonical ids.

WORK IN PROGRESS (issue 4): the recogniser is not written yet; it finds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kronik.model import Document


class EntityRecognizer:
    def __init__(self, gazetteers: Sequence[Path] = ()) -> None:
        self.gazetteers = tuple(gazetteers)

    def __call__(self, doc: Document) -> Document:
        return doc
