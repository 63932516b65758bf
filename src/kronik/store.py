"""The knowledge base: one SQLite file (WAL), its schema migrations, and the one write path.

Takes: finished Documents from the pipeline. Gives: `KnowledgeBase`, which opens or creates
the file, upgrades its schema with the numbered scripts in `kronik/migrations/`, and
writes a document and everything derived from it in a single transaction, so an
interrupted build never leaves half a document behind and the next build resumes.

The file stays an ordinary SQLite database with plain table names (documents, sentences,
timexes, mentions, evidence, events …) that opens as it is in Datasette, DuckDB or pandas.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from kronik.errors import StoreError
from kronik.model import Document, Source
from kronik.search_terms import index_terms
from kronik.stages.merge import EvidenceRow, MergedEvent

DEFAULT_DB = "kronik.db"
# Tables written row by row for every document, whose secondary indexes a large build defers.
BULK_TABLES = ("mentions", "timexes", "evidence")
BULK_FILES = 100  # a build with at least this many new files defers them


def _migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) for each script in kronik/migrations, in order."""
    found = []
    for entry in resources.files("kronik.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def _statements(sql: str) -> Iterator[str]:
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf
            buf = ""
    if buf.strip() and not buf.strip().startswith("--"):
        yield buf


@dataclass(slots=True)
class Written:
    doc_id: int
    words: int
    sentences: int
    timexes: int
    mentions: int
    events: int


@contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """The lock a build holds on its knowledge base (see `KnowledgeBase.writer`); a StoreError at
    once if another process holds it."""
    with open(path, "rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError("another 'kronik build' is writing to this knowledge base; "
                             "run this one when it has finished", path=str(path)) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class KnowledgeBase:
    """An open knowledge base. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_DB, *, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly and not self.path.exists():
            raise StoreError("no knowledge base here (run 'kronik build' first)", path=str(self.path))
        try:
            uri = f"file:{self.path}?mode=ro" if readonly else str(self.path)
            self.conn = sqlite3.connect(uri, uri=readonly, isolation_level=None, check_same_thread=False)
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA cache_size = -65536")
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"not a kronik knowledge base ({exc})", path=str(self.path)) from None
        latest = _migrations()[-1][0]
        if version > latest:
            raise StoreError(f"made by a newer kronik (schema {version}, this one knows {latest})",
                             path=str(self.path))
        if version < latest:
            if readonly:
                raise StoreError(f"schema {version} is out of date; run 'kronik build' to upgrade",
                                 path=str(self.path))
            self._migrate(version)
        if not readonly:
            try:
                with writer_lock(self.path):
                    self.restore_indexes()  # left deferred by a large build that did not finish
            except StoreError:
                pass  # a build is running: its indexes are deferred on purpose, it makes them at its end
        # ids of the entities rows this connection has written (or found) and committed: a build
        # names the same few thousand actors in 10^5 mentions, whose rows need writing only once
        self._entities: set[str] = set()

    @contextmanager
    def writer(self) -> Iterator[None]:
        """Hold the knowledge base for one build: a second build of the same file is refused at once
        with a clear message, instead of both failing on each other's half-written documents."""
        with writer_lock(self.path):
            yield

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self, current: int) -> None:
        for number, name, sql in _migrations():
            if number <= current:
                continue
            with self.transaction():
                try:
                    for stmt in _statements(sql):
                        self.conn.execute(stmt)
                except sqlite3.DatabaseError as exc:
                    raise StoreError(f"migration {name} failed: {exc}", path=str(self.path)) from None
                self.conn.execute(f"PRAGMA user_version = {number}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (Ctrl-C included)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """For a large build: drop the secondary indexes of the per-document tables now and
        make them again at the end (see migration 0003), whatever happens in between; and check
        the foreign keys of the rows written once at the end instead of row by row."""
        with self.transaction() as c:
            rows = c.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({', '.join('?' * len(BULK_TABLES))})", BULK_TABLES).fetchall()
            c.executemany("INSERT OR REPLACE INTO deferred_indexes (name, sql) VALUES (?, ?)", rows)
            for name, _ in rows:
                c.execute(f'DROP INDEX "{name}"')
        # A build only inserts (it deletes nothing, so no cascade is missed): a lookup in the
        # parent tables for every row written (documents, sentences, entities) is a fifth of
        # the cost of writing a mention. The same lookups, made once at the end over the rows of
        # the new documents, find the same faults.
        last = self.conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]
        self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            yield
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.restore_indexes()
            self.check_foreign_keys(after=last)

    def restore_indexes(self) -> None:
        rows = self.conn.execute("SELECT name, sql FROM deferred_indexes").fetchall()
        if not rows:
            return
        with self.transaction() as c:
            for _name, sql in rows:
                c.execute(sql.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
            c.execute("DELETE FROM deferred_indexes")

    def _alias_marks(self) -> tuple[int, int]:
        """(the last document `aliases` counts, the last document written)."""
        c = self.conn
        through = c.execute("SELECT value FROM marks WHERE name = 'aliases_through'").fetchone()[0]
        return through, c.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]

    def aliases_behind(self) -> bool:
        """Were documents written since `aliases` was last counted (a build under way, or one killed
        before its end)?"""
        through, last = self._alias_marks()
        return last > through

    def count_aliases(self) -> None:
        """Add the mentions of the documents written since the last count to `aliases` (the texts
        each entity is mentioned by, see migration 0004): at the start and end of a build, under its
        lock."""
        with self.transaction() as c:
            through, last = self._alias_marks()
            if last <= through:
                return
            # every mention (a first build): in the order of mentions_entity_text, no sort; else only
            # the new documents' (by the primary key, then sorted), not a pass over all of them
            new = ("SELECT entity_id, text FROM mentions" if through == 0 else
                   "WITH new AS MATERIALIZED (SELECT entity_id, text FROM mentions WHERE doc_id > ?) "
                   "SELECT entity_id, text FROM new")
            c.execute(f"INSERT INTO aliases (entity_id, text, mentions) SELECT entity_id, text, count(*) FROM ({new}) "
                      "WHERE true GROUP BY entity_id, text "
                      "ON CONFLICT DO UPDATE SET mentions = mentions + excluded.mentions",
                      (through,) if through else ())
            c.execute("UPDATE marks SET value = ? WHERE name = 'aliases_through'", (last,))

    def check_foreign_keys(self, after: int = 0) -> None:
        """Every row of the documents numbered above `after` points at rows that exist (the
        tables with a `doc_id`: those the build writes); a fault is a StoreError."""
        c = self.conn
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            keys = c.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
            columns = {r[1] for r in c.execute(f'PRAGMA table_info("{table}")')}
            if not keys or "doc_id" not in columns:
                continue
            # NOT IN, as fast as SQLite's own foreign_key_check; a NULL key is no fault (but NULL NOT IN
            # an empty table is true: evidence.event_id before any merge)
            faults = " OR ".join(f'(t."{k[3]}" IS NOT NULL AND t."{k[3]}" NOT IN (SELECT "{k[4] or "rowid"}" '
                                 f'FROM "{k[2]}"))' for k in keys)
            bad = c.execute(f'SELECT t.doc_id FROM "{table}" AS t WHERE t.doc_id > ? AND ({faults}) LIMIT 1',
                            (after,)).fetchone()
            if bad is not None:
                raise StoreError(f"table {table}: a row of document {bad[0]} points at a row that does not exist",
                                 path=str(self.path))

    # -- reads the build needs -------------------------------------------------------

    def file_unchanged(self, path: str, size: int, mtime_ns: int) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM files WHERE path = ? AND size = ? AND mtime_ns = ?", (path, size, mtime_ns)
        ).fetchone()
        return row is not None

    def document_with_hash(self, content_hash: str) -> int | None:
        row = self.conn.execute("SELECT id FROM documents WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        q = self.conn.execute
        return {
            "documents": q("SELECT count(*) FROM documents").fetchone()[0],
            "sentences": q("SELECT count(*) FROM sentences").fetchone()[0],
            "words": q("SELECT coalesce(sum(n_words), 0) FROM documents").fetchone()[0],
            "dates": q("SELECT count(*) FROM timexes").fetchone()[0],
            "actors": q("SELECT count(DISTINCT entity_id) FROM mentions").fetchone()[0],
            "mentions": q("SELECT count(*) FROM mentions").fetchone()[0],
            "events": q("SELECT count(*) FROM events").fetchone()[0],
            "evidence": q("SELECT count(*) FROM evidence").fetchone()[0],
        }

    # -- the write path ----------------------------------------------------------------

    def record_file(self, source: Source, doc_id: int) -> None:
        """Remember that `source.path` holds document `doc_id` (a duplicate of known content)."""
        with self.transaction():
            self._upsert_file(source, doc_id)

    def _upsert_file(self, source: Source, doc_id: int) -> None:
        self.conn.execute(
            "INSERT INTO files (path, name, doc_id, size, mtime_ns, seen_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET name = excluded.name, doc_id = excluded.doc_id, "
            "size = excluded.size, mtime_ns = excluded.mtime_ns, seen_at = excluded.seen_at",
            (source.path, source.name, doc_id, source.size, source.mtime_ns, _now()),
        )

    def add_document(self, source: Source, sections: Iterable[Document]) -> Written:
        """Write a document section by section inside one transaction; all or nothing."""
        c = self.conn
        entities: set[str] = set()  # the entity ids this document writes, known once it is committed
        with self.transaction():
            doc_id: int | None = None
            written = Written(0, 0, 0, 0, 0, 0)
            n_chars = 0
            para_base = sent_base = 0
            first: Document | None = None
            for doc in sections:
                if doc_id is None:
                    first = doc
                    doc_id = c.execute(
                        "INSERT INTO documents (content_hash, name, format, n_chars, n_words, added_at) "
                        "VALUES (?, ?, ?, 0, 0, ?) RETURNING id",
                        (source.content_hash, source.name, source.format, _now()),
                    ).fetchone()[0]
                    written.doc_id = doc_id
                self._write_section(doc_id, doc, para_base, sent_base, written, entities)
                para_base += len(doc.paragraphs)
                sent_base += len(doc.sentences)
                n_chars += len(doc.text)
            if doc_id is None or first is None:
                raise StoreError("the document produced no text", path=source.path)
            c.execute(
                "UPDATE documents SET encoding = ?, title = ?, author = ?, published = ?, lang = ?, "
                "doc_date = ?, doc_date_source = ?, n_chars = ?, n_words = ? WHERE id = ?",
                (source.encoding, source.title, source.author, source.published, first.lang,
                 first.doc_date, first.doc_date_source, n_chars, written.words, doc_id),
            )
            self._upsert_file(source, doc_id)
        self._entities |= entities
        return written

    def _write_section(self, doc_id: int, doc: Document, para_base: int, sent_base: int,
                       written: Written, entities: set[str]) -> None:
        c = self.conn
        base = doc.base
        text = doc.text
        c.execute("INSERT INTO document_text (doc_id, section, start, text) VALUES (?, ?, ?, ?)",
                  (doc_id, doc.section, base, text))
        c.executemany(
            'INSERT INTO paragraphs (doc_id, idx, start, "end") VALUES (?, ?, ?, ?)',
            [(doc_id, para_base + i, base + p.start, base + p.end) for i, p in enumerate(doc.paragraphs)],
        )
        first_id = (c.execute("SELECT coalesce(max(id), 0) FROM sentences").fetchone()[0]) + 1
        ids = list(range(first_id, first_id + len(doc.sentences)))
        rows = []
        fts = []
        for i, s in enumerate(doc.sentences):
            body = text[s.start : s.end]
            rows.append((ids[i], doc_id, sent_base + i, para_base + s.paragraph, base + s.start,
                         base + s.end, body, int(s.in_reference)))
            fts.append((ids[i], index_terms(body, doc.lang)))
        c.executemany(
            'INSERT INTO sentences (id, doc_id, idx, paragraph, start, "end", text, in_reference) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        c.executemany("INSERT INTO sentence_search (rowid, terms) VALUES (?, ?)", fts)
        ref_base = c.execute("SELECT count(*) FROM document_references WHERE doc_id = ?", (doc_id,)).fetchone()[0]
        c.executemany(
            'INSERT INTO document_references (doc_id, idx, label, start, "end", text, urls, accessed) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, ref_base + i, r.label, base + r.start, base + r.end, text[r.start : r.end],
              json.dumps(r.urls), r.accessed) for i, r in enumerate(doc.references)],
        )
        c.executemany(
            'INSERT INTO footnote_markers (doc_id, start, "end", label, reference) VALUES (?, ?, ?, ?, ?)',
            [(doc_id, base + m.start, base + m.end, m.label,
              None if m.reference is None else ref_base + m.reference) for m in doc.markers],
        )

        starts = [s.start for s in doc.sentences]
        ends = [s.end for s in doc.sentences]

        def sentence_id(offset: int) -> int | None:
            i = bisect_right(starts, offset) - 1  # C bisect: this runs once per timex and mention
            return ids[i] if i >= 0 and offset < ends[i] else None

        tx_base = c.execute("SELECT count(*) FROM timexes WHERE doc_id = ?", (doc_id,)).fetchone()[0]
        c.executemany(
            'INSERT INTO timexes (doc_id, idx, start, "end", text, type, value, mod, rule, sentence_id, '
            "in_reference) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, tx_base + i, base + t.start, base + t.end, t.text, t.type, t.value, t.mod, t.rule,
              sentence_id(t.start), int(t.in_reference)) for i, t in enumerate(doc.timexes)],
        )
        known = self._entities
        mentions = [*doc.mentions, *doc.roles]  # office-holders named by a title alone are mentions too
        new = {(m.entity_id, m.name, m.type, m.country, m.qid) for m in mentions if m.entity_id not in known}
        c.executemany("INSERT OR IGNORE INTO entities (id, name, type, country, qid) VALUES (?, ?, ?, ?, ?)", new)
        entities.update(row[0] for row in new)
        mn_base = c.execute("SELECT count(*) FROM mentions WHERE doc_id = ?", (doc_id,)).fetchone()[0]
        # Most mentions are found in the gazetteer and carry no flag: their rows leave 'how' and
        # 'flags' to the columns' defaults (a text bound is copied once more by SQLite, some 10^5
        # times per million words). `sentence_id` inlined: this runs once per mention.
        plain, other = [], []
        for i, m in enumerate(mentions, mn_base):
            k = bisect_right(starts, m.start) - 1
            row = (doc_id, i, base + m.start, base + m.end, m.text, m.entity_id,
                   ids[k] if k >= 0 and m.start < ends[k] else None, 1 if m.in_reference else 0)
            if m.how == "gazetteer" and not m.flags:
                plain.append(row)
            else:
                other.append((*row, m.how, json.dumps(m.flags) if m.flags else "[]"))
        c.executemany('INSERT INTO mentions (doc_id, idx, start, "end", text, entity_id, sentence_id, '
                      "in_reference) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", plain)
        c.executemany('INSERT INTO mentions (doc_id, idx, start, "end", text, entity_id, sentence_id, '
                      "in_reference, how, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", other)
        c.executemany(
            'INSERT INTO evidence (doc_id, sentence_id, start, "end", type, mode, source, target, date, '
            "status, symmetric, actors, rule, cameo, intensity, notes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, ids[e.sentence], base + e.start, base + e.end, e.type, e.mode, e.source, e.target,
              e.date, e.status, int(e.symmetric), json.dumps(e.actors, ensure_ascii=False), e.rule,
              e.cameo, e.intensity, json.dumps(e.notes, ensure_ascii=False)) for e in doc.events],
        )
        written.words += len(text.split())
        written.sentences += len(doc.sentences)
        written.timexes += len(doc.timexes)
        written.mentions += len(mentions)
        written.events += len(doc.events)

    def merge_events(self, cluster: Callable[[Iterable[EvidenceRow]], list[MergedEvent]]) -> int:
        """Re-merge all evidence into `events` with `cluster` (stages/merge.py); one transaction."""
        rows = [
            EvidenceRow(id=r[0], doc_id=r[1], type=r[2], mode=r[3], source=r[4], target=r[5], date=r[6],
                        status=r[7], symmetric=bool(r[8]), actors=json.loads(r[9]), notes=json.loads(r[10]))
            for r in self.conn.execute(
                "SELECT id, doc_id, type, mode, source, target, date, status, symmetric, actors, notes "
                "FROM evidence ORDER BY id")
        ]
        merged = cluster(rows)
        with self.transaction() as c:
            c.execute("UPDATE evidence SET event_id = NULL")
            c.execute("DELETE FROM events")
            c.executemany(
                "INSERT INTO events (id, type, mode, quad, source, target, date, status, symmetric, cameo, "
                "intensity, actors, n_evidence, n_documents, conflicts) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (m.row() for m in merged))
            c.executemany("UPDATE evidence SET event_id = ? WHERE id = ?",
                          ((m.id, ev) for m in merged for ev in m.evidence))
        return len(merged)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
