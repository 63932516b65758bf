"""The event coder, table-driven: sentences in both languages → exactly the expected events.

Actors and dates are marked by the tables in tests/data/event_cases.yaml, not by the entity
and temporal stages, so a failure here is the coder's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kronik.model import Document, Mention, Source, Timex
from kronik.stages.events import code
from kronik.stages.segment import segment

DATA = yaml.safe_load((Path(__file__).parents[1] / "data" / "event_cases.yaml").read_text(encoding="utf-8"))
UNORDERED = {"CONSULT", "AGREE"}


def _marked(text: str) -> tuple[list[Mention], list[Timex]]:
    mentions: list[Mention] = []
    taken: set[int] = set()
    for surface in sorted(DATA["actors"], key=len, reverse=True):
        etype, code_ = DATA["actors"][surface]
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if taken & set(range(m.start(), m.end())):
                continue
            taken.update(range(m.start(), m.end()))
            is_org = etype == "ORG"
            mentions.append(Mention(m.start(), m.end(), m.group(0), etype, f"test:{surface}", surface,
                                    None if is_org else code_, code=code_ if is_org or etype == "GPE" else None))
    timexes = []
    for surface, value in sorted(DATA["dates"].items(), key=lambda kv: len(kv[0]), reverse=True):
        for m in re.finditer(re.escape(surface), text):
            if not any(t.start < m.end() and m.start() < t.end for t in timexes):
                timexes.append(Timex(m.start(), m.end(), m.group(0), "DATE", value))
    return sorted(mentions, key=lambda m: m.start), sorted(timexes, key=lambda t: t.start)


def coded(lang: str, text: str) -> list[tuple]:
    src = Source(path="t.txt", name="t.txt", format="txt", content_hash="x", size=len(text), mtime_ns=0)
    doc = segment(Document(source=src, text=text, lang=lang))
    doc.mentions, doc.timexes = _marked(text)
    code(doc)
    for e in doc.events:
        assert doc.text[e.start : e.end] in text and e.rule.startswith(f"{lang}.")
    return [(e.type, e.source, e.target, e.status, e.date) for e in doc.events]


def _key(event: tuple, with_date: bool) -> tuple:
    etype, src, tgt, status, *date = event
    if etype in UNORDERED:
        src, tgt = sorted((src or "", tgt or ""))
    return (etype, src or None, tgt or None, status, *(date[:1] if with_date else ()))


@pytest.mark.parametrize(("lang", "text", "expected"), DATA["cases"], ids=lambda v: str(v)[:50])
def test_sentence_codes_to(lang: str, text: str, expected: list[list]) -> None:
    got = coded(lang, text)
    assert sorted(_key(tuple(e), False) for e in got) == sorted(_key(tuple(e[:4]), False) for e in expected)
    unmatched = list(got)
    for e in sorted(expected, key=len, reverse=True):  # dated expectations first
        key = _key(tuple(e[:4]), False)
        match = next(g for g in unmatched if _key(g, False) == key and (len(e) < 5 or g[4] == e[4]))
        unmatched.remove(match)


def test_table_is_large_and_covers_both_languages_and_every_status() -> None:
    cases = DATA["cases"]
    assert len(cases) >= 120
    assert {c[0] for c in cases} == {"id", "en"}
    statuses = {e[3] for c in cases for e in c[2]}
    assert statuses == {"asserted", "planned", "alleged", "denied", "negated", "hypothetical"}
    assert sum(1 for c in cases if not c[2]) >= 15


def test_a_target_taken_from_the_documents_pair_says_so() -> None:
    text = ("China dan Filipina kembali bersitegang. Manila menuduh China menghalangi misi pasokan. "
            "Beijing menolak tuduhan itu. Filipina lalu melayangkan nota protes.")
    src = Source(path="t.txt", name="t.txt", format="txt", content_hash="x", size=len(text), mtime_ns=0)
    doc = segment(Document(source=src, text=text, lang="id"))
    doc.mentions, doc.timexes = _marked(text)
    code(doc)
    inferred = [e for e in doc.events if any(n["kind"] == "target-inferred" for n in e.notes)]
    assert [(e.type, e.source, e.target) for e in inferred] == [("ACCUSE", "PHL", "CHN")]
    assert doc.text[inferred[0].start : inferred[0].end] == "Filipina lalu melayangkan nota protes."


@pytest.mark.parametrize(("doc_date", "carried"), [("2023-01-05", None), ("2024-11-20", "2024")])
def test_a_date_ahead_of_the_document_is_a_plans_not_the_storys(doc_date: str, carried: str | None) -> None:
    text = "Indonesia berencana menggelar latihan militer tahun 2024. China menawarkan investasi kepada Indonesia."
    src = Source(path="t.txt", name="t.txt", format="txt", content_hash="x", size=len(text), mtime_ns=0)
    doc = segment(Document(source=src, text=text, lang="id", doc_date=doc_date))
    doc.mentions, _ = _marked(text)
    at = text.index("2024")
    doc.timexes = [Timex(at, at + 4, "2024", "DATE", "2024")]
    code(doc)
    offer = next(e for e in doc.events if e.type == "AGREE")
    assert (offer.source, offer.target, offer.date) == ("CHN", "IDN", carried)  # 2024 is ahead of a 2023 text


def test_a_title_and_the_name_after_it_are_one_actor_with_its_person() -> None:
    text = "Presiden Rusia Vladimir Putin dan pemimpin Korea Utara Kim Jong Un menandatangani perjanjian."
    src = Source(path="t.txt", name="t.txt", format="txt", content_hash="x", size=len(text), mtime_ns=0)
    doc = segment(Document(source=src, text=text, lang="id"))
    doc.mentions, doc.timexes = _marked(text)
    code(doc)
    assert [(e.type, sorted(e.actors)) for e in doc.events] == [("AGREE", ["Kim Jong Un", "Vladimir Putin"])]
