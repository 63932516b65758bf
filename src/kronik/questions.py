"""Reading a question: what it asks, about whom, which action, when, and which words are left.

Takes: an open knowledge base (to know its actors) and a question in Indonesian or English.
Gives: `Parsed`, which `kronik.ask` turns into a query over events and `kronik.answer_text`
into a search of the text. The words are data (data/<lang>/questions.yaml, read strictly by
`language()`); the steps are:

1. the language, from the question words and stop words the question holds;
2. what it asks (when, who, where, how many times, how much, yes/no, what), from its question
   words, with what a text answer must be (a person, a state; a month; a place reached 'ke');
   'Kapal perang apa …', 'Which materials …' ask for a thing (`noun`); 'What cap …' and
   'Berapa panjang …' for a quantity (`unit`);
3. its actors: the longest runs of words that name an actor in the knowledge base
   (kronik/actors.py); a place ('Vladivostok') becomes a condition on the evidence;
4. its action, from the stems of the remaining words ('mengunjungi' → kunjung → CONSULT
   visit), or from the event coder's own triggers (data/<lang>/events.yaml, matched as the coder
   matches them: 'leave the grain deal' → REJECT policy, 'memasok senjata' → AID arms) when
   one comes first with another type, or when the data names none and the question is one the
   text cannot answer (what happened, how many times, yes or no); whether it is passive
   ('dikunjungi', 'was visited by'); and the act an accusation or a denial reports ('accused
   North Korea of supplying weapons to Russia': its actors are that act's, `inner`);
5. its dates ('pada tahun 2000', 'in June 2024'), some of them bounds ('sebelum … 2024',
   'after July 2023');
6. every word's role (`tokens`): question word, stop word, actor, place, action, date, title,
   a capitalised word that names nothing known ('unknown'), a number, or a plain word. The
   words no event query uses (plain, unknown, numbers) are its `extras`.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace
from functools import cache

from kronik import langdata
from kronik.actors import Actor, conn_of, lookup
from kronik.errors import DataError
from kronik.model import STATUSES
from kronik.morphology import stems
from kronik.ontology import PLOVER_TYPES
from kronik.stages.event_args import Unit
from kronik.stages.event_lexicon import lexicon
from kronik.stages.event_triggers import find_triggers, phrase_at

KINDS = ("how_many", "quantity", "where", "when", "who", "yesno", "what")
ENTITY_TYPES = ("PER", "GPE", "ORG", "LOC")
TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
EXTRA_ROLES = ("word", "unknown", "number")


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    types: tuple[str, ...]  # empty: any type
    all: tuple[frozenset[str], ...]  # each must be met by one of its roots
    modes: tuple[str, ...]
    directed: bool
    verb: str
    converse: tuple[str, ...] = ()  # modes that say the act with the roles turned round ('host' for a visit)
    located: bool = False  # an undirected event of its type counts when held in the target's land (a meeting)
    strict: bool = False  # its modes are required, not preferred (an action read from the event coder's trigger)


@dataclass(frozen=True, slots=True)
class QuestionWord:
    kind: str
    words: tuple[str, ...]
    at_start: bool
    answer: tuple[str, ...]  # entity types a text answer to 'who' may be
    plural: bool  # 'which countries': every one the sentence names
    toward: bool  # 'ke mana': the place reached, not the place something happened
    precision: str | None  # 'which month': the date said to the month


@dataclass(frozen=True, slots=True)
class Language:
    lang: str
    question_words: tuple[QuestionWord, ...]
    actions: tuple[Action, ...]
    passive_prefixes: tuple[str, ...]
    passive_words: frozenset[str]
    auxiliaries: frozenset[str]
    participle_suffixes: tuple[str, ...]
    planned_words: frozenset[str]
    light_verbs: frozenset[str]
    stopwords: frozenset[str]
    ordinals: frozenset[str]
    titles: frozenset[str]
    months: tuple[str, ...]
    before: frozenset[str]
    after: frozenset[str]
    things: dict[str, frozenset[str]]
    quantity: dict[str, object]
    places: dict[str, frozenset[str]]
    number_words: dict[str, int]
    dates: dict[str, object]
    status: dict[str, str]
    type_phrases: dict[str, str]
    answers: dict[str, str]
    mode_phrases: dict[str, str]  # 'REJECT.policy' → a verb phrase for the type and mode


def _words(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        # YAML reads a bare on, off, yes, no as true or false: such a word must be quoted.
        raise DataError("expected a list of words (quote on, off, yes, no)", path=where)
    return tuple(v.lower() for v in value)


def _word_sets(raw: dict, key: str, names: tuple[str, ...], where: str) -> dict[str, frozenset[str]]:
    section = langdata.require(raw, key, dict, where)
    if set(section) != set(names):
        raise DataError(f"'{key}' must name {', '.join(names)}", path=where)
    return {k: frozenset(_words(section[k] or ["-"], f"{where}: {key}.{k}")) for k in names}


def _question_words(raw: dict, where: str) -> tuple[QuestionWord, ...]:
    out = []
    for item in langdata.require(raw, "question_words", list, where):
        kind = langdata.require(item, "kind", str, where)
        if kind not in KINDS:
            raise DataError(f"unknown question kind {kind!r}", path=where)
        answer = tuple(item.get("answer") or ())
        if any(t not in ENTITY_TYPES for t in answer):
            raise DataError(f"{kind}: answer types must be among {', '.join(ENTITY_TYPES)}", path=where)
        if item.get("precision") not in (None, "year", "month", "day"):
            raise DataError(f"{kind}: precision is year, month or day", path=where)
        out.append(QuestionWord(kind, _words(item.get("words"), f"{where}: {kind}"), bool(item.get("at_start")),
                                answer, bool(item.get("plural")), bool(item.get("toward")), item.get("precision")))
    return tuple(out)


def _actions(raw: dict, where: str) -> tuple[Action, ...]:
    actions, seen = [], set()
    for item in langdata.require(raw, "actions", list, where):
        aid = langdata.require(item, "id", str, where)
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
                              bool(item.get("directed", True)), str(item.get("verb") or ""),
                              tuple(item.get("converse") or ()), bool(item.get("located")), bool(item.get("strict"))))
    return tuple(actions)


def _quantity(raw: dict, where: str) -> dict[str, object]:
    q = langdata.require(raw, "quantity", dict, where)
    out: dict[str, object] = {k: frozenset(_words(langdata.require(q, k, list, where), f"{where}: quantity.{k}"))
                              for k in ("nouns", "generic", "modifiers", "scales", "rates", "currencies",
                                        "partitive")}
    dims = langdata.require(q, "dimensions", dict, where)
    out["dimensions"] = {str(k).lower(): frozenset(_words(v, f"{where}: quantity.dimensions.{k}"))
                         for k, v in dims.items()}
    return out


@cache
def language(lang: str) -> Language:
    """data/<lang>/questions.yaml, checked strictly: a bad file is a DataError, not a wrong answer."""
    where = f"data/{lang}/questions.yaml"
    raw = langdata.load("questions", lang)
    req = langdata.require
    passive = req(raw, "passive", dict, where)
    answers = req(raw, "answers", dict, where)
    needed = {"clause", "place", "asked", "how_many", "affirmative", "negative", "text", "text_when", "text_answer",
              "none", "no_actor", "only_planned", *(k for k in KINDS if k not in ("how_many", "yesno", "quantity"))}
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
    mode_phrases = raw.get("mode_phrases") or {}
    if not isinstance(mode_phrases, dict) or any(str(k).split(".")[0] not in PLOVER_TYPES for k in mode_phrases):
        raise DataError("mode_phrases: keys are TYPE.mode of PLOVER types", path=where)
    relations = _word_sets(raw, "date_relations", ("before", "after"), where)
    numbers = req(raw, "number_words", dict, where)
    if not all(isinstance(v, int) for v in numbers.values()):
        raise DataError("number_words: each word's value is a whole number", path=where)
    return Language(
        lang=lang, question_words=_question_words(raw, where), actions=_actions(raw, where),
        passive_prefixes=_words(passive.get("prefixes") or [], where) if passive.get("prefixes") else (),
        passive_words=frozenset(_words(passive.get("words") or ["-"], where)),
        auxiliaries=frozenset(_words(passive.get("auxiliaries") or ["-"], where)),
        participle_suffixes=_words(passive.get("participle_suffixes") or ["-"], where),
        planned_words=frozenset(_words(req(raw, "planned_words", list, where), where)),
        light_verbs=frozenset(_words(req(raw, "light_verbs", list, where), where)),
        stopwords=frozenset(_words(req(raw, "stopwords", list, where), where)),
        ordinals=frozenset(_words(req(raw, "ordinals", list, where), where)),
        titles=frozenset(_words(req(raw, "titles", list, where), where)),
        months=tuple(str(m) for m in months), before=relations["before"], after=relations["after"],
        things=_word_sets(raw, "things", ("noun_after", "noun_before", "name_words", "not_nouns"), where),
        quantity=_quantity(raw, where),
        places=_word_sets(raw, "places", ("at", "to", "chain", "determiners", "nouns", "reference"), where),
        number_words={str(k).lower(): int(v) for k, v in numbers.items()},
        dates=req(raw, "dates", dict, where),
        status={k: str(v) for k, v in status.items()}, type_phrases={k: str(v) for k, v in type_phrases.items()},
        answers={k: str(v) for k, v in answers.items()},
        mode_phrases={str(k): str(v) for k, v in mode_phrases.items()})


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
    dates: list[str]  # dates the answer must be compatible with
    planned: bool
    passive: bool
    content: list[str]  # the words left for a text search
    tokens: list[tuple[str, str]]  # every word of the question and its role (see the module's docstring)
    bounds: list[tuple[str, str]]  # ('before' | 'after', date): 'sebelum … 2024'
    qword: QuestionWord | None = None
    noun: list[str] | None = None  # 'Kapal perang apa': the thing asked for
    unit: list[str] | None = None  # 'Berapa kapal perang': what a quantity must count (or a dimension)
    count: int | None = None  # 'Which two companies': how many things are asked for
    synonyms: dict[int, frozenset[str]] | None = None  # an action word's position → the roots of its group
    inner: Action | None = None  # the act an accusation or a denial reports; its actors have the role 'inner'
    inner_status: str | None = None  # what the outer act says of it: alleged (an accusation), denied

    def to_dict(self) -> dict:
        return {"lang": self.lang, "kind": self.kind, "action": self.action.id if self.action else None,
                "inner": self.inner.id if self.inner else None,
                "types": list(self.action.types) if self.action else None,
                "actors": [{"text": f.text, "actor": f.actor.key, "role": f.role} for f in self.actors],
                "places": [f.text for f in self.places], "unknown": self.unknown, "dates": self.dates,
                "bounds": [list(b) for b in self.bounds], "noun": " ".join(self.noun) if self.noun else None,
                "unit": " ".join(self.unit) if self.unit else None, "planned": self.planned, "passive": self.passive}

    @property
    def extras(self) -> list[str]:
        """The words an event query does not use: a sentence that answers should hold them."""
        return [t for t, role in self.tokens if role in EXTRA_ROLES]


def detect_language(question: str) -> str:
    low = [t.lower() for t in TOKEN.findall(question)]
    scores = {}
    for lang in langdata.LANGUAGES:
        lg = language(lang)
        vocab = set(lg.stopwords) | {w for q in lg.question_words for p in q.words for w in p.split()}
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


def root_forms(root: str, lang: str) -> set[str]:
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
    qword, qword_tokens = None, set()
    for q in lg.question_words:
        # The longest of an entry's phrases: 'since when', not its 'when'.
        hit = next(((i, p) for p in sorted(q.words, key=lambda w: -len(w.split()))
                    if (i := _has_phrase(low, p, q.at_start)) is not None), None)
        if hit is not None:
            qword, qword_tokens = q, set(range(hit[0], hit[0] + len(hit[1].split())))
            break
    kind = qword.kind if qword else "what"
    dates, bounds, date_tokens = _question_dates(question, spans, lg)
    ignorable = {i for i, t in enumerate(low) if t in lg.stopwords or i in date_tokens} | qword_tokens
    actors, places, used = _find_actors(conn, question, spans, low, ignorable, lg)
    # The action, from the words no actor took.
    passive = False
    stemmed = {i: set(stems(low[i], lang)) | {low[i]} for i in range(len(low)) if i not in used}
    free_text = " " + " ".join(low[i] if i not in used else "_" for i in range(len(low))) + " "
    action, verb_at, action_tokens = _match_action(lg, low, stemmed, free_text)
    # The event coder's reading wins where its trigger comes first with another type ('leave the
    # grain deal' is no agreement), and gives the type where the text cannot answer and the data
    # names no action ('What did Russia supply …').
    coded = _coded_actions(lg, low, used, kind == "what")
    if coded:
        first = coded[0]
        if action is None or not action.types or verb_at is None:
            wins = kind in ("what", "how_many", "yesno")
        else:
            wins = first.at < verb_at and not set(first.action.types) & set(action.types)
        if wins:
            action, verb_at, action_tokens = first.action, first.at, set(first.tokens)
    # 'accused North Korea of supplying weapons to Russia': the act the accusation reports, and
    # its actors (those after its words)
    inner, inner_at, inner_status = None, None, None
    main = next((c for c in coded if c.at == verb_at or c.tokens & action_tokens), None)
    if main is not None and main.embeds in REPORTED:
        inner_hit = next((c for c in coded if c.at > max(action_tokens | main.tokens)), None)
        if inner_hit is not None:
            inner, inner_at, inner_status = inner_hit.action, inner_hit.at, main.embeds
            action_tokens = action_tokens | inner_hit.tokens
    synonyms = _action_words(lg, stemmed, free_text)
    if action is not None and verb_at is not None:
        word = low[verb_at]
        passive = any(word.startswith(p) and len(word) > len(p) + 3 for p in lg.passive_prefixes) or (
            bool(lg.auxiliaries & set(low)) and word.endswith(lg.participle_suffixes))
    for i, t in enumerate(low):
        if t in lg.passive_words and i not in used:
            passive = True
            verb_at = i if verb_at is None else min(verb_at, i)
    for k, f in enumerate(actors):
        if inner_at is not None and f.first > inner_at:
            f.role = "inner"
        elif verb_at is None:
            f.role = "source" if k == 0 else "target"
        else:
            f.role = "source" if (f.first < verb_at) != passive else "target"
    own = [f for f in actors if f.role != "inner"]
    if len(own) >= 2 and own[0].role == own[1].role:  # 'Putin dan Kim bertemu': by order
        own[0].role, own[1].role = "source", "target"
    roles = _roles(spans, low, lg, qword_tokens, actors, places, action_tokens | set(synonyms), date_tokens)
    noun, count, kind = _thing(low, roles, qword_tokens, kind, lg)
    unit = _unit(low, roles, qword_tokens, lg) if kind == "quantity" and noun is None else (
        [noun[-1]] if kind == "quantity" and noun and noun[-1] not in lg.quantity["nouns"] else None)
    unknown = [spans[i][0] for i, r in enumerate(roles) if r == "unknown"]
    content = [spans[i][0] for i in range(len(spans)) if i not in ignorable and low[i] not in lg.planned_words
               and not low[i].isdigit()]
    return Parsed(question, lang, kind, action, actors, places, unknown, dates,
                  any(t in lg.planned_words for t in low), passive, content,
                  [(spans[i][0], r) for i, r in enumerate(roles)], bounds, qword, noun, unit, count, synonyms, inner,
                  inner_status)


def _find_actors(conn: sqlite3.Connection, question: str, spans: list[tuple[str, int, int]], low: list[str],
                 ignorable: set[int], lg: Language) -> tuple[list[Found], list[Found], set[int]]:
    """The longest runs of words that name an actor or a place, left to right."""
    used: set[int] = set()
    actors: list[Found] = []
    places: list[Found] = []
    for n in range(min(5, len(spans)), 0, -1):
        for i in range(len(spans) - n + 1):
            rng = set(range(i, i + n))
            if rng & used or rng <= ignorable or low[i] in lg.stopwords or low[i + n - 1] in lg.stopwords:
                continue
            text = re.sub(r"['’]s$", "", question[spans[i][1] : spans[i + n - 1][2]])
            found = lookup(conn, text)
            if found:
                f = Found(text, found[0], i, i + n - 1)
                (places if found[0].kind == "place" else actors).append(f)
                used |= rng
    actors.sort(key=lambda f: f.first)
    places.sort(key=lambda f: f.first)
    return actors, places, used


def _roles(spans: list[tuple[str, int, int]], low: list[str], lg: Language, qword_tokens: set[int],
           actors: list[Found], places: list[Found], action_tokens: set[int], date_tokens: set[int]) -> list[str]:
    """Each word's role: qword, stop, actor, place, action, date, planned, title, unknown, number, word."""
    roles = []
    taken = {i: "actor" for f in actors for i in range(f.first, f.last + 1)}
    taken |= {i: "place" for f in places for i in range(f.first, f.last + 1)}
    months = {m.lower() for m in lg.months}
    for i, (word, _, _) in enumerate(spans):
        t = low[i]
        if i in qword_tokens:
            role = "qword"
        elif i in taken:
            role = taken[i]
        elif i in date_tokens or t in months:
            role = "date"
        elif t in lg.stopwords or t in lg.passive_words or t in lg.before or t in lg.after:
            role = "stop"
        elif i in action_tokens or (action_tokens and t in lg.light_verbs):  # 'menjatuhkan sanksi'
            role = "action"
        elif t in lg.planned_words:
            role = "planned"
        elif t in lg.titles:
            role = "title"
        elif t.isdigit():
            role = "number"
        elif word[:1].isupper() and i > 0:  # the first word is capitalised because it is first
            role = "unknown"
        else:
            role = "word"
        roles.append(role)
    return roles


