"""The event coder's language data, compiled: trigger surfaces, function-word sets, hedges.

Takes: data/<lang>/events.yaml and data/<lang>/hedges.yaml. Gives: a `Lexicon` per
language (cached) with an index from a word to the triggers that start with it, every
surface form generated from the trigger's roots by the affix rules (Indonesian) or the
inflection rules (English), so the rules speak of roots and the texts may use any form.
A malformed entry raises DataError naming the file and the trigger.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache

from kronik import langdata
from kronik.errors import DataError
from kronik.morphology import derive_id
from kronik.ontology import PLOVER_TYPES

Phrase = tuple[str, ...]
CLASSES = ("active", "passive", "nominal")  # what a data file may declare; the generator also makes
# 'participle' (passive after a form of 'be') and 'verb-or-noun' (decided by the word before)
EMBEDS = ("alleged", "denied", "planned", "refused", "suppress", "topic")


@dataclass(frozen=True, slots=True)
class Trigger:
    rule: str  # '<lang>.<id>.<class>', stored with every event it codes
    id: str
    type: str
    mode: str | None
    cls: str
    symmetric: bool = False
    reverse: bool = False
    needs_target: bool = False
    objects: dict[Phrase, tuple[str | None, str | None]] = field(default_factory=dict)
    window: int = 4
    blocked_before: tuple[Phrase, ...] = ()
    blocked_after: frozenset[str] = frozenset()
    embeds: str | None = None
    modes_after: dict[str, str] = field(default_factory=dict)
    lends_subject: bool = False
    between_targets: bool = False
    no_target: bool = False
    target_is_accuser: bool = False
    object_control: bool = False  # 'invite X to visit': X does the embedded act
    adjacent_target: bool = False  # the target is the word right after ('menyambut Kim'), never further
    place_target: bool = False  # a place that is no actor may stand as the target ('menguasai Semenanjung Korea')
    stative: bool = False  # in a relative clause it describes, not reports ('wilayah yang dikuasai Rusia')
    object_parties: bool = False  # the object names the parties ('mempertemukan Kim dan Trump')
    between_only: bool = False  # the sides come only from 'antara X dan Y', never from the object
    joined_target: bool = False  # the target is what the subject joins ('bergabung dengan NATO'), the object itself
    content_target: bool = False  # with no object, the target of what is promised ('pledged aid to Ukraine')
    recipient_first: bool = False  # a giving verb: the receiver may come first ('supplied Iran with jets')
    judgement: bool = False  # a speaker's verdict on the subject ('X tidak dapat diterima'): reporter → subject


# (id of a collection of phrases, last?) → (the collection, kept so that its id is not reused,
# and the first or last words of its phrases)
_EDGES: dict[tuple[int, bool], tuple[object, frozenset[str]]] = {}


def edge_words(phrases: Collection[Phrase], last: bool = False) -> frozenset[str]:
    """The first (or last) words of a lexicon's phrases, worked out once per collection: a word
    that opens (or closes) none of them needs no phrase tried at it."""
    known = _EDGES.get((id(phrases), last))
    if known is None or known[0] is not phrases:
        known = _EDGES[(id(phrases), last)] = (phrases, frozenset(p[-1 if last else 0] for p in phrases if p))
    return known[1]


@dataclass(frozen=True, slots=True)
class Hedges:
    scope: int
    before: dict[Phrase, str]
    after: dict[Phrase, str]
    sentence: dict[Phrase, str]
    conditional: frozenset[Phrase]
    not_negation: frozenset[Phrase]
    negation_bridge: frozenset[str]
    capability: frozenset[Phrase]

    @property
    def cue_words(self) -> frozenset[str]:
        """Single words of the before-cues: a modal verb ('mempertimbangkan') is no other predicate."""
        return frozenset(w for cue in self.before for w in cue)


# Function-word sets every events.yaml defines (see the comments in data/id/events.yaml).
WORD_SETS = (
    "target_preps", "agent_preps", "source_preps", "non_subject_preps", "apposition", "coordinators", "openers",
    "clause_breaks", "relatives", "vp_conjunctions", "complementisers", "purpose", "concessives", "additive",
    "interval_preps", "passive_aux", "aspect_markers", "not_verbs", "receive_verbs", "anaphora", "quantifiers",
    "patient_nouns", "titles", "generic", "continuation", "generic_heads", "possessive_marks", "determiners",
    "report_verbs", "generic_after", "between_words", "between_joiners",
    "absolute_preps", "fronted_target_preps", "articles", "venue_preps", "co_action_preps", "anaphora_before",
    "anaphoric_nouns", "clause_pronouns", "stance_prefixes", "request_complementisers", "count_nouns",
    "passive_light_verbs", "nominal_markers", "receiver_preps", "enclitics", "recipient_with",
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    lang: str
    index: dict[str, list[tuple[Phrase, Trigger]]]
    light_verbs: frozenset[Phrase]
    light_verb_words: frozenset[str]
    target_preps: frozenset[str]
    agent_preps: frozenset[str]
    source_preps: frozenset[str]
    non_subject_preps: frozenset[str]
    apposition: frozenset[str]
    coordinators: frozenset[str]
    clause_breaks: frozenset[str]
    vp_conjunctions: frozenset[str]
    pair_phrases: tuple[Phrase, ...]
    complementisers: frozenset[str]
    relatives: frozenset[str]
    openers: frozenset[str]
    purpose: frozenset[str]
    concessives: frozenset[str]
    additive: frozenset[str]
    interval_preps: frozenset[str]
    passive_aux: frozenset[str]
    verbal_prefixes: tuple[str, ...]
    passive_prefixes: tuple[str, ...]
    not_verbs: frozenset[str]
    receive_verbs: frozenset[str]
    quantifiers: frozenset[str]
    patient_nouns: frozenset[str]
    titles: frozenset[str]
    generic: frozenset[str]
    generic_after: frozenset[str]
    between_words: frozenset[str]
    between_joiners: frozenset[str]
    absolute_preps: frozenset[str]
    fronted_target_preps: frozenset[str]
    articles: frozenset[str]
    venue_preps: frozenset[str]
    co_action_preps: frozenset[str]
    generic_clause: tuple[Phrase, ...]
    generic_sentence: tuple[Phrase, ...]
    co_subject: tuple[Phrase, ...]
    reciprocal_before: tuple[Phrase, ...]
    reciprocal_after: tuple[Phrase, ...]
    response_phrases: tuple[Phrase, ...]
    according_to: tuple[Phrase, ...]
    continuation: frozenset[str]
    pronouns: tuple[Phrase, ...]
    generic_heads: frozenset[str]
    determiners: frozenset[str]
    passive_light_verbs: frozenset[str]  # 'dijatuhkan', 'diberikan': a noun before one is the act done
    nominal_markers: frozenset[str]  # 'the', 'several': a verb's form after one is a noun
    receiver_preps: frozenset[str]  # 'kepada', 'to': who receives what is given
    recipient_with: frozenset[str]  # 'with', 'dengan': 'supplied Iran with jets' names the receiver first
    gerund_suffixes: tuple[str, ...]  # '-ing': 'denied shelling … and attacking …' joins two complements
    ordinal: re.Pattern[str]  # '14th', 'ke-14': an ordinal may stand between a light verb and its noun
    enclitics: frozenset[str]  # 'nya': 'duta besarnya' is 'duta besar' of someone, 'menyambutnya' has an object
    report_verbs: frozenset[str]
    anaphora: frozenset[str]
    anaphora_before: frozenset[str]
    anaphoric_nouns: frozenset[str]
    clause_pronouns: frozenset[str]
    stance_prefixes: frozenset[str]
    request_complementisers: frozenset[str]
    count_nouns: frozenset[str]
    evaluative: frozenset[Phrase]
    aspect_markers: frozenset[str]
    possessive_marks: frozenset[str]
    window: int
    possessor_window: int
    hedges: Hedges
    possessor_before: bool  # English: "Russia's invasion"; Indonesian: "invasi Rusia"
    nominal_subject: bool  # may a plain noun take the clause's subject as its source?


def _ordinal(pattern: object, where: str) -> re.Pattern[str]:
    """The language's ordinal written in digits, as a regular expression (none: matches nothing)."""
    if pattern is None:
        return re.compile(r"(?!)")
    try:
        return re.compile(str(pattern))
    except re.error as exc:
        raise DataError(f"ordinal {pattern!r}: {exc}", path=where) from None


