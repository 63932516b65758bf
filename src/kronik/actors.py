"""Actors as the exploring commands see them: names resolved to codes and people, and listed.

Takes: an open knowledge base (its `entities`, `mentions` and `event_actors` tables) and a
name as a person types it: a code ('RUS'), a canonical name ('North Korea'), any text an
entity was mentioned by ('Korea Utara', 'Pyongyang', 'Putin'), or a surname. Gives: `Actor`,
which says what to look for in `event_actors` (a code, or a person's canonical name), and
`actor_list()` with mention and event counts.

States and organisations are grouped by the code they act for (Russia, Moskow and the
Kremlin are all RUS); people stay people (Putin acts for RUS, but the events that name him
are his). An organisation's entity carries no country, so its code comes from its canonical
name in data/actor_codes.yaml ('United Nations Security Council' → UNSC).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from functools import cache

from kronik import langdata
from kronik.errors import DataError, KronikError
from kronik.gazetteer import organisation_codes

ACTOR_TYPES = ("PER", "GPE", "ORG")


class QueryError(KronikError):
    """A query cannot be answered as asked (unknown actor, bad date, unknown event type …)."""

    code = "query"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    type: str
    names: dict[str, str]  # language → display name


@cache
def codes() -> dict[str, CodeInfo]:
    """data/actor_codes.yaml, checked: every code has a type and an English name."""
    where = "data/actor_codes.yaml"
    raw = langdata.require(langdata.load("actor_codes"), "codes", dict, where)
    out: dict[str, CodeInfo] = {}
    for code, spec in raw.items():
        names = langdata.require(spec, "name", dict, f"{where}: {code}")
        kind = langdata.require(spec, "type", str, f"{where}: {code}")
        if kind not in ("GPE", "ORG") or "en" not in names:
            raise DataError(f"{code}: needs type GPE or ORG and an English name", path=where)
        out[str(code)] = CodeInfo(str(code), kind, {str(k): str(v) for k, v in names.items()})
    return out


@cache
def _code_by_name() -> dict[str, str]:
    """Canonical English name (lower case) → code, for organisations' entities: the names of
    data/actor_codes.yaml and of the organisations in gazetteer/codes.yaml."""
    by_name = {name.lower(): code for code, name in organisation_codes().items()}
    return by_name | {info.names["en"].lower(): code for code, info in codes().items()}


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor as `event_actors.actor` holds it: `key` is a code, or a person's canonical name."""

    key: str | None
    kind: str  # code, person, place
    name: str  # display name
    code: str | None  # the code it acts for
    type: str | None  # PER, GPE, ORG, LOC
    entity_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"key": self.key, "kind": self.kind, "name": self.name, "code": self.code, "type": self.type,
                "entity_ids": list(self.entity_ids)}


def conn_of(kb: object) -> sqlite3.Connection:
    """Accept a KnowledgeBase or a plain sqlite3 connection."""
    return kb if isinstance(kb, sqlite3.Connection) else kb.conn  # type: ignore[attr-defined]


def entity_code(etype: str, name: str, country: str | None) -> str | None:
    """The code a state or an organisation acts as (None for people and places)."""
    if etype == "ORG":
        return _code_by_name().get(name.lower()) or country
    if etype == "GPE":
        return country
    return None


def code_name(conn: sqlite3.Connection, code: str | None, lang: str = "en") -> str:
    """A readable name for a code: the data file's name in `lang`, else the main entity's."""
    if code is None:
        return "—"
    info = codes().get(code)
    if info is not None:
        return info.names.get(lang) or info.names["en"]
    if code in organisation_codes():
        return organisation_codes()[code]
    row = conn.execute(
        "SELECT e.name FROM entities e WHERE e.country = ? AND e.type IN ('GPE', 'ORG') "
        "ORDER BY (SELECT sum(a.mentions) FROM aliases a WHERE a.entity_id = e.id) DESC LIMIT 1", (code,)).fetchone()
    return row[0] if row else code


def is_code(conn: sqlite3.Connection, text: str) -> bool:
    if text in codes():
        return True
    return (conn.execute("SELECT 1 FROM event_actors WHERE actor = ? LIMIT 1", (text,)).fetchone() is not None
            or conn.execute("SELECT 1 FROM entities WHERE country = ? LIMIT 1", (text,)).fetchone() is not None)


