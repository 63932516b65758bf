"""Writers for test documents in each format (PDF with fpdf2, DOCX with python-docx)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from fpdf import FPDF


def write_pdf(path: Path, paragraphs: list[str], *, title: str | None = None, author: str | None = None,
              created: dt.datetime | None = None, text_layer: bool = True) -> Path:
    pdf = FPDF()
    pdf.add_page()
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    if created:
        pdf.set_creation_date(created)
    if text_layer:
        pdf.set_font("helvetica", size=11)
        for para in paragraphs:
            pdf.multi_cell(0, 6, para)
            pdf.ln(4)
    else:  # a page with only a drawing, as a scan without OCR would have
        pdf.rect(20, 20, 100, 50, style="F")
    pdf.output(str(path))
    return path


def write_docx(path: Path, paragraphs: list[str], *, title: str | None = None, author: str | None = None,
               created: dt.datetime | None = None, table: list[list[str]] | None = None) -> Path:
    document = docx.Document()
    for para in paragraphs:
        document.add_paragraph(para)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    props = document.core_properties
    props.title = title or ""
    props.author = author or ""
    if created:
        props.created = created
    document.save(str(path))
    return path
