"""Queries over a knowledge base: timeline, one event, actors and their profiles, dyad index.

Takes: an open `KnowledgeBase` (or a sqlite3 connection to one) and plain parameters.
Gives: plain dataclasses with a `to_dict()`; nothing here prints or formats. This module
(with `kronik.search` and `kronik.ask`, which it re-exports) is the one place the command
line and the web server get their data from.

Dates are ISO prefixes whose length is their precision. A range `date_from`/`date_to`
(`2022`, `2024-06`, `2024-06-18`) keeps an event whose date, at its own precision,
overlaps the range: `--to 2024-06` keeps an event dated `2024`, `--from 2022` one dated
`202X`. Events without a date come last in a timeline without a range and are left out of
one with a range. The relationship index counts asserted events unless told otherwise.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from kronik.actors import (
    ACTOR_TYPES,
    Actor,
    ActorSummary,
    QueryError,
    actor_list,
    code_actor,
    code_name,
    codes,
    conn_of,
    lookup,
    resolve,
)
from kronik.model import STATUSES
from kronik.ontology import PLOVER_TYPES, QUADS
from kronik.profile import Office, Profile, actor_graph, actor_profile
from kronik.search import RANK_CAP, Hit, Hits, search

if TYPE_CHECKING:
    from kronik.ask import Answer

__all__ = [
    "ACTOR_TYPES", "Actor", "ActorSummary", "DyadIndex", "EventDetail", "EventRow", "Hit", "Hits", "Office", "Period",
    "Profile", "QueryError", "Quote", "actor_graph", "actor_list", "actor_profile", "ask", "code_actor", "code_name",
    "codes", "dyad_index", "event_detail", "events_by_id", "evidence_quotes", "lookup", "parse_dyad", "resolve",
    "search", "search_rank_cap", "timeline", "with_quotes",
]

DATE_BOUND = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
PERIODS = ("year", "quarter", "month")
EVENT_COLUMNS = ("e.id, e.date, e.type, e.mode, e.quad, e.source, e.target, e.status, e.symmetric, e.intensity, "
                 "e.actors, e.n_documents, e.n_evidence, e.conflicts")


@dataclass(slots=True)
class Quote:
    """One piece of evidence: the span of one sentence of one document that reports the event."""

    evidence_id: int
    document: str
    doc_id: int
    sentence: int  # position of the sentence in its document
    start: int  # character offsets of the evidence in the document
    end: int
    text: str
    status: str
    date: str | None
    rule: str
    mode: str | None = None
    lang: str | None = None  # the document's language
    notes: list[dict] = field(default_factory=list)  # what the coder noticed: a status cue, an inferred target

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class EventRow:
    id: int
    date: str | None
    type: str
    mode: str | None
    quad: str
    source: str | None
    target: str | None
    status: str
    symmetric: bool
    intensity: float | None
    actors: list[str]
    n_documents: int
    n_evidence: int
    conflicts: list[dict]
    quote: Quote | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["quote"] = self.quote.to_dict() if self.quote else None
        return d


def _conn(kb: object) -> sqlite3.Connection:
    return conn_of(kb)


def check_types(types: Iterable[str]) -> tuple[str, ...]:
    out = tuple(t.strip().upper() for t in types if t.strip())
    bad = [t for t in out if t not in PLOVER_TYPES]
    if bad:
        raise QueryError(f"unknown event type {', '.join(bad)} (one of {', '.join(PLOVER_TYPES)})")
    return out


def check_statuses(statuses: Iterable[str]) -> tuple[str, ...]:
    out = tuple(s.strip().lower() for s in statuses if s.strip())
    if "all" in out:
        return ()
    bad = [s for s in out if s not in STATUSES]
    if bad:
        raise QueryError(f"unknown status {', '.join(bad)} (one of {', '.join(STATUSES)}, or all)")
    return out


def check_date(value: str | None, what: str) -> str | None:
    if value is None or value == "":
        return None
    if not DATE_BOUND.match(value):
        raise QueryError(f"{what} date '{value}' is not YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _in(column: str, values: Sequence[str]) -> tuple[str, list]:
    return f"{column} IN ({','.join('?' * len(values))})", list(values)


def _filters(col: str, types: Sequence[str], statuses: Sequence[str]) -> tuple[list[str], list]:
    """WHERE terms on a table alias `col` that has type and status columns."""
    where: list[str] = []
    params: list = []
    if types:
        sql, p = _in(f"{col}.type", types)
        where.append(sql)
        params += p
    if statuses:
        sql, p = _in(f"{col}.status", statuses)
        where.append(sql)
        params += p
    return where, params


def _dates(col: str, date_from: str | None, date_to: str | None) -> tuple[str | None, list, str | None, list]:
    """A date range as (main WHERE term, params, coarse WHERE term, params).

    The main term is an index range, from the first day of `date_from`'s year to the last of
    `date_to`, plus the exact test: a date overlaps when the latest day it may mean is not
    before `date_from` and the earliest not after `date_to` ('X' is any digit). One kind of
    overlapping date lies outside that range: the decade of `date_to` ('201X' sorts after
    '2016-06'); the coarse term fetches it, and it sorts after everything the range holds.
    """
    if not date_from and not date_to:
        return None, [], None, []
    exact, exact_params, rng, rng_params = [], [], [], []
    if date_from:
        rng.append(f"{col}.date >= ?")
        rng_params.append(date_from[:4])
        exact.append(f"replace({col}.date, 'X', '9') || '~' >= ?")
        exact_params.append(date_from)
    if date_to:
        rng.append(f"{col}.date <= ?")
        rng_params.append(date_to + "~")
        exact.append(f"replace({col}.date, 'X', '0') <= ?")
        exact_params.append(date_to + "~")
    main = " AND ".join(rng + exact)
    if not date_to:
        return main, rng_params + exact_params, None, []
    coarse = " AND ".join([f"{col}.date = ?", *exact])
    return main, rng_params + exact_params, coarse, [date_to[:3] + "X", *exact_params]


def parse_dyad(kb: object, text: str | Sequence[str]) -> tuple[Actor, Actor, bool]:
    """'RUS-PRK', 'RUS,PRK', ('Russia', 'North Korea') → two actors; 'RUS>PRK' is one direction only."""
    conn = _conn(kb)
    if not isinstance(text, str):
        parts = list(text)
        if len(parts) != 2:
            raise QueryError("a dyad is two actors")
        return resolve(conn, parts[0]), resolve(conn, parts[1]), False
    for sep, directed in ((">", True), (",", False), ("-", False)):
        if sep in text:
            pieces = text.split(sep)
            for i in range(1, len(pieces)):  # 'Kim Il-sung-RUS': try every split point
                a, b = sep.join(pieces[:i]).strip(), sep.join(pieces[i:]).strip()
                if lookup(conn, a) and lookup(conn, b):
                    return resolve(conn, a), resolve(conn, b), directed
    raise QueryError(f"'{text}' is not a dyad of two known actors (write it as RUS-PRK, or RUS>PRK for one direction)")


def _side(actor: Actor) -> str:
    """The code that stands for an actor on one side of a dyad (a person acts for their state)."""
    key = actor.code if actor.kind == "person" else actor.key
    if key is None:
        raise QueryError(f"{actor.name} is not an actor that events are coded for")
    return key


def _actor_key(actor: Actor) -> str:
    if actor.key is None:
        raise QueryError(f"{actor.name} is a place, not an actor that events are coded for")
    return actor.key


def timeline(kb: object, *, actor: str | Actor | None = None, dyad: str | Sequence[str] | None = None,
             types: Iterable[str] = (), statuses: Iterable[str] = (), date_from: str | None = None,
             date_to: str | None = None, limit: int | None = 100, undated: bool = True,
             quotes: bool = True) -> list[EventRow]:
    """Events in date order (then by id), each with its best evidence quote (`quotes`).

    `actor`: a code or a name; a person's timeline holds the events that name them. `dyad`:
    both directions between two actors ('RUS>PRK' for one). `limit` None or 0: all events.
    """
    conn = _conn(kb)
    types, statuses = check_types(types), check_statuses(statuses)
    date_from, date_to = check_date(date_from, "--from"), check_date(date_to, "--to")
    if date_from and date_to and date_from[: len(date_to)] > date_to:
        raise QueryError(f"--from {date_from} is after --to {date_to}")
    if dyad is not None:
        a, b, directed = parse_dyad(conn, dyad)
        src = "FROM event_actors x JOIN events e ON e.id = x.event_id"
        base = ["x.actor = ?", "x.partner = ?"] + (["x.role = 'source'"] if directed else [])
        base_params: list = [_side(a), _side(b)]
        alias, order = "x", "x.date, x.event_id"
    elif actor is not None:
        who = actor if isinstance(actor, Actor) else resolve(conn, actor)
        src = "FROM event_actors x JOIN events e ON e.id = x.event_id"
        base, base_params, alias, order = ["x.actor = ?"], [_actor_key(who)], "x", "x.date, x.event_id"
    else:
        src, base, base_params, alias, order = "", [], [], "e", "e.date, e.id"
    where, params = _filters(alias, types, statuses)
    main, main_params, coarse, coarse_params = _dates(alias, date_from, date_to)
    if not src:
        src = _events_source(conn, types, statuses, main, main_params)
    cap = limit if limit else -1

    def fetch(date_term: str, date_params: list, order_by: str, n: int) -> list[tuple]:
        sql = (f"SELECT {EVENT_COLUMNS} {src} WHERE {' AND '.join([*base, date_term, *where])} "
               f"ORDER BY {order_by} LIMIT ?")
        return conn.execute(sql, [*base_params, *date_params, *params, n]).fetchall()

    def left() -> int:
        return cap - len(rows) if cap > 0 else -1

    rows = fetch(main or f"{alias}.date IS NOT NULL", main_params, order, cap)
    # What sorts after the range: the decade of --to, then (without a range) the undated.
    if coarse and left():
        rows += fetch(coarse, coarse_params, order, left())
    if undated and main is None and left():
        rows += fetch(f"{alias}.date IS NULL", [], "e.id", left())
    events = [_event_row(r) for r in rows]
    return _with_quotes(conn, events) if quotes else events


SORT_AT_MOST = 50_000


def _events_source(conn: sqlite3.Connection, types: Sequence[str], statuses: Sequence[str],
                   dates: str | None, date_params: list) -> str:
    """Which index a timeline without actors reads. Reading events in date order and keeping
    those asked for fills a page at once when they are common; when they are rare, counting
    and sorting them (the events_type_status index) is quicker. SQLite cannot tell which from
    bound parameters, so count them: the index holds the count in its entries."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'events_type_status'").fetchone():
        return "FROM events e"  # a knowledge base made before the index: let SQLite choose
    if types:
        where, params = _filters("e", types, statuses)
        if dates:
            where.append(dates)
            params += date_params
        n = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM events e INDEXED BY events_type_status "
                         f"WHERE {' AND '.join(where)} LIMIT ?)", [*params, SORT_AT_MOST + 1]).fetchone()[0]
        if n <= SORT_AT_MOST:
            return "FROM events e INDEXED BY events_type_status"
    return "FROM events e INDEXED BY events_date"


