"""Segmentation: sentence boundaries, footnote markers and references, with exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kronik.model import Document, FootnoteMarker, Source
from kronik.stages.segment import clean_text, segment

CASES = yaml.safe_load((Path(__file__).parents[1] / "data" / "segment_cases.yaml").read_text(encoding="utf-8"))


def make(text: str) -> Document:
    src = Source(path="t.txt", name="t.txt", format="txt", content_hash="x", size=len(text), mtime_ns=0)
    return segment(Document(source=src, text=text))


@pytest.mark.parametrize(("lang", "text", "expected"), CASES["sentences"], ids=lambda v: str(v)[:30])
def test_sentences(lang: str, text: str, expected: list[str]) -> None:
    doc = make(text)
    assert [doc.text[s.start : s.end] for s in doc.sentences] == expected


@pytest.mark.parametrize(("text", "labels"), CASES["markers"], ids=lambda v: str(v)[:30])
def test_markers(text: str, labels: list[str]) -> None:
    doc = make(text)
    assert [m.label for m in doc.markers] == labels
    for m in doc.markers:
        assert not any(s.start < m.end and m.start < s.end and doc.text[s.end - 1] != "." and m.end == s.end
                       for s in doc.sentences), "a marker must not end a sentence"


def test_marker_kept_out_of_words_but_text_unchanged() -> None:
    doc = make("Invasi Rusia ke Ukraina pada tahun 2022[1] memicu krisis.")
    cleaned = clean_text(doc)
    assert len(cleaned) == len(doc.text)
    assert "[1]" not in cleaned and "2022" in cleaned
    assert doc.text[doc.sentences[0].start : doc.sentences[0].end].endswith("krisis.")


def test_footnotes_are_references_linked_to_markers() -> None:
    text = (
        "Menlu Korea Utara dijadwalkan bertemu dengan sejawatnya dari Rusia.\u00b3 Pertemuan itu penting.\n\n"
        "\u00b3 Dikutip dari <http://contoh.id/berita-123> diakses pada Selasa, 24 April 2018\n\n"
        "Paragraf biasa setelah catatan."
    )
    doc = make(text)
    assert len(doc.references) == 1
    ref = doc.references[0]
    assert ref.label == "3"
    assert ref.urls == ["http://contoh.id/berita-123"]
    assert ref.accessed == "2018-04-24"
    assert doc.markers[0].label == "3" and doc.markers[0].reference == 0
    flags = {doc.text[s.start : s.end]: s.in_reference for s in doc.sentences}
    assert flags["Pertemuan itu penting."] is False
    assert flags["Paragraf biasa setelah catatan."] is False
    assert any(v for k, v in flags.items() if k.startswith("Dikutip"))


def test_reference_list_after_heading() -> None:
    text = ("Kim tiba di Rusia.[1]\n\nReferensi\n\n"
            "[1] Reuters. (2023, September 12). Kim arrives. https://example.org/kim accessed on 14 May 2024")
    doc = make(text)
    assert [r.label for r in doc.references] == ["1"]
    assert doc.references[0].accessed == "2024-05-14"
    assert doc.markers[0].reference == 0


def test_numbered_reference_list_after_heading() -> None:
    text = "Isi laporan.\n\nDaftar Pustaka\n\n1. Buku pertama. Jakarta.\n\n2. Buku kedua. Bandung."
    doc = make(text)
    assert [r.label for r in doc.references] == ["1", "2"]


def test_list_items_are_not_references_without_heading() -> None:
    doc = make("Prioritas:\n\n1. Pertahanan nasional;\n\n2. Ekonomi.")
    assert doc.references == []


def test_page_break_inside_sentence_is_joined() -> None:
    text = ("Setelah memegang jabatan presiden pada tahun 2000, Putin mengevaluasi\n\n"
            "kinerja ekonomi dan bertindak tegas. Kalimat berikutnya.")
    doc = make(text)
    first = doc.text[doc.sentences[0].start : doc.sentences[0].end]
    assert first.startswith("Setelah") and first.endswith("bertindak tegas.")
    assert len(doc.paragraphs) == 1


@pytest.mark.parametrize(("width", "paragraphs"), [(119, 1), (120, 2), (121, 2)])
def test_long_line_ending_a_sentence_is_a_paragraph(width: int, paragraphs: int) -> None:
    """A line of more than 120 characters that ends a sentence ends its paragraph."""
    doc = make("A" * width + ".\nBaris kedua.")
    assert len(doc.paragraphs) == paragraphs
    assert [doc.text[s.start : s.end] for s in doc.sentences] == ["A" * width + ".", "Baris kedua."]


WORDS = st.sampled_from(["Rusia", "Korea", "dkk.", "No.132", "U.S.", "2018.4", "[1]", "¹²", "Hal.", "16-17",
                         "akan", "mengunjungi", "Pyongyang.", "J.", "Smith", "“Kami", "siap.”", "?", "!",
                         "\n", "\n\n", "1.", "US$11", "17.125.200", "Prof.", "Dr.", "–", "..."])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=60), st.sampled_from([" ", "  ", "\u00a0"]))
def test_spans_are_exact_ordered_and_inside_paragraphs(words: list[str], sep: str) -> None:
    text = sep.join(words)
    doc = make(text)
    prev_end = -1
    for s in doc.sentences:
        body = doc.text[s.start : s.end]
        assert body == body.strip() and body
        assert s.start >= prev_end
        para = doc.paragraphs[s.paragraph]
        assert para.start <= s.start and s.end <= para.end
        prev_end = s.end
    for m in doc.markers:
        assert 0 <= m.start < m.end <= len(text)


def test_clean_text_blanks_every_marker_even_overlapping_ones() -> None:
    doc = make("Rusia[1] dan Korea¹² bertemu.")
    doc.markers = [FootnoteMarker(19, 20, "2"), FootnoteMarker(5, 8, "1"), FootnoteMarker(18, 20, "12")]
    chars = list(doc.text)  # the definition: every character of every marker blanked
    for m in doc.markers:
        chars[m.start : m.end] = " " * (m.end - m.start)
    assert clean_text(doc) == "".join(chars) == "Rusia    dan Korea   bertemu."
