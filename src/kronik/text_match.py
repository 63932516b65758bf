"""How well a sentence of the knowledge base matches a question, term by term.

Takes: an open knowledge base and a question read by kronik.questions (`Parsed`). Gives: the
question's `terms`, a `Reader` that loads the sentences of a document once (with their words,
mentions, dates and dateline) and scores a sentence against the terms, and `cover()`, which
says how much of a question's left-over words some sentences hold (kronik.ask weighs the
evidence of events against the text with it). kronik.answer_text reads answers with it.

1. terms: the question's names (actors, places, capitalised words kronik does not know), its
   numbers, dates and other content words, each with the forms that meet it in a sentence:
   stems (kronik/morphology.py), mentions of the same person, place or organisation (so an
   English question meets Indonesian text), a state's or a coded body's names and demonyms
   (data/gazetteer: 'Russian', 'WTO'), and for a person a title before their state
   ('Presiden Rusia');
2. a sentence is scored by the share of the terms it holds; a term only a neighbouring sentence
   holds counts half, a name only its document holds a quarter. Gates: the sentence holds half
   the content words, and one of them (or a date of the question) itself; a person named in the
   question is in it or a neighbour (in `strict` mode every name), the actor who acts in the
   question's (directed) action in it or the sentence before ('he told …'), every other name in
   its document, a number or an ordinal ('first', 'terakhir') in it or a neighbour; its dates do
   not all say another time than the question's.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache

from kronik import gazetteer
from kronik.actors import Actor
from kronik.morphology import stems
from kronik.questions import Language, Parsed, language
from kronik.stages.merge import dates_compatible

NEIGHBOUR, DOCUMENT = 0.5, 0.25
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:\d+[^\W_]*)?(?:-[^\W_]+)*|\d+[^\W\d_]+[^\W_]*")
DOUBLED = re.compile(r"([bdgklmnprt])\1$")
ISO = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?$|^\d{3}X$|^\d{2}$")
DATELINE = re.compile(r"\s[—–-]\s")


@dataclass(slots=True)
class Term:
    text: str
    kind: str  # name, word, title, number, date
    words: tuple[frozenset[str], ...]  # the forms of each of its words (all must be met)
    extra: bool = False  # a word no event query uses
    action: bool = False  # a word of the action the question was read with
    person: str | None = None  # a person's canonical name
    country: str | None = None  # a person's state
    entity: str | None = None  # canonical name a mention of an organisation or place must have
    surfaces: tuple[str, ...] = ()  # lower-case names that meet it (a state's names and demonyms)
    code: str | None = None  # the state or body an actor term stands for
    entity_ids: frozenset[str] = frozenset()  # entities whose mentions (not of a state) meet it
    at: tuple[int, int] = (-1, -1)  # the question's words it was made from (first, last)
    agent: bool = False  # the actor who acts in the question's action ('Kapan Tiongkok memveto …')

    @property
    def weight(self) -> float:
        return 0.5 if self.kind == "title" else 1.0


@dataclass(slots=True)
class Sent:
    id: int
    doc_id: int
    document: str
    lang: str | None
    idx: int
    start: int  # offset in the document
    text: str
    tokens: list[tuple[int, int, str]]  # offsets in the sentence
    forms: list[frozenset[str]]
    mentions: list[tuple[int, int, str, str, str, str | None, str]]  # start, end, text, type, name, country, id
    timexes: list[tuple[int, int, str, str]]  # start, end, type, value
    dateline: int  # characters of a dateline at its start


def forms(word: str) -> frozenset[str]:
    """The forms a word meets another by: its candidate stems in either language, also without a
    final 'e' ('expire' meets 'expires' → 'expir') or a doubled consonant ('controll' → 'control');
    a hyphenated word also by its parts ('Oshima-Oshima', 'kapal-kapal')."""
    low = word.lower()
    if low[:1].isdigit():
        return frozenset({low})
    # A short stem only of a short word: 'end' of 'ended', not 'ang' of 'perang' (it would meet too much).
    out = {low} | {f for f in stems(low, None) if len(f) > 3 or len(f) >= len(low) - 2}
    if "-" in low:
        for part in low.split("-"):
            out |= forms(part) if part else set()
    out |= {f[:-1] for f in out if len(f) >= 4 and (f.endswith("e") or DOUBLED.search(f))}
    return frozenset(out)


@cache
def named() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Lower-case name (or demonym) of a state or of a body with an actor code in the gazetteer →
    (code, all the names and demonyms of that entry, lower case): 'Russian' and 'Rusia' are
    Russia's, 'WTO' the World Trade Organization's; a capital is not its state here."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for e in gazetteer.load().entries.values():
        if e.type not in ("GPE", "ORG") or not e.code or e.kind == "city":
            continue
        names = tuple(dict.fromkeys([n.text.lower() for n in e.names if n.kind == "name"]
                                    + [d.lower() for d in e.demonyms]))
        for n in names:
            out.setdefault(n, (e.code, names))
    return out


@cache
def seats() -> dict[str, tuple[str, ...]]:
    """Lower-case name of a capital or seat of power → the names of that seat in every language
    ('moskow' → moscow, moskow, moskwa, kremlin): a visit to Moskow is not any visit to Russia."""
    out: dict[str, tuple[str, ...]] = {}
    for e in gazetteer.load().entries.values():
        groups: dict[tuple, list[str]] = {}
        for n in e.names:
            if n.kind == "seat":
                groups.setdefault((n.start, n.end), []).append(n.text.lower())
        for names in groups.values():
            for n in names:
                out.setdefault(n, tuple(names))
    return out


def terms(p: Parsed, conn: sqlite3.Connection | None = None) -> list[Term]:
    """The question's terms (step 1 of the module's docstring)."""
    lg = language(p.lang)
    out: list[Term] = []
    found = {f.first: f for f in (*p.actors, *p.places)}
    synonyms = p.synonyms or {}
    i = 0
    while i < len(p.tokens):
        text, role = p.tokens[i]
        if i in found:
            f = found[i]
            out.append(_actor_term(f.text, f.actor, conn))
            out[-1].at = (f.first, f.last)
            out[-1].agent = bool(p.action and p.action.types and p.action.directed and f.role == "source")
            i = f.last + 1
            continue
        j = i + 1
        if role in ("unknown", "title") and text[:1].isupper():  # 'Bandara Sunan', 'Supreme Court'
            while j < len(p.tokens) and p.tokens[j][1] in ("unknown", "title") and p.tokens[j][0][:1].isupper():
                j += 1
            parts = [(w, r) for t, r in p.tokens[i:j] for w in re.findall(r"[^\W_]+", t)]  # 'US-drafted', 'ZEE-nya'
            for t in _name_terms([(w, r) for w, r in parts if w.lower() not in lg.stopwords]):
                t.at = (i, j - 1)
                out.append(t)
        elif role == "stop" and text.lower() in lg.ordinals:  # 'the last train' is not 'the first train'
            out.append(Term(text, "number", (forms(text),), at=(i, i)))
        elif role in ("word", "action", "title", "number"):
            for part in re.findall(r"[^\W_]+", text):  # 'kapal-kapal'
                low = part.lower()
                if low in lg.stopwords or any(low in t.words[0] for t in out if t.kind == "word"):
                    continue
                kind = "number" if low.isdigit() else "title" if role == "title" else "word"
                # An action word meets the other roots of its group in the data ('meet' → 'met').
                alike = frozenset(synonyms.get(i, ()))
                out.append(Term(part, kind, (forms(part) | alike,), extra=role in ("word", "number"),
                                action=role == "action", at=(i, i)))
        i = j
    out += [Term(d, "date", (), extra=False) for d in p.dates]
    return out


def _name_terms(parts: list[tuple[str, str]]) -> list[Term]:
    """Capitalised words the question does not name an actor with, as names: a state's name or
    demonym on its own ('North Korean' of 'the North Korean ICBM'), the rest by runs; a run of
    titles only ('Duta Besar') is a title; lower-case parts ('drafted') are words."""
    out: list[Term] = []
    run: list[tuple[str, str]] = []

    def flush() -> None:
        if run:
            kind = "title" if all(r == "title" for _, r in run) else "name"
            out.append(Term(" ".join(w for w, _ in run), kind, tuple(forms(w) for w, _ in run), extra=kind == "name"))
            run.clear()

    k = 0
    while k < len(parts):
        for n in range(min(3, len(parts) - k), 0, -1):
            text = " ".join(w for w, _ in parts[k : k + n])
            state = named().get(text.lower())
            if state:
                flush()
                out.append(Term(text, "name", (forms(text),), True, surfaces=state[1], code=state[0]))
                k += n
                break
        else:
            word, role = parts[k]
            if word[:1].isupper():
                run.append((word, role))
            else:
                flush()
                out.append(Term(word, "word", (forms(word),), extra=True))
            k += 1
    flush()
    return out


def _actor_term(text: str, a: Actor, conn: sqlite3.Connection | None) -> Term:
    """A person meets their mentions; a state or a coded body its names and demonyms when the
    question names it by one ('Russia' meets 'Rusia'; 'Moskow' only 'Moskow', 'TNI' only the
    mentions of the forces, not 'Indonesia'); a place or a body its mentions in any language."""
    words = tuple(forms(w) for w in re.findall(r"[^\W_]+", text))
    if a.kind == "person":
        return Term(text, "name", words, person=a.key, country=a.code)
    surfaces: tuple[str, ...] = (text.lower(),)
    entry = named().get(text.lower())
    if entry and entry[0] == a.code:
        surfaces = entry[1]
    entity = None if a.type == "GPE" or a.kind == "code" else a.name
    ids: frozenset[str] = frozenset()
    if a.kind == "code" and conn is not None:
        ids = frozenset(r[0] for r in conn.execute(
            "SELECT entity_id FROM aliases WHERE text = ? COLLATE NOCASE UNION "
            "SELECT id FROM entities WHERE name = ? COLLATE NOCASE", (text, text)))
    return Term(text, "name", words, entity=entity, surfaces=surfaces, code=a.code, entity_ids=ids)


class Reader:
    """Sentences of one knowledge base as scoring reads them, each document loaded once."""

    def __init__(self, conn: sqlite3.Connection, p: Parsed, strict: bool = False) -> None:
        self.conn, self.p, self.strict = conn, p, strict
        self.lg: Language = language(p.lang)
        self.terms = terms(p, conn)
        self.docs: dict[int, list[Sent]] = {}
        self.where: dict[int, tuple[int, int]] = {}  # sentence id → (doc id, position in docs[doc id])
        self._met: dict[tuple[int, int], list[int]] = {}  # (term, sentence) → positions: scoring asks often
        self._in_doc: dict[tuple[int, int], bool] = {}  # (term, document)

    def sentence(self, sid: int) -> Sent | None:
        if sid not in self.where:
            row = self.conn.execute("SELECT doc_id FROM sentences WHERE id = ?", (sid,)).fetchone()
            if row is None:
                return None
            self._load(row[0])
        doc, k = self.where[sid]
        return self.docs[doc][k]

    def _load(self, doc_id: int) -> None:
        name, lang = self.conn.execute("SELECT name, lang FROM documents WHERE id = ?", (doc_id,)).fetchone()
        rows = self.conn.execute("SELECT id, idx, start, text FROM sentences WHERE doc_id = ? AND in_reference = 0 "
                                 "ORDER BY idx", (doc_id,)).fetchall()
        mentions: dict[int, list] = {}
        for sid, a, b, text, etype, ename, country, eid in self.conn.execute(
                'SELECT m.sentence_id, m.start, m."end", m.text, en.type, en.name, en.country, m.entity_id '
                "FROM mentions m JOIN entities en ON en.id = m.entity_id WHERE m.doc_id = ? ORDER BY m.start",
                (doc_id,)):
            mentions.setdefault(sid, []).append((a, b, text, etype, ename, country, eid))
        timexes: dict[int, list] = {}
        for sid, a, b, ttype, value in self.conn.execute(
                'SELECT sentence_id, start, "end", type, value FROM timexes WHERE doc_id = ? ORDER BY start',
                (doc_id,)):
            timexes.setdefault(sid, []).append((a, b, ttype, value or ""))
        sents = []
        for sid, idx, start, text in rows:
            toks = [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]
            ms = [(a - start, b - start, t, ty, n, c, e) for a, b, t, ty, n, c, e in mentions.get(sid, [])]
            ts = [(a - start, b - start, ty, v) for a, b, ty, v in timexes.get(sid, [])]
            sents.append(Sent(sid, doc_id, name, lang, idx, start, text, toks, [forms(t) for _, _, t in toks], ms, ts,
                              _dateline(text, ts)))
        self.docs[doc_id] = sents
        for k, s in enumerate(sents):
            self.where[s.id] = (doc_id, k)

    def neighbours(self, s: Sent) -> list[Sent]:
        doc, k = self.where[s.id]
        return [self.docs[doc][j] for j in (k - 1, k + 1) if 0 <= j < len(self.docs[doc])]

    # -- how a sentence meets a term ------------------------------------------------------

    def positions(self, t: Term, s: Sent) -> list[int]:
        """The tokens of `s` that meet `t` ([] when it does not)."""
        key = (id(t), s.id)
        if key not in self._met:
            self._met[key] = self._positions(t, s)
        return self._met[key]

    def _positions(self, t: Term, s: Sent) -> list[int]:
        if t.kind == "date":
            return [token_at(s, a) for a, v in self.dates(s) if dates_compatible(v, t.text)]
        found: set[int] = set()
        for a, _, _, ty, name, country, eid in s.mentions:
            if (t.person and ty == "PER" and name == t.person) or (t.entity and name == t.entity) or (
                    ty != "GPE" and eid in t.entity_ids) or (
                    t.person and ty == "GPE" and country == t.country and self._title_before(s, a)):
                found.add(token_at(s, a))
        low = s.text.lower()
        for name in t.surfaces:
            found |= {token_at(s, m.start()) for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", low)}
        if found or t.surfaces or t.entity or t.entity_ids:
            return sorted(found)
        per_word = [[k for k, f in enumerate(s.forms) if f & w] for w in t.words]
        return sorted({k for ks in per_word for k in ks}) if per_word and all(per_word) else []

    @staticmethod
    def dates(s: Sent) -> list[tuple[int, str]]:
        """The sentence's dates that may answer or contradict: ISO values, not in its dateline."""
        return [(a, v) for a, _, ty, v in s.timexes if ty == "DATE" and ISO.match(v) and a >= s.dateline]

    def _title_before(self, s: Sent, at: int) -> bool:
        """'Presiden Rusia': one title word before a state names its leader (not 'Menteri Luar Negeri Rusia')."""
        before = s.text[:at].split()
        return bool(before) and before[-1].lower() in self.lg.titles and (
            len(before) < 2 or before[-2].lower() not in self.lg.titles)

    def levels(self, s: Sent, ts: list[Term]) -> list[float]:
        out = []
        near = self.neighbours(s)
        for t in ts:
            if self.positions(t, s):
                out.append(1.0)
            elif any(self.positions(t, n) for n in near):
                out.append(NEIGHBOUR)
            elif t.kind == "name" and not t.person and self._in_document(t, s.doc_id):
                out.append(DOCUMENT)
            else:
                out.append(0.0)
        return out

    def _in_document(self, t: Term, doc_id: int) -> bool:
        key = (id(t), doc_id)
        if key not in self._in_doc:
            self._in_doc[key] = any(self.positions(t, x) for x in self.docs[doc_id])
        return self._in_doc[key]

    def score(self, s: Sent, neighbour: bool = False) -> float | None:
        """The share of the terms `s` holds, or None when it fails a gate (step 3)."""
        lv = self.levels(s, self.terms)
        pairs = list(zip(self.terms, lv, strict=True))
        words = [(t, x) for t, x in pairs if t.kind in ("word", "title")]
        if words and sum(t.weight * x for t, x in words) / sum(t.weight for t, _ in words) < 0.5:
            return None
        own = ("word", "title", "date") if words and not neighbour else ("word", "title", "date", "name", "number")
        if not any(x == 1.0 for t, x in pairs if t.kind in own):
            return None  # the sentence itself must hold a word of the question (or a date), not only names
        for t, x in pairs:
            near = t.person or t.kind == "number" or (self.strict and t.kind == "name")
            if t.kind in ("name", "number") and x < (NEIGHBOUR if near else DOCUMENT):
                return None
            if t.agent and not (self.positions(t, s) or any(self.positions(t, n) for n in self.neighbours(s)
                                                            if n.idx < s.idx)):
                return None  # who acts is in the sentence, or the one before ('he told …'), not the next
            if t.kind == "date" and x == 0.0 and self.dates(s):  # its dates say another time
                return None
        return sum(t.weight * x for t, x in zip(self.terms, lv, strict=True)) / sum(t.weight for t in self.terms)

    def supports(self, s: Sent, word: bool) -> bool:
        """A neighbour may give the answer when it passes the gates itself, holding any term (for a
        place or a date, a name or a date will do: 'Prime Minister Fumio Kishida, who was in
        Bangkok'; for a person or a thing, a word of the question: 'Kim menjemput tamunya')."""
        if word and not any(x == 1.0 for t, x in zip(self.terms, self.levels(s, self.terms), strict=True)
                            if t.kind == "word"):
            return False
        return self.score(s, neighbour=True) is not None

    def extras(self, s: Sent) -> float:
        ts = [t for t in self.terms if t.extra]
        if not ts:
            return 1.0
        return sum(self.levels(s, ts)) / len(ts)

    def matched(self, s: Sent) -> list[list[int]]:
        return [ps for t in self.terms if (ps := self.positions(t, s))]