def _event_row(r: tuple) -> EventRow:
    return EventRow(id=r[0], date=r[1], type=r[2], mode=r[3], quad=r[4], source=r[5], target=r[6], status=r[7],
                    symmetric=bool(r[8]), intensity=r[9], actors=json.loads(r[10]), n_documents=r[11],
                    n_evidence=r[12], conflicts=json.loads(r[13]))


def evidence_quotes(kb: object, event_ids: Sequence[int]) -> dict[int, list[Quote]]:
    """Every piece of evidence of these events, by event id, in the order it was written."""
    conn = _conn(kb)
    out: dict[int, list[Quote]] = {}
    for i in range(0, len(event_ids), 500):
        chunk = event_ids[i : i + 500]
        for row in conn.execute(
                'SELECT ev.event_id, ev.id, d.name, ev.doc_id, s.idx, ev.start, ev."end", s.start, s.text, ev.status, '
                "ev.date, ev.rule, ev.mode, d.lang, ev.notes "
                "FROM evidence ev JOIN sentences s ON s.id = ev.sentence_id "
                f"JOIN documents d ON d.id = ev.doc_id WHERE ev.event_id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY ev.event_id, ev.id", list(chunk)):
            eid, evid, doc, doc_id, idx, start, end, s_start, s_text, status, date, rule, mode, lang, notes = row
            text = s_text[start - s_start : end - s_start] if 0 <= start - s_start <= len(s_text) else s_text
            out.setdefault(eid, []).append(Quote(evid, doc, doc_id, idx, start, end, text, status, date, rule, mode,
                                                 lang, json.loads(notes or "[]")))
    return out


