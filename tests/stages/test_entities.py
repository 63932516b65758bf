"""Tests for stages/entities.py (and the actor_* modules it drives), table-driven.

The sentences and what must be found in them are in tests/data/entity_cases.yaml, language
first; this file runs them, and adds the cases a table cannot hold: a user gazetteer, sections
of one document, the export shape, and the seed corpus scored against its gold annotations.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kronik.model import Document, Source
from kronik.stages.actor_match import TOKEN, _search_text, fold, search_text
from kronik.stages.entities import EntityRecognizer
from kronik.stages.language import detect_language
from kronik.stages.segment import segment

HERE = Path(__file__).resolve().parent
CASES = yaml.safe_load((HERE.parent / "data" / "entity_cases.yaml").read_text(encoding="utf-8"))["cases"]
SEEDS = HERE.parents[2] / "shared" / "corpus" / "seeds"
GOLD = HERE.parents[2] / "shared" / "eval" / "gold"


@pytest.fixture(scope="module")
def recognizer() -> EntityRecognizer:
    return EntityRecognizer()


def make_doc(text: str, narrative: str | None = None, doc_date: str | None = None) -> Document:
    doc = Document(source=Source(path="t.txt", name="t.txt", format="txt", content_hash="h", size=len(text),
                                 mtime_ns=0), text=text)
    segment(doc)
    detect_language(doc)
    doc.doc_date = doc_date
    doc.narrative = [narrative] * len(doc.sentences)
    return doc


def case_id(case: dict) -> str:
    return f"{case['lang']}:{case['text'][:40]}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_case(case: dict, recognizer: EntityRecognizer) -> None:
    doc = recognizer(make_doc(case["text"], case.get("narrative"), case.get("doc_date")))
    found = {(m.text, m.name, m.type) for m in doc.mentions}
    for want in case.get("mentions", []):
        assert (want["text"], want["name"], want["type"]) in found, (want, sorted(found))
        match = next(m for m in doc.mentions if (m.text, m.name) == (want["text"], want["name"]))
        for key in ("flags", "country", "code"):
            if key in want:
                got = getattr(match, key)
                assert (list(got) if key == "flags" else got) == want[key], (want, key, got)
    texts = {m.text for m in doc.mentions}
    for text in case.get("absent", []):
        assert text not in texts, (text, sorted(texts))
    if "roles" in case:
        roles = {(r.text, r.name) for r in doc.roles}
        assert roles == {(r["text"], r["name"]) for r in case["roles"]}
        codes = {(r.text, r.name): r.code for r in doc.roles}
        for want in case["roles"]:
            if "code" in want:  # the actor the office-holder stands for there
                assert codes[want["text"], want["name"]] == want["code"], (want, codes)


def test_offsets_point_at_the_text(recognizer: EntityRecognizer) -> None:
    """Every mention's offsets give back its text, with footnote markers around names."""
    text = "Rusia¹ dan Korea Utara² bertemu; Kim Jong-un hadir.³\n\n¹ Catatan.\n\n² Catatan.\n\n³ Catatan."
    doc = recognizer(make_doc(text))
    assert [m.text for m in doc.mentions][:3] == ["Rusia", "Korea Utara", "Kim Jong-un"]
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == m.text


def test_a_title_alone_in_a_reference_is_no_author(recognizer: EntityRecognizer) -> None:
    """A reference whose author slot is a title ('Presiden') names no organisation (found by
    hypothesis: the slot was looked up among the titles, which stand for no entity)."""
    doc = recognizer(make_doc("¹ Presiden (2023)."))
    assert [m.text for m in doc.mentions if m.text == "Presiden"] == []


def test_mentions_carry_ids_codes_and_reference_flags(recognizer: EntityRecognizer) -> None:
    text = "PBB dan Vladimir Putin.[1]\n\n[1] Reuters. (2024, May 1). Putin speaks. https://x.org/a"
    doc = recognizer(make_doc(text))
    by_text = {m.text: m for m in doc.mentions}
    un, putin = by_text["PBB"], by_text["Vladimir Putin"]
    assert (un.entity_id, un.qid, un.country, un.code) == ("Q1065", "Q1065", None, "UN")
    assert (putin.qid, putin.country, putin.code, putin.in_reference) == ("Q7747", "RUS", "RUS", False)
    assert by_text["Reuters"].in_reference
    assert [m.in_reference for m in doc.mentions if m.text == "Putin"] == [True]


def test_user_gazetteer_adds_and_overrides(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "codes: [ZZZ]\n"
        "entries:\n"
        "  - {id: 'kronik:org:forum-tumen', name: Greater Tumen Initiative, type: ORG, code: ZZZ,\n"
        "     names: {en: [Greater Tumen Initiative], id: [Inisiatif Tumen Raya, GTI]}}\n"
        "  - {id: Q159, name: Russian Federation, type: GPE, code: RUS, names: [Rusia, Russia]}\n",
        encoding="utf-8")
    recognizer = EntityRecognizer([user])
    doc = recognizer(make_doc("Rusia bergabung dengan Inisiatif Tumen Raya (GTI)."))
    got = {(m.text, m.name, m.type, m.how) for m in doc.mentions}
    assert ("Inisiatif Tumen Raya", "Greater Tumen Initiative", "ORG", "user") in got
    assert ("GTI", "Greater Tumen Initiative", "ORG", "user") in got
    assert ("Rusia", "Russian Federation", "GPE", "user") in got
    # the shipped gazetteer is untouched for builds without the file
    assert {m.name for m in EntityRecognizer()(make_doc("Rusia bergabung.")).mentions} == {"Russia"}