def code_actor(conn: sqlite3.Connection, code: str) -> Actor:
    info = codes().get(code)
    ids = tuple(r[0] for r in conn.execute(
        "SELECT id FROM entities WHERE type IN ('GPE', 'ORG') AND (country = ? OR name = ?)",
        (code, info.names["en"] if info else code)))
    etype = info.type if info else code_type(code)
    return Actor(code, "code", code_name(conn, code), code, etype, ids)


def code_type(code: str) -> str:
    """GPE or ORG for a code data/actor_codes.yaml does not list ('WTO' is a body)."""
    return "ORG" if code in organisation_codes() or len(code) != 3 else "GPE"


def _entity_actor(conn: sqlite3.Connection, entity_id: str) -> Actor | None:
    row = conn.execute("SELECT id, name, type, country FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return None
    eid, name, etype, country = row
    if etype == "PER":
        ids = tuple(r[0] for r in conn.execute("SELECT id FROM entities WHERE type = 'PER' AND name = ?", (name,)))
        return Actor(name, "person", name, country, "PER", ids)
    code = entity_code(etype, name, country)
    if code is not None and etype in ("GPE", "ORG"):
        return code_actor(conn, code)
    return Actor(None, "place", name, country, etype, (eid,))


def lookup(conn: sqlite3.Connection, text: str, *, exact_case: bool = False) -> list[Actor]:
    """Every actor `text` may name, the most mentioned first; [] when it names none.

    Tried in order: a code; an entity's canonical name; a text an entity was mentioned by;
    a display name in data/actor_codes.yaml; the end of a longer name ('Security Council');
    a person's surname or given name. Short texts
    (three letters or fewer: 'AS', 'PBB', 'UN') must match in case, so the English word
    'as' is not the United States.
    """
    return [a for a, _ in _lookup(conn, text, exact_case)[0]]


def _lookup(conn: sqlite3.Connection, text: str, exact_case: bool) -> tuple[list[tuple[Actor, int]], str]:
    text = " ".join(text.split())
    if not text:
        return [], "none"
    strict = exact_case or len(text) <= 3
    cand = text if strict else text.upper()
    if cand.isupper() and len(cand) <= 5 and is_code(conn, cand):
        return [(code_actor(conn, cand), 1)], "code"
    collate = "" if strict else " COLLATE NOCASE"
    found: dict[str, int] = {}
    for (eid,) in conn.execute(f"SELECT id FROM entities WHERE name = ?{collate}", (text,)):
        found[eid] = found.get(eid, 0) + 1_000_000  # the canonical name wins over any alias
    exact = " AND text = ?" if strict else ""  # found by the index whatever the case, then kept as written
    for eid, n in conn.execute(
            f"SELECT entity_id, sum(mentions) FROM aliases WHERE text = ? COLLATE NOCASE{exact} GROUP BY entity_id",
            (text, text) if strict else (text,)):
        found[eid] = found.get(eid, 0) + n
    if found:
        return _group(conn, found), "name"
    low = text.lower()
    for code, info in codes().items():
        if any((v == text) if strict else (v.lower() == low) for v in info.names.values()):
            return [(code_actor(conn, code), 1)], "code-name"
    if strict and not (len(text) == 3 and text.istitle()):  # 'Kim' may be a part of a name; 'as' is not
        return [], "none"
    if " " in text:  # the end of a longer name: 'Security Council', 'Jong Un'
        for eid, n in conn.execute(
                "SELECT e.id, (SELECT coalesce(sum(a.mentions), 0) FROM aliases a WHERE a.entity_id = e.id) "
                "FROM entities e WHERE e.name LIKE '% ' || ? AND e.type IN ('PER', 'GPE', 'ORG')", (text,)):
            found[eid] = n
        return _group(conn, found), "part"
    # One of a person's names: 'Putin', 'Shoigu', 'Kim'.
    for eid, n in conn.execute(
            "SELECT e.id, (SELECT coalesce(sum(a.mentions), 0) FROM aliases a WHERE a.entity_id = e.id) "
            "FROM entities e WHERE e.type = 'PER' AND ' ' || e.name || ' ' LIKE '% ' || ? || ' %'", (text,)):
        found[eid] = n
    return _group(conn, found), "part"


def _group(conn: sqlite3.Connection, found: dict[str, int]) -> list[tuple[Actor, int]]:
    """Entities → actors (Russia and Moskow are both RUS), their counts added, best first."""
    actors: dict[tuple, tuple[Actor, int]] = {}
    for eid, n in found.items():
        actor = _entity_actor(conn, eid)
        if actor is not None:
            key = (actor.kind, actor.key or actor.name)
            prev = actors.get(key)
            actors[key] = (actor, n + (prev[1] if prev else 0))
    return sorted(actors.values(), key=lambda an: -an[1])


def resolve(conn: sqlite3.Connection, text: str) -> Actor:
    """The one actor `text` names; a QueryError when it names none, or names several people by
    a part of their names ('Kim') without one being clearly the most mentioned."""
    found, how = _lookup(conn, text, False)
    if not found:
        raise QueryError(f"no actor called '{text}' in the knowledge base (try 'kronik actors')")
    if how == "part" and len(found) > 1 and not (found[0][1] > found[1][1] and found[0][1] >= 2 * found[1][1]):
        names = ", ".join(a.name for a, _ in found)
        raise QueryError(f"'{text}' may be {names}; say which")
    return found[0][0]


@dataclass(slots=True)
class ActorSummary:
    key: str
    code: str | None
    name: str
    type: str
    mentions: int
    events: int
    entity_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "type": self.type, "mentions": self.mentions,
                "events": self.events, "key": self.key, "entity_ids": self.entity_ids}