def _with_quotes(conn: sqlite3.Connection, events: list[EventRow], lang: str | None = None) -> list[EventRow]:
    return with_quotes(conn, events, lang)


def with_quotes(kb: object, events: list[EventRow], lang: str | None = None) -> list[EventRow]:
    """Give each event the evidence that speaks for it: one that says what the merged event
    says (same status and date), from a document in `lang` when there is one."""
    quotes = evidence_quotes(kb, [e.id for e in events])
    for e in events:
        qs = quotes.get(e.id, [])
        qs.sort(key=lambda q: (q.status != e.status, q.date != e.date, lang is not None and q.lang != lang,
                               q.evidence_id))
        e.quote = qs[0] if qs else None
    return events


def events_by_id(kb: object, ids: Sequence[int]) -> list[EventRow]:
    """The events with these ids, in the order given, with their best quotes."""
    conn = _conn(kb)
    if not ids:
        return []
    found = {r[0]: _event_row(r) for r in conn.execute(
        f"SELECT {EVENT_COLUMNS} FROM events e WHERE e.id IN ({','.join('?' * len(ids))})", list(ids))}
    return _with_quotes(conn, [found[i] for i in ids if i in found])


# -- one event ----------------------------------------------------------------------------

@dataclass(slots=True)
class EventDetail:
    event: EventRow
    evidence: list[Quote]
    sentences: dict[int, str]  # evidence id → the whole sentence
    conflicts: list[str]  # the disagreements between sources, in words

    def to_dict(self) -> dict:
        d = self.event.to_dict()
        d.pop("quote")
        d["evidence"] = [{**q.to_dict(), "sentence_text": self.sentences.get(q.evidence_id)} for q in self.evidence]
        d["conflicts_text"] = self.conflicts
        return d


