"""Full-text search over the sentences of a knowledge base, with Indonesian and English stems.

Takes: an open knowledge base and a query as a person types it ('sanksi PBB', 'visited
Pyongyang', 'sank*'). Gives: `Hit`s ranked by BM25 (SQLite FTS5), each with its document,
offsets and a snippet with the matched words marked («sanksi»).

The index (`sentence_search`, filled by store.py) holds each word of a sentence followed by
its candidate stems (kronik/search_terms.py). A query word matches a sentence when any of
its own candidate stems, read as Indonesian or as English, is among the sentence's, so
'sanksi', 'menyanksi' and 'disanksi' meet. All words must match (`any_word` relaxes that);
a word ending in '*' matches as a prefix. The index is contentless, so the snippet is made
here from the sentence text, marking each word whose stems meet the query's.

BM25 costs about a microsecond per matching sentence (FTS5 reads each one's length), so a
query that matches more than `RANK_CAP` sentences (a word in one sentence of ten of a
million-sentence knowledge base) is ranked among the `RANK_CAP` most recently added of
them; the result says so (`Hits.total`, `Hits.capped`), and more words narrow it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from kronik.actors import QueryError, conn_of
from kronik.search_terms import WORD, word_terms

SNIPPET_CHARS = 160
RANK_CAP = 50_000


@dataclass(slots=True)
class Hit:
    sentence_id: int
    doc_id: int
    document: str
    lang: str | None
    sentence: int  # position of the sentence in its document
    start: int
    end: int
    score: float  # BM25, lower is better (as FTS5 gives it)
    text: str
    snippet: str
    matched: list[str]  # the words of the sentence that matched

    def to_dict(self) -> dict:
        return asdict(self)


class Hits(list[Hit]):
    """The hits, best first, and how they were ranked: `total` sentences match; `capped` when
    they were more than the cap and only the most recently added were ranked."""

    def __init__(self, hits: Iterable[Hit] = (), total: int = 0, capped: bool = False) -> None:
        super().__init__(hits)
        self.total = total
        self.capped = capped


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    groups: tuple[frozenset[str], ...]  # per query word: the terms any of which may match
    prefixes: tuple[str, ...]  # words given as 'sank*'

    def match_expression(self, any_word: bool = False) -> str:
        parts = [" OR ".join(f'"{t}"' for t in sorted(g)) for g in self.groups]
        parts = [f"({p})" for p in parts] + [f'"{p}"*' for p in self.prefixes]
        return (" OR " if any_word else " AND ").join(parts)

    def matches_word(self, word: str, lang: str | None) -> bool:
        low = word.lower()
        if any(low.startswith(p) for p in self.prefixes):
            return True
        terms = set(word_terms(word, lang)) | set(word_terms(word, None))
        return any(terms & g for g in self.groups)


def parse(query: str) -> ParsedQuery:
    """The query's words and their candidate stems, in both languages (a query has no language)."""
    groups: list[frozenset[str]] = []
    prefixes: list[str] = []
    for m in re.finditer(r"[^\W_]+\*?", query):
        w = m.group(0)
        if w.endswith("*"):
            if len(w) > 2:
                prefixes.append(w[:-1].lower())
            continue
        if w in ("AND", "OR", "NOT"):
            continue
        groups.append(frozenset(word_terms(w, None)))
    if not groups and not prefixes:
        raise QueryError(f"nothing to search for in '{query}'")
    return ParsedQuery(tuple(dict.fromkeys(groups)), tuple(prefixes))


