"""Encoding detection and decoding: what a user's legacy files look like, and what is not text."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kronik.errors import IngestError
from kronik.ingest.decode import Decision, decode_all, decode_stream, detect

TEXT = "Pertemuan di Moskow — “kerja sama” naik 5% pada 2024; Kim Jong-un tiba. Café, naïve, façade.\n"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_unicode_encodings_round_trip(encoded: bytes, encoding: str) -> None:
    decision = detect(encoded, complete=True)
    assert decision.encoding == encoding
    assert decode_all(encoded, decision) == TEXT


def test_windows_1252_is_detected() -> None:
    text = ("Menteri Luar Negeri berkata: “Kami menolak sanksi itu” – pernyataan resmi. " * 20 +
            "Ekspor naik 5‰ dan café ditutup.")
    data = text.encode("cp1252")
    decision = detect(data, complete=True)
    assert decision.encoding in {"cp1252", "latin_1", "iso8859_15"}
    assert "“Kami menolak sanksi itu”" in decode_all(data, decision)


def test_latin1_text_is_readable() -> None:
    text = "Relações entre Moscou e Pyongyang são próximas. Ação rápida é necessária. " * 10
    data = text.encode("latin-1")
    assert decode_all(data, detect(data, complete=True)) == text


def test_a_few_broken_bytes_in_utf8_are_replaced_with_a_warning() -> None:
    good = ("Kunjungan ke Pyongyang — “bersejarah” kata Putin. " * 30).encode("utf-8")
    data = good[:200] + b"\xff" + good[200:]
    decision = detect(data, complete=True)
    assert decision.encoding == "utf-8" and decision.errors == "replace"
    assert decision.warnings and "replaced" in decision.warnings[0]
    assert "\ufffd" in decode_all(data, decision)


def test_binary_content_is_refused() -> None:
    data = bytes(range(256)) * 40
    with pytest.raises(IngestError, match="binary"):
        detect(data, complete=True)


def test_random_high_bytes_are_undecodable() -> None:
    data = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x9E, 0x83, 0x84] * 200)
    with pytest.raises(IngestError, match="undecodable"):
        detect(data, complete=True)


def test_newlines_normalised_like_python_text_mode() -> None:
    data = b"Baris satu.\r\nBaris dua.\rBaris tiga.\n"
    assert decode_all(data, detect(data, complete=True)) == "Baris satu.\nBaris dua.\nBaris tiga.\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"ab \r\n—“”éß中", "\r\n", "\U0001f600"]), max_size=300).map("".join),
       st.lists(st.integers(min_value=1, max_value=17), min_size=1, max_size=40),
       st.sampled_from(["utf-8", "utf-16-le", "utf-16"]))
def test_streamed_decoding_equals_whole_decoding(text: str, cuts: list[int], encoding: str) -> None:
    data = text.encode(encoding)
    decision = Decision(encoding)
    blocks, pos, i = [], 0, 0
    while pos < len(data):
        size = cuts[i % len(cuts)]
        blocks.append(data[pos : pos + size])
        pos += size
        i += 1
    assert "".join(decode_stream(iter(blocks), decision)) == decode_all(data, decision)
