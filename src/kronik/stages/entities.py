"""Actor recognition and linking: gazetteer matching + role resolution → Mentions with canonical ids.

Takes: a segmented Document (sentences, references, footnote markers; `narrative` dates from
the temporal stage) and the user's extra gazetteer files. Gives: `doc.mentions` — people,
states, organisations and places (PER, GPE, ORG, LOC), each with its offsets, canonical English
name, the country it acts for, its Wikidata QID or local id, and how it was found — and
`doc.roles`, the office-holders that a title alone refers to ('Presiden Rusia' in a 2006
passage → Vladimir Putin) for the event stage.

The steps, in order (each in its own module):
1. gazetteer names, longest first, in the marker-blanked text (`actor_match.Matcher`), URLs
   and journal titles excepted; a name with several readings is resolved by context ('Korea'
   after 'masalah' is the peninsula) and by date ('Moskow' before 1992 is the Soviet Union);
2. organisations and authors in reference entries (`actor_refs.reference_mentions`);
3. titles: the person named after a title, new people introduced by one, office-holders named by
   title alone (`actor_roles.Titles`), and wrong given names before a known surname;
4. short references and elliptical names after their full name (`actor_refs.short_references`);
5. near misses of multi-word names (`actor_refs.near_misses`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from kronik import gazetteer, langdata
from kronik.errors import DataError
from kronik.gazetteer import Gazetteer
from kronik.model import Document, Mention
from kronik.stages import actor_refs
from kronik.stages.actor_match import Hit, Matcher, Pattern, fold
from kronik.stages.actor_roles import Dater, Titles, bounds, given_name_fixes, overlap, rules
from kronik.stages.segment import clean_text

# Spans that hold no actor whatever the language: links, e-mail addresses, currencies ('US$11').
NO_ACTOR = re.compile(r"<?(?:https?://|www\.)[^\s<>\"”)\]]+>?|\S+@\S+\.\w+|\b[A-Z]{1,3}\$")
PREVIOUS_WORD = re.compile(r"([^\W\d_][\w-]*)\W*$")
KIND_ORDER = {"name": 0, "seat": 1, "template": 2}


class EntityRecognizer:
    """The entity stage. Built once per build; the gazetteer (shipped + user files) is loaded and
    validated here, so a malformed user file stops the build before any document is read."""

    def __init__(self, gazetteers: Sequence[Path] = ()) -> None:
        self.gazetteers = tuple(Path(p) for p in gazetteers)
        self.gaz = gazetteer.load(self.gazetteers)
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = _engine(self.gaz)
        return self._engine

    def __call__(self, doc: Document) -> Document:
        doc.mentions, doc.roles = self.engine.recognise(doc)
        return doc


@cache
def _engine(gaz: Gazetteer) -> Engine:
    """One automaton per gazetteer (the same object for the same files: see gazetteer.load)."""
    return Engine(gaz)


class Engine:
    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.matcher = Matcher(gaz)
        self.rules = rules()
        demonyms = {fold(d).lower(): e.code for e in gaz.entries.values()
                    if e.type == "GPE" and e.code for d in e.demonyms}
        self.titles = Titles(gaz, demonyms)
        shorts = {s for e in gaz.entries.values() for s in e.short}
        self.given_names = frozenset(
            n.text.split()[0] for e in gaz.entries.values() if e.type == "PER" for n in e.names
            if len(n.text.split()) > 1 and n.text.split()[0] not in shorts and n.text.split()[0][:1].isupper())
        data = langdata.load_all("entities")
        self.blocked: list[re.Pattern[str]] = [NO_ACTOR]
        family: set[str] = set()
        for lang, d in data.items():
            where = f"data/{lang}/entities.yaml"
            for rx in langdata.require(d, "blocked_patterns", list, where):
                try:
                    self.blocked.append(re.compile(str(rx)))
                except re.error as exc:
                    raise DataError(f"blocked pattern {rx!r}: {exc}", path=where) from None
            family.update(str(n) for n in langdata.require(d, "family_names_first", list, where))
        self.family_first = frozenset(family)
        self.near_miss_index = actor_refs.near_miss_index(self.matcher.patterns(), self.matcher)

    def recognise(self, doc: Document) -> tuple[list[Mention], list[Mention]]:
        text = clean_text(doc)
        dater = Dater(doc, text)
        blocked = [m.span() for rx in self.blocked for m in rx.finditer(text)]
        mentions: list[Mention] = []
        surname_only: set[int] = set()
        hits = self.matcher.find(text, blocked)
        # names whose reading depends on the date go last: the states the paragraph names tell the era
        dated = [h for h in hits if any(p.start or p.end for p in h.patterns)]
        named: dict[int, set[str]] = {}
        for pass_hits in ([h for h in hits if h not in dated], dated):
            for hit in pass_hits:
                pattern = self.choose(hit, text, dater, named.get(_paragraph(doc, hit.start), set()))
                if pattern is None:
                    continue
                m = self._mention(doc, hit.start, hit.end, pattern)
                mentions.append(m)
                named.setdefault(_paragraph(doc, hit.start), set()).add(m.entity_id)
                if m.type == "PER" and len(pattern.tokens) == 1:
                    surname_only.add(id(m))
        mentions.sort(key=lambda m: m.start)
        covered = _coverage(text, mentions, blocked)
        mentions += actor_refs.reference_mentions(doc, text, self.matcher, covered, self.rules.organisation_words,
                                                  self.family_first)
        mentions.sort(key=lambda m: m.start)
        finds = self.titles.scan(doc, text, mentions, dater)
        fixes = finds.fixes + given_name_fixes(doc, text, mentions, surname_only, self.given_names, self.gaz, dater)
        replaced = {id(old) for old, _ in fixes}
        mentions = [m for m in mentions if id(m) not in replaced] + [new for _, new in fixes]
        mentions = _merge(mentions, finds.introduced)
        memory = doc.state.memory.setdefault("actors", {})
        mentions = _merge(mentions, actor_refs.short_references(
            doc, text, mentions, self.matcher, self.rules.directions, self.rules.connectors, self.family_first,
            memory))
        covered = _coverage(text, mentions, blocked)
        mentions = _merge(mentions, actor_refs.near_misses(text, covered, self.near_miss_index, self.matcher))
        for m in [*mentions, *finds.roles]:
            m.text = doc.text[m.start : m.end]
            i = doc.sentence_at(m.start)
            m.in_reference = bool(i is not None and doc.sentences[i].in_reference) or _in_refs(doc, m.start)
            entry = self.gaz.entries.get(m.entity_id) or self.matcher.extra.get(m.entity_id)
            m.code = (entry.actor if entry else None) or m.country
        return mentions, finds.roles

    def choose(self, hit: Hit, text: str, dater: Dater, named: set[str] = frozenset()) -> Pattern | None:
        """The reading of a match: by context, then by date, then user data before shipped data.

        A name whose meaning changed with time ('Moskow': Soviet Union until 1991-12-26, then
        Russia) takes the date said in its sentence; failing that, the one state among its
        readings that the paragraph names otherwise ('Rusia', 'Uni Soviet'); failing that, the
        date of the passage (`Dater.at`)."""
        patterns = list(hit.patterns)
        prev = PREVIOUS_WORD.search(text, max(0, hit.start - 40), hit.start)
        word = prev.group(1).lower() if prev else ""
        fitting = [p for p in patterns if p.when and word in self.rules.contexts.get(p.when, ())]
        patterns = fitting or [p for p in patterns if not p.when]
        if not patterns:
            return None
        dated = [p for p in patterns if p.start or p.end]
        if dated:
            when = dater.local(hit.start)
            if when is None:
                in_paragraph = [p for p in dated if p.entry in named]
                if len({p.entry for p in in_paragraph}) == 1:
                    return in_paragraph[0]
                when = dater.at(hit.start)
            span = bounds(when) if when else None
            if span is None:
                in_force = [p for p in dated if p.end is None]
            else:
                in_force = [p for p in dated if overlap(span, p.start, p.end) > 0]
                in_force.sort(key=lambda p: -overlap(span, p.start, p.end))
            undated = [p for p in patterns if not (p.start or p.end)]
            patterns = in_force[:1] or undated or _nearest(dated, span)
        return min(patterns, key=lambda p: (not p.user, KIND_ORDER.get(p.kind, 3)))

    def _mention(self, doc: Document, start: int, end: int, pattern: Pattern) -> Mention:
        entry = self.matcher.entry(pattern.entry)
        start = _reduplication(doc.text, start)
        return Mention(start, end, doc.text[start:end], entry.type, entry.id, entry.name, entry.country,
                       qid=entry.qid, how="user" if entry.user else "gazetteer")


def _paragraph(doc: Document, offset: int) -> int:
    i = doc.sentence_at(offset)
    return doc.sentences[i].paragraph if i is not None else -1


def _nearest(dated: list[Pattern], span: tuple | None) -> list[Pattern]:
    """No reading in force at that date: the one whose dates come closest."""
    if span is None:
        return dated[:1]

    def distance(p: Pattern) -> int:
        lo = bounds(p.start)[0] if p.start else None
        hi = bounds(p.end)[0] if p.end else None
        if hi is not None and hi <= span[0]:
            return (span[0] - hi).days
        if lo is not None and lo >= span[1]:
            return (lo - span[1]).days
        return 0

    return sorted(dated, key=distance)[:1]


def _reduplication(text: str, start: int) -> int:
    """'pembicaraan-pembicaraan Lima-pihak': the plural's first half belongs to the name."""
    m = re.search(r"([^\W\d_]+)-$", text[max(0, start - 30) : start])
    if m:
        word = re.match(r"[^\W\d_]+", text[start:])
        if word and word.group(0).lower() == m.group(1).lower():
            return start - len(m.group(0))
    return start


def _coverage(text: str, mentions: list[Mention], blocked: list[tuple[int, int]]) -> bytearray:
    covered = bytearray(len(text) + 1)
    for s, e in [*((m.start, m.end) for m in mentions), *blocked]:
        covered[s:e] = b"\x01" * (e - s)
    return covered


def _merge(mentions: list[Mention], extra: list[Mention]) -> list[Mention]:
    """Add `extra` mentions that overlap none already there; keep the list in text order."""
    if not extra:
        return sorted(mentions, key=lambda m: m.start)
    end = max([m.end for m in mentions + extra], default=0)
    covered = bytearray(end + 1)
    for m in mentions:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    out = list(mentions)
    for m in sorted(extra, key=lambda m: (m.start, -m.end)):
        if not any(covered[m.start : m.end]):
            covered[m.start : m.end] = b"\x01" * (m.end - m.start)
            out.append(m)
    return sorted(out, key=lambda m: m.start)


def _in_refs(doc: Document, offset: int) -> bool:
    return any(r.start <= offset < r.end for r in doc.references)