def test_short_forms_carry_over_to_the_next_section(recognizer: EntityRecognizer) -> None:
    """A large file is read in sections: 'Kim' in the second still refers to Kim Jong Un."""
    first = recognizer(make_doc("Kim Jong Un memimpin rapat."))
    second = make_doc("Kim lalu pulang.")
    second.state = first.state
    recognizer(second)
    assert [(m.text, m.name) for m in second.mentions] == [("Kim", "Kim Jong Un")]


@pytest.mark.skipif(not (SEEDS.is_dir() and GOLD.is_dir()), reason="shared seed corpus and gold not present")
def test_seed_corpus_entity_f1(tmp_path: Path) -> None:
    """The seed corpus, built and exported like `kronik export --format eval`, scored the way
    shared/eval/score.py scores entities (same name and type, per mention)."""
    from kronik.export import eval_records
    from kronik.pipeline import build
    from kronik.store import KnowledgeBase

    db = tmp_path / "kb.db"
    report = build([SEEDS], db)
    assert not report.failed
    with KnowledgeBase(db) as kb:
        pred = {r["doc"]: r for r in eval_records(kb)}
    tp = fp = fn = 0
    for gold_file in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        g = Counter((e["name"], e["type"]) for e in gold["entities"] if e["type"] != "WEAPON")
        p = Counter((e["name"], e["type"]) for e in pred[gold["doc"]]["entities"] if e["type"] != "WEAPON")
        hit = sum((g & p).values())
        tp, fp, fn = tp + hit, fp + sum(p.values()) - hit, fn + sum(g.values()) - hit
        text = (SEEDS / gold["doc"]).read_text(encoding="utf-8")
        for e in pred[gold["doc"]]["entities"]:
            assert text[e["start"] : e["end"]] == e["text"]
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.92, (tp, fp, fn)


WORDS = ["Rusia", "Korea Utara", "Kim", "Kim Jong-un", "Presiden", "Menteri Luar Negeri", "PBB", "AS", "as", "Moskow",
         "Korea", "Selatan", "dan", "di", "Profesor", "Budi", "Santoso", ",", ".", "¹", "[1]", "US$", "http://x.id/ru",
         "İstanbul", "ß", "—", "\n\n", "1985", "abad ke-20", "Perang Korea", "Vladimir", "Medvedev", "Tsar", "Barat",
         "Duta Besar", "untuk", "Uni Soviet", "Korea Selatan", "Pemerintah", "Saito, Motohide.", "(2023).", "Ap.",
         "Korean Penninsula", "setelah runtuhnya Uni Soviet", "North and", "South Korea", "Rusia-Korea", "A.S."]


@given(st.lists(st.sampled_from(WORDS), max_size=60), st.sampled_from([None, "1980", "2010", "PRESENT_REF", "19"]))
@settings(max_examples=150, deadline=None)
def test_any_text_gives_mentions_whose_offsets_hold(words: list[str], narrative: str | None) -> None:
    recognizer = _shared_recognizer()
    doc = recognizer(make_doc(" ".join(words), narrative))
    previous_end = -1
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == m.text and m.start < m.end
        assert m.start >= previous_end  # in order, none overlapping
        previous_end = m.end
    for r in doc.roles:
        assert doc.text[r.start : r.end] == r.text


@cache
def _shared_recognizer() -> EntityRecognizer:
    return EntityRecognizer()


# --- the matcher's shortcuts give what the definitions give -----------------------------------

FOLDING = "aZ ?_-.'’‘\u00a0éÉİıßΣσςΑЖж¹²\u0301ǅĳŉ\U0001f600"


@given(st.text(alphabet=FOLDING, max_size=40))
@settings(max_examples=400, deadline=None)
def test_search_text_equals_its_definition(text: str) -> None:
    """The byte-table folding equals folding, lower-casing and blanking the whole text at once
    (sigma, whose lower case depends on its neighbours, and a literal '?' included)."""
    assert search_text(text) == _search_text(text)


def test_a_character_is_a_word_character_as_written_iff_folded() -> None:
    """What makes the ANY case check exact for keys with several patterns (`actor_match._check`):
    a match has as many words as text as it has folded, so `case_ok` cannot fail on its length."""
    for c in map(chr, range(0x30000)):
        assert bool(TOKEN.fullmatch(fold(c))) == (search_text(c).strip(" ") != ""), hex(ord(c))


def test_a_journal_title_names_no_actor(recognizer: EntityRecognizer) -> None:
    text = "Tulisan itu terbit di Jurnal Studi Rusia dan Asia Timur, sementara Rusia menolak berkomentar."
    doc = recognizer(make_doc(text))
    assert [(m.text, m.start) for m in doc.mentions] == [("Rusia", text.rindex("Rusia"))]