def _thing(low: list[str], roles: list[str], qword_tokens: set[int], kind: str,
           lg: Language) -> tuple[list[str] | None, int | None, str]:
    """'Kapal perang apa', 'Apa nama kapal', 'Which two companies', 'What cap': the noun a 'what'
    question asks for, how many of them, and whether that makes it a quantity question."""
    if kind not in ("what", "quantity") or not qword_tokens:
        return None, None, kind
    first, last = min(qword_tokens), max(qword_tokens)
    th = lg.things
    plain = ("word", "unknown", "title", "action")

    def run(start: int, step: int) -> tuple[list[int], int | None]:
        out, count, i = [], None, start
        while 0 <= i < len(low) and len(out) < 2:
            if low[i] in lg.number_words and not out:
                count, i = lg.number_words[low[i]], i + step
                continue
            if roles[i] not in plain or low[i] in th["not_nouns"]:
                break
            out.append(i)
            i += step
        return (sorted(out), count)

    idx, count = [], None
    if low[last] in th["noun_after"] or low[first] in th["noun_after"]:
        idx, count = run(last + 1, 1)
    if not idx and low[first] in th["noun_before"]:
        idx, _ = run(first - 1, -1)
    if not idx:  # 'Apa nama kapal …', 'What is the name of the ship …'
        names = [i for i in range(last + 1, min(len(low), last + 4)) if low[i] in th["name_words"]]
        if names and all(roles[j] in ("stop", "qword") for j in range(last + 1, names[0])):
            roles[names[0]] = "qword"  # 'nama' says what kind of answer, it is not a word to find
            j = names[0] + 1
            while j < len(low) and roles[j] == "stop":
                j += 1
            idx, count = run(j, 1)
    if not idx:
        return None, None, kind
    noun = [low[i] for i in idx]
    if kind == "what" and noun[-1] in lg.quantity["nouns"]:
        kind = "quantity"
    return noun, count, kind


