"""Builds the exploring tests' knowledge base (tests/data/explore_kb.yaml) through the real write path.

Takes: a file path. Gives: a knowledge base built as `kronik build` would build one: each
document segmented by the real segmenter, given the mentions, dates and events the YAML
lists (found in the text by their surface, so offsets are exact), written with
`KnowledgeBase.add_document`, then merged with `merge_events(stages.merge.cluster)` and its
aliases counted (`count_aliases`).
Until the temporal, entity and event stages land, this stands in for their output.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from kronik.model import Document, Event, Mention, Source, Timex
from kronik.ontology import ontology
from kronik.stages.merge import cluster
from kronik.stages.segment import segment
from kronik.store import KnowledgeBase

DATA = Path(__file__).parent / "data" / "explore_kb.yaml"


@cache
def spec() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text)]


def _mentions(text: str, entities: dict) -> list[Mention]:
    surfaces = [(s, eid, "gazetteer") for eid, e in entities.items() for s in e["aliases"]]
    surfaces += [(s, eid, "role") for eid, e in entities.items() for s in e.get("roles", [])]
    surfaces.sort(key=lambda t: -len(t[0]))
    taken: list[tuple[int, int]] = []
    out = []
    for surface, eid, how in surfaces:
        e = entities[eid]
        for a, b in _occurrences(text, surface):
            if any(a < y and x < b for x, y in taken):
                continue
            taken.append((a, b))
            out.append(Mention(a, b, surface, e["type"], eid, e["name"], e["country"],
                               qid=eid if eid.startswith("Q") else None, how=how))
    return sorted(out, key=lambda m: m.start)


def document(d: dict, entities: dict) -> Document:
    text = d["text"]
    raw = text.encode("utf-8")
    source = Source(path=f"/corpus/{d['name']}", name=d["name"], format="txt",
                    content_hash=hashlib.sha256(raw).hexdigest(), size=len(raw), mtime_ns=0)
    doc = Document(source=source, text=text, lang=d["lang"], doc_date=d["doc_date"], doc_date_source="metadata")
    segment(doc)
    doc.mentions = _mentions(text, entities)
    timexes = []
    for t in d.get("timexes", []):
        taken = [(x.start, x.end) for x in timexes]
        for a, b in _occurrences(text, t["text"]):
            if not any(a < y and x < b for x, y in taken):
                timexes.append(Timex(a, b, t["text"], t.get("type", "DATE"), t["value"], t.get("mod"), rule="test"))
    doc.timexes = sorted(timexes, key=lambda x: x.start)
    onto = ontology()
    for e in d.get("events", []):
        hits = [i for i in range(len(doc.sentences)) if e["evidence"] in doc.sentence_text(i)]
        assert len(hits) == 1, f"{d['name']}: evidence {e['evidence']!r} is in {len(hits)} sentences"
        s = doc.sentences[hits[0]]
        etype = onto[e["type"]]
        doc.events.append(Event(
            type=e["type"], mode=e.get("mode"), source=e.get("source"), target=e.get("target"), date=e.get("date"),
            status=e["status"], sentence=hits[0], start=s.start, end=s.end, rule=e["rule"],
            actors=list(e.get("actors", [])), symmetric=bool(e.get("symmetric", False)), cameo=etype.cameo[0],
            intensity=etype.intensity_of(e.get("mode"))))
    return doc


def kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The knowledge base, built once per test session."""
    path = tmp_path_factory.getbasetemp() / "explore_kb" / "kronik.db"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        build(path)
    return path


def build(path: Path) -> Path:
    """Write the knowledge base to `path` (which must not exist yet) and return it."""
    data = spec()
    with KnowledgeBase(path) as kb:
        for d in data["documents"]:
            doc = document(d, data["entities"])
            kb.add_document(doc.source, [doc])
        kb.merge_events(cluster)
        kb.count_aliases()
    return path
