"""The exploring commands: timeline, actors, actor, dyad, show, search, ask.

Takes: the command line. Gives: the answer on stdout as a table (rich on a terminal, aligned
text in a pipe), a JSON list (`--format json`) or CSV (`--format csv`); exit code 2 with one
line on stderr when the question cannot be asked (unknown actor, bad date, no knowledge
base). Each command parses its options, calls kronik.query and prints: no SQL here.
Registered on `kronik.cli.main` by the import at the end of cli.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kronik import query
from kronik.cli import db_option, handle_errors, main
from kronik.errors import StoreError
from kronik.ontology import QUADS
from kronik.render import FORMATS, Printer, short
from kronik.store import KnowledgeBase, writer_lock

QUAD_HEADERS = {"verbal-coop": "v-coop", "material-coop": "m-coop", "verbal-conflict": "v-confl",
                "material-conflict": "m-confl"}


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """The `--format table|json|csv` option every exploring command shares."""
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="table: readable (rich on a terminal); json: a JSON list; csv: a header and rows.")(func)


def open_kb(db: Path) -> KnowledgeBase:
    """Open read-only; a knowledge base of an older schema is upgraded first, and the aliases of
    documents a killed build left uncounted are counted (when no build is running: a running one
    counts its own at its end), so the exploring commands work on any built file."""
    try:
        kb = KnowledgeBase(db, readonly=True)
    except StoreError as exc:
        if "out of date" not in str(exc):
            raise
        KnowledgeBase(db).close()
        kb = KnowledgeBase(db, readonly=True)
    if not kb.aliases_behind():
        return kb
    kb.close()
    try:
        with writer_lock(db), KnowledgeBase(db) as writer:
            writer.count_aliases()
    except StoreError:
        pass  # a build is writing (it counts at its end), or the file cannot be written: read as it is
    return KnowledgeBase(db, readonly=True)


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v.strip()]


def _sides(e: query.EventRow) -> str:
    arrow = "↔" if e.symmetric else "→"
    text = f"{e.source or '?'} {arrow} {e.target}" if e.target else (e.source or "?")
    return f"{text} ({', '.join(e.actors)})" if e.actors else text


def _count(n: int, one: str, many: str | None = None) -> str:
    """'1 document', '2 documents'."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def _event_flat(e: query.EventRow) -> dict:
    q = e.quote
    return {"event_id": e.id, "date": e.date, "type": e.type, "mode": e.mode, "quad": e.quad, "source": e.source,
            "target": e.target, "status": e.status, "actors": "; ".join(e.actors), "n_documents": e.n_documents,
            "n_evidence": e.n_evidence, "intensity": e.intensity, "evidence": q.text if q else None,
            "document": q.document if q else None, "start": q.start if q else None, "end": q.end if q else None}


EVENT_CSV = ("event_id", "date", "type", "mode", "quad", "source", "target", "status", "actors", "n_documents",
             "n_evidence", "intensity", "evidence", "document", "start", "end")


def _event_table(out: Printer, events: list[query.EventRow], title: str | None = None) -> None:
    rows = [{"id": e.id, "date": e.date or "undated", "what": f"{e.type}/{e.mode}" if e.mode else e.type,
             "who": _sides(e), "status": e.status, "docs": e.n_documents,
             "evidence": f"“{short(e.quote.text, 80)}” — {e.quote.document}" if e.quote else None} for e in events]
    out.table([("id", "id"), ("date", "date"), ("what", "event"), ("who", "actors"), ("status", "status"),
               ("docs", "docs"), ("evidence", "evidence")], rows, widths={"who": 40}, title=title)


@main.command("timeline")
@click.option("--actor", help="Only events of this actor: a code (RUS) or a name (Putin, Korea Utara).")
@click.option("--dyad", help="Only events between two actors, either way: RUS-PRK (RUS>PRK: one way).")
@click.option("--type", "types", help="Event types, comma-separated: AID,CONSULT.")
@click.option("--status", "statuses", help="Statuses, comma-separated: asserted,alleged (default: all).")
@click.option("--from", "date_from", help="From this date on (2022, 2022-03, 2022-03-01).")
@click.option("--to", "date_to", help="Up to this date (2024, 2024-06, 2024-06-18).")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=0),
              help="At most this many events (0: all).")