def _unit(low: list[str], roles: list[str], qword_tokens: set[int], lg: Language) -> list[str] | None:
    """'Berapa kapal perang …' → kapal perang (all must be with the number: not 'kapal ikan');
    'Berapa panjang …' → panjang (a dimension: data/<lang>/questions.yaml); 'How many countries' →
    countries; None when the question counts anything ('how much')."""
    dims = lg.quantity["dimensions"]
    if low[max(qword_tokens)] in dims:  # 'how long', 'how far'
        return [low[max(qword_tokens)]]
    out: list[str] = []
    i = max(qword_tokens) + 1
    while i < len(low) and len(out) < 3 and roles[i] in ("word", "title", "unknown", "action"):
        if low[i] in lg.quantity["generic"] or (out and out[0] in dims):
            break
        out.append(low[i])
        i += 1
    return out or None


def _match_action(lg: Language, low: list[str], stemmed: dict[int, set[str]],
                  free_text: str) -> tuple[Action | None, int | None, set[int]]:
    """The action whose words come first in the question ('Who condemned Russia's invasion' is
    about condemning), data order breaking ties; an action of any type only when no other fits.
    Also every word of the question that the chosen action's roots meet."""
    best: tuple[int, int, Action] | None = None
    generic: tuple[int, Action] | None = None
    for order, act in enumerate(lg.actions):
        where_met: list[int] = []
        for group in act.all:
            found = _met(group, lg.lang, stemmed, free_text)
            if not found:
                break
            where_met.append(min(found))
        else:
            at = min(where_met)
            if not act.types:
                generic = generic or (at, act)
            elif best is None or (at, order) < best[:2]:
                best = (at, order, act)
    chosen = (best[2], best[0]) if best is not None else (generic[1], generic[0]) if generic else (None, None)
    if chosen[0] is None:
        return None, None, set()
    return chosen[0], chosen[1], {i for g in chosen[0].all for i in _met(g, lg.lang, stemmed, free_text)}