def search(kb: object, query: str | ParsedQuery, *, limit: int = 20, any_word: bool = False,
           lang: str | None = None, mark: tuple[str, str] = ("«", "»"), include_references: bool = True,
           rank_cap: int = RANK_CAP) -> Hits:
    """Sentences that match `query`, the best (BM25) first."""
    conn = conn_of(kb)
    parsed = query if isinstance(query, ParsedQuery) else parse(query)
    expression = parsed.match_expression(any_word)
    where, params = [], []
    if lang:
        where.append("d.lang = ?")
        params.append(lang)
    if not include_references:
        where.append("s.in_reference = 0")
    try:
        n = conn.execute("SELECT count(*) FROM (SELECT rowid FROM sentence_search WHERE sentence_search MATCH ? "
                         "LIMIT ?)", (expression, rank_cap + 1)).fetchone()[0]
        capped = n > rank_cap
        total = n if not capped else conn.execute(
            "SELECT count(*) FROM sentence_search WHERE sentence_search MATCH ?", (expression,)).fetchone()[0]
        rows = _ranked_sentences(conn, expression, capped, rank_cap, where, params, limit)
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot search for '{query}': {exc}") from None
    hits = []
    for score, sid, doc_id, doc, dlang, idx, start, end, text in rows[:limit] if limit else rows:
        snippet, matched = make_snippet(text, parsed, dlang, mark)
        hits.append(Hit(sid, doc_id, doc, dlang, idx, start, end, round(score, 4), text, snippet, matched))
    return Hits(hits, total, capped)


def _ranked_sentences(conn: sqlite3.Connection, expression: str, capped: bool, cap: int, where: list[str],
                      params: list, limit: int) -> list[tuple]:
    """(score, sentence id, document id, name, lang, idx, start, end, text), best first.

    BM25 is computed inside FTS5 over the matches (the most recently added `cap` of them when
    there are more). Without filters only the best `limit` are read from the sentences; with
    filters on the sentence or its document, they are joined to all the ranked matches in
    SQL, so that a language few matches are in costs one pass, not many.
    """
    inner = ("SELECT rowid, bm25(sentence_search) AS score FROM sentence_search WHERE sentence_search MATCH ?"
             + (" ORDER BY rowid DESC LIMIT ?" if capped else ""))
    inner_params: list = [expression, cap] if capped else [expression]
    columns = 's.id, s.doc_id, d.name, d.lang, s.idx, s.start, s."end", s.text'
    if where:
        return conn.execute(
            f"WITH ranked AS MATERIALIZED ({inner}) SELECT r.score, {columns} FROM ranked r "
            f"JOIN sentences s ON s.id = r.rowid JOIN documents d ON d.id = s.doc_id WHERE {' AND '.join(where)} "
            "ORDER BY r.score, s.id LIMIT ?", [*inner_params, *params, limit or -1]).fetchall()
    ranked = conn.execute(f"SELECT rowid, score FROM ({inner}) ORDER BY score, rowid LIMIT ?",
                          [*inner_params, limit or -1]).fetchall()
    scores = dict(ranked)
    out = []
    for i in range(0, len(ranked), 5000):
        chunk = [r[0] for r in ranked[i : i + 5000]]
        out += [(scores[r[0]], *r) for r in conn.execute(
            f"SELECT {columns} FROM sentences s JOIN documents d ON d.id = s.doc_id "
            f"WHERE s.id IN ({','.join('?' * len(chunk))})", chunk)]
    return sorted(out, key=lambda r: (r[0], r[1]))


def make_snippet(text: str, parsed: ParsedQuery, lang: str | None, mark: tuple[str, str] = ("«", "»"),
                 width: int = SNIPPET_CHARS) -> tuple[str, list[str]]:
    """The sentence (cut to about `width` characters around the first match) with matched words marked."""
    spans = [(m.start(), m.end()) for m in WORD.finditer(text) if parsed.matches_word(m.group(0), lang)]
    matched = list(dict.fromkeys(text[a:b] for a, b in spans))
    lo, hi = 0, len(text)
    if len(text) > width:
        first = spans[0][0] if spans else 0
        lo = max(0, first - width // 3)
        hi = min(len(text), lo + width)
        lo = max(0, min(lo, hi - width))
        while lo > 0 and not text[lo - 1].isspace():  # do not cut a word in two
            lo -= 1
        while hi < len(text) and not text[hi].isspace():
            hi += 1
    out, pos = [], lo
    for a, b in spans:
        if a < lo or b > hi:
            continue
        out += [text[pos:a], mark[0], text[a:b], mark[1]]
        pos = b
    out.append(text[pos:hi])
    body = " ".join("".join(out).split())
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else ""), matched
