"""kronik: a sourced record of who did what to whom, when, from documents about international relations.

Public API: `build()` a knowledge base from files, `open_kb()` to read one, the `Pipeline`
and the model types passed between stages.
"""

from __future__ import annotations

from pathlib import Path

from kronik.model import Document, Event, Mention, Sentence, Source, Timex
from kronik.pipeline import BuildReport, Pipeline, build, default_stages
from kronik.store import KnowledgeBase

__all__ = [
    "BuildReport", "Document", "Event", "KnowledgeBase", "Mention", "Pipeline", "Sentence", "Source",
    "Timex", "build", "default_stages", "open_kb",
]


def open_kb(path: str | Path = "kronik.db", *, readonly: bool = True) -> KnowledgeBase:
    """Open an existing knowledge base (read-only by default)."""
    return KnowledgeBase(path, readonly=readonly)