# What an accusation or a denial says of the act it reports (the coder's `embeds`): that act is
# coded too, from the same sentence, as alleged or denied.
REPORTED = ("alleged", "denied")


@dataclass(frozen=True, slots=True)
class Coded:
    """A trigger of the event coder found in a question, as an action."""

    at: int  # its first word
    tokens: frozenset[int]  # its words and its object's ('leave … deal'), not the words between
    action: Action
    embeds: str | None  # what it says of an act after it (data/<lang>/events.yaml: alleged, denied …)


def _coded_actions(lg: Language, low: list[str], used: set[int], what: bool) -> list[Coded]:
    """The event coder's triggers in the question, in order (data/<lang>/events.yaml, found by
    kronik.stages.event_triggers as in a sentence: every form of a root, a verb with the object
    it needs, 'keluar dari kesepakatan'), each an action of the type and mode it codes (the mode
    required), worded and read as the question data's action of that type and mode when there is
    one ('memasok senjata' as send-arms). In a 'what' question with none, a trigger that needs an
    object may stand alone: the object is what is asked ('What did Russia supply to North Korea?')."""
    lang = lg.lang
    lex = lexicon(lang)
    seq = [Unit("actor", i, i + 1) if i in used else Unit("word", i, i + 1, w) for i, w in enumerate(low)]
    hits = [(f.i, f.end, f.trigger, f.type, f.mode) for f in find_triggers(seq, lex)]
    if not hits and what:
        hits = [(i, i + len(words), trig, trig.type, trig.mode) for i, u in enumerate(seq) if u.kind == "word"
                for words, trig in lex.index.get(u.low, ()) if trig.objects and phrase_at(low, i, words, lex)
                and not used & set(range(i, i + len(words)))][:1]
    out = []
    for first, end, trig, etype, mode in hits:
        n = next(len(w) for w, t in lex.index.get(low[first], ()) if t is trig and phrase_at(low, first, w, lex))
        objects = {w for obj in trig.objects for w in obj}
        tokens = frozenset(range(first, first + n)) | {k for k in range(first + n, end) if low[k] in objects}
        act = Action(f"{lang}.{trig.id}", (etype,), (), (mode,) if mode else (), not trig.symmetric, "", strict=True)
        like = next((a for a in lg.actions if etype in a.types and mode in a.modes), None)
        if like is not None:
            act = replace(act, verb=like.verb, converse=like.converse, located=like.located)
        out.append(Coded(first, tokens, act, trig.embeds))
    return out


