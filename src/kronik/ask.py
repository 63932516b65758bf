"""Questions in Indonesian or English → a structured query over events → a short, sourced answer.

Takes: an open knowledge base and a question ('Kapan Putin mengunjungi Pyongyang?', 'When
did Kim Jong Un visit Russia?'). Gives: an `Answer`: one short sentence, the events it rests
on (each with its evidence and document), or the sentences a text search found, or a plain
"no answer" with the reason.

How a question is read (the words are data: data/<lang>/questions.yaml):
1. its language, from the question words and stop words it holds;
2. what it asks (when, who, where, how many times, yes/no, what), from its question words;
3. its actors: the longest runs of words that name an actor in the knowledge base (codes,
   canonical names, any text an entity was mentioned by: kronik/actors.py); a place
   ('Vladivostok') becomes a condition on the evidence; a capitalised word that names
   nothing known makes the question unanswerable rather than half-answered;
4. its action, from the stems of the remaining words ('mengunjungi' → kunjung → CONSULT
   visit), and whether it is passive ('dikunjungi', 'was visited by'), which decides who is
   the source and who the target;
5. its dates ('pada tahun 2000', 'in June 2024').
The events that fit are narrowed by preference, each step kept only when something is left:
the preferred modes, the people named, the status (asserted, unless the question asks what
is planned). When the question cannot be read as a query (no action, or no actor), the
answer falls back on full-text search, all remaining words required, and says so. When the
question is fully read and no event fits, the answer is "no answer": kronik does not guess.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from kronik import langdata
from kronik.actors import Actor, code_name, conn_of, lookup
from kronik.errors import DataError
from kronik.model import STATUSES
from kronik.morphology import stems
from kronik.ontology import PLOVER_TYPES
from kronik.query import EventRow, timeline, with_quotes
from kronik.search import Hit, search
from kronik.stages.merge import dates_compatible

KINDS = ("how_many", "where", "when", "who", "yesno", "what")
TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
MAX_CANDIDATES = 5000
STATUS_ORDER = ("asserted", "alleged", "planned", "denied", "negated", "hypothetical")


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    types: tuple[str, ...]  # empty: any type
    all: tuple[frozenset[str], ...]  # each must be met by one of its roots
    modes: tuple[str, ...]
    directed: bool
    verb: str


@dataclass(frozen=True, slots=True)
class Language:
    lang: str
    question_words: tuple[tuple[str, tuple[str, ...], bool], ...]  # kind, words, at_start
    actions: tuple[Action, ...]
    passive_prefixes: tuple[str, ...]
    passive_words: frozenset[str]
    auxiliaries: frozenset[str]
    participle_suffixes: tuple[str, ...]
    planned_words: frozenset[str]
    stopwords: frozenset[str]
    titles: frozenset[str]
    months: tuple[str, ...]
    dates: dict[str, object]
    status: dict[str, str]
    type_phrases: dict[str, str]
    answers: dict[str, str]


def _words(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DataError("expected a list of words", path=where)
    return tuple(v.lower() for v in value)


@cache
def language(lang: str) -> Language:
    """data/<lang>/questions.yaml, checked strictly: a bad file is a DataError, not a wrong answer."""
    where = f"data/{lang}/questions.yaml"
    raw = langdata.load("questions", lang)
    req = langdata.require
    qwords = []
    for item in req(raw, "question_words", list, where):
        kind = req(item, "kind", str, where)
        if kind not in KINDS:
            raise DataError(f"unknown question kind {kind!r}", path=where)
        qwords.append((kind, _words(item.get("words"), f"{where}: {kind}"), bool(item.get("at_start", False))))
    actions, seen = [], set()
    for item in req(raw, "actions", list, where):
        aid = req(item, "id", str, where)
        if aid in seen:
            raise DataError(f"duplicate action id {aid!r}", path=where)
        seen.add(aid)
        raw_types = item.get("type")
        types = tuple(raw_types if isinstance(raw_types, list) else [] if raw_types is None else [raw_types])
        if any(t not in PLOVER_TYPES for t in types):
            raise DataError(f"{aid}: unknown event type in {raw_types!r}", path=where)
        groups = [frozenset(_words(g if isinstance(g, list) else [g], f"{where}: {aid}")) for g in item.get("all", [])]
        if "any" in item:
            groups.append(frozenset(_words(item["any"], f"{where}: {aid}")))
        if not groups:
            raise DataError(f"{aid}: needs 'any' or 'all'", path=where)
        actions.append(Action(aid, types, tuple(groups), tuple(item.get("modes") or ()),
                              bool(item.get("directed", True)), str(item.get("verb") or "")))
    passive = req(raw, "passive", dict, where)
    answers = req(raw, "answers", dict, where)
    needed = {"clause", "place", "asked", "how_many", "affirmative", "negative", "text", "text_when", "none",
              "no_actor", *(k for k in KINDS if k not in ("how_many", "yesno"))}
    if needed - set(answers):
        raise DataError(f"answers lack {sorted(needed - set(answers))}", path=where)
    type_phrases = req(raw, "type_phrases", dict, where)
    if set(type_phrases) != set(PLOVER_TYPES):
        raise DataError("type_phrases must name the 16 PLOVER types", path=where)
    status = req(raw, "status", dict, where)
    if set(status) != set(STATUSES):
        raise DataError(f"status must name {', '.join(STATUSES)}", path=where)
    months = req(raw, "months", list, where)
    if len(months) != 12:
        raise DataError("months must list 12 names", path=where)
    return Language(
        lang=lang, question_words=tuple(qwords), actions=tuple(actions),
        passive_prefixes=_words(passive.get("prefixes") or [], where) if passive.get("prefixes") else (),
        passive_words=frozenset(_words(passive.get("words") or ["-"], where)),
        auxiliaries=frozenset(_words(passive.get("auxiliaries") or ["-"], where)),
        participle_suffixes=_words(passive.get("participle_suffixes") or ["-"], where),
        planned_words=frozenset(_words(req(raw, "planned_words", list, where), where)),
        stopwords=frozenset(_words(req(raw, "stopwords", list, where), where)),
        titles=frozenset(_words(req(raw, "titles", list, where), where)),
        months=tuple(str(m) for m in months), dates=req(raw, "dates", dict, where),
        status={k: str(v) for k, v in status.items()}, type_phrases={k: str(v) for k, v in type_phrases.items()},
        answers={k: str(v) for k, v in answers.items()})


# -- reading the question ------------------------------------------------------------------

@dataclass(slots=True)
class Found:
    text: str  # as the question writes it
    actor: Actor
    first: int  # token span
    last: int
    role: str | None = None  # source, target


@dataclass(slots=True)
class Parsed:
    question: str
    lang: str
    kind: str
    action: Action | None
    actors: list[Found]
    places: list[Found]
    unknown: list[str]  # capitalised words that name nothing known
    dates: list[str]
    planned: bool
    passive: bool
    content: list[str]  # the words left for a text search

    def to_dict(self) -> dict:
        return {"lang": self.lang, "kind": self.kind, "action": self.action.id if self.action else None,
                "types": list(self.action.types) if self.action else None,
                "actors": [{"text": f.text, "actor": f.actor.key, "role": f.role} for f in self.actors],
                "places": [f.text for f in self.places], "unknown": self.unknown, "dates": self.dates,
                "planned": self.planned, "passive": self.passive}


def detect_language(question: str) -> str:
    low = [t.lower() for t in TOKEN.findall(question)]
    scores = {}
    for lang in langdata.LANGUAGES:
        lg = language(lang)
        vocab = set(lg.stopwords) | {w for _, ws, _ in lg.question_words for p in ws for w in p.split()}
        scores[lang] = sum(1 for t in low if t in vocab)
    return max(scores, key=lambda k: (scores[k], k == "id"))


def _has_phrase(tokens: list[str], phrase: str, at_start: bool = False) -> int | None:
    words = phrase.split()
    for i in range(len(tokens) - len(words) + 1):
        if tokens[i : i + len(words)] == words:
            return i
        if at_start:
            return None
    return None


def _root_forms(root: str, lang: str) -> set[str]:
    forms = {root, *stems(root, lang)}
    if lang == "en" and root.endswith("e"):  # 'invade' meets 'invaded' → 'invad'
        forms.add(root[:-1])
    return forms


def parse(kb: object, question: str, lang: str | None = None) -> Parsed:
    """What a question asks, about whom, which action, when: the steps of the module's docstring."""
    conn = conn_of(kb)
    lang = lang or detect_language(question)
    lg = language(lang)
    spans = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(question)]
    spans = [(re.sub(r"['’]s$", "", w), a, b) for w, a, b in spans]  # Russia's → Russia
    low = [w.lower() for w, _, _ in spans]
    kind, qword_tokens = "what", set()
    for k, words, at_start in lg.question_words:
        hit = next(((i, p) for p in words if (i := _has_phrase(low, p, at_start)) is not None), None)
        if hit is not None:
            kind = k
            qword_tokens = set(range(hit[0], hit[0] + len(hit[1].split())))
            break
    ignorable = {i for i, t in enumerate(low) if t in lg.stopwords or t.isdigit()} | qword_tokens
    # Actors: the longest runs of words that name one, left to right.
    used: set[int] = set()
    actors: list[Found] = []
    places: list[Found] = []
    for n in range(min(5, len(spans)), 0, -1):
        for i in range(len(spans) - n + 1):
            rng = set(range(i, i + n))
            if rng & used or rng <= ignorable or low[i] in lg.stopwords or low[i + n - 1] in lg.stopwords:
                continue
            text = question[spans[i][1] : spans[i + n - 1][2]]
            text = re.sub(r"['’]s$", "", text)
            found = lookup(conn, text)
            if found:
                f = Found(text, found[0], i, i + n - 1)
                (places if found[0].kind == "place" else actors).append(f)
                used |= rng
    actors.sort(key=lambda f: f.first)
    # The action, from the words no actor took.
    passive = False
    stemmed = {i: set(stems(low[i], lang)) | {low[i]} for i in range(len(low)) if i not in used}
    free_text = " " + " ".join(low[i] if i not in used else "_" for i in range(len(low))) + " "
    action, verb_at = _match_action(lg, low, stemmed, free_text)
    if action is not None and verb_at is not None:
        word = low[verb_at]
        passive = any(word.startswith(p) and len(word) > len(p) + 3 for p in lg.passive_prefixes) or (
            bool(lg.auxiliaries & set(low)) and word.endswith(lg.participle_suffixes))
    for i, t in enumerate(low):
        if t in lg.passive_words and i not in used:
            passive = True
            verb_at = i if verb_at is None else min(verb_at, i)
    for k, f in enumerate(actors):
        if verb_at is None:
            f.role = "source" if k == 0 else "target"
        else:
            f.role = "source" if (f.first < verb_at) != passive else "target"
    if len(actors) >= 2 and actors[0].role == actors[1].role:  # 'Putin dan Kim bertemu': by order
        actors[0].role, actors[1].role = "source", "target"
    action_tokens = {verb_at} if verb_at is not None else set()
    unknown = [spans[i][0] for i in range(len(spans)) if i not in used and i not in ignorable
               and spans[i][0][:1].isupper() and low[i] not in lg.planned_words and low[i] not in lg.titles
               and not any(low[i] == m.lower() for m in lg.months) and i not in action_tokens
               and not (i == 0 and kind in ("yesno", "what"))]
    content = [spans[i][0] for i in range(len(spans)) if i not in ignorable and low[i] not in lg.planned_words]
    return Parsed(question, lang, kind, action, actors, places, unknown, _question_dates(question, lg),
                  any(t in lg.planned_words for t in low), passive, content)