@db_option
@format_option
@handle_errors
def timeline_cmd(actor: str | None, dyad: str | None, types: str | None, statuses: str | None,
                 date_from: str | None, date_to: str | None, limit: int, db: Path, fmt: str) -> None:
    """Events in date order: date, type, actors, status, how many documents report it
    (corroboration), and a short quote of the evidence with its document."""
    with open_kb(db) as kb:
        events = query.timeline(kb, actor=actor, dyad=dyad, types=_split(types), statuses=_split(statuses),
                                date_from=date_from, date_to=date_to, limit=limit + 1 if limit else 0)
    more = bool(limit) and len(events) > limit
    events = events[:limit] if limit else events
    out = Printer(fmt)
    if fmt == "json":
        out.json([e.to_dict() for e in events])
    elif fmt == "csv":
        out.csv(EVENT_CSV, [_event_flat(e) for e in events])
    elif not events:
        out.line("No events.")
    else:
        _event_table(out, events)
    if more:
        click.echo(f"kronik: showing the first {limit} events; --limit 0 shows all", err=True)


@main.command("actors")
@click.option("--type", "types", help="Actor types, comma-separated: PER, GPE, ORG (LOC lists places).")
@db_option
@format_option
@handle_errors
def actors_cmd(types: str | None, db: Path, fmt: str) -> None:
    """Actors (states and organisations by code, people by name) with mention and event counts."""
    with open_kb(db) as kb:
        rows = query.actor_list(kb, types=tuple(t.upper() for t in _split(types)) or query.ACTOR_TYPES)
    out = Printer(fmt)
    cols = ("code", "name", "type", "mentions", "events")
    if fmt == "json":
        out.json([r.to_dict() for r in rows])
    elif fmt == "csv":
        out.csv(cols, [r.to_dict() for r in rows])
    elif not rows:
        out.line("No actors.")
    else:
        out.table([(c, c) for c in cols], [r.to_dict() for r in rows])


@main.command("actor")
@click.argument("name")
@db_option
@format_option
@handle_errors
def actor_cmd(name: str, db: Path, fmt: str) -> None:
    """One actor's profile: aliases, offices with the dates they are seen, events by type over
    the years, and main partners. NAME is a code (RUS), a name (Putin) or an alias (Korea Utara)."""
    with open_kb(db) as kb:
        p = query.actor_profile(kb, name)
    out = Printer(fmt)
    if fmt == "json":
        out.json([p.to_dict()])
        return
    if fmt == "csv":
        rows = [{"section": "alias", "key": a["text"], "count": a["mentions"], "detail": f"{a['documents']} documents"}
                for a in p.aliases]
        rows += [{"section": "office", "key": o.office, "first": o.first, "last": o.last, "count": o.mentions}
                 for o in p.offices]
        rows += [{"section": "person", "key": x["name"], "count": x["mentions"], "detail": f"{x['events']} events"}
                 for x in p.people]
        rows += [{"section": "events", "key": y["period"], "label": t, "count": n}
                 for y in p.by_year for t, n in y["types"].items()]
        rows += [{"section": "partner", "key": x["code"], "label": x["name"], "count": x["events"],
                  "detail": "; ".join(f"{q}={x[q]}" for q in QUADS) + f"; mean_intensity={x['mean_intensity']}"}
                 for x in p.partners]
        out.csv(("section", "key", "label", "first", "last", "count", "detail"), rows)
        return
    a = p.actor
    kind = {"person": f"person, acts for {a.code or '—'}", "code": f"{a.type}, code {a.code}"}.get(a.kind, a.kind)
    out.line(f"{a.name} ({kind})")
    out.line(f"{_count(p.mentions, 'mention')} in {_count(p.documents, 'document')}; {_count(p.n_events, 'event')}"
             + (f", {p.first} … {p.last}" if p.first else ""))
    if p.aliases:
        out.table([("text", "alias"), ("mentions", "mentions"), ("documents", "documents")], p.aliases,
                  title="Aliases")
    if p.offices:
        out.table([("office", "office"), ("first", "from"), ("last", "to"), ("mentions", "mentions")],
                  [o.to_dict() for o in p.offices], title="Offices")
    if p.people:
        out.table([("name", "person"), ("mentions", "mentions"), ("events", "events")], p.people, title="People")
    if p.by_year:
        out.table([("period", "year"), ("total", "events"), ("types", "by type")],
                  [{**y, "types": ", ".join(f"{t} {n}" for t, n in y["types"].items())} for y in p.by_year],
                  title="Events by year")
    if p.partners:
        out.table([("code", "code"), ("name", "partner"), ("events", "events"),
                   *[(q, QUAD_HEADERS[q]) for q in QUADS], ("mean_intensity", "mean intensity")], p.partners,
                  title="Main partners")


