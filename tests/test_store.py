"""The knowledge-base file: schema migrations, refusal of foreign files, all-or-nothing writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kronik.errors import StoreError
from kronik.model import Document, Sentence, Source, Span
from kronik.store import KnowledgeBase, _migrations

from .conftest import rows


def source(name: str = "a.txt", digest: str = "h1") -> Source:
    return Source(path=f"/x/{name}", name=name, format="txt", content_hash=digest, size=10, mtime_ns=1)


def document(text: str = "Satu kalimat. Dua kalimat.", name: str = "a.txt") -> Document:
    doc = Document(source=source(name), text=text, lang="id")
    doc.paragraphs = [Span(0, len(text))]
    doc.sentences = [Sentence(0, 13, 0), Sentence(14, len(text), 0)]
    return doc


def test_new_file_gets_the_latest_schema_in_wal_mode(tmp_path: Path) -> None:
    with KnowledgeBase(tmp_path / "kb.db") as kb:
        assert kb.schema_version == _migrations()[-1][0]
    assert rows(tmp_path / "kb.db", "PRAGMA journal_mode") == [("wal",)]
    tables = {t for (t,) in rows(tmp_path / "kb.db", "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "sentences", "document_references", "timexes", "mentions", "evidence", "events",
            "sentence_search"} <= tables


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    with sqlite3.connect(db) as c:
        c.execute("PRAGMA user_version = 999")
    with pytest.raises(StoreError, match="newer kronik"):
        KnowledgeBase(db)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    db.write_text("hello, not a database" * 100)
    with pytest.raises(StoreError, match="not a kronik knowledge base"):
        KnowledgeBase(db)


def test_reading_a_missing_knowledge_base_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="kronik build"):
        KnowledgeBase(tmp_path / "nothing.db", readonly=True)


def test_document_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"

    def sections_then_crash():
        yield document()
        raise RuntimeError("disk on fire")

    with KnowledgeBase(db) as kb:
        with pytest.raises(RuntimeError):
            kb.add_document(source(), sections_then_crash())
        assert kb.counts()["documents"] == 0
        written = kb.add_document(source(), iter([document()]))
        assert (written.sentences, written.words) == (2, 4)
        assert kb.document_with_hash("h1") == written.doc_id
        assert kb.file_unchanged("/x/a.txt", 10, 1) and not kb.file_unchanged("/x/a.txt", 11, 1)
    assert rows(db, "SELECT count(*) FROM sentences") == [(2,)]


def test_full_text_index_matches_stems(tmp_path: Path) -> None:
    text = "Dewan Keamanan menyanksi Korea Utara. Rusia disanksi Uni Eropa."
    doc = Document(source=source(), text=text, lang="id")
    doc.paragraphs = [Span(0, len(text))]
    doc.sentences = [Sentence(0, 37, 0), Sentence(38, len(text), 0)]
    with KnowledgeBase(tmp_path / "kb.db") as kb:
        kb.add_document(source(), iter([doc]))
        hits = kb.conn.execute(
            "SELECT s.text FROM sentence_search JOIN sentences s ON s.id = sentence_search.rowid "
            "WHERE sentence_search MATCH 'sanksi' ORDER BY s.id").fetchall()
    assert [h[0] for h in hits] == ["Dewan Keamanan menyanksi Korea Utara.", "Rusia disanksi Uni Eropa."]


def test_a_second_build_of_the_same_file_is_refused_while_one_runs(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    with (KnowledgeBase(db) as first, first.writer(), KnowledgeBase(db) as second,
          pytest.raises(StoreError, match="another 'kronik build'"), second.writer()):
        pass
    with KnowledgeBase(db) as again, again.writer():  # released when the first build ends
        pass


def test_a_bulk_build_checks_the_foreign_keys_of_what_it_wrote(tmp_path: Path) -> None:
    """Inside `bulk()` the keys are not checked row by row but once at the end, on the documents
    it wrote: a row pointing nowhere still stops the build, and the check is on again after."""
    from kronik.model import Mention

    db = tmp_path / "kb.db"
    with KnowledgeBase(db) as kb:
        kb.add_document(source("old.txt", "h0"), iter([document(name="old.txt")]))
        with kb.bulk():
            assert kb.conn.execute("PRAGMA foreign_keys").fetchone() == (0,)
            doc = document()
            doc.mentions = [Mention(0, 4, "Satu", "GPE", "Q1", "Satu", None)]
            kb.add_document(source(), iter([doc]))
        assert kb.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert rows(db, "SELECT count(*) FROM mentions") == [(1,)]
        for column, value in (("entity_id", "'nowhere'"), ("sentence_id", "999"), ("doc_id", "77")):
            last = kb.conn.execute("SELECT max(id) FROM documents").fetchone()[0]
            with pytest.raises(StoreError, match="mentions: a row of document"), kb.bulk():
                doc = document(name=f"{column}.txt")
                doc.mentions = [Mention(0, 4, "Satu", "GPE", "Q1", "Satu", None)]
                kb.add_document(source(f"{column}.txt", column), iter([doc]))
                kb.conn.execute(f"UPDATE mentions SET {column} = {value} WHERE doc_id > {last}")
            assert kb.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
            kb.conn.execute("PRAGMA foreign_keys = OFF")
            kb.conn.execute(f"DELETE FROM mentions WHERE doc_id > {last}")
            kb.conn.execute("PRAGMA foreign_keys = ON")
        kb.check_foreign_keys()  # what was written before stays sound