def token_at(s: Sent, char: int) -> int:
    return next((k for k, (a, b, _) in enumerate(s.tokens) if b > char), len(s.tokens) - 1)


def _dateline(text: str, timexes: list[tuple[int, int, str, str]]) -> int:
    """'Jakarta, 18/7/2023 — …', 'TOKYO, Friday, March 17, 2023 — …': where the dateline ends."""
    m = DATELINE.search(text[:80])
    if m and text[:1].isupper() and any(b <= m.start() + 1 for _, b, _, _ in timexes):
        return m.end()
    return 0


def cover(conn: sqlite3.Connection, p: Parsed, sentence_ids: list[int]) -> tuple[float | None, bool]:
    """How much of the question's extra words the best of these sentences in the question's
    language holds (with its neighbours; None when none is in that language: words cannot be
    compared across languages), and whether one of them holds every capitalised word of the
    question kronik does not know."""
    r = Reader(conn, p)
    best: float | None = None
    unknown = not p.unknown
    names = [t for t in r.terms if t.extra and t.kind == "name"]
    for sid in sentence_ids:
        s = r.sentence(sid)
        if s is None:
            continue
        if s.lang == p.lang:
            best = max(best or 0.0, r.extras(s))
        unknown = unknown or all(x >= NEIGHBOUR for x in r.levels(s, names))
    return best, unknown