@main.command("dyad")
@click.argument("a")
@click.argument("b")
@click.option("--by", type=click.Choice(query.PERIODS), default="year", show_default=True, help="Period.")
@click.option("--status", "statuses", default="asserted", show_default=True,
              help="Statuses counted, comma-separated, or 'all'.")
@click.option("--from", "date_from", help="From this date on.")
@click.option("--to", "date_to", help="Up to this date.")
@click.option("--turning", default=3, show_default=True, help="How many turning points to show.")
@click.option("--one-way", is_flag=True, help="Only events from A to B.")
@db_option
@format_option
@handle_errors
def dyad_cmd(a: str, b: str, by: str, statuses: str, date_from: str | None, date_to: str | None, turning: int,
             one_way: bool, db: Path, fmt: str) -> None:
    """The relationship index between A and B per period: events by quad class, the sum and
    mean intensity (cooperation positive, conflict negative), and the turning points (the
    largest changes from one period to the next) with the events that drive them."""
    with open_kb(db) as kb:
        d = query.dyad_index(kb, a, b, by=by, statuses=_split(statuses), date_from=date_from, date_to=date_to,
                             turning=turning, directed=one_way)
    out = Printer(fmt)
    if fmt == "json":
        out.json([p.to_dict() for p in d.periods])
        return
    flat = [{**p.to_dict(), "drivers": ";".join(str(e.id) for e in p.drivers)} for p in d.periods]
    if fmt == "csv":
        out.csv(("period", "n", *QUADS, "sum_intensity", "mean_intensity", "change", "turning", "drivers"), flat)
        return
    arrow = "→" if d.directed else "↔"
    counted = ", ".join(d.statuses) if d.statuses else "all"
    out.line(f"{d.a.name} {arrow} {d.b.name}, by {by} ({counted} events)")
    if not d.periods:
        out.line("No events between them.")
        return
    out.table([("period", by), ("n", "events"), *[(q, QUAD_HEADERS[q]) for q in QUADS],
               ("sum_intensity", "sum"), ("mean_intensity", "mean"), ("change", "change"), ("turning", "turn")],
              flat)
    if d.unplaced:
        many = d.unplaced != 1
        out.line(f"\n{d.unplaced} event{'s' if many else ''} {'have' if many else 'has'} no date precise enough "
                 f"for a {by} and {'are' if many else 'is'} not counted above.")
    for p in d.turning_points:
        before = p.sum_intensity - (p.change or 0)
        out.title(f"Turning point {p.turning}: {p.period}, {p.change or 0:+.1f} "
                  f"(from {before:.1f} to {p.sum_intensity:.1f})")
        if p.drivers_from and p.drivers_from != p.period:
            out.line(f"nothing pulls that way in {p.period}: what stopped after {p.drivers_from}")
        _event_table(out, p.drivers)


@main.command("show")
@click.argument("event_id", type=int)
@db_option
@format_option
@handle_errors
def show_cmd(event_id: int, db: Path, fmt: str) -> None:
    """Everything about one event: its evidence sentences with their documents and offsets,
    the rule that coded each, and where the sources disagree."""
    with open_kb(db) as kb:
        d = query.event_detail(kb, event_id)
    out = Printer(fmt)
    e = d.event
    if fmt == "json":
        out.json([d.to_dict()])
        return
    rows = [{**_event_flat(e), "evidence": q.text, "document": q.document, "start": q.start, "end": q.end,
             "sentence": q.sentence, "evidence_status": q.status, "evidence_date": q.date, "rule": q.rule}
            for q in d.evidence]
    if fmt == "csv":
        out.csv((*EVENT_CSV, "sentence", "evidence_status", "evidence_date", "rule"), rows)
        return
    out.line(f"Event {e.id}: {e.type}{'/' + e.mode if e.mode else ''} ({e.quad}), {_sides(e)}")
    out.line(f"date {e.date or 'none given'}; status {e.status}; intensity {e.intensity}; "
             f"{_count(e.n_evidence, 'piece', 'pieces')} of evidence in {_count(e.n_documents, 'document')}")
    out.table([("document", "document"), ("sentence", "sentence"), ("span", "offsets"), ("status", "status"),
               ("date", "date"), ("rule", "rule"), ("noted", "noted"), ("text", "evidence")],
              [{**q.to_dict(), "span": f"{q.start}-{q.end}", "noted": _noted(q.notes)} for q in d.evidence],
              widths={"text": 100}, title="Evidence")
    if d.conflicts:
        out.title("Conflicts between sources")
        for c in d.conflicts:
            out.line(f"- {c}")


