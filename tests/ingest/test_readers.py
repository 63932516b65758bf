"""One reader per format: the text a user would read, and the metadata the container has."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kronik.errors import IngestError
from kronik.ingest import open_file

from .helpers import write_docx, write_pdf

PARAS = ["Presiden Rusia Vladimir Putin mengunjungi Pyongyang pada 19 Juni 2024.",
         "Kedua negara menandatangani perjanjian kemitraan strategis."]


def text_of(path: Path) -> tuple[str, object]:
    ingested = open_file(path)
    return "".join(ingested.sections()), ingested.source


def test_txt(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("\n\n".join(PARAS), encoding="utf-8")
    text, src = text_of(p)
    assert text == "\n\n".join(PARAS)
    assert src.format == "txt" and src.encoding == "utf-8" and len(src.content_hash) == 64


def test_markdown_front_matter_and_markup(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: Kunjungan Putin\nauthor: Redaksi\ndate: 2024-06-20\n---\n"
                 "# Kunjungan ke Pyongyang\n\nPresiden **Putin** tiba di [Pyongyang](https://example.org).\n\n"
                 "- Kim Jong Un menyambutnya.\n", encoding="utf-8")
    text, src = text_of(p)
    assert text == "Kunjungan ke Pyongyang\n\nPresiden Putin tiba di Pyongyang.\n\nKim Jong Un menyambutnya."
    assert (src.title, src.author, src.published) == ("Kunjungan Putin", "Redaksi", "2024-06-20")


def test_html_main_text_without_navigation_or_scripts(tmp_path: Path) -> None:
    p = tmp_path / "a.html"
    p.write_text(
        "<html><head><title>Putin di Pyongyang</title><meta name='author' content='Dewi Lestari'>"
        "<meta property='article:published_time' content='2024-06-20T07:00:00+07:00'>"
        "<script>var tracking = 'Moskow';</script></head><body>"
        "<nav><a href='/'>Beranda</a> <a href='/dunia'>Dunia</a> <a href='/ekonomi'>Ekonomi</a></nav>"
        "<article><h1>Putin di Pyongyang</h1>" + "".join(f"<p>{p}</p>" for p in PARAS) +
        "<p>Kunjungan itu yang pertama dalam 24 tahun terakhir, menurut kantor berita negara.</p></article>"
        "<footer>Hak cipta 2024 Redaksi Contoh. Semua hak dilindungi.</footer></body></html>",
        encoding="utf-8")
    text, src = text_of(p)
    assert PARAS[0] in text and PARAS[1] in text
    assert "tracking" not in text and "Beranda" not in text and "Hak cipta" not in text
    assert src.title == "Putin di Pyongyang" and src.author == "Dewi Lestari"
    assert src.published == "2024-06-20"


def test_pdf_text_layer_and_info(tmp_path: Path) -> None:
    p = write_pdf(tmp_path / "a.pdf", PARAS, title="Laporan", author="Tim Riset",
                  created=dt.datetime(2024, 6, 21, 9, 0, tzinfo=dt.UTC))
    text, src = text_of(p)
    assert "Vladimir Putin mengunjungi Pyongyang" in text.replace("\n", " ")
    assert (src.title, src.author, src.published) == ("Laporan", "Tim Riset", "2024-06-21")


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    p = write_pdf(tmp_path / "scan.pdf", [], text_layer=False)
    with pytest.raises(IngestError, match="no text layer"):
        text_of(p)


def test_docx_paragraphs_tables_and_properties(tmp_path: Path) -> None:
    p = write_docx(tmp_path / "a.docx", PARAS, title="Catatan", author="Analis",
                   created=dt.datetime(2024, 6, 22, tzinfo=dt.UTC), table=[["Negara", "Kode"], ["Rusia", "RUS"]])
    text, src = text_of(p)
    assert text.startswith(PARAS[0] + "\n\n" + PARAS[1])
    assert "Rusia" in text and "RUS" in text
    assert (src.title, src.author, src.published) == ("Catatan", "Analis", "2024-06-22")


def test_corrupt_docx_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "broken.docx"
    p.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(IngestError, match="corrupt"):
        text_of(p)


def test_same_content_same_hash_whatever_the_name(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PARAS[0], encoding="utf-8")
    b.write_text(PARAS[0], encoding="utf-8")
    assert open_file(a).source.content_hash == open_file(b).source.content_hash
