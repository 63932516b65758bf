"""One actor's profile, and the actor graph of the whole knowledge base.

Takes: an open knowledge base and an actor (code or name). Gives: `Profile` (aliases, offices
with the dates they are seen, the people who act for a state, events by type per year, main
partners with counts by quad class and mean intensity) and `actor_graph()` (nodes = actor
codes, edges = dyads), which `kronik export --what graph` writes as GraphML.

Offices come from the text: a mention that found its person through a role ('Presiden
Rusia', 'Menteri Pertahanan Rusia') or a title ('Presiden Putin') names an office; it is
dated by the dates in its sentence, else by the document's date. So an office shows from
the first to the last date a text gives it to that person, not its official term.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from kronik.actors import Actor, QueryError, code_name, code_type, codes, conn_of, entity_code, resolve
from kronik.ontology import QUADS

YEAR = re.compile(r"^\d{4}")


@dataclass(slots=True)
class Office:
    office: str
    first: str | None
    last: str | None
    mentions: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class Profile:
    actor: Actor
    mentions: int
    documents: int
    n_events: int
    first: str | None
    last: str | None
    aliases: list[dict] = field(default_factory=list)  # {text, mentions, documents}
    offices: list[Office] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)  # {name, mentions, events} acting for a code
    by_year: list[dict] = field(default_factory=list)  # {period, total, types: {type: n}}
    partners: list[dict] = field(default_factory=list)  # {code, name, events, <quads>, mean_intensity}
    statuses: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"actor": self.actor.to_dict(), "mentions": self.mentions, "documents": self.documents,
                "events": self.n_events, "first": self.first, "last": self.last, "aliases": self.aliases,
                "offices": [o.to_dict() for o in self.offices], "people": self.people, "by_year": self.by_year,
                "partners": self.partners, "statuses": self.statuses}


def _marks(values: tuple | list) -> str:
    return ",".join("?" * len(values))


def actor_profile(kb: object, name: str | Actor, *, partners: int = 10, people: int = 10) -> Profile:
    """Everything the knowledge base says about one actor (a code, a state, an organisation or a person)."""
    conn = conn_of(kb)
    actor = name if isinstance(name, Actor) else resolve(conn, name)
    if actor.key is None:
        raise QueryError(f"{actor.name} is a place, not an actor that events are coded for")
    ids = actor.entity_ids
    aliases: list[dict] = []
    n_mentions = n_docs = 0
    if ids:
        aliases = [{"text": t, "mentions": n, "documents": d} for t, n, d in conn.execute(
            f"SELECT text, count(*), count(DISTINCT doc_id) FROM mentions WHERE entity_id IN ({_marks(ids)}) "
            "GROUP BY text ORDER BY 2 DESC, 1", ids)]
        n_mentions, n_docs = conn.execute(
            f"SELECT count(*), count(DISTINCT doc_id) FROM mentions WHERE entity_id IN ({_marks(ids)})", ids).fetchone()
    key = actor.key
    n_events = conn.execute("SELECT count(*) FROM event_actors WHERE actor = ?", (key,)).fetchone()[0]
    first, last = (conn.execute(f"SELECT {f}(date) FROM event_actors WHERE actor = ? AND date IS NOT NULL",
                                (key,)).fetchone()[0] for f in ("min", "max"))
    by_year: dict[str, Counter] = {}
    statuses: Counter = Counter()
    # One pass for the years and the statuses: the busiest actor of a million events has ~400,000.
    for year, etype, status, n in conn.execute(
            "SELECT CASE WHEN date GLOB '[0-9][0-9][0-9][0-9]*' THEN substr(date, 1, 4) ELSE coalesce(date, '') END, "
            "type, status, count(*) FROM event_actors WHERE actor = ? GROUP BY 1, 2, 3", (key,)):
        by_year.setdefault(year or "undated", Counter())[etype] += n
        statuses[status] += n
    return Profile(
        actor=actor, mentions=n_mentions, documents=n_docs, n_events=n_events, first=first, last=last,
        aliases=aliases, offices=_offices(conn, ids) if actor.kind == "person" else [],
        people=_people(conn, key, people) if actor.kind == "code" else [],
        by_year=[{"period": y, "total": sum(c.values()), "types": dict(c.most_common())}
                 for y, c in sorted(by_year.items(), key=lambda kv: (kv[0] == "undated", kv[0]))],
        partners=_partners(conn, actor, partners), statuses=dict(statuses.most_common()))


def _offices(conn: object, ids: tuple[str, ...]) -> list[Office]:
    if not ids:
        return []
    c = conn_of(conn)
    names = {w.lower() for (n,) in c.execute(f"SELECT DISTINCT name FROM entities WHERE id IN ({_marks(ids)})", ids)
             for w in n.split()}
    offices: dict[str, Office] = {}
    for text, doc_date, sentence_id in c.execute(
            f"SELECT m.text, d.doc_date, m.sentence_id FROM mentions m "
            f"JOIN documents d ON d.id = m.doc_id WHERE m.entity_id IN ({_marks(ids)}) AND m.how IN ('role', 'title') "
            "AND m.in_reference = 0", ids):
        # 'Presiden Putin' names the office 'Presiden': drop the person's own names.
        words = [w for w in re.findall(r"[^\s,]+", text) if w.lower().strip(".") not in names]
        label = " ".join(words).strip(" ,.")
        if not label:
            continue
        dates = [v for (v,) in c.execute(
            "SELECT value FROM timexes WHERE sentence_id = ? AND type = 'DATE' AND value GLOB '[0-9][0-9][0-9][0-9]*' "
            "ORDER BY start", (sentence_id,))] if sentence_id is not None else []
        when = dates or ([doc_date] if doc_date else [])
        office = offices.setdefault(label.lower(), Office(label, None, None, 0))
        office.mentions += 1
        for d in when:
            office.first = d if office.first is None or d < office.first else office.first
            office.last = d if office.last is None or d > office.last else office.last
    return sorted(offices.values(), key=lambda o: (o.first or "~", -o.mentions, o.office))


def _people(conn: object, code: str, k: int) -> list[dict]:
    c = conn_of(conn)
    out = []
    for name, n in c.execute(
            "SELECT e.name, coalesce(sum(a.mentions), 0) FROM entities e LEFT JOIN aliases a ON a.entity_id = e.id "
            "WHERE e.type = 'PER' AND e.country = ? GROUP BY e.name ORDER BY 2 DESC, 1 LIMIT ?", (code, k)):
        events = c.execute("SELECT count(*) FROM event_actors WHERE actor = ?", (name,)).fetchone()[0]
        out.append({"name": name, "mentions": n, "events": events})
    return out


def _partners(conn: object, actor: Actor, k: int) -> list[dict]:
    c = conn_of(conn)
    quads = ", ".join(f"sum(x.quad = '{q}')" for q in QUADS)
    if actor.kind == "person":
        # A person's events are those that name them; the partner is the side that is not their state.
        sql = (f"SELECT CASE WHEN e.source IS ? THEN e.target ELSE e.source END AS partner, {quads}, "
               "total(x.intensity) FROM event_actors x JOIN events e ON e.id = x.event_id WHERE x.actor = ? "
               "GROUP BY 1")
        params: tuple = (actor.code, actor.key)
    else:
        # Grouped by partner alone, in the order of the dyad index: no sorting of the actor's rows.
        sql = (f"SELECT x.partner, {quads}, total(x.intensity) FROM event_actors x WHERE x.actor = ? "
               "AND x.partner IS NOT NULL GROUP BY x.partner")
        params = (actor.key,)
    rows = []
    for partner, *counts, total in c.execute(sql, params):
        n = sum(counts)
        if partner is None or not n:
            continue
        rows.append({"code": partner, "name": code_name(c, partner), "events": n,
                     **dict(zip(QUADS, counts, strict=True)), "mean_intensity": round(total / n, 3)})
    return sorted(rows, key=lambda r: (-r["events"], r["code"]))[:k]


def actor_graph(kb: object, *, statuses: tuple[str, ...] = ("asserted",)) -> tuple[list[dict], list[dict]]:
    """Nodes: every actor code events use or an entity acts as, with its name, type and the
    mentions of its own entities (the state or organisation, not its people). Edges: one per
    unordered pair of codes with events between them, with the events by quad class, the
    mean intensity and how many went each way. Counts asserted events unless told otherwise."""
    c = conn_of(kb)
    mentions = dict(c.execute("SELECT entity_id, sum(mentions) FROM aliases GROUP BY entity_id").fetchall())
    nodes: dict[str, dict] = {}
    for eid, name, etype, country in c.execute("SELECT id, name, type, country FROM entities"):
        code = entity_code(etype, name, country)
        if code is None or etype not in ("GPE", "ORG"):
            continue
        node = nodes.setdefault(code, {"code": code, "name": code_name(c, code), "type": etype, "mentions": 0,
                                       "events": 0})
        node["mentions"] += mentions.get(eid, 0)
    status_sql = f" AND status IN ({_marks(statuses)})" if statuses else ""
    for code, n in c.execute(
            f"SELECT actor, count(*) FROM event_actors WHERE role IN ('source', 'target'){status_sql} GROUP BY actor",
            statuses):
        info = codes().get(code)
        node = nodes.setdefault(code, {"code": code, "name": code_name(c, code),
                                       "type": info.type if info else code_type(code), "mentions": 0,
                                       "events": 0})
        node["events"] = n
    edges: dict[tuple[str, str], dict] = {}
    # Each event between two codes has one row whose actor sorts before its partner.
    for a, b, quad, n, total, forward in c.execute(
            "SELECT actor, partner, quad, count(*), total(intensity), sum(role = 'source') FROM event_actors "
            f"WHERE partner IS NOT NULL AND actor < partner{status_sql} GROUP BY actor, partner, quad", statuses):
        edge = edges.setdefault((a, b), {"source": a, "target": b, "events": 0, **dict.fromkeys(QUADS, 0),
                                         "sum_intensity": 0.0, "a_to_b": 0, "b_to_a": 0})
        edge["events"] += n
        edge[quad] += n
        edge["sum_intensity"] += total
        edge["a_to_b"] += forward
        edge["b_to_a"] += n - forward
    out_edges = []
    for edge in sorted(edges.values(), key=lambda e: (-e["events"], e["source"], e["target"])):
        edge["mean_intensity"] = round(edge.pop("sum_intensity") / edge["events"], 3)
        out_edges.append(edge)
    return sorted(nodes.values(), key=lambda n: (-n["events"], n["code"])), out_edges