def _match_action(lg: Language, low: list[str], stemmed: dict[int, set[str]],
                  free_text: str) -> tuple[Action | None, int | None]:
    """The action whose words come first in the question ('Who condemned Russia's invasion' is
    about condemning), data order breaking ties; an action of any type only when no other fits."""
    best: tuple[int, int, Action] | None = None
    generic: tuple[int, Action] | None = None
    for order, act in enumerate(lg.actions):
        where_met: list[int] = []
        for group in act.all:
            found = []
            for root in group:
                if " " in root:
                    if f" {root} " in free_text:
                        found.append(free_text[: free_text.index(f" {root} ")].count(" "))
                    continue
                forms = _root_forms(root, lang=lg.lang)
                found += [i for i, stems_ in stemmed.items() if stems_ & forms]
            if not found:
                break
            where_met.append(min(found))
        else:
            at = min(where_met)
            if not act.types:
                generic = generic or (at, act)
            elif best is None or (at, order) < best[:2]:
                best = (at, order, act)
    if best is not None:
        return best[2], best[0]
    return (generic[1], generic[0]) if generic else (None, None)


def _question_dates(question: str, lg: Language) -> list[str]:
    months = {m.lower(): i + 1 for i, m in enumerate(lg.months)}
    names = "|".join(sorted(months, key=len, reverse=True))
    out: list[str] = []
    taken: list[tuple[int, int]] = []
    patterns = (
        (rf"\b(\d{{1,2}})\s+({names})\s+(\d{{4}})\b", lambda m: f"{m[3]}-{months[m[2].lower()]:02d}-{int(m[1]):02d}"),
        (rf"\b({names})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", lambda m: f"{m[3]}-{months[m[1].lower()]:02d}-{int(m[2]):02d}"),
        (rf"\b({names})\s+(\d{{4}})\b", lambda m: f"{m[2]}-{months[m[1].lower()]:02d}"),
        (r"\b(1[89]\d|20\d)0(?:-an|an|s|'s)\b", lambda m: f"{m[1]}X"),
        (r"\b(1[89]\d\d|20\d\d)\b", lambda m: m[1]),
    )
    for pattern, value in patterns:
        for m in re.finditer(pattern, question, re.IGNORECASE):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append(value(m))
    return out


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

    def to_dict(self) -> dict:
        return {"question": self.question, "lang": self.lang, "kind": self.kind, "answered": self.answered,
                "via": self.via, "answer": self.text, "dates": self.dates, "names": self.names,
                "places": self.places, "count": self.count, "understood": self.understood, "reason": self.reason,
                "events": [e.to_dict() for e in self.events], "hits": [h.to_dict() for h in self.hits]}


