"""The temporal tagger: the case table in tests/data/temporal_cases.yaml, properties, the
document date, the narrative anchor, sections, and the language data."""

from __future__ import annotations

import re
from calendar import monthrange
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kronik import langdata
from kronik.errors import DataError
from kronik.model import DocState, Document, Source
from kronik.stages import temporal, timex_grammar
from kronik.stages.segment import segment

CASES = Path(__file__).resolve().parents[1] / "data" / "temporal_cases.yaml"
MARK = re.compile(r"\[\[(.+?)\]\]")


def run(text: str, lang: str = "id", published: str | None = None, **kw: Any) -> Document:
    src = Source(path="t.txt", name="t.txt", format="txt", content_hash="0", size=len(text), mtime_ns=0,
                 published=published)
    doc = Document(source=src, text=text, lang=lang, **kw)
    return temporal.tag(segment(doc))


def found(doc: Document) -> list[tuple[str, str, str | None, str | None]]:
    return [(t.text, t.type, t.value, t.mod) for t in doc.timexes]


def _load_cases() -> list[Any]:
    rows = yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]
    return [pytest.param(*row, id=f"{i:03d}-{row[0]}-{row[1][:40]}") for i, row in enumerate(rows)]


@pytest.mark.parametrize(("lang", "text", "type_", "value", "mod", "doc_date"),
                         [pytest.param(*p.values, *([None] * (6 - len(p.values))), id=p.id) for p in _load_cases()])
def test_case_table(lang: str, text: str, type_: Any, value: Any, mod: Any, doc_date: str | None) -> None:
    plain = MARK.sub(r"\1", text)
    doc = run(plain, lang, doc_date)
    if type_ is None:
        assert found(doc) == []
        return
    if isinstance(type_, list):
        spans = MARK.findall(text)
        assert len(spans) == len(type_) == len(value) == len(mod), "row lists do not match its [[marks]]"
        expected = list(zip(spans, type_, value, mod, strict=True))
    else:
        expected = [(plain, type_, value, mod)]
    assert found(doc) == expected


def test_case_table_is_big_and_covers_both_languages() -> None:
    rows = yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]
    assert len(rows) >= 200
    assert {r[0] for r in rows} == {"id", "en"}
    assert sum(1 for r in rows if r[2] is None) >= 30  # rows that must yield nothing
    assert sum(1 for r in rows if len(r) == 6) >= 30  # rows with a document date


# ---- properties -------------------------------------------------------------------------

def _month_names(lang: str) -> list[tuple[str, int]]:
    data = langdata.load("temporal", lang)
    return [(k, v) for k, v in data["months"].items() if k not in data["month_abbreviations"]]


@st.composite
def written_dates(draw: st.DrawFn) -> tuple[str, str, str]:
    lang = draw(st.sampled_from(["id", "en"]))
    name, month = draw(st.sampled_from(_month_names(lang)))
    year = draw(st.integers(1800, 2099))
    day = draw(st.integers(1, monthrange(year, month)[1]))
    style = draw(st.sampled_from(["dmy", "mdy"] if lang == "en" else ["dmy"]))
    name = draw(st.sampled_from([name.capitalize(), name.upper()]))
    text = f"{day} {name} {year}" if style == "dmy" else f"{name} {day}, {year}"
    return lang, text, f"{year:04d}-{month:02d}-{day:02d}"


@settings(max_examples=300, deadline=None)
@given(written_dates())
def test_any_written_date_normalises_to_its_iso_date(case: tuple[str, str, str]) -> None:
    lang, text, iso = case
    doc = run(f"Kedua menteri bertemu pada {text} di ibu kota.", lang)
    assert found(doc) == [(text, "DATE", iso, None)]


@settings(max_examples=200, deadline=None)
@given(st.integers(1000, 2099), st.integers(1, 40), st.sampled_from(["tahun", "Tahun"]))
def test_years_before_the_document_date(doc_year: int, n: int, word: str) -> None:
    doc = run(f"{n} {word} lalu", "id", f"{doc_year}-06-01")
    assert found(doc) == [(f"{n} {word} lalu", "DATE", f"{doc_year - n:04d}", None)]


_alphabet = st.sampled_from([*"0123456789 abcdeJjMmSsTtuniaryl.,-–/()[]%$:;\n'’¹²", "9999999", "hari", "Monday",
                             "tahun", "Juni", "Selasa", "abad", "ke-", "lalu", "sejak", "2024", "1990-an",
                             " dan ", "hingga", "beberapa", "setiap", "last", "year", "pada", "No.", "bulan"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_alphabet, max_size=60).map("".join), st.sampled_from(["id", "en", None]),
       st.one_of(st.none(), st.sampled_from(["0001-01-01", "9999-12-31", "9999"]),
                 st.dates().map(lambda d: d.isoformat()[:10])))
