"""Questions in Indonesian or English → a structured query over events, or the text → a short,
sourced answer.

Takes: an open knowledge base and a question ('Kapan Putin mengunjungi Pyongyang?', 'When
did Kim Jong Un visit Russia?'). Gives: an `Answer`: one short sentence, the events it rests
on (each with its evidence and document), or the sentence an answer was read from, or a
plain "no answer" with the reason.

The question is read by kronik.questions (its kind, actors, action, dates, and the words no
event query uses: its extras). Then:
- a question that asks for a thing or a quantity ('Apa nama kapal …', 'Berapa panjang …',
  'What cap …'), or that names no action or no actor, is answered from the text
  (kronik.answer_text): the best-matching sentence that holds an answer of the asked kind;
- otherwise the events that fit are found: of the action's type (and mode, for an action read
  from the event coder's trigger), from and to whom the question says (a welcome the other way
  round is a visit, 'Rusia menyambut Kim'; a meeting held in the target's land too, 'met Putin
  in Russia'; a mutual act either way), within the question's dates and bounds ('sebelum …
  2024'); for a visit to a capital, 'mengunjungi Moskow', those whose evidence names it or,
  naming no other place, follows sentences that do; for an accusation of an act, 'accused North
  Korea of supplying weapons to Russia', those whose evidence codes that act too. They are
  narrowed by status — asserted, or planned when the question asks what is planned; a plan does
  not answer when something happened: 'no answer', saying that there is a plan — then by
  preference (each step kept only when something is left: the preferred modes, the people named
  or, for a leader who is not, an event that names the other person and no one of their state
  at a date they led it, the person asked about for 'who').
  When the question has extras, the events whose evidence holds most of them are kept, and the
  text answers instead when a sentence holds more of them; a capitalised word kronik does not
  know must be in the evidence. Events that do not answer what is asked (a 'where' whose
  evidence names only the question's own places) leave the question to the text;
- when no event fits, the text may stand in — not for a fully read question about a directed
  action (who did what to whom), whose roles a sentence match cannot check — and otherwise the
  answer is "no answer", with the reason: kronik does not guess.
The answer says each occasion once (dates within one another or a few days apart are one: a
two-day visit), the best-attested first for 'when', with no undated report beside dated ones
for 'when' and 'how many times'; 'how many times' counts the occasions.
A question that names only an actor ('Siapa Kim Jong Il?', 'Apa itu bandara Sunan?') gets the
sentences that hold all its words; one that names a person only by an office the knowledge base
links to them ('Siapa Menteri Pertahanan Rusia?') gets that person.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from kronik import answer_text, gazetteer, text_match
from kronik.actors import code_name, conn_of
from kronik.query import EventRow, timeline, with_quotes
from kronik.questions import (
    KINDS,
    Found,
    Language,
    Parsed,
    date_bounds,
    detect_language,
    language,
    parse,
)
from kronik.search import Hit, search
from kronik.stages.actor_roles import holder
from kronik.stages.merge import NEAR_DAYS, _day, dates_compatible

__all__ = ["KINDS", "Answer", "ask", "detect_language", "format_date", "language", "parse"]

MAX_CANDIDATES = 5000
EXTRAS = 0.5  # the share of a question's extra words its evidence must hold (answer_text's gate for words)


# -- answering ---------------------------------------------------------------------------

@dataclass(slots=True)
class Answer:
    question: str
    lang: str
    kind: str
    answered: bool
    via: str  # events, text, none
    text: str
    events: list[EventRow] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)  # ISO dates of the events (or of the sentence found)
    names: list[str] = field(default_factory=list)  # who, for a 'who' question
    places: list[str] = field(default_factory=list)  # where, for a 'where' question
    count: int | None = None  # how many times, for a 'how many' question
    understood: dict = field(default_factory=dict)
    reason: str | None = None
    value: str | None = None  # the answer as the sentence words it, for an answer read from the text

    def to_dict(self) -> dict:
        return {"question": self.question, "lang": self.lang, "kind": self.kind, "answered": self.answered,
                "via": self.via, "answer": self.text, "value": self.value, "dates": self.dates, "names": self.names,
                "places": self.places, "count": self.count, "understood": self.understood, "reason": self.reason,
                "events": [e.to_dict() for e in self.events], "hits": [h.to_dict() for h in self.hits]}


def ask(kb: object, question: str, *, lang: str | None = None) -> Answer:
    """Answer `question` from the knowledge base, or say that it has no answer (the module's docstring)."""
    conn = conn_of(kb)
    p = parse(conn, question, lang)
    lg = language(p.lang)
    if p.kind == "quantity" or (p.kind == "what" and p.noun):
        return _from_text(conn, p, lg)
    if p.action is None or not (p.actors or p.places or p.dates):
        return _from_text(conn, p, lg)
    rows, narrowed = _candidates(conn, p)
    events = _preferred(conn, p, _by_status(p, rows))
    extras = p.extras
    best, dropped = 0.0, narrowed and not rows
    if events and extras:
        covered = {e.id: text_match.cover(conn, p, _evidence_sentences(conn, e.id)) for e in events}
        # A name kronik does not know must be in the evidence; the evidence that holds most of the
        # other extra words wins (evidence only in another language counts as holding half).
        events = [e for e in events if covered[e.id][1]]
        # the question's places, which every candidate's evidence names, count as words it holds
        n, k = len(extras), len(p.places)
        share = {i: EXTRAS if c is None else (c * n + k) / (n + k) for i, (c, _) in covered.items()}
        best = max((share[e.id] for e in events), default=0.0)
        events = [e for e in events if share[e.id] == best] if best >= EXTRAS else []
        dropped = dropped or not events
    if events:
        a = _compose(conn, p, lg, events)
        if a.answered and _answers(p, a):
            if not extras:
                return a
            # A sentence wins over events when it holds more of the extra words and the action too.
            t = _text_answer(conn, p, lg)
            return t if t is not None and t.understood.get("holds_action") and _extras_of(t) > best else a
    if extras or p.unknown or not _directed(p):  # the text can stand in (module's docstring)
        t = _text_answer(conn, p, lg, strict=not (extras or p.unknown))
        # ... holding as much of the extra words as evidence must, when events were left for lacking
        # them or for not naming the question's places
        if t is not None and (not dropped or _extras_of(t) >= EXTRAS):
            return t
    if p.unknown:
        return _no_answer(conn, p, lg, "no event fits, and no sentence answers")
    planned = _preferred(conn, p, [e for e in rows if e.status == "planned"])
    if planned and not p.planned and p.kind != "yesno" and p.action and p.action.types:
        said = _compose(conn, p, lg, planned)
        return _none(p, lg, lg.answers["only_planned"].format(clauses=said.text.rstrip(".")),
                     "the knowledge base holds only a plan of this, not that it happened")
    return _none(p, lg, lg.answers["none"], "no event in the knowledge base fits the question")


def _answers(p: Parsed, a: Answer) -> bool:
    """Whether an event answer says what was asked: not only the question's own places or actors."""
    own = {x.lower() for f in (*p.actors, *p.places) for x in (f.text, f.actor.name, f.actor.key or "")}
    if p.kind == "where":
        return any(x.lower() not in own for x in a.places)
    if p.kind == "who":
        return any(x.lower() not in own for x in a.names)
    return True


def _evidence_sentences(conn: sqlite3.Connection, event_id: int) -> list[int]:
    return [r[0] for r in conn.execute("SELECT sentence_id FROM evidence WHERE event_id = ?", (event_id,))]


def _no_answer(conn: sqlite3.Connection, p: Parsed, lg: Language, reason: str) -> Answer:
    """'No answer'; naming the question's capitalised words that neither an actor nor any
    sentence of the knowledge base holds ('Obama'), when there are some."""
    missing = [w for w in p.unknown if not search(conn, w, limit=1, include_references=False)]
    if missing:
        return _none(p, lg, lg.answers["no_actor"].format(names=", ".join(missing)),
                     f"no actor in the knowledge base is called {', '.join(missing)}")
    return _none(p, lg, lg.answers["none"], reason)


def _none(p: Parsed, lg: Language, text: str, reason: str) -> Answer:
    return Answer(p.question, p.lang, p.kind, False, "none", text, understood=p.to_dict(), reason=reason)


def _side(f: Found) -> str | None:
    return f.actor.code if f.actor.kind == "person" else f.actor.key


def _roles(p: Parsed) -> tuple[Found | None, Found | None]:
    src = next((f for f in p.actors if f.role == "source"), None)
    tgt = next((f for f in p.actors if f.role == "target" and f is not src), None)
    return src, tgt


def _directed(p: Parsed) -> bool:
    return bool(p.action and p.action.types and p.action.directed)


def _candidates(conn: sqlite3.Connection, p: Parsed) -> tuple[list[EventRow], bool]:
    """The events that fit the question's actors, action, dates and places; and whether there
    were events of its actors, action and dates that its places ruled out."""
    src, tgt = _roles(p)
    a, b = (_side(src) if src else None), (_side(tgt) if tgt else None)
    # The question's dates as a range first (the index reads only that), then exactly, below.
    lows, highs = [d.replace("X", "0") for d in p.dates], [d.replace("X", "9") for d in p.dates]
    query = {"types": list(p.action.types) if p.action else [], "limit": MAX_CANDIDATES, "quotes": False,
             "date_from": min(lows, default=None), "date_to": max(highs, default=None)}
    if a and b:
        rows = timeline(conn, dyad=(a, b), **query)
    elif src and tgt:
        return [], False  # a person the knowledge base knows no state for cannot be one side of a dyad
    elif a or b:
        # A person's state, not the person: events that do not name them still count (below,
        # those that do are preferred).
        rows = timeline(conn, actor=a or b, **query)
    elif src or tgt:
        rows = timeline(conn, actor=(src or tgt).actor, **query)  # type: ignore[union-attr]
    else:
        rows = timeline(conn, **query)
    if p.dates:
        rows = [e for e in rows if any(dates_compatible(e.date, d) for d in p.dates)]
    if p.bounds:  # 'sebelum kunjungan tahun 2024': wholly before
        rows = [e for e in rows if date_bounds(e.date, p.bounds)]
    if _directed(p):
        rows = [e for e in rows if _goes(conn, p, e, a, b)]
    if p.action and p.action.strict and p.action.modes:  # the coder's mode: 'menyambut' is no visit
        wanted = set(p.action.modes) | set(p.action.converse)
        modes = _modes(conn, rows)
        rows = [e for e in rows if modes[e.id] & wanted]
    if p.inner is not None:
        rows = [e for e in rows if _reports(conn, p, e)]
    narrowed = bool(rows)
    if p.places:
        rows = [e for e in rows if _evidence_mentions(conn, e.id, p.places)]
    city = text_match.seats().get(tgt.text.lower()) if tgt and p.action and "visit" in p.action.modes else None
    if city:  # 'mengunjungi Moskow': at the city, not only somewhere in Russia
        rows = [e for e in rows if _at_seat(conn, e.id, city)]
    return rows, narrowed and not rows


def _goes(conn: sqlite3.Connection, p: Parsed, e: EventRow, a: str | None, b: str | None) -> bool:
    """Whether an event is the question's directed act from `a` to `b` (either may be open): as
    coded; in a mode that says it the other way round ('Russia hosted Kim' is Kim's visit to
    Russia: the action's `converse`); a mutual act either way; and for a `located` action (a
    visit) a meeting, summit or talks held in the target's land ('met Putin in Russia')."""
    act = p.action
    assert act is not None
    sides = (e.source, e.target)
    if e.symmetric:
        if act.located:
            return b is not None and b in sides and (not a or a in sides) and _held_in(conn, e.id, b)
        return (not a or a in sides) and (not b or b in sides)
    if e.mode in act.converse:
        sides = (e.target, e.source)
    return (not a or sides[0] == a) and (not b or sides[1] == b)


def _evidence_mentions_of(conn: sqlite3.Connection, event_id: int) -> list[tuple[str, str | None, int, str, str]]:
    """Each mention in an event's evidence: its type, country, offset in its sentence, the sentence
    and its document's language (read through the document's mentions: none are indexed by sentence)."""
    return conn.execute(
        "SELECT en.type, en.country, m.start - s.start, s.text, d.lang FROM evidence ev "
        "JOIN sentences s ON s.id = ev.sentence_id JOIN documents d ON d.id = s.doc_id "
        'JOIN mentions m ON m.doc_id = s.doc_id AND m.start >= s.start AND m.start < s."end" '
        "JOIN entities en ON en.id = m.entity_id "
        "WHERE ev.event_id = ?", (event_id,)).fetchall()


def _held_in(conn: sqlite3.Connection, event_id: int, code: str) -> bool:
    """Whether an event's evidence places it in a state: the state named after a locative word
    of the sentence's language, alone or after a place ('in Russia', 'di Kosmodrom Vostochny, Rusia')."""
    for mtype, country, at, text, lang in _evidence_mentions_of(conn, event_id):
        if mtype != "GPE" or country != code:
            continue
        pl = language(lang if lang in ("id", "en") else "id").places
        skip = pl["chain"] | pl["determiners"] | pl["nouns"]
        words = re.findall(r"[^\W_]+(?:[-'’][^\W_]+)*", text[:at])[-6:]
        for w in reversed(words):
            if w.lower() in pl["at"]:
                return True
            if not (w[:1].isupper() or w.lower() in skip):
                break
    return False


def _reports(conn: sqlite3.Connection, p: Parsed, e: EventRow) -> bool:
    """Whether an accusation (or a denial) reports the question's inner act: a sentence of its
    evidence codes an act of that type by the one accused (the denier), against the question's
    inner actor when it names one ('… of supplying weapons to Russia')."""
    assert p.inner is not None
    doer = e.target if p.inner_status == "alleged" else e.source
    other = next((_side(f) for f in p.actors if f.role == "inner"), None)
    types = list(p.inner.types)
    return conn.execute(
        f"SELECT 1 FROM evidence ev JOIN evidence x ON x.sentence_id = ev.sentence_id WHERE ev.event_id = ? "
        f"AND x.event_id != ev.event_id AND x.type IN ({','.join('?' * len(types))}) "
        "AND (? IS NULL OR x.source = ?) AND (? IS NULL OR x.target = ?) LIMIT 1",
        [e.id, *types, doer, doer, other, other]).fetchone() is not None


STORY = 3  # sentences before an evidence sentence that may name where its story is


def _at_seat(conn: sqlite3.Connection, event_id: int, names: tuple[str, ...]) -> bool:
    """Whether an event happened at a capital ('mengunjungi Pyongyang'): its evidence names it;
    or names no place of its own and the sentences just before name it, the story's place ('…
    di Pyongyang pada Rabu, 19 Juni 2024.' … 'Namun pesawat Putin baru mendarat di Bandara Sunan')."""
    rows = conn.execute(  # each evidence sentence (distance 0) and the STORY sentences before it
        "SELECT s.idx - b.idx, b.text FROM evidence ev JOIN sentences s ON s.id = ev.sentence_id "
        "JOIN sentences b ON b.doc_id = s.doc_id AND b.idx BETWEEN s.idx - ? AND s.idx "
        "WHERE ev.event_id = ? AND (b.in_reference = 0 OR b.id = s.id)", (STORY, event_id)).fetchall()
    if any(d == 0 and _says(text, names) for d, text in rows):
        return True
    if not any(d > 0 and _says(text, names) for d, text in rows):
        return False
    return not any(m[0] == "LOC" for m in _evidence_mentions_of(conn, event_id))  # not somewhere else: 'Vladivostok'


def _says(text: str, names: tuple[str, ...]) -> bool:
    low = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", low) for n in names)


def _preferred(conn: sqlite3.Connection, p: Parsed, rows: list[EventRow]) -> list[EventRow]:
    """Of the events that fit, those the question prefers, each step kept only when it leaves
    something: the action's modes (in any piece of evidence: a merged meeting may hold the
    visit), the people it names (or whom an event stands for: `_stands_for`), and for 'siapa' /
    'who' the events that name a person on the side asked about."""
    act = p.action
    if act and act.modes:  # a meeting that passed for a visit (`_goes`: held in the target's land) is one
        wanted, modes = set(act.modes) | set(act.converse), _modes(conn, rows)
        rows = _prefer(rows, lambda e: bool(modes[e.id] & wanted) or (act.located and e.symmetric))
    people = [f for f in p.actors if f.actor.kind == "person" and f.role in ("source", "target")]
    for f in people:
        rows = _prefer(rows, lambda e, f=f: f.actor.key in e.actors or _stands_for(conn, f, e, people))
    src, tgt = _roles(p)
    if p.kind == "who" and "PER" in (p.qword.answer if p.qword and p.qword.answer else ("PER",)) and (
            src is None) != (tgt is None):
        rows = _prefer(rows, lambda e: bool(_people_of(conn, e.actors, e.source if src is None else e.target)))
    return rows


def _modes(conn: sqlite3.Connection, rows: list[EventRow]) -> dict[int, set[str | None]]:
    """Each event's modes: its own and those of its pieces of evidence (a merged meeting may hold a visit)."""
    out: dict[int, set[str | None]] = {e.id: {e.mode} for e in rows}
    ids = list(out)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for event_id, mode in conn.execute(f"SELECT DISTINCT event_id, mode FROM evidence WHERE event_id IN ({marks})",
                                           chunk):
            out[event_id].add(mode)
    return out


def _stands_for(conn: sqlite3.Connection, f: Found, e: EventRow, people: list[Found]) -> bool:
    """Whether a person the question names ('Kim Jong Un' of 'Berapa kali Kim Jong Un bertemu
    Putin?') takes part in an event that does not name them: it names another person of the
    question and no person of their state (in its actors or its evidence), and they led their
    state at its date (the gazetteer's offices: Putin's state visit of June 2024 met Kim Jong Un,
    his visit of July 2000 did not)."""
    code = f.actor.code
    if not e.date or not code or code not in (e.source, e.target):
        return False
    if not any(g is not f and g.actor.key in e.actors for g in people) or _people_of(conn, e.actors, code):
        return False
    if any(m[0] == "PER" and m[1] == code for m in _evidence_mentions_of(conn, e.id)):
        return False
    gaz = gazetteer.load()
    leaders = (holder(gaz, role, code, e.date) for role in ("leader", *gaz.fallbacks.get("leader", ())))
    return any(x is not None and (x.id in f.actor.entity_ids or x.name == f.actor.name) for x in leaders)


def _by_status(p: Parsed, rows: list[EventRow]) -> list[EventRow]:
    """Asserted (or alleged) events; planned ones when the question asks what is planned; for a
    yes/no question also the denied ones. A plan does not say that something happened."""
    groups: tuple[tuple[str, ...], ...] = (("planned",), ("asserted", "alleged")) if p.planned else (
        ("asserted", "alleged"),)
    if p.kind == "yesno":
        groups = (*groups, ("denied", "negated"))
    for statuses in groups:
        picked = [e for e in rows if e.status in statuses]
        if picked:
            return picked
    return []  # a plan or a hypothesis does not say that it happened (nor, for yes or no, that it did not)


def _prefer(rows: list[EventRow], keep: Callable[[EventRow], bool]) -> list[EventRow]:
    picked = [e for e in rows if keep(e)]
    return picked or rows


def _evidence_mentions(conn: sqlite3.Connection, event_id: int, places: list[Found]) -> bool:
    ids = [i for f in places for i in f.actor.entity_ids]
    if not ids:
        return False
    return conn.execute(
        "SELECT 1 FROM evidence ev JOIN sentences s ON s.id = ev.sentence_id "
        f'JOIN mentions m ON m.doc_id = s.doc_id AND m.start >= s.start AND m.start < s."end" WHERE ev.event_id = ? '
        f"AND m.entity_id IN ({','.join('?' * len(ids))}) LIMIT 1", [event_id, *ids]).fetchone() is not None


def format_date(value: str | None, lg: Language, *, preposition: bool = True) -> str:
    """'2024-06-18' → 'pada 18 Juni 2024' / 'on 18 June 2024'; '200X' → 'pada tahun 2000-an'."""
    d = lg.dates
    if not value:
        kind, text = "unknown", str(d["unknown"])
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        kind, text = "day", str(d["day"]).format(day=int(value[8:]), month=lg.months[int(value[5:7]) - 1],
                                                 year=value[:4])
    elif re.fullmatch(r"\d{4}-\d{2}", value):
        kind, text = "month", str(d["month"]).format(month=lg.months[int(value[5:7]) - 1], year=value[:4])
    elif re.fullmatch(r"\d{4}", value):
        kind, text = "year", str(d["year"]).format(year=value)
    elif re.fullmatch(r"\d{3}X", value):
        kind, text = "decade", str(d["decade"]).format(decade=value[:3] + "0")
    elif re.fullmatch(r"\d{2}", value):
        kind, text = "century", str(d["century"]).format(century=int(value) + 1, century_start=value + "00")
    else:
        kind, text = "year", value
    prep = d.get("preposition", {}).get(kind, "") if preposition and isinstance(d.get("preposition"), dict) else ""
    return f"{prep} {text}".strip()


def _join(items: list[str], lg: Language) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {lg.dates['and']} {items[-1]}"


def _shorten(dates: list[str], lg: Language, keep: int = 6) -> list[str]:
    """A short answer names a few dates and counts the rest."""
    if len(dates) <= keep + 2:
        return dates
    return [*dates[:keep], str(lg.dates["more"]).format(n=len(dates) - keep)]


def _people_of(conn: sqlite3.Connection, names: list[str], code: str | None) -> list[str]:
    out = []
    for name in names:
        row = conn.execute("SELECT country FROM entities WHERE type = 'PER' AND name = ? LIMIT 1", (name,)).fetchone()
        if row is not None and row[0] == code:
            out.append(name)
    return out


def _places(conn: sqlite3.Connection, e: EventRow, lg: Language) -> list[str]:
    """Where an event happened, as its evidence says: places (LOC) named in its sentences, else
    the state or city named there that is not the source's (a visit's host)."""
    rows = [r for r in conn.execute(
        "SELECT en.type, m.text, en.name, en.country, substr(s.text, max(1, m.start - s.start - 24), "
        "min(24, m.start - s.start)) FROM evidence ev JOIN sentences s ON s.id = ev.sentence_id "
        'JOIN mentions m ON m.doc_id = s.doc_id AND m.start >= s.start AND m.start < s."end" '
        "JOIN entities en ON en.id = m.entity_id "
        "WHERE ev.event_id = ? AND en.type IN ('LOC', 'GPE') ORDER BY ev.id, m.start", (e.id,))
        if not _landmark(r[4], lg)]
    pick = [r for r in rows if r[0] == "LOC"] or [r for r in rows if r[3] not in (None, e.source)]
    return list(dict.fromkeys(r[2] if lg.lang == "en" else r[1] for r in pick))


def _landmark(before: str, lg: Language) -> bool:
    """Is a place named after 'south of', 'near', 'di selatan' … — a landmark, not where it happened?"""
    words = re.findall(r"[^\W\d_]+", before.lower())
    return any(" ".join(words[-n:]) in lg.places["reference"] for n in (1, 2, 3, 4) if len(words) >= n)


# Words that end a verb phrase and need an object after them ('imposed sanctions on',
# 'memberi bantuan kepada'); an event without a target drops them.
OBJECT_PREPOSITIONS = frozenset({"with", "to", "on", "against", "from", "of", "at", "for",
                                 "dengan", "kepada", "terhadap", "dari", "ke", "di", "untuk"})


def _without_object(verb: str) -> str:
    words = verb.split()
    while len(words) > 1 and words[-1].lower() in OBJECT_PREPOSITIONS:
        words.pop()
    return " ".join(words)


def _compose(conn: sqlite3.Connection, p: Parsed, lg: Language, events: list[EventRow]) -> Answer:
    src, tgt = _roles(p)
    named: dict[str | None, Found] = {}
    for f in p.actors:  # a side is said by the person the question names for it, else as the question names it
        if _side(f) and (_side(f) not in named or f.actor.kind == "person"):
            named[_side(f)] = f
    asked = "source" if src is None else "target" if tgt is None else "source"
    events = _answering(p, events)
    clauses: dict[tuple[str, str, str, str], list[EventRow]] = {}
    names, places = [], []
    affirmative = False
    for e in events:
        s_code, t_code = e.source, e.target
        if p.action and e.mode in p.action.converse and not e.symmetric:  # 'Rusia menyambut Kim': Kim's visit
            s_code, t_code = t_code, s_code
        # A meeting, either way round: said the way round the question put it (not an event of
        # a type the question did not name, nor a one-sided one).
        if (e.symmetric or (p.action and p.action.types and not p.action.directed)) and s_code and t_code and (
                (src and _side(src) == t_code) or (tgt and _side(tgt) == s_code)):
            s_code, t_code = t_code, s_code
        sides = []
        for role, code in (("source", s_code), ("target", t_code)):
            if p.kind == "who" and role == asked:
                people = _people_of(conn, e.actors, code)
                side = named[code].text if code in named else code_name(conn, code, lg.lang)
                text = lg.answers["asked"].format(names=", ".join(people), side=side) if people else side
                names += people or [code_name(conn, code, lg.lang)]
            elif code in named:
                text = named[code].text
            else:
                text = code_name(conn, code, lg.lang) if code else ""
            sides.append(text)
        # The question's action as the data words it, else the mode it requires, else the event's.
        modes = p.action.modes if p.action and p.action.strict and p.action.modes else (e.mode,)
        verb = (p.action.verb if p.action and p.action.types else "") or next(
            (lg.mode_phrases[k] for k in (f"{e.type}.{m}" for m in modes) if k in lg.mode_phrases),
            lg.type_phrases[e.type])
        if not sides[1]:  # no target: 'showed military force against' would dangle
            verb = _without_object(verb)
        where = ""
        if p.kind == "where":
            found = _places(conn, e, lg)
            if not found:
                continue
            places += found
            where = lg.answers["place"].format(places=_join(found, lg))
        clauses.setdefault((sides[0], verb, sides[1], where), []).append(e)
        affirmative = affirmative or e.status not in ("denied", "negated")
    if not clauses:
        return _none(p, lg, lg.answers["none"], "the evidence does not say where")
    events = [e for evs in clauses.values() for e in evs]
    with_quotes(conn, events, p.lang)  # quote evidence in the question's language where there is some
    dates: list[str] = []
    subjects: dict[tuple[str, str, str, str], list[str]] = {}  # clauses alike but for their subjects are one
    for (s, v, o, w), evs in clauses.items():
        occasions, shown = _occasions(evs), {}  # each occasion once, as its best-attested event dates it
        for e in evs:
            day = occasions[e.id] if e.date else f"#{e.id}"
            shown.setdefault(day, format_date(day if e.date else None, lg)
                             + (f" {lg.status[e.status]}" if lg.status[e.status] else ""))
        dates += [d for d in shown if not d.startswith("#")]
        subjects.setdefault((v, o, w, _join(_shorten(list(shown.values()), lg), lg)), []).append(s)
    body = "; ".join(" ".join(lg.answers["clause"].format(subject=_join(ss, lg), verb=v, object=o, places=w,
                                                          dates=ds).split()) for (v, o, w, ds), ss in subjects.items())
    occasions = _occasions(events)
    count = len({occasions[e.id] if e.date else f"#{e.id}" for e in events})
    if p.kind == "how_many":
        text = lg.answers["how_many"].format(n=count, clauses=body)
    elif p.kind == "yesno":
        text = lg.answers["affirmative" if affirmative else "negative"].format(clauses=body)
    else:
        text = lg.answers[p.kind].format(clauses=body)
    return Answer(p.question, p.lang, p.kind, True, "events", text, events=events,
                  dates=list(dict.fromkeys(dates)), names=list(dict.fromkeys(names)),
                  places=list(dict.fromkeys(places)), count=count if p.kind == "how_many" else None,
                  understood=p.to_dict())


def _answering(p: Parsed, events: list[EventRow]) -> list[EventRow]:
    """The events an answer lists, in the order it lists them: for 'when' and 'how many times'
    the dated ones when there are some (an undated report says no time, and may be one of them);
    for 'when' the best attested first (most documents), in date order among equals."""
    if p.kind in ("when", "how_many") and any(e.date for e in events):
        events = [e for e in events if e.date]
    if p.kind == "when":
        events = sorted(events, key=lambda e: (-e.n_documents, e.date or "~", e.id))
    return events


def _occasions(events: list[EventRow]) -> dict[int, str]:
    """Each dated event's occasion, named by the date of its best-attested event: events whose
    dates agree (one within the other: '2023-09', '2023-09-13'; 'X' any digit) or whose days are at
    most merge.NEAR_DAYS apart (a two-day visit; a summit and the talks of the next day) are one."""
    own: dict[str, str] = {}  # an occasion's date, without its 'X's → the occasion
    within: dict[str, str] = {}  # each shorter prefix of it → the first occasion that has it
    out: dict[int, str] = {}
    for e in sorted(events, key=lambda e: (-e.n_documents, -len(e.date or ""), e.date or "", e.id)):
        if not e.date:
            continue
        stem = e.date.rstrip("X")
        shorter = [stem[:n] for n in (7, 4, 3, 2) if n < len(stem)]
        day = _day(e.date)
        near = [str(day + timedelta(days=k)) for k in range(-NEAR_DAYS, NEAR_DAYS + 1)] if day else []
        found = own.get(stem) or within.get(stem) or next(
            (own[k] for k in (*shorter, *near) if k in own), None)
        if found is None:
            found = own[stem] = e.date
            for k in shorter:
                within.setdefault(k, found)
        out[e.id] = found
    return out


def _from_text(conn: sqlite3.Connection, p: Parsed, lg: Language) -> Answer:
    """A question that is not a query over events: an answer read from the best sentence, or,
    for a question that only names something, the sentences that hold all its words."""
    typed = p.kind in ("when", "who", "where", "quantity") or (p.kind == "what" and p.noun)
    plain = [w for w, role in p.tokens if role in ("word", "title", "action", "number")]
    if p.kind == "who" and not plain and (held := _office_holder(conn, p, lg)) is not None:
        return held
    if typed and (plain or p.kind != "who"):
        t = _text_answer(conn, p, lg)
        if t is not None:
            return t
        return _no_answer(conn, p, lg, "no event fits, and no sentence matches the question well enough and "
                          "holds an answer of the kind asked")
    return _sentences(conn, p, lg)


def _office_holder(conn: sqlite3.Connection, p: Parsed, lg: Language) -> Answer | None:
    """'Siapa Menteri Pertahanan Rusia?': the question names a person only by an office that the
    knowledge base links to them; the answer is that person, from a sentence that says so."""
    held = [f for f in p.actors if f.actor.kind == "person"
            and not set(f.text.lower().split()) <= set(f.actor.name.lower().split())]
    if len(held) != 1 or len(p.actors) != 1:
        return None
    f = held[0]
    row = conn.execute(
        'SELECT s.id, s.doc_id, d.name, d.lang, s.idx, s.start, s."end", s.text, m.start - s.start, m."end" - s.start '
        "FROM aliases a JOIN entities en ON en.id = a.entity_id "
        "JOIN mentions m ON m.entity_id = a.entity_id AND m.text = a.text "
        "JOIN sentences s ON s.id = m.sentence_id JOIN documents d ON d.id = s.doc_id "
        "WHERE a.text = ? COLLATE NOCASE AND en.name = ? AND s.in_reference = 0 ORDER BY d.lang != ?, s.id LIMIT 1",
        (f.text, f.actor.name, p.lang)).fetchone()
    if row is None:
        return None
    sid, doc_id, document, dlang, idx, start, end, text, a, b = row
    hit = Hit(sid, doc_id, document, dlang, idx, start, end, 0.0, text, f"{text[:a]}«{text[a:b]}»{text[b:]}", [f.text])
    said = lg.answers["text_answer"].format(document=document, sentence=idx, answer=f.actor.name)
    return Answer(p.question, p.lang, p.kind, True, "text", said, hits=[hit], names=[f.actor.name],
                  understood=p.to_dict(), value=f.actor.name)


def _text_answer(conn: sqlite3.Connection, p: Parsed, lg: Language, *, strict: bool = False) -> Answer | None:
    """The answer kronik.answer_text reads from the best sentence, worded for the question."""
    t = answer_text.answer(conn, p, strict=strict)
    if t is None:
        return None
    h = t.hit
    if p.kind == "when":
        value = t.dates[0]
        if p.qword and p.qword.precision:  # 'in which month' → the month
            value = value[: {"year": 4, "month": 7, "day": 10}[p.qword.precision]]
        text = lg.answers["text_when"].format(document=h.document, sentence=h.sentence, dates=format_date(value, lg))
    else:
        text = lg.answers["text_answer"].format(document=h.document, sentence=h.sentence, answer=t.value)
    understood = {**p.to_dict(), "score": t.score, "extras": t.extras, "holds_action": t.action}
    return Answer(p.question, p.lang, p.kind, True, "text", text, hits=[h], dates=t.dates, names=t.names,
                  places=t.places, understood=understood, value=t.value)


def _extras_of(a: Answer) -> float:
    return float(a.understood.get("extras", 0.0))


def _sentences(conn: sqlite3.Connection, p: Parsed, lg: Language) -> Answer:
    """The sentences holding all the question's words, if any (a question that names something)."""
    words = [w for w in p.content if not (p.action and not p.action.types and w.lower() in _action_words(p))]
    if not words:
        return _none(p, lg, lg.answers["none"], "the question names no actor, action or words to look for")
    hits = search(conn, " ".join(words), limit=3, include_references=False)
    if not hits:
        return _none(p, lg, lg.answers["none"], "no event fits, and no sentence holds all the question's words")
    best = hits[0]
    text = lg.answers["text"].format(document=best.document, sentence=best.text)
    return Answer(p.question, p.lang, p.kind, True, "text", text, hits=hits, understood=p.to_dict())


def _action_words(p: Parsed) -> set[str]:
    return {w.lower() for w, role in p.tokens if role == "action"}