def phrase(text: str) -> Phrase:
    return tuple(text.lower().split())


def _phrases(values: list[str]) -> frozenset[Phrase]:
    return frozenset(phrase(v) for v in values)


def _en_inflections(verb: str) -> dict[str, str]:
    """Regular English forms of a verb; the first word inflects ('arrive in' → 'arrived in').

    Irregular verbs are written 'meet|met|met' (base|past|participle), optionally with the
    gerund after them ('ship|shipped|shipped|shipping'); a doubled consonant in the past
    ('shipped') doubles in the gerund too.
    """
    spec, *irregular = verb.split("|")
    head, _, rest = spec.partition(" ")
    tail = f" {rest}" if rest else ""
    gerund = ""
    if irregular:
        past, part = (irregular + irregular)[:2]
        past, part = past.split(" ")[0], part.split(" ")[0]
        if len(irregular) > 2:
            gerund = irregular[2].split(" ")[0]
        elif past == head + head[-1] + "ed":
            gerund = head + head[-1] + "ing"
    elif head.endswith("e"):
        past = part = head + "d"
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        past = part = head[:-1] + "ied"
    else:
        past = part = head + "ed"
    if head.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = head + "es"
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        third = head[:-1] + "ies"
    else:
        third = head + "s"
    gerund = gerund or (head[:-1] if head.endswith("e") and not head.endswith("ee") else head) + "ing"
    return {head + tail: "active", third + tail: "active", gerund + tail: "active",
            past + tail: "active", part + tail: "participle"}


