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
   after 'masalah' is the peninsula), by date ('Moskow' before 1992 is the Soviet Union) and,
   for people who share a name, by who held office then ('Ferdinand Marcos' in 2024 is the son);
2. organisations the gazetteer does not list, by the word that heads their name ('Universitas
   Gadjah Mada': `actor_orgs.organisations`), holding the places they name;
3. organisations and authors in reference entries (`actor_refs.reference_mentions`);
4. titles: the person named after a title, new people introduced by one, office-holders named by
   title alone (`actor_roles.Titles`), and wrong given names before a known surname;
5. short references and elliptical names after their full name (`actor_refs.short_references`);
6. near misses of multi-word names (`actor_refs.NearMisses`).
A person in an office of an organisation then acts for it (the mention's `code`: António
Guterres → UN in 2023).
"""

from __future__ import annotations

import bisect
import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import cache
from operator import attrgetter
from pathlib import Path

from kronik import gazetteer
from kronik.gazetteer import Gazetteer
from kronik.model import Document, Mention
from kronik.stages import actor_orgs, actor_refs
from kronik.stages.actor_match import KIND_ORDER, Matcher, Pattern, fold, search_text
from kronik.stages.actor_roles import LazyDater, Titles, bounds, given_name_fixes, overlap, rules
from kronik.stages.segment import clean_text

# Spans that hold no actor whatever the language — links, e-mail addresses, currencies ('US$11') —
# each with a string it cannot match without (to skip the search in most texts).
NO_ACTOR = (
    (re.compile(r"https?://[^\s<>\"”)\]]+"), "://"),
    (re.compile(r"www\.[^\s<>\"”)\]]+"), "www."),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "@"),
    (re.compile(r"(?<![A-Za-z])[A-Z]{1,3}\$"), "$"),
)
WINDOW = 300  # characters around a needle searched for a blocked pattern
PREVIOUS_WORD = re.compile(r"([^\W\d_][\w-]*)\W*$")


class EntityRecognizer:
    """The entity stage. Built once per build: the gazetteer (shipped + user files) and the
    language data are loaded and checked, and the automaton built, here — so a malformed file
    stops the build before any document is read."""

    def __init__(self, gazetteers: Sequence[Path] = ()) -> None:
        self.gazetteers = tuple(Path(p) for p in gazetteers)
        with _collector_paused() as built:
            self.gaz = gazetteer.load(self.gazetteers)
            misses = _engine.cache_info().misses
            self.engine = _engine(self.gaz)
            built.append(_engine.cache_info().misses > misses)

    def __call__(self, doc: Document) -> Document:
        doc.mentions, doc.roles = self.engine.recognise(doc)
        return doc


@contextmanager
def _collector_paused() -> Iterator[list[bool]]:
    """Loading and building make some 10^5 objects that all live on: the cyclic garbage collector,
    run every few hundred of them, would only walk them again and again (a third of the time).
    The body appends True to the list it is given when it built a new engine: the engine is then
    kept for the life of the process (`_engine` is cached), and `gc.freeze()` moves it, with what
    else lives then (modules, caches), out of the collector's sight for good — else each full
    collection during a build walks its 10^5 objects again (0.09 s per million words, a twentieth
    of the stage's cost)."""
    enabled = gc.isenabled()
    gc.disable()
    built: list[bool] = []
    try:
        yield built
    finally:
        if any(built):
            gc.freeze()
        if enabled:
            gc.enable()


@cache
def _engine(gaz: Gazetteer) -> Engine:
    """One automaton per gazetteer (the same object for the same files: see gazetteer.load)."""
    return Engine(gaz)


class Engine:
    """The matcher, title reader and near-miss comparer built from one gazetteer, and the
    language data they use; `recognise()` runs them over one document."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.matcher = Matcher(gaz)
        self.rules = rules()
        demonyms = {fold(d).lower(): e.code for e in gaz.entries.values()
                    if e.type == "GPE" and e.code for d in e.demonyms}
        self.titles = Titles(gaz, demonyms)
        self.org_vocabulary = actor_orgs.Vocabulary(self.matcher.org_joins, self.rules.organisation_words,
                                                    self.titles.not_names)
        shorts = {s for e in gaz.entries.values() for s in e.short}
        self.given_names = frozenset(
            n.text.split()[0] for e in gaz.entries.values() if e.type == "PER" for n in e.names
            if len(n.text.split()) > 1 and n.text.split()[0] not in shorts and n.text.split()[0][:1].isupper())
        self.blocked = [*NO_ACTOR, *self.rules.blocked]
        self.family_first = self.rules.family_first
        self.first_name_countries = self.rules.first_name_countries
        self.near_misses = actor_refs.NearMisses(self.matcher, self.rules.name_suffixes)
        # per entity: the actor code events take from it
        self.codes = {eid: e.actor for eid, e in {**gaz.entries, **self.matcher.extra}.items()}
        self.state_codes = frozenset(e.code for e in gaz.entries.values() if e.type == "GPE" and e.code)
        # per person: the offices held in an organisation rather than a state (most have none)
        self.org_offices = {eid: offices for eid, e in gaz.entries.items()
                            if (offices := tuple(o for o in e.offices if o.country not in self.state_codes))}

    def recognise(self, doc: Document) -> tuple[list[Mention], list[Mention]]:
        text = clean_text(doc)
        dtext = doc.text
        norm = search_text(text)
        dater = LazyDater(doc, text)
        blocked = _blocked(text, self.blocked)
        plain, chosen, other, titles, firsts, heads = self.matcher.find(text, blocked, norm)
        mentions: list[Mention] = []
        linkable: list[tuple[Mention, tuple[tuple[str, str], ...]]] = []  # short forms they make linkable
        surname_only: list[Mention] = []
        for found, plural in ((plain, True), (chosen, False)):
            for start, end, f in found:
                if plural and start and dtext[start - 1] == "-":
                    start = _reduplication(dtext, start)
                m = Mention(start, end, dtext[start:end], f[0], f[1], f[2], f[3], f[4], f[5], (), False, f[6])
                mentions.append(m)
                if f[7]:
                    linkable.append((m, f[7]))
                if f[8]:
                    surname_only.append(m)
        if other:
            self._readings(doc, text, other, mentions, linkable, surname_only, dater)
        if heads:
            mentions.sort(key=_start)
            found, inside = actor_orgs.organisations(text, heads, mentions, doc.sentences, dater.sentence,
                                                     self.org_vocabulary, frozenset(t[0] for t in titles))
            if inside:
                dropped = {id(m) for m in inside}
                mentions = [m for m in mentions if id(m) not in dropped]
                linkable = [(m, f) for m, f in linkable if id(m) not in dropped]
                surname_only = [m for m in surname_only if id(m) not in dropped]
            mentions += found
        covered = _coverage(text, mentions, blocked)
        if doc.references:
            _add(mentions, actor_refs.reference_mentions(
                doc, text, self.matcher, covered, self.rules.organisation_words, self.family_first), covered)
        finds = self.titles.scan(doc, text, mentions, titles, dater)
        fixes = finds.fixes + [f for f in given_name_fixes(doc, text, surname_only, mentions, self.given_names,
                                                           self.gaz, dater)
                               if all(old is not f[0] for old, _ in finds.fixes)]
        if fixes:
            replaced = {id(old) for old, _ in fixes}
            mentions = [m for m in mentions if id(m) not in replaced]
            for _, new in fixes:
                mentions.append(new)
                covered[new.start : new.end] = b"\x01" * (new.end - new.start)
            linkable = [(m, f) for m, f in linkable if id(m) not in replaced]
            linkable += [(new, self.matcher.plain_forms(new.entity_id)) for _, new in fixes]
        _add(mentions, finds.introduced, covered)
        memory = doc.state.memory.setdefault("actors", {})
        _add(mentions, actor_refs.short_references(
            doc, text, covered, linkable, finds.introduced, self.matcher, self.rules.connectors,
            self.family_first, self.first_name_countries, memory), covered)
        if firsts:
            _add(mentions, self.near_misses.find(text, firsts, covered), covered)
        mentions.sort(key=_start)
        codes = self.codes
        org_offices = self.org_offices
        for m in mentions:
            if m.code is None:
                m.code = codes.get(m.entity_id) or m.country
            if m.type == "PER" and m.entity_id in org_offices:
                m.code = self._acting_for(m, dater) or m.code
        for m in finds.roles:  # 'Sekjen PBB' in 2023: Guterres, for the UN
            m.code = (self._acting_for(m, dater) if m.entity_id in org_offices else None) or m.country
        _mark_references(doc, mentions, finds.roles)
        return mentions, finds.roles

    def _acting_for(self, m: Mention, dater: LazyDater) -> str | None:
        """A person in an office of an organisation acts for it then ('Guterres' → UN in 2023):
        at the date of the passage (`Dater.at`: the narrative date, else the latest date written
        before, else the document's), or, with no date at all, in an office held now."""
        offices = self.org_offices.get(m.entity_id)
        if not offices:
            return None
        when = dater.at(m.start)
        span = bounds(when) if when else None
        for o in offices:
            if (span is None and o.end is None) or (span and overlap(span, o.start, o.end) > 0):
                return o.country
        return None

    def _readings(self, doc: Document, text: str, other: list, mentions: list[Mention],
                  linkable: list, surname_only: list[Mention], dater: LazyDater) -> None:
        """Matches with several readings, or readings that need a context or a date: choose one.
        Names whose reading depends on the date go last: the states the paragraph names tell the era."""
        dated = [h for h in other if any(p.start or p.end for p in h[2])]
        now = [h for h in other if not any(p.start or p.end for p in h[2])]
        paras = [p.start for p in doc.paragraphs]
        named: dict[int, set[str]] = {}
        starts: list[int] = []
        for group in (now, dated):
            if group is dated and dated:
                mentions.sort(key=_start)
                starts = [m.start for m in mentions]
            for hit in group:
                ids: set[str] = set()
                if group is dated:
                    k = bisect.bisect_right(paras, hit[0])
                    if k not in named:  # the entities the paragraph names otherwise
                        lo = paras[k - 1] if k else 0
                        hi = paras[k] if k < len(paras) else len(text)
                        named[k] = {m.entity_id for m in mentions[bisect.bisect_left(starts, lo):
                                                                 bisect.bisect_left(starts, hi)]}
                    ids = named[k]
                pattern = self.choose(hit, text, dater, ids)
                if pattern is None:
                    continue
                f = self.matcher.plain[id(pattern)]
                start, end = hit[0], hit[1]
                m = Mention(start, end, doc.text[start:end], f[0], f[1], f[2], f[3], f[4], f[5], (), False, f[6])
                mentions.append(m)
                if f[7]:
                    linkable.append((m, f[7]))
                if f[8]:
                    surname_only.append(m)

    def choose(self, hit: tuple[int, int, tuple[Pattern, ...]], text: str, dater: LazyDater,
               named: set[str]) -> Pattern | None:
        """The reading of a match: by context, then by date, then user data before shipped data.

        A name whose meaning changed with time ('Moskow': Soviet Union until 1991-12-26, then
        Russia) takes the date said in its sentence; failing that, the one state among its
        readings that the paragraph names otherwise ('Rusia', 'Uni Soviet'); failing that, the
        date of the passage (`Dater.at`)."""
        start, patterns = hit[0], list(hit[2])
        if any(p.when for p in patterns):
            prev = PREVIOUS_WORD.search(text, max(0, start - 40), start)
            word = prev.group(1).lower() if prev else ""
            fitting = [p for p in patterns if p.when and word in self.rules.contexts.get(p.when, ())]
            patterns = fitting or [p for p in patterns if not p.when]
            if not patterns:
                return None
        dated = [p for p in patterns if p.start or p.end]
        if dated:
            when = dater.local(start)
            if when is None:
                in_paragraph = [p for p in dated if p.entry in named]
                if len({p.entry for p in in_paragraph}) == 1:
                    return in_paragraph[0]
                when = dater.at(start)
            span = bounds(when) if when else None
            if span is None:
                in_force = [p for p in dated if p.end is None]
            else:
                in_force = [p for p in dated if overlap(span, p.start, p.end) > 0]
                in_force.sort(key=lambda p: -overlap(span, p.start, p.end))
            undated = [p for p in patterns if not (p.start or p.end)]
            patterns = in_force[:1] or undated or _nearest(dated, span)
        if len(patterns) > 1 and len({p.entry for p in patterns}) > 1:
            patterns = self._namesakes(patterns, start, dater)
        return min(patterns, key=lambda p: (not p.user, KIND_ORDER.get(p.kind, 3)))

    def _namesakes(self, patterns: list[Pattern], start: int, dater: LazyDater) -> list[Pattern]:
        """People who share a name ('Ferdinand Marcos', father and son; 'Assad'): the one in
        office at the date of the passage (said in the sentence, else `Dater.at`); with no date,
        the one in office now; with none in office then, the one whose offices come closest. The
        readings of other entities, and people without offices, are left to the usual order."""
        entries = self.gaz.entries
        people = [p for p in patterns if p.entry in entries and entries[p.entry].type == "PER"
                  and entries[p.entry].offices]
        if len({p.entry for p in people}) < 2:
            return patterns
        when = dater.local(start) or dater.at(start)
        span = bounds(when) if when else None

        def score(p: Pattern) -> tuple[bool, int]:
            offices = entries[p.entry].offices
            if span is None:
                return any(o.end is None for o in offices), 0
            days = max(overlap(span, o.start, o.end) for o in offices)
            return (True, days) if days else (False, -min(_distance(span, o.start, o.end) for o in offices))

        scores = {id(p): score(p) for p in people}
        best = max(scores.values())
        return [p for p in patterns if scores.get(id(p), best) == best]


def _nearest(dated: list[Pattern], span: tuple | None) -> list[Pattern]:
    """No reading in force at that date: the one whose dates come closest."""
    if span is None:
        return dated[:1]
    return sorted(dated, key=lambda p: _distance(span, p.start, p.end))[:1]


def _distance(span: tuple[date, date], start: str | None, end: str | None) -> int:
    """Days between a date span and an office (or a name's validity) that does not cover it."""
    lo = bounds(start)[0] if start and bounds(start) else None
    hi = bounds(end)[0] if end and bounds(end) else None
    if hi is not None and hi <= span[0]:
        return (span[0] - hi).days
    if lo is not None and lo >= span[1]:
        return (lo - span[1]).days
    return 0


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
    for m in mentions:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    for s, e in blocked:
        covered[s:e] = b"\x01" * (e - s)
    return covered


def _add(mentions: list[Mention], extra: list[Mention], covered: bytearray) -> None:
    """Add the `extra` mentions that overlap none already there (order is restored at the end)."""
    for m in sorted(extra, key=lambda m: (m.start, -m.end)):
        if not any(covered[m.start : m.end]):
            covered[m.start : m.end] = b"\x01" * (m.end - m.start)
            mentions.append(m)


_start = attrgetter("start")  # the sort key of mentions (C, not a Python call per mention)


def _blocked(text: str, patterns: list[tuple[re.Pattern[str], str | None]]) -> list[tuple[int, int]]:
    """Spans of the blocked patterns, searched only around each occurrence of the word they need."""
    spans: set[tuple[int, int]] = set()
    for rx, needle in patterns:
        if needle is None:
            spans.update(m.span() for m in rx.finditer(text))
            continue
        at = text.find(needle)
        while at >= 0:
            lo = max(0, at - WINDOW)
            spans.update(m.span() for m in rx.finditer(text, lo, at + WINDOW) if m.start() <= at < m.end())
            at = text.find(needle, at + len(needle))
    return sorted(spans)


def _mark_references(doc: Document, *groups: list[Mention]) -> None:
    """Flag the mentions inside footnotes and reference lists (the sentences segment flagged);
    each group is sorted by start."""
    spans = [(s.start, s.end) for s in doc.sentences if s.in_reference]
    spans += [(r.start, r.end) for r in doc.references]
    if not spans:
        return
    for mentions in groups:
        if not mentions:
            continue
        starts = [m.start for m in mentions]
        for s, e in spans:
            for k in range(bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)):
                mentions[k].in_reference = True