def actor_list(kb: object, *, types: tuple[str, ...] = ACTOR_TYPES) -> list[ActorSummary]:
    """Actors with their mention and event counts, the most active first.

    One row per code for states and organisations (all their entities' mentions together),
    one per person (events that name them), one per place when LOC is asked for. Codes that
    events use but no entity stands for (a knowledge base built without the entity stage)
    are listed with the name from data/actor_codes.yaml and no mentions.
    """
    conn = conn_of(kb)
    unknown = set(types) - {"PER", "GPE", "ORG", "LOC", "WEAPON"}
    if unknown:
        raise QueryError(f"unknown actor type {', '.join(sorted(unknown))} (use PER, GPE, ORG or LOC)")
    mentions = dict(conn.execute("SELECT entity_id, sum(mentions) FROM aliases GROUP BY entity_id").fetchall())
    events = dict(conn.execute("SELECT actor, count(*) FROM event_actors GROUP BY actor").fetchall())
    groups: dict[str, list[tuple[str, str, str, str | None, int]]] = {}
    for eid, name, etype, country in conn.execute("SELECT id, name, type, country FROM entities ORDER BY id"):
        code = entity_code(etype, name, country)
        if etype == "PER":
            key = name
        elif code is not None and etype in ("GPE", "ORG"):
            key = code
        else:
            key = f"entity:{eid}"
        groups.setdefault(key, []).append((eid, name, etype, country, mentions.get(eid, 0)))
    rows: dict[str, ActorSummary] = {}
    for key, members in groups.items():
        info = codes().get(key)
        # The state's or organisation's own name ('Russia'), not its capital's, names the row.
        main = max(members, key=lambda m: (info is not None and m[1] == info.names["en"], m[4]))
        _, name, etype, country, _ = main
        place = key.startswith("entity:")
        rows[key] = ActorSummary(key, country if place or etype == "PER" else key, name, etype,
                                 sum(m[4] for m in members), 0 if place else events.get(key, 0),
                                 [m[0] for m in members])
    for key, n in events.items():  # codes and people that events name but no entity stands for
        if key not in rows:
            info = codes().get(key)
            if info is not None or key.isupper():
                rows[key] = ActorSummary(key, key, info.names["en"] if info else code_name(conn, key),
                                         info.type if info else code_type(key), 0, n)
            else:
                rows[key] = ActorSummary(key, None, key, "PER", 0, n)
    out = [r for r in rows.values() if r.type in types]
    out.sort(key=lambda r: (-r.events, -r.mentions, r.name))
    return out