def _surfaces(entry: dict, lang: str, where: str) -> dict[str, str]:
    """Every surface word of a trigger entry → its argument class."""
    out: dict[str, str] = {}
    forms_spec = langdata.load("morphology", lang).get("forms", {})
    for root in entry.get("roots", []) or []:
        for form in entry.get("forms", []) or []:
            if form not in forms_spec:
                raise DataError(f"trigger {entry.get('id')}: unknown form {form!r}", path=where)
            cls = forms_spec[form]["class"]
            for surface in derive_id(root, form):
                out.setdefault(surface, cls)
    for verb in entry.get("verbs", []) or []:
        for surface, cls in _en_inflections(verb).items():
            out.setdefault(surface, cls)
    for noun in entry.get("nouns", []) or []:
        # 'visit', 'sanctions': both a verb form and a noun; the word before decides (see event_triggers._class)
        out[noun] = "verb-or-noun" if out.get(noun) in ("active", "participle") else "nominal"
    for word, cls in (entry.get("words") or {}).items():
        if cls not in CLASSES:
            raise DataError(f"trigger {entry.get('id')}: word {word!r} has unknown class {cls!r}", path=where)
        out[str(word)] = cls
    if lang == "id":
        for surface, cls in list(out.items()):  # 'kunjungannya', 'memperkokoh aliansinya'
            out.setdefault(surface + "nya", cls)
    return out


TRIGGER_KEYS = frozenset({
    "id", "type", "mode", "roots", "forms", "words", "verbs", "nouns", "objects", "window", "symmetric", "reverse",
    "needs_target", "blocked_before", "blocked_after", "embeds", "modes_after", "lends_subject", "between_targets",
    "no_target", "target_is_accuser", "object_control", "adjacent_target", "place_target", "stative",
    "judgement", "object_parties", "joined_target", "between_only", "content_target", "recipient_first",
})


def _trigger_args(entry: dict, where: str) -> dict:
    unknown = set(entry) - TRIGGER_KEYS
    if unknown:
        raise DataError(f"trigger {entry.get('id')}: unknown key(s) {sorted(unknown)}", path=where)
    etype = entry.get("type")
    if etype not in PLOVER_TYPES:
        raise DataError(f"trigger {entry.get('id')}: type {etype!r} is not a PLOVER type", path=where)
    objects: dict[Phrase, tuple[str | None, str | None]] = {}
    for obj, spec in (entry.get("objects") or {}).items():
        spec = spec or {}
        if spec.get("type") is not None and spec["type"] not in PLOVER_TYPES:
            raise DataError(f"trigger {entry['id']}: object {obj!r} has unknown type", path=where)
        objects[phrase(str(obj))] = (spec.get("type"), spec.get("mode"))
    embeds = entry.get("embeds")
    if embeds is not None and embeds not in EMBEDS:
        raise DataError(f"trigger {entry['id']}: embeds must be one of {EMBEDS}", path=where)
    return dict(
        id=str(entry["id"]), type=etype, mode=entry.get("mode"),
        symmetric=bool(entry.get("symmetric")), reverse=bool(entry.get("reverse")),
        needs_target=bool(entry.get("needs_target")), objects=objects,
        window=int(entry.get("window", 4)),
        blocked_before=tuple(sorted(_phrases(entry.get("blocked_before") or []), key=len, reverse=True)),
        blocked_after=frozenset(entry.get("blocked_after") or []), embeds=embeds,
        modes_after={str(k): str(v) for k, v in (entry.get("modes_after") or {}).items()},
        lends_subject=bool(entry.get("lends_subject")), between_targets=bool(entry.get("between_targets")),
        no_target=bool(entry.get("no_target")), target_is_accuser=bool(entry.get("target_is_accuser")),
        object_control=bool(entry.get("object_control")), adjacent_target=bool(entry.get("adjacent_target")),
        place_target=bool(entry.get("place_target")), stative=bool(entry.get("stative")),
        judgement=bool(entry.get("judgement")), object_parties=bool(entry.get("object_parties")),
        joined_target=bool(entry.get("joined_target")), between_only=bool(entry.get("between_only")),
        content_target=bool(entry.get("content_target")),
        recipient_first=bool(entry.get("recipient_first")),
    )


