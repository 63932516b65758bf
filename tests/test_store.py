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


def test_the_texts_of_an_entity_are_counted_at_the_end_of_each_build_and_after_one_that_was_killed(
        tmp_path: Path) -> None:
    """`aliases` holds each text an entity is mentioned by and how often: what a name typed by a
    user is looked up in. A build adds its documents' mentions once at its end; documents written
    by a build that never reached its end are counted by the next build, or the next exploring
    command that finds no build running."""
    from kronik.cli_explore import open_kb
    from kronik.model import Mention
    from kronik.store import writer_lock

    db = tmp_path / "kb.db"

    def doc_with(name: str, *texts: str) -> Document:
        doc = document("Rusia dan Moskow. Rusia lagi.", name=name)
        doc.sentences = [Sentence(0, 17, 0), Sentence(18, 29, 0)]
        doc.mentions = [Mention(s, s + len(t), t, "GPE", "Q159", "Russia", "RUS")
                        for t in texts for s in [doc.text.index(t)]]
        doc.mentions.append(Mention(18, 23, "Rusia", "GPE", "Q159", "Russia", "RUS", how="coref", flags=("x",)))
        return doc

    with KnowledgeBase(db) as kb:
        kb.add_document(source("a.txt", "h1"), iter([doc_with("a.txt", "Rusia", "Moskow")]))
        kb.count_aliases()
        assert rows(db, "SELECT entity_id, text, mentions FROM aliases ORDER BY text") == [
            ("Q159", "Moskow", 1), ("Q159", "Rusia", 2)]
        # the row of a mention with its own 'how' and flags, and one left to the defaults
        assert rows(db, "SELECT text, how, flags FROM mentions ORDER BY idx") == [
            ("Rusia", "gazetteer", "[]"), ("Moskow", "gazetteer", "[]"), ("Rusia", "coref", '["x"]')]
        kb.add_document(source("b.txt", "h2"), iter([doc_with("b.txt", "Rusia")]))  # killed before counting
    with KnowledgeBase(db, readonly=True) as kb:
        assert kb.aliases_behind() and kb.conn.execute("SELECT sum(mentions) FROM aliases").fetchone() == (3,)
    # while a build holds the file, the exploring commands read it as it is, without waiting
    with writer_lock(db), open_kb(db) as kb:
        assert kb.aliases_behind()
    with open_kb(db) as kb:  # no build running: the documents left uncounted are counted
        assert not kb.aliases_behind()
    assert rows(db, "SELECT entity_id, text, mentions FROM aliases ORDER BY text") == [
        ("Q159", "Moskow", 1), ("Q159", "Rusia", 4)]
    assert rows(db, "SELECT value FROM marks WHERE name = 'aliases_through'") == [(2,)]


def test_a_schema_3_knowledge_base_keeps_its_mentions_and_counts_their_texts(tmp_path: Path) -> None:
    from kronik.store import _statements

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as c:
        for number, _, sql in _migrations():
            if number <= 3:
                for stmt in _statements(sql):
                    c.execute(stmt)
        c.execute("PRAGMA user_version = 3")
        c.execute("INSERT INTO documents (id, content_hash, name, format, n_chars, n_words, added_at) "
                  "VALUES (1, 'h', 'a.txt', 'txt', 5, 1, 'now')")
        c.execute("INSERT INTO entities VALUES ('Q159', 'Russia', 'GPE', 'RUS', 'Q159')")
        c.executemany('INSERT INTO mentions (doc_id, idx, start, "end", text, entity_id, type, name, country, how) '
                      "VALUES (1, ?, ?, ?, ?, 'Q159', 'GPE', 'Russia', 'RUS', ?)",
                      [(0, 0, 5, "Rusia", "gazetteer"), (1, 9, 14, "rusia", "coref")])
        # a large build that stopped with its indexes deferred (they would be remade on the old columns)
        c.execute("INSERT INTO deferred_indexes SELECT name, sql FROM sqlite_master WHERE name = 'mentions_text'")
        c.execute("DROP INDEX mentions_text")
    c.close()
    with KnowledgeBase(path) as kb:
        assert kb.schema_version == _migrations()[-1][0] >= 4
    assert rows(path, 'SELECT idx, start, "end", text, entity_id, how FROM mentions ORDER BY idx') == [
        (0, 0, 5, "Rusia", "Q159", "gazetteer"), (1, 9, 14, "rusia", "Q159", "coref")]
    assert rows(path, "SELECT text, mentions FROM aliases ORDER BY text") == [("Rusia", 1), ("rusia", 1)]
    assert rows(path, "SELECT name FROM sqlite_master WHERE tbl_name = 'mentions' AND type = 'index' "
                      "AND sql IS NOT NULL") == [("mentions_entity_text",)]
    assert rows(path, "SELECT count(*) FROM deferred_indexes") == [(0,)]