def ask(kb: object, question: str, *, lang: str | None = None) -> Answer:
    """Answer `question` from the knowledge base, or say that it has no answer."""
    conn = conn_of(kb)
    p = parse(conn, question, lang)
    lg = language(p.lang)
    if p.action is None or not (p.actors or p.places or p.dates):
        return _from_text(conn, p, lg)
    if p.unknown:  # half the question would be dropped: say so rather than answer the other half
        return _none(p, lg, lg.answers["no_actor"].format(names=", ".join(p.unknown)),
                     f"no actor in the knowledge base is called {', '.join(p.unknown)}")
    events = _candidates(conn, p)
    if not events:
        return _none(p, lg, lg.answers["none"], "no event in the knowledge base fits the question")
    return _compose(conn, p, lg, events)


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


def _candidates(conn: sqlite3.Connection, p: Parsed) -> list[EventRow]:
    src, tgt = _roles(p)
    a, b = (_side(src) if src else None), (_side(tgt) if tgt else None)
    # The question's dates as a range first (the index reads only that), then exactly, below.
    lows, highs = [d.replace("X", "0") for d in p.dates], [d.replace("X", "9") for d in p.dates]
    query = {"types": list(p.action.types) if p.action else [], "limit": MAX_CANDIDATES, "quotes": False,
             "date_from": min(lows, default=None), "date_to": max(highs, default=None)}
    if a and b:
        rows = timeline(conn, dyad=(a, b), **query)
    elif src and tgt:
        return []  # a person the knowledge base knows no state for cannot be one side of a dyad
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
    if _directed(p):
        rows = [e for e in rows if (not a or e.source == a) and (not b or e.target == b)]
    if p.places:
        rows = [e for e in rows if _evidence_mentions(conn, e.id, p.places)]
    # Preferences: each kept only when it leaves something.
    if p.action and p.action.modes:
        rows = _prefer(rows, lambda e: e.mode in p.action.modes)  # type: ignore[union-attr]
    for f in p.actors:
        if f.actor.kind == "person":
            rows = _prefer(rows, lambda e, name=f.actor.key: name in e.actors)
    groups = (("planned",), ("asserted", "alleged")) if p.planned else (("asserted", "alleged"), ("planned",))
    if p.kind == "yesno":
        groups = (*groups, ("denied", "negated"))
    for statuses in groups:
        picked = [e for e in rows if e.status in statuses]
        if picked:
            return picked
    return [] if p.kind != "yesno" else rows