def _noted(notes: list[dict]) -> str:
    """What the coder noticed about one piece of evidence, in a few words: the cue of its status,
    a target taken from the document's pair, a name written wrong."""
    said = {"status-cue": lambda n: f"cue '{n.get('text')}'", "target-inferred": lambda n: "target inferred",
            "name-mismatch": lambda n: f"'{n.get('text')}' is {n.get('name')}"}
    return "; ".join(said[n["kind"]](n) for n in notes if n.get("kind") in said)


@main.command("search")
@click.argument("text")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0),
              help="At most this many sentences (0: all).")
@click.option("--any", "any_word", is_flag=True, help="Sentences with any of the words (default: all).")
@click.option("--lang", type=click.Choice(["id", "en"]), help="Only documents in this language.")
@db_option
@format_option
@handle_errors
def search_cmd(text: str, limit: int, any_word: bool, lang: str | None, db: Path, fmt: str) -> None:
    """Full-text search over the sentences, best first (BM25), with Indonesian and English
    stems ('sanksi' finds 'menyanksi' and 'disanksi'); matched words are marked «like this».
    A word ending in * matches as a prefix."""
    with open_kb(db) as kb:
        hits = query.search(kb, text, limit=limit, any_word=any_word, lang=lang)
    out = Printer(fmt)
    rows = [{**h.to_dict(), "rank": i} for i, h in enumerate(hits, start=1)]
    if fmt == "json":
        out.json(rows)
    elif fmt == "csv":
        out.csv(("rank", "score", "document", "sentence", "start", "end", "snippet", "text"), rows)
    elif not hits:
        out.line("No sentences match.")
    else:
        # The snippet is already cut around its first match (search.make_snippet); cutting it
        # again here would split a marked word ('«san…').
        out.table([("rank", "#"), ("document", "document"), ("sentence", "sentence"), ("snippet", "text")], rows)
    if hits.capped:
        click.echo(f"kronik: {hits.total:,} sentences match; ranked among the {query.search_rank_cap():,} most "
                   "recently added (more words narrow it)", err=True)


@main.command("ask")
@click.argument("question")
@click.option("--lang", type=click.Choice(["id", "en"]), help="The question's language (default: detected).")
@db_option
@format_option
@handle_errors
def ask_cmd(question: str, lang: str | None, db: Path, fmt: str) -> None:
    """Answer a question in Indonesian or English from the events, or else from the sentence that
    answers it best, with the evidence and its source ('Kapan Putin mengunjungi Pyongyang?',
    'When did Kim Jong Un visit Russia?', 'Berapa panjang perbatasan …?'). Understands
    when/kapan, who/siapa, what/apa, where/di mana, how many times/berapa kali, how many/berapa
    and yes/no questions; says so when the knowledge base has no answer."""
    with open_kb(db) as kb:
        a = query.ask(kb, question, lang=lang)
    out = Printer(fmt)
    if fmt == "json":
        out.json([a.to_dict()])
        return
    evidence = [{"answer": a.text, "answered": a.answered, "event_id": e.id, "date": e.date,
                 "document": e.quote.document if e.quote else None, "evidence": e.quote.text if e.quote else None,
                 "start": e.quote.start if e.quote else None, "end": e.quote.end if e.quote else None}
                for e in a.events]
    evidence += [{"answer": a.text, "answered": a.answered, "document": h.document, "evidence": h.text,
                  "start": h.start, "end": h.end} for h in a.hits]
    if fmt == "csv":
        out.csv(("answer", "answered", "event_id", "date", "document", "evidence", "start", "end"),
                evidence or [{"answer": a.text, "answered": a.answered}])
        return
    out.line(a.text)
    if a.reason and not a.answered:
        out.line(f"({a.reason})")
    if a.events:
        out.title("Evidence")
        for e in a.events:
            q = e.quote
            out.line(f"- [{e.id}] {e.date or 'undated'} {e.type} {_sides(e)} {e.status}, "
                     f"{e.n_documents} document(s)")
            if q:
                out.line(f"  “{short(q.text, 200)}” — {q.document} [{q.start}-{q.end}]")
    elif a.hits:
        out.title("Sentences")
        for h in a.hits:
            out.line(f"- “{h.snippet}” — {h.document} [{h.start}-{h.end}]")