def _hedges(raw: dict, where: str) -> Hedges:
    def table(section: str) -> dict[Phrase, str]:
        out: dict[Phrase, str] = {}
        for status, cues in (raw.get(section) or {}).items():
            for cue in langdata.string_list({"cues": cues}, "cues", f"{where}: {section}.{status}"):
                out[phrase(cue)] = status
        return out

    return Hedges(
        scope=int(raw.get("scope", 6)), before=table("before"), after=table("after"), sentence=table("sentence"),
        conditional=_phrases(langdata.string_list(raw, "conditional", where)),
        not_negation=_phrases(raw.get("not_negation") or []),
        negation_bridge=frozenset(langdata.string_list(raw, "negation_bridge", where)),
        capability=_phrases(langdata.string_list(raw, "capability", where)),
    )


@cache
def lexicon(lang: str) -> Lexicon:
    if lang not in langdata.LANGUAGES:
        lang = "id"
    where = f"data/{lang}/events.yaml"
    raw = langdata.load("events", lang)
    index: dict[str, list[tuple[Phrase, Trigger]]] = {}
    seen: set[str] = set()
    for entry in langdata.require(raw, "triggers", list, where):
        if not isinstance(entry, dict) or "id" not in entry:
            raise DataError(f"a trigger without an id: {entry!r}", path=where)
        if entry["id"] in seen:
            raise DataError(f"duplicate trigger id {entry['id']!r}", path=where)
        seen.add(entry["id"])
        args = _trigger_args(entry, where)
        surfaces = _surfaces(entry, lang, where)
        if not surfaces:
            raise DataError(f"trigger {entry['id']}: no roots, verbs, nouns or words", path=where)
        for surface, cls in surfaces.items():
            words = phrase(surface)
            trig = Trigger(rule=f"{lang}.{args['id']}.{cls}", cls=cls, **args)
            index.setdefault(words[0], []).append((words, trig))
    for options in index.values():
        options.sort(key=lambda wt: len(wt[0]), reverse=True)

    def words(key: str) -> frozenset[str]:
        return frozenset(langdata.string_list(raw, key, where))

    word_sets = {name: words(name) for name in WORD_SETS}
    phrase_lists = {name: tuple(sorted(_phrases(langdata.string_list(raw, name, where)), key=len, reverse=True))
                    for name in ("pair_phrases", "pronouns", "generic_clause", "generic_sentence",
                                 "co_subject", "reciprocal_before", "reciprocal_after",
                                 "response_phrases", "according_to")}
    return Lexicon(
        lang=lang, index=index, **word_sets, **phrase_lists,
        gerund_suffixes=tuple(langdata.string_list(raw, "gerund_suffixes", where)),
        ordinal=_ordinal(raw.get("ordinal"), where),
        light_verbs=_phrases(langdata.string_list(raw, "light_verbs", where)),
        light_verb_words=frozenset(w for lv in langdata.string_list(raw, "light_verbs", where) for w in lv.split()),
        evaluative=_phrases(langdata.string_list(raw, "evaluative", where)),
        verbal_prefixes=tuple(raw.get("verbal_prefixes") or ()),
        passive_prefixes=tuple(raw.get("passive_prefixes") or ()),
        window=int(raw.get("window", 4)), possessor_window=int(raw.get("possessor_window", 3)),
        hedges=_hedges(langdata.load("hedges", lang), f"data/{lang}/hedges.yaml"),
        possessor_before=bool(raw.get("possessor_before", False)),
        nominal_subject=bool(raw.get("nominal_subject", True)),
    )