def test_never_crashes_and_offsets_slice_the_text(text: str, lang: str | None, published: str | None) -> None:
    doc = run(text, lang, published)  # type: ignore[arg-type]
    last_end = 0
    for t in doc.timexes:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.start >= last_end  # in order, never overlapping
        last_end = t.end
        assert t.type in ("DATE", "DURATION", "SET")
    assert len(doc.narrative) == len(doc.sentences)


# ---- document date ----------------------------------------------------------------------

def test_doc_date_from_metadata_wins() -> None:
    doc = run("Pada Selasa, 18 Juni 2024 Putin tiba.", published="2024-06-20")
    assert (doc.doc_date, doc.doc_date_source) == ("2024-06-20", "metadata")


@pytest.mark.parametrize("head", [
    "Jakarta, 19/6/2024 — Presiden bertemu menteri.",
    "JAKARTA, KOMPAS.com - Rabu (19/6/2024), Presiden bertemu menteri.",
    "Diterbitkan: 19 Juni 2024\n\nPresiden bertemu menteri.",
    "19 Juni 2024\n\nPresiden bertemu menteri.",
    "SEOUL, June 19, 2024 — The president met the minister.",
])
def test_doc_date_from_a_dateline(head: str) -> None:
    doc = run(head + " Pada 1950 perang pecah.")
    assert (doc.doc_date, doc.doc_date_source) == ("2024-06-19", "text")


def test_a_date_opening_a_sentence_is_not_a_dateline() -> None:
    doc = run("25 Juni 1950 menjadi awal perang. Gencatan senjata diteken pada 1953.")
    assert doc.doc_date_source == "estimated" and doc.doc_date == "1953"


def test_a_relative_date_in_the_first_sentence_can_use_a_cited_report() -> None:
    doc = run("Tahun lalu Rusia mengirim minyak.[1]\n\n[1] Reuters. (2023, March 3). Oil shipped.\n")
    assert (doc.timexes[0].text, doc.timexes[0].value) == ("Tahun lalu", "2023")


def test_doc_date_from_the_lead_only_when_no_later_date_follows() -> None:
    news = run("Putin tiba di Pyongyang pada Rabu, 19 Juni 2024. Kunjungan terakhir pada 2000. "
               "Tahun lalu Kim ke Rusia.")
    assert (news.doc_date, news.doc_date_source) == ("2024-06-19", "text")
    assert news.timexes[-1].value == "2023"
    history = run("Pada 25 Juni 1950 perang pecah. Gencatan senjata diteken pada 1953.")
    assert history.doc_date_source == "estimated" and history.doc_date == "1953"


def test_doc_date_estimated_from_access_dates_at_year_precision() -> None:
    text = ("Pada 2006 rudal diuji.¹ Kini situasinya lain.\n\n"
            "¹ Dikutip dari <http://x.org/a> diakses pada 24 April 2018\n")
    doc = run(text)
    assert (doc.doc_date, doc.doc_date_source) == ("2018", "estimated")


def test_doc_date_is_none_without_evidence_and_a_lower_bound_is_not_evidence() -> None:
    assert run("Rusia dan Korea Utara memperdalam kerja sama.").doc_date is None
    doc = run("Tahun lalu layanan kereta dihidupkan. Minyak dikirim untuk pertama kali sejak tahun 2020.")
    assert (doc.doc_date, doc.doc_date_source) == (None, None)
    assert doc.timexes[0].value is None  # 'tahun lalu' without any anchor


def test_without_a_doc_date_a_cited_report_dates_a_relative_expression_and_the_text() -> None:
    text = ("Pada Februari 2024 turis pertama tiba. Bulan lalu, Putin menghadiahkan mobil[3] kepada Kim.\n\n"
            "[3] Reuters. (2024, February 20). Kim receives car as gift from Putin. The Hindu.\n")
    doc = run(text)
    assert [(t.text, t.value) for t in doc.timexes][:2] == [("Februari 2024", "2024-02"), ("Bulan lalu", "2024-02")]
    assert (doc.doc_date, doc.doc_date_source) == ("2024-03", "estimated")
    known = run(text, published="2024-06-01")  # a known date wins over the cited report
    assert known.timexes[1].value == "2024-05"


# ---- narrative anchor, references, sections -----------------------------------------------