def _prefer(rows: list[EventRow], keep: Callable[[EventRow], bool]) -> list[EventRow]:
    picked = [e for e in rows if keep(e)]
    return picked or rows


def _evidence_mentions(conn: sqlite3.Connection, event_id: int, places: list[Found]) -> bool:
    ids = [i for f in places for i in f.actor.entity_ids]
    if not ids:
        return False
    return conn.execute(
        f"SELECT 1 FROM evidence ev JOIN mentions m ON m.sentence_id = ev.sentence_id WHERE ev.event_id = ? "
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
    rows = conn.execute(
        "SELECT m.type, m.text, m.name, m.country FROM evidence ev JOIN mentions m ON m.sentence_id = ev.sentence_id "
        "WHERE ev.event_id = ? AND m.type IN ('LOC', 'GPE') ORDER BY ev.id, m.start", (e.id,)).fetchall()
    pick = [r for r in rows if r[0] == "LOC"] or [r for r in rows if r[3] not in (None, e.source)]
    return list(dict.fromkeys(r[2] if lg.lang == "en" else r[1] for r in pick))


def _compose(conn: sqlite3.Connection, p: Parsed, lg: Language, events: list[EventRow]) -> Answer:
    src, tgt = _roles(p)
    named = {_side(f): f for f in p.actors if _side(f)}
    asked = "source" if src is None else "target" if tgt is None else "source"
    clauses: dict[tuple[str, str, str, str], list[str]] = {}
    dates, names, places = [], [], []
    affirmative = False
    for e in events:
        s_code, t_code = e.source, e.target
        # Either way round (a meeting): say it the way round the question put it.
        if not _directed(p) and ((src and _side(src) == t_code) or (tgt and _side(tgt) == s_code)):
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
        verb = (p.action.verb if p.action and p.action.types else "") or lg.type_phrases[e.type]
        where = ""
        if p.kind == "where":
            found = _places(conn, e, lg)
            if not found:
                continue
            places += found
            where = lg.answers["place"].format(places=_join(found, lg))
        date = format_date(e.date, lg) + (f" {lg.status[e.status]}" if lg.status[e.status] else "")
        clauses.setdefault((sides[0], verb, sides[1], where), []).append(date)
        dates.append(e.date)
        affirmative = affirmative or e.status not in ("denied", "negated")
    if not clauses:
        return _none(p, lg, lg.answers["none"], "the evidence does not say where")
    with_quotes(conn, events, p.lang)  # quote evidence in the question's language where there is some
    said = [" ".join(lg.answers["clause"].format(subject=s, verb=v, object=o, places=w,
                                                 dates=_join(_shorten(list(dict.fromkeys(ds)), lg), lg)).split())
            for (s, v, o, w), ds in clauses.items()]
    body = "; ".join(said)
    if p.kind == "how_many":
        text = lg.answers["how_many"].format(n=len(events), clauses=body)
    elif p.kind == "yesno":
        text = lg.answers["affirmative" if affirmative else "negative"].format(clauses=body)
    else:
        text = lg.answers[p.kind].format(clauses=body)
    return Answer(p.question, p.lang, p.kind, True, "events", text, events=events,
                  dates=[d for d in dict.fromkeys(dates) if d], names=list(dict.fromkeys(names)),
                  places=list(dict.fromkeys(places)), count=len(events) if p.kind == "how_many" else None,
                  understood=p.to_dict())


def _from_text(conn: sqlite3.Connection, p: Parsed, lg: Language) -> Answer:
    """The question is not a query over events: the sentences holding all its words, if any."""
    words = [w for w in p.content if not (p.action and not p.action.types and w.lower() in _action_words(p))]
    if not words:
        return _none(p, lg, lg.answers["none"], "the question names no actor, action or words to look for")
    hits = search(conn, " ".join(words), limit=3, include_references=False)
    if not hits:
        return _none(p, lg, lg.answers["none"], "no event fits, and no sentence holds all the question's words")
    best = hits[0]
    found = [v for (v,) in conn.execute(
        "SELECT value FROM timexes WHERE sentence_id = ? AND type = 'DATE' AND value IS NOT NULL ORDER BY start",
        (best.sentence_id,))]
    if p.kind == "when" and found:
        text = lg.answers["text_when"].format(document=best.document,
                                              dates=_join([format_date(v, lg) for v in found], lg))
    else:
        text = lg.answers["text"].format(document=best.document, sentence=best.text)
    return Answer(p.question, p.lang, p.kind, True, "text", text, hits=hits, dates=found, understood=p.to_dict())


def _action_words(p: Parsed) -> set[str]:
    return {w.lower() for w in p.content if p.action and any(
        w.lower() in g or set(stems(w.lower(), p.lang)) & g for g in p.action.all)}