def event_detail(kb: object, event_id: int) -> EventDetail:
    """Everything about one event: all its evidence (documents, offsets, rules) and its conflicts."""
    conn = _conn(kb)
    row = conn.execute(f"SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?", (event_id,)).fetchone()
    if row is None:
        raise QueryError(f"no event {event_id} in the knowledge base")
    event = _with_quotes(conn, [_event_row(row)])[0]
    evidence = evidence_quotes(conn, [event_id]).get(event_id, [])
    sentences = {evid: text for evid, text in conn.execute(
        "SELECT ev.id, s.text FROM evidence ev JOIN sentences s ON s.id = ev.sentence_id WHERE ev.event_id = ?",
        (event_id,))}
    docs = {q.doc_id: q.document for q in evidence}
    return EventDetail(event, evidence, sentences, [_conflict_text(c, docs) for c in event.conflicts])


def _conflict_text(c: dict, docs: dict[int, str]) -> str:
    def names(ids: Iterable[int]) -> str:
        return ", ".join(docs.get(i, f"document {i}") for i in ids)

    if c.get("field") == "name":
        return f"name: written '{c.get('written')}' for {c.get('name')} in {names(c.get('documents', []))}"
    values = "; ".join(f"{v['value']} in {names(v['documents'])}" for v in c.get("values", []))
    return f"{c.get('field')}: {values}"


# -- the relationship index of a dyad ----------------------------------------------------------

@dataclass(slots=True)
class Period:
    period: str
    n: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(QUADS, 0))
    sum_intensity: float = 0.0
    change: float | None = None  # sum_intensity minus the previous period's
    turning: int | None = None  # rank among the turning points (1 = largest change)
    drivers: list[EventRow] = field(default_factory=list)
    drivers_from: str | None = None  # the period the drivers come from (the previous one for a fall-off)

    @property
    def mean_intensity(self) -> float | None:
        return round(self.sum_intensity / self.n, 3) if self.n else None

    def to_dict(self) -> dict:
        return {"period": self.period, "n": self.n, **{q: self.counts[q] for q in QUADS},
                "sum_intensity": round(self.sum_intensity, 3), "mean_intensity": self.mean_intensity,
                "change": None if self.change is None else round(self.change, 3), "turning": self.turning,
                "drivers_from": self.drivers_from, "drivers": [e.to_dict() for e in self.drivers]}


@dataclass(slots=True)
class DyadIndex:
    a: Actor
    b: Actor
    directed: bool
    by: str
    statuses: tuple[str, ...]
    periods: list[Period]
    unplaced: int  # events whose date is too coarse for the period (or missing)

    @property
    def turning_points(self) -> list[Period]:
        return sorted((p for p in self.periods if p.turning), key=lambda p: p.turning or 0)


def period_of(date: str | None, by: str) -> str | None:
    """'2024-06-18' → '2024' | '2024-Q2' | '2024-06'; None when the date is too coarse."""
    if not date or not date[:4].isdigit():
        return None
    if by == "year":
        return date[:4]
    month = date[5:7]
    if len(date) < 7 or not month.isdigit():
        return None
    return f"{date[:4]}-Q{(int(month) + 2) // 3}" if by == "quarter" else date[:7]


def _next_period(p: str, by: str) -> str:
    year = int(p[:4])
    if by == "year":
        return f"{year + 1:04d}"
    if by == "quarter":
        q = int(p[-1])
        return f"{year + 1:04d}-Q1" if q == 4 else f"{year:04d}-Q{q + 1}"
    m = int(p[5:7])
    return f"{year + 1:04d}-01" if m == 12 else f"{year:04d}-{m + 1:02d}"