def test_narrative_is_parallel_to_sentences_and_follows_the_story() -> None:
    doc = run("Putin berkuasa. Pada tahun 2006 rudal diuji. Tepatnya 5 Juli. Kemudian sanksi turun.",
              published="2024-06-18")
    assert doc.narrative == ["2024-06-18", "2006", "2006-07-05", "2006-07-05"]


def test_a_span_closing_ahead_of_the_story_does_not_move_it_but_one_closed_before_does() -> None:
    doc = run("Pada 2018 Putin terpilih lagi, yang berarti ia akan menjabat sampai tahun 2024. Pada 5 Juli ia ke "
              "Pyongyang. Medvedev menjabat sampai tahun 2012. Pada tahun tersebut pula Putin kembali.",
              published="2018-09-01")
    assert doc.narrative == ["2018", "2018-07-05", "2012", "2012"]
    assert [t.value for t in doc.timexes] == ["2018", "2024", "2018-07-05", "2012", "2012"]


def test_dates_in_references_are_flagged_and_do_not_move_the_narrative() -> None:
    text = ("Pada 2006 Korea Utara menguji rudal.[1] Tepatnya 5 Juli.\n\n"
            "[1] Reuters. (2023, September 12). Title. https://x.com/2023/09/12/\n")
    doc = run(text)
    assert [(t.text, t.value, t.in_reference) for t in doc.timexes] == [
        ("2006", "2006", False), ("5 Juli", "2006-07-05", False), ("2023, September 12", "2023-09-12", True)]


def test_a_later_section_keeps_the_narrative_year_and_the_doc_date() -> None:
    first = run("Pada tahun 1961 perjanjian diteken.", published=None)
    assert first.doc_date == "1961"
    second = Document(source=first.source, text="Pada 11 Juli perjanjian berlaku. Tahun lalu diperbarui.",
                      section=1, lang="id", state=first.state, doc_date="2024-06-18", doc_date_source="metadata")
    temporal.tag(segment(second))
    assert second.doc_date == "2024-06-18"
    assert [t.value for t in second.timexes] == ["1961-07-11", "2023"]
    assert second.narrative[0] == "1961-07-11"
    assert isinstance(second.state, DocState) and second.state.narrative_date == "2023"


# ---- language data --------------------------------------------------------------------------

REQUIRED = ["months", "month_abbreviations", "weekdays", "numbers", "ordinals", "units", "modifiers", "parts",
            "after_unit", "before_unit", "after_count", "before_count", "deictic", "anaphoric", "day_parts",
            "not_day_part_before", "year_cues", "not_year_before", "not_year_after", "numeric_order"]


class _NoDuplicates(yaml.SafeLoader):
    pass


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    keys = [loader.construct_object(k) for k, _ in node.value]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise AssertionError(f"duplicate keys {dupes} at line {node.start_mark.line + 1}")
    return loader.construct_mapping(node)


_NoDuplicates.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@pytest.mark.parametrize("lang", langdata.LANGUAGES)
def test_temporal_yaml_loads_with_every_key_and_no_duplicates(lang: str) -> None:
    path = langdata.data_dir() / lang / "temporal.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDuplicates)
    for k in REQUIRED:
        assert k in data, f"{path}: missing {k}"
    assert set(data["months"].values()) == set(range(1, 13))
    assert set(data["weekdays"].values()) == set(range(1, 8))


def test_grammar_builds_and_knows_both_languages() -> None:
    g = timex_grammar.grammar()
    assert g.months["juni"] == g.months["june"] == 6
    assert g.units["tahun"] == g.units["years"] == "Y"
    assert g.numeric_order == {"id": "dmy", "en": "mdy"}


def test_a_bare_yaml_boolean_is_refused() -> None:
    with pytest.raises(DataError, match="quote"):
        timex_grammar._merge({"xx": {"year_cues": ["pada", False]}}, "year_cues", list)
    with pytest.raises(DataError, match="unknown"):
        timex_grammar._merge({"xx": {"units": {"tahun": "YEAR"}}}, "units", dict, timex_grammar.UNITS)


def test_a_deictic_or_anaphoric_word_needs_a_known_value() -> None:
    with pytest.raises(DataError, match="anaphoric"):
        timex_grammar._check_deictic({"xx": {"anaphoric": {"kemudian": "LATER"}}}, "anaphoric", frozenset({"that"}))
    with pytest.raises(DataError, match="deictic"):
        timex_grammar._check_deictic({"xx": {"deictic": {"kini": "NOW"}}}, "deictic", timex_grammar.REFS)
    timex_grammar._check_deictic({"xx": {"anaphoric": {"keesokan harinya": "D+1"}}}, "anaphoric",
                                 frozenset({"that"}))