def _action_words(lg: Language, stemmed: dict[int, set[str]], free_text: str) -> dict[int, frozenset[str]]:
    """Every word of the question that some typed action's roots meet, with the roots of the
    groups it met: 'meet' may be 'met' in a sentence, 'ditandatangani' is an action word too
    when 'kesepakatan' chose the action."""
    out: dict[int, set[str]] = {}
    for act in lg.actions:
        if not act.types:
            continue
        for group in act.all:
            for i in _met(group, lg.lang, stemmed, free_text):
                out.setdefault(i, set()).update(r for r in group if " " not in r)
    return {i: frozenset(g) for i, g in out.items()}


def _met(group: frozenset[str], lang: str, stemmed: dict[int, set[str]], free_text: str) -> list[int]:
    """The positions of the question's words that one of `group`'s roots meets."""
    found: list[int] = []
    for root in group:
        if " " in root:
            if f" {root} " in free_text:
                at = free_text[: free_text.index(f" {root} ")].count(" ")
                found += range(at, at + len(root.split()))
            continue
        forms = root_forms(root, lang)
        found += [i for i, stems_ in stemmed.items() if stems_ & forms]
    return found


def _question_dates(question: str, spans: list[tuple[str, int, int]],
                    lg: Language) -> tuple[list[str], list[tuple[str, str]], set[int]]:
    """The question's dates as ISO prefixes; those after 'sebelum'/'after' (up to three words
    before) as bounds; and the positions of the words they are written with."""
    months = {m.lower(): i + 1 for i, m in enumerate(lg.months)}
    names = "|".join(sorted(months, key=len, reverse=True))
    dates: list[str] = []
    bounds: list[tuple[str, str]] = []
    taken: list[tuple[int, int]] = []
    patterns = (
        (rf"\b(\d{{1,2}})\s+({names})\s+(\d{{4}})\b", lambda m: f"{m[3]}-{months[m[2].lower()]:02d}-{int(m[1]):02d}"),
        (rf"\b({names})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", lambda m: f"{m[3]}-{months[m[1].lower()]:02d}-{int(m[2]):02d}"),
        (rf"\b({names})\s+(\d{{4}})\b", lambda m: f"{m[2]}-{months[m[1].lower()]:02d}"),
        (r"\b(1[89]\d|20\d)0(?:-an|an|s|'s)\b", lambda m: f"{m[1]}X"),
        (r"\b(1[89]\d\d|20\d\d)\b", lambda m: m[1]),
    )
    low = [w.lower() for w, _, _ in spans]
    for pattern, value in patterns:
        for m in re.finditer(pattern, question, re.IGNORECASE):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            first = next((i for i, (_, a, _) in enumerate(spans) if a >= m.start()), len(spans))
            before = low[max(0, first - 3) : first]
            if lg.before & set(before):
                bounds.append(("before", value(m)))
            elif lg.after & set(before):
                bounds.append(("after", value(m)))
            else:
                dates.append(value(m))
    tokens = {i for i, (_, a, b) in enumerate(spans) if any(x <= a and b <= y for x, y in taken)}
    return dates, bounds, tokens


def date_bounds(value: str | None, bounds: list[tuple[str, str]]) -> bool:
    """Whether a date (ISO prefix, 'X' any digit) lies wholly before / after each bound."""
    if not bounds:
        return True
    if not value or not re.match(r"^\d", value):
        return False
    lo, hi = value.replace("X", "0"), value.replace("X", "9") + "~"
    for rel, b in bounds:
        b_lo, b_hi = b.replace("X", "0"), b.replace("X", "9") + "~"
        if (rel == "before" and not hi <= b_lo) or (rel == "after" and not lo >= b_hi):
            return False
    return True