def _period_range(p: str, by: str) -> tuple[str, str]:
    """The date strings that fall in a period, as an inclusive text range."""
    if by == "year":
        return p, p + "~"
    if by == "quarter":
        first = (int(p[-1]) - 1) * 3 + 1
        return f"{p[:4]}-{first:02d}", f"{p[:4]}-{first + 2:02d}~"
    return p, p + "~"


def dyad_index(kb: object, a: str | Actor, b: str | Actor | None = None, *, by: str = "year",
               statuses: Iterable[str] = ("asserted",), date_from: str | None = None, date_to: str | None = None,
               turning: int = 3, drivers: int = 3, directed: bool = False) -> DyadIndex:
    """The relationship index between two actors, per period: events by quad class, the sum
    and mean intensity (cooperation positive, conflict negative, data/plover.yaml), and the
    `turning` periods whose sum changed most from the period before, each with the events
    that drive the change. Periods between the first and last with events are all listed
    (empty ones too), so a silence shows as a change. `a` may be 'RUS-PRK' with `b` None."""
    conn = _conn(kb)
    if by not in PERIODS:
        raise QueryError(f"--by must be one of {', '.join(PERIODS)}")
    if b is None:
        if isinstance(a, Actor):
            raise QueryError("a dyad is two actors")
        actor_a, actor_b, directed = parse_dyad(conn, a)
    else:
        actor_a = a if isinstance(a, Actor) else resolve(conn, a)
        actor_b = b if isinstance(b, Actor) else resolve(conn, b)
    statuses = check_statuses(statuses)
    date_from, date_to = check_date(date_from, "--from"), check_date(date_to, "--to")
    sides = [_side(actor_a), _side(actor_b)]
    base = "x.actor = ? AND x.partner = ?" + (" AND x.role = 'source'" if directed else "")
    where, params = _filters("x", (), statuses)
    main, main_params, coarse, coarse_params = _dates("x", date_from, date_to)
    if main:
        where.append(f"(({main}) OR ({coarse}))" if coarse else main)
        params += main_params + coarse_params
    cond = " AND ".join([base, *where])
    table: dict[str, Period] = {}
    unplaced = 0
    for key, quad, n, total in conn.execute(
            f"SELECT substr(x.date, 1, 7), x.quad, count(*), total(x.intensity) FROM event_actors x WHERE {cond} "
            "GROUP BY 1, 2", [*sides, *params]):
        p = period_of(key, by)
        if p is None:
            unplaced += n
            continue
        row = table.setdefault(p, Period(p))
        row.n += n
        row.counts[quad] = row.counts.get(quad, 0) + n
        row.sum_intensity += total
    periods: list[Period] = []
    if table:
        p, last = min(table), max(table)
        while True:
            periods.append(table.get(p) or Period(p))
            if p == last:
                break
            p = _next_period(p, by)
    for prev, cur in itertools.pairwise(periods):
        cur.change = cur.sum_intensity - prev.sum_intensity
    ranked = sorted((p for p in periods if p.change), key=lambda p: (-abs(p.change or 0), p.period))
    for rank, p in enumerate(ranked[:turning], start=1):
        p.turning = rank
        i = periods.index(p)
        _drivers(conn, p, periods[i - 1], by, cond, [*sides, *params], drivers)
    return DyadIndex(actor_a, actor_b, directed, by, statuses, periods, unplaced)


def _drivers(conn: sqlite3.Connection, p: Period, prev: Period, by: str, cond: str, params: list, k: int) -> None:
    """The events behind a change: the period's events pulling the same way, the strongest first;
    for a fall-off with nothing pulling that way, the previous period's events that stopped."""
    rising = (p.change or 0) > 0
    for period, sign in ((p, ">" if rising else "<"), (prev, "<" if rising else ">")):
        lo, hi = _period_range(period.period, by)
        ids = [r[0] for r in conn.execute(
            f"SELECT x.event_id FROM event_actors x JOIN events e ON e.id = x.event_id WHERE {cond} "
            f"AND x.date >= ? AND x.date <= ? AND x.intensity {sign} 0 "
            "ORDER BY abs(x.intensity) DESC, e.n_documents DESC, x.date, x.event_id LIMIT ?", [*params, lo, hi, k])]
        if ids:
            p.drivers = events_by_id(conn, ids)
            p.drivers_from = period.period
            return


def search_rank_cap() -> int:
    """How many matching sentences a search ranks at most (kronik.search.RANK_CAP)."""
    return RANK_CAP


def ask(kb: object, question: str, *, lang: str | None = None) -> Answer:
    """Answer a question in Indonesian or English (kronik.ask: question → structured query → answer)."""
    from kronik.ask import ask as _ask

    return _ask(kb, question, lang=lang)
