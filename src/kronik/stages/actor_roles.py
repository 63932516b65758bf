"""Titles, dates and office-holders: who 'Presiden Rusia' is in a 2006 passage.

Takes: a Document (sentences, `narrative` dates), its marker-blanked text, the gazetteer
mentions found so far, and the title vocabulary of data/<lang>/entities.yaml. Gives:
- `Dater`: the date in force at an offset. `at()`: an era phrase earlier in the same sentence
  ('setelah runtuhnya Uni Soviet'), else the temporal stage's narrative date for the sentence,
  else the latest year, decade or century written up to the end of the sentence, else the
  document date. `local()`: only what the sentence itself says (an era phrase, a date in it);
- `holder()`: the person holding an office (role, country) at a date, from people*.yaml;
- `Titles.scan()`: for each title ('Menteri Pertahanan Rusia', 'Ketua … di Majelis Rendah
  Rusia,', 'Profesor … Georgy Toloraya'), the person named after it — a gazetteer person, an
  unknown name introduced as a new person with the title's country, or, with no name, the
  office-holder at that date (a role reference for the event stage, not an entity mention);
- `given_name_fixes()`: a known surname after a wrong given name ('Vladimir Medvedev' in 2008)
  linked to the office-holder with that surname, flagged 'name-mismatch'; after a given name
  the gazetteer does not know for anyone ('Roy Medvedev'), a new person.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache, partial
from operator import itemgetter

from kronik import langdata
from kronik.errors import DataError
from kronik.gazetteer import Entry, Gazetteer, Office
from kronik.model import Document, Mention
from kronik.stages.actor_match import Title, fold, slug
from kronik.stages.language import function_words

ISO = re.compile(r"(\d{2}[\dX]{0,2})(?:-(\d{2}))?(?:-(\d{2}))?")
YEARISH = re.compile(r"(?:1[6-9]|20)\d\d")  # a year, once the characters around it are checked
NOT_BEFORE_YEAR = frozenset("0123456789.,/$-")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
POSSESSIVES = ("'s", "’s")  # "Russia's foreign minister", "China's State Council"


def word_before(text: str, end: int, stop: int) -> tuple[int, str] | None:
    """The whole word ending at `end` (no earlier than `stop`): (its start, the word); None when
    what ends there is no word, or only the end of a token ('M' of 'A&M')."""
    i = end
    while i > stop and (text[i - 1].isalnum() or text[i - 1] in "'’-"):
        i -= 1
    w = WORD.fullmatch(text, i, end)
    if w is None or (i > stop and not text[i - 1].isspace()):
        return None
    return i, w.group(0)


ROMAN = re.compile(r"[IVXLC]+|[A-Z]")  # 'Komisi I', 'Divisi B': a numbered part of a title
NAME_PARTICLES = frozenset({"bin", "binti", "van", "von", "der", "de", "la", "al", "el", "ibn", "dos", "da"})


# --- dates -----------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def bounds(value: str | None) -> tuple[date, date] | None:
    """The first and last day an ISO prefix covers: '2008', '199X', '19', '2023-07', '2024-06-18'."""
    m = ISO.match(value or "")
    if not m:
        return None
    year = m.group(1)
    if len(year) < 4 or "X" in year:
        digits = year.replace("X", "")
        width = 4 - len(digits)
        lo = int(digits) * 10**width
        return date(max(lo, 1), 1, 1), date(min(lo + 10**width - 1, 9999), 12, 31)
    y = int(year)
    month = int(m.group(2)) if m.group(2) else 0
    if not 1 <= month <= 12:
        return date(y, 1, 1), date(y, 12, 31)
    last = calendar.monthrange(y, month)[1]
    if m.group(3) and 1 <= int(m.group(3)) <= last:
        d = date(y, month, int(m.group(3)))
        return d, d
    return date(y, month, 1), date(y, month, last)


@lru_cache(maxsize=16384)  # asked again for each office and dated name at each passage date
def overlap(span: tuple[date, date], start: str | None, end: str | None) -> int:
    """Days of `span` inside [start, end) — an office or a name's validity (open ends allowed)."""
    lo_b = bounds(start)
    lo = lo_b[0] if lo_b else date.min
    hi_b = bounds(end)
    hi = date.fromordinal(hi_b[0].toordinal() - 1) if hi_b else date.max
    days = (min(span[1], hi) - max(span[0], lo)).days + 1
    return max(days, 0)


@dataclass(frozen=True, slots=True)
class Rules:
    """The actor vocabulary of every language (see data/<lang>/entities.yaml)."""

    title_words: frozenset[str]  # lower-case words of titles: a name does not start with one
    title_vocabulary: frozenset[str]
    indefinites: frozenset[str]
    connectors: frozenset[str]
    directions: frozenset[str]
    contexts: dict[str, frozenset[str]]
    era_cues: tuple[tuple[re.Pattern[str], tuple[str, ...], str], ...]  # pattern, words it needs, date
    years: re.Pattern[str]  # what follows a year to make it a decade ('1980-an', '1980s')
    centuries: tuple[tuple[re.Pattern[str], str], ...]  # ('abad ke-20', 'abad'): a pattern and a word it needs
    organisation_words: frozenset[str]
    not_given_names: frozenset[str]
    blocked: tuple[tuple[re.Pattern[str], str | None], ...]  # spans with no actor, and a word each needs
    family_first: frozenset[str]  # family names written first ('Shin, Beom-Shik' → Shin Beom-shik)
    first_name_countries: frozenset[str]  # people of these states are named again by their first name
    name_suffixes: frozenset[str]  # endings that make another word of a name ('Asian'): not typos
    era_words: tuple[str, ...] = ()  # every word some era cue needs (most sentences hold none)
    apposition_articles: frozenset[str] = frozenset()  # 'X, a professor at …': words before the title


@cache
def rules() -> Rules:
    title_words: set[str] = set()
    vocab: set[str] = set()
    indef: set[str] = set()
    conn: set[str] = set()
    dirs: set[str] = set()
    ctx: dict[str, set[str]] = {}
    cues: list[tuple[re.Pattern[str], tuple[str, ...], str]] = []
    suffixes: list[str] = []
    centuries: list[tuple[re.Pattern[str], str]] = []
    org_words: set[str] = set()
    not_given: set[str] = set()
    blocked: list[tuple[re.Pattern[str], str | None]] = []
    family: set[str] = set()
    first_name: set[str] = set()
    suffixes_of_names: set[str] = set()
    apposition: set[str] = set()
    for lang, data in langdata.load_all("entities").items():
        where = f"data/{lang}/entities.yaml"
        roles = langdata.require(data, "roles", dict, where)
        titles = [*_strings(list(roles), "roles", where), *_strings(data.get("introducers"), "introducers", where)]
        title_words.update(w.lower() for title in titles for w in title.split())
        vocab.update(w.lower() for w in _strings(data.get("title_vocabulary"), "title_vocabulary", where))
        indef.update(w.lower() for w in _strings(data.get("indefinites"), "indefinites", where))
        conn.update(w.lower() for w in _strings(data.get("connectors"), "connectors", where))
        dirs.update(_strings(data.get("directions"), "directions", where))
        for name, listed in langdata.require(data, "contexts", dict, where).items():
            ctx.setdefault(str(name), set()).update(w.lower() for w in _strings(listed, f"contexts.{name}", where))
        for cue in langdata.require(data, "era_cues", list, where):
            if not isinstance(cue, dict) or not isinstance(cue.get("pattern"), str) or "date" not in cue:
                raise DataError(f"era cue {cue!r}: needs 'pattern' and 'date'", path=where)
            if cue["date"] != "present" and not bounds(str(cue["date"])):
                raise DataError(f"era cue {cue['pattern']!r}: date should be an ISO prefix or 'present'", path=where)
            needs = tuple(w.lower() for w in _strings(cue.get("needs"), "era_cues.needs", where))
            cues.append((_compile(cue["pattern"], where), needs, str(cue["date"])))
        suffixes.append(langdata.require(data, "decade_suffix", str, where))
        century = langdata.require(data, "century", str, where)
        needle = max(re.findall(r"[a-z]{3,}", century), key=len, default="")
        centuries.append((_compile(century, where), needle))
        org_words.update(w.lower() for w in _strings(data.get("organisation_words"), "organisation_words", where))
        not_given.update(_strings(data.get("not_given_names"), "not_given_names", where))
        for rx in _strings(data.get("blocked_patterns"), "blocked_patterns", where):
            # the longest word the pattern needs, to skip it in texts without that word
            # (escapes such as '\b' and '\s' are no letters of a word: '\bJurnal' needs 'Jurnal')
            needle = max(re.findall(r"[A-Za-z]{4,}", re.sub(r"\\[A-Za-z]", " ", rx)), key=len, default="") or None
            blocked.append((_compile(rx, where, flags=0), needle))
        family.update(_strings(data.get("family_names_first"), "family_names_first", where))
        first_name.update(_strings(data.get("first_name_countries"), "first_name_countries", where))
        suffixes_of_names.update(_strings(data.get("name_suffixes"), "name_suffixes", where))
        apposition.update(w.lower() for w in _strings(data.get("apposition_articles"), "apposition_articles", where))
    years = re.compile("(?:" + "|".join(f"(?:{x})" for x in suffixes) + r")(?![\w'])", re.I)
    return Rules(frozenset(title_words), frozenset(vocab), frozenset(indef), frozenset(conn), frozenset(dirs),
                 {k: frozenset(v) for k, v in ctx.items()}, tuple(cues), years, tuple(centuries),
                 frozenset(org_words), frozenset(not_given), tuple(blocked), frozenset(family),
                 frozenset(first_name), frozenset(suffixes_of_names),
                 tuple(dict.fromkeys(w for _, needs, _ in cues for w in needs)), frozenset(apposition))


def _strings(value: object, key: str, where: str) -> list[str]:
    """A list of words from language data; anything else is a DataError naming the key."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(f"'{key}' should be a list of words (quote YAML words such as No, On, Yes)", path=where)
    return value


def _compile(pattern: str, where: str, flags: int = re.I) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise DataError(f"pattern {pattern!r}: {exc}", path=where) from None


def _norm(text: str) -> str:
    return " ".join(fold(text).split())


_first = itemgetter(0)  # sort key: a position (a stable sort keeps the stage's order on ties)


class Dater:
    """The date in force at an offset of one document (see the module docstring)."""

    def __init__(self, doc: Document, text: str) -> None:
        self.doc = doc
        self.text = text
        self.rules = rules()
        self._cues: dict[int, list[tuple[int, int, str]]] = {}  # sentence → its era phrases
        self._body: tuple[list[int], list[str], list[int], list[str]] | None = None  # see _all_dates
        self._starts: list[int] | None = None  # of the sentences, for `sentence`
        self._timex_dates: tuple[list[int], list[str]] | None = None  # see _stage_dates

    def sentence(self, offset: int) -> int | None:
        """`Document.sentence_at`, by C bisect: asked several times for every dated name and title."""
        if self._starts is None:
            self._starts = [s.start for s in self.doc.sentences]
        i = bisect.bisect_right(self._starts, offset) - 1
        return i if i >= 0 and offset < self.doc.sentences[i].end else None

    def _written(self, start: int, end: int) -> list[tuple[int, str]]:
        """Years, decades and centuries written in text[start:end], in text order."""
        text = self.text
        found: list[tuple[int, str]] = []
        decade = self.rules.years
        for m in YEARISH.finditer(text, start, end):
            s, e = m.span()
            if (s and text[s - 1] in NOT_BEFORE_YEAR) or text[e : e + 1].isdigit() or (
                    text[e : e + 1] in ".," and text[e + 1 : e + 2].isdigit()):
                continue  # part of a longer number, a price or an identifier
            found.append((s, m.group(0)[:3] + "X" if decade.match(text, e) else m.group(0)))
        lowered = None
        for rx, needle in self.rules.centuries:
            if lowered is None:
                lowered = text[start:end].lower()
            if needle in lowered:
                for m in rx.finditer(text, start, end):
                    century = int(m.group(1))
                    if 1 < century <= 21:
                        found.append((m.start(), f"{century - 1:02d}"))
        return sorted(found)

    def _all_dates(self) -> tuple[list[int], list[str], list[int], list[str]]:
        """Dates written anywhere (positions, values), and those of the body only (reference lists
        cite publication years), each in text order: one pass over the text, on first need."""
        if self._body is None:
            found = self._written(0, len(self.text))
            refs = sorted((s.start, s.end) for s in self.doc.sentences if s.in_reference)
            ref_starts = [r[0] for r in refs]
            body = []
            for p, v in found:
                k = bisect.bisect_right(ref_starts, p) - 1
                if not (k >= 0 and p < refs[k][1]):
                    body.append((p, v))
            self._body = ([p for p, _ in found], [v for _, v in found], [p for p, _ in body], [v for _, v in body])
        return self._body

    def cue(self, offset: int) -> str | None:
        """An era phrase earlier in the sentence ('setelah runtuhnya Uni Soviet'); the longest of
        those ending last wins ('setelah berakhirnya Perang Dingin' over 'Perang Dingin')."""
        i = self.sentence(offset)
        if i is None:
            return None
        cues = self._cues.get(i)
        if cues is None:
            sent = self.doc.sentences[i]
            held = self.text[sent.start : sent.end].lower().__contains__
            # one look for each word first, not one per cue and word: most sentences hold none
            cues = self._cues[i] = [(m.end(), m.end() - m.start(), value)
                                    for rx, needs, value in self.rules.era_cues if any(map(held, needs))
                                    for m in rx.finditer(self.text, sent.start, sent.end)
                                    ] if any(map(held, self.rules.era_words)) else []
        before = [c for c in cues if c[0] <= offset]
        if not before:
            return None
        best = max(before, key=lambda c: (c[0], c[1]))
        return self._present() if best[2] == "present" else best[2]

    def local(self, offset: int) -> str | None:
        """A date said in the very sentence: an era phrase, else a date written in it (the
        temporal stage's when it ran, else a year, decade or century found here)."""
        cue = self.cue(offset)
        if cue is not None:
            return cue
        i = self.sentence(offset)
        if i is None:
            return None
        sent = self.doc.sentences[i]
        positions, values = self._stage_dates() if self.doc.timexes else self._all_dates()[:2]
        lo, hi = bisect.bisect_left(positions, sent.start), bisect.bisect_left(positions, sent.end)
        if lo == hi:
            return None
        k = bisect.bisect_left(positions, offset, lo, hi)  # the last date before the offset, else the first
        return values[k - 1] if k > lo else values[lo]

    def _stage_dates(self) -> tuple[list[int], list[str]]:
        """The temporal stage's dates that have bounds, positions and values in text order: made
        once, asked for every dated name and title."""
        if self._timex_dates is None:
            found = sorted(((t.start, t.value) for t in self.doc.timexes
                            if t.type == "DATE" and t.value and bounds(t.value)), key=_first)
            self._timex_dates = ([p for p, _ in found], [v for _, v in found])
        return self._timex_dates

    def at(self, offset: int) -> str | None:
        """The date of the passage: an era phrase in the sentence, else the temporal stage's
        narrative date, else the latest date written up to the end of the sentence, else the
        document date."""
        cue = self.cue(offset)
        if cue is not None:
            return cue
        doc = self.doc
        i = self.sentence(offset)
        limit = offset
        if i is not None:
            if i < len(doc.narrative) and doc.narrative[i]:
                value = doc.narrative[i]
                if value == "PRESENT_REF":
                    return self._present()
                if bounds(value):
                    return value
            limit = doc.sentences[i].end
        _, _, positions, values = self._all_dates()
        k = bisect.bisect_left(positions, limit) - 1
        if k >= 0:
            return values[k]
        return doc.doc_date

    def _present(self) -> str:
        """'Now' for the document: its date, else PRESENT (no date: the readings in force today)."""
        return self.doc.doc_date or "PRESENT"


class LazyDater:
    """A `Dater` built only when a title or a dated name needs one (most documents: never)."""

    def __init__(self, doc: Document, text: str) -> None:
        self.doc, self.text = doc, text
        self._dater: Dater | LazyDater | None = None

    def _get(self) -> Dater:
        if self._dater is None:
            self._dater = Dater(self.doc, self.text)
        return self._dater

    def at(self, offset: int) -> str | None:
        return self._get().at(offset)

    def sentence(self, offset: int) -> int | None:
        return self._get().sentence(offset)

    def local(self, offset: int) -> str | None:
        return self._get().local(offset)


# --- office-holders -------------------------------------------------------------------------

def pick(offices: Iterable[Office], when: str | None) -> Office | None:
    """The office whose term covers most of `when`; with no date, the one held now."""
    offices = list(offices)
    span = bounds(when) if when else None
    if span is None:
        current = [o for o in offices if o.end is None]
        return max(current, key=lambda o: o.start or "", default=None)
    best = max(offices, key=lambda o: (overlap(span, o.start, o.end), o.start or ""), default=None)
    return best if best is not None and overlap(span, best.start, best.end) > 0 else None


def holder(gaz: Gazetteer, role: str, country: str, when: str | None) -> Entry | None:
    """Who held `role` of `country` at `when`; a role no one of that country held then falls
    back to the next roles of gazetteer/codes.yaml ('leader' → 'president' → 'prime-minister' →
    …): 'Presiden Turki' in 2010 is the head of state of a parliamentary Turkey, 'pemimpin
    Suriah' in 2010 the president of a country whose `leader` office covers 2024–2025 only."""
    for r in (role, *gaz.fallbacks.get(role, ())):
        offices = gaz.offices.get((r, country))
        office = pick(offices, when) if offices else None
        if office is not None:
            return gaz.entries[office.person]
    return None


def in_office(entry: Entry, when: str | None, margin_years: int = 1) -> bool:
    """Whether the person held any office within `margin_years` of `when` (or now)."""
    if not entry.offices:
        return False
    span = bounds(when) if when else None
    if span is None:
        return any(o.end is None for o in entry.offices)
    lo = date(max(span[0].year - margin_years, 1), 1, 1)
    hi = date(min(span[1].year + margin_years, 9999), 12, 31)
    return any(overlap((lo, hi), o.start, o.end) > 0 for o in entry.offices)


# --- titles ---------------------------------------------------------------------------------

@dataclass(slots=True)
class TitleFinds:
    introduced: list[Mention] = field(default_factory=list)  # new people: 'Konstantin Kosachev'
    roles: list[Mention] = field(default_factory=list)  # office-holders named by title alone
    fixes: list[tuple[Mention, Mention]] = field(default_factory=list)  # (old surname mention, new)


def name_run(text: str, pos: int, stop: int, starts: dict[int, Mention], vocab: frozenset[str],
             max_tokens: int = 4) -> tuple[int, int, Mention | None]:
    """The capitalised words from `pos` ('Georgy Toloraya'): (start, end, PER mention ending it)."""
    end, count, person = pos, 0, None
    p = pos
    while p < stop and count < max_tokens:
        m = starts.get(p)
        if m is not None:
            if m.type == "PER" and count > 0:
                end, person = m.end, m
            break
        w = WORD.match(text, p)
        if not w:
            break
        word = w.group(0)
        if not (word[0].isupper() or (count > 0 and word in NAME_PARTICLES)):
            break
        if word.lower() in vocab and count == 0:
            break
        end, count = w.end(), count + 1
        if text[end : end + 1] != " ":
            break
        p = end + 1
    if text[end - 1 : end] in "-'’":
        end -= 1
    return pos, end, person


class Titles:
    """Finds title phrases and what they name (see the module docstring)."""

    def __init__(self, gaz: Gazetteer, demonyms: dict[str, str]) -> None:
        self.gaz = gaz
        self.rules = rules()
        self.demonyms = demonyms  # folded lower-case demonym → actor code ('north korean' → PRK)
        # the same words before titles and the same offices at the same dates, again and again
        self.demonym = lru_cache(maxsize=16384)(lambda words: demonyms.get(_norm(words).lower()))
        self.holder = lru_cache(maxsize=4096)(partial(holder, gaz))
        # words that start a sentence or a clause, never a name ('Menurut', 'Namun', 'However')
        self.not_names = frozenset(w.lower() for w in self.rules.not_given_names).union(*function_words().values())

    def scan(self, doc: Document, text: str, mentions: list[Mention], titles: list[Title],
             dater: Dater | LazyDater) -> TitleFinds:
        r = self.rules
        finds = TitleFinds()
        if not titles:
            return finds
        starts = {m.start: m for m in mentions}
        ends = {m.end: m for m in mentions}
        for t_start, t_end, role in titles:
            i = dater.sentence(t_start)
            if i is None:
                continue
            sent = doc.sentences[i]
            country, last = self._country_before(text, t_start, ends), t_end
            known_before = country is not None  # English order: 'Japanese Prime Minister …'
            person: Mention | None = None
            run: tuple[int, int, Mention | None] | None = None
            pos, comma, words, after_country = t_end, False, 0, False
            if text[pos : pos + 1] == ".":
                pos += 1  # 'Dr. Evan Laksmana', 'Prof. …': an abbreviated title
            while pos < sent.end and words <= 8:
                while pos < sent.end and text[pos] == " ":
                    pos += 1
                m = starts.get(pos)
                if m is not None:
                    if m.type == "PER":
                        person = m
                        break
                    if comma and country is None:
                        break  # 'menjadi presiden, Rusia …': a country after a comma is not the title's
                    if country is None and (code := self._acts_for(m)):
                        country, after_country, last = code, True, m.end
                    pos = m.end
                    continue
                if text[pos : pos + 1] == ",":
                    comma, pos = True, pos + 1
                    continue
                w = WORD.match(text, pos)
                if not w:
                    break
                word = w.group(0)
                low = word.lower()
                if word[0].isupper() and low not in r.title_vocabulary and low not in r.title_words \
                        and not ROMAN.fullmatch(word):
                    run = name_run(text, pos, sent.end, starts, r.title_vocabulary)
                    if run[2] is not None or len(WORD.findall(text, run[0], run[1])) >= 2:
                        break
                    run = None  # one capitalised word: part of the title ('Menteri Unifikasi …')
                if word[0].isupper():  # part of the title: 'Komisi I', 'Hubungan Internasional'
                    words += 1
                    pos = w.end()
                    continue
                if comma or known_before or (after_country and low not in r.connectors
                                             and low not in _PREPOSITIONS):
                    break
                words += 1
                pos = w.end()
            if person is not None:
                continue  # a known person after the title: already a mention
            named = False
            if run is not None and not (run[2] is None and title_case(text, sent.start, sent.end)):
                # in a Title Case headline every word is capitalised: no new name can be told apart
                named = self._named(doc, text, run, country, role, dater, starts, finds)
            if not named and self._closed(text, t_end, sent.end, starts):
                lead, state = self._lead(text, t_start, ends)
                lead = self._past_article(text, lead)
                state = country or state
                if text[lead - 2 : lead] == ", " and not (
                        role and state and self.holder(role, state, dater.at(t_start))):
                    # an office someone held then is that person's ('…, Presiden Rusia, …'): see `_role_only`
                    named = self._named_before(text, lead - 2, sent.start, ends, state, finds)
            if not named and role and country and not self._generic(text, t_start, ends):
                self._role_only(doc, t_start, last, role, country, dater, finds)
        return finds

    def _acts_for(self, m: Mention) -> str | None:
        """The state or body whose office a title after this mention names: its country, or for
        a body of many states its own code ('Sekjen PBB' → the secretary-general of the UN)."""
        if m.country or m.type != "ORG":
            return m.country
        entry = self.gaz.entries.get(m.entity_id)
        return entry.actor if entry is not None else None

    def _country_before(self, text: str, start: int, ends: dict[int, Mention]) -> str | None:
        """English order: 'Russian President', 'Russia's foreign minister', 'Kremlin spokesman'."""
        before = text[max(0, start - 40) : start]
        m = ends.get(start - 1) if before.endswith(" ") else None
        if m is None and before[-3:-1] in POSSESSIVES:
            m = ends.get(start - 3)
        if m is not None and (code := self._acts_for(m)):
            return code
        words = before.split()
        for n in (2, 1):
            if len(words) >= n:
                code = self.demonym(" ".join(words[-n:]))
                if code:
                    return code
        return None

    def _generic(self, text: str, start: int, ends: dict[int, Mention]) -> bool:
        """'seorang Presiden Rusia' (a president), or 'Sergei Shoigu, Menteri Pertahanan Rusia'."""
        words = text[max(0, start - 30) : start].split()
        if words and words[-1].lower() in self.rules.indefinites:
            return True
        before = text[max(0, start - 3) : start]
        if before.endswith(", "):
            m = ends.get(start - 2)
            return m is not None and m.type == "PER"
        return False

    def _named(self, doc: Document, text: str, run: tuple[int, int, Mention | None], country: str | None,
               role: str | None, dater: Dater | LazyDater, starts: dict[int, Mention], finds: TitleFinds) -> bool:
        """The person a title names: True when one was found."""
        s, e, person = run
        tokens = WORD.findall(text, s, e)
        if person is not None:
            # 'Presiden Rusia Vladimir Medvedev': a known surname alone after another given name
            entry = self.gaz.entries.get(person.entity_id)
            if (len(WORD.findall(person.text)) == 1 and entry is not None and in_office(entry, dater.at(s))
                    and all(old is not person for old, _ in finds.fixes)):
                finds.fixes.append((person, _mismatch(doc, text, s, person)))
            return True
        if len(tokens) < 2:
            return False
        if country is None:
            country = _country_after(text, e, starts)
        name = " ".join(tokens)
        finds.introduced.append(Mention(s, e, text[s:e], "PER", f"kronik:per:{slug(name)}", name, country,
                                        how="introduced"))
        return True

    def _lead(self, text: str, start: int, ends: dict[int, Mention]) -> tuple[int, str | None]:
        """Where the state before a title starts, over the title's own words ('Saudi national
        security adviser', "Russia's deputy foreign minister", 'Russian Deputy Foreign
        Minister'), and its code: a state's mention, or a demonym of one or two words; else
        (`start`, None)."""
        pos = start
        for _ in range(4):
            if text[pos - 2 : pos] == ", " or text[pos - 1 : pos] != " ":
                break
            at = pos - 1
            if text[at - 2 : at] in POSSESSIVES:
                at -= 2
            m = ends.get(at)
            if m is not None:  # 'Farah Dakhlallah, NATO spokeswoman, …': a body's office too
                code = self._acts_for(m)
                return (m.start, code) if code else (start, None)
            words = list(WORD.finditer(text, max(0, at - 40), at))
            if not words or words[-1].end() != at:
                break
            for n in (2, 1):
                code = self.demonym(text[words[-n].start() : at]) if len(words) >= n else None
                if code:
                    return words[-n].start(), code
            low = words[-1].group(0).lower()
            if low not in self.rules.title_vocabulary and low not in self.rules.title_words:
                break
            pos = words[-1].start()
        return start, None

    def _closed(self, text: str, end: int, stop: int, starts: dict[int, Mention], reach: int = 80) -> bool:
        """Whether a comma closes the phrase a title starts ('juru bicara Kremlin,', "secretary of
        Iran's Supreme National Security Council,"): only words of a title or a name, actors and
        prepositions stand before it; a verb or any other lower-case word means the clause goes on
        ('Presiden mengatakan ekonomi tumbuh, …')."""
        r = self.rules
        pos, limit = end, min(stop, end + reach)
        while pos < limit:
            c = text[pos]
            if c == ",":
                return True
            if c in " '’.":
                pos += 1  # "Iran's", 'Prof.'
                continue
            m = starts.get(pos)
            if m is not None:
                pos = m.end
                continue
            w = WORD.match(text, pos, limit)
            if w is None:
                return False
            word = w.group(0)
            low = word.lower()
            if not (word[0].isupper() or low in r.title_vocabulary or low in r.title_words or low in _PREPOSITIONS
                    or low in r.connectors or low in r.apposition_articles or low == "s" or self.demonym(low)):
                return False
            pos = w.end()
        return False

    def _past_article(self, text: str, lead: int) -> int:
        """Where an article before the title's phrase starts ('…, a professor', '…, seorang
        profesor'), when the comma comes right before it; else `lead`."""
        found = word_before(text, lead - 1, 0) if text[lead - 1 : lead] == " " else None
        if found is not None and found[1].lower() in self.rules.apposition_articles \
                and text[found[0] - 2 : found[0]] == ", ":
            return found[0]
        return lead

    def _named_before(self, text: str, comma: int, stop: int, ends: dict[int, Mention], country: str | None,
                      finds: TitleFinds) -> bool:
        """A person the gazetteer does not know, described by the title that follows their name
        between commas ('Ali Shamkhani, secretary of Iran's Supreme National Security Council,
        signed …'; 'Menurut Teuku Rezasyah, pengamat hubungan internasional, …'): two to four
        capitalised words right before the comma, none of them a mention, a title word or a
        function word, and nothing capitalised before them that could be part of the phrase.
        The commas on both sides tell an apposition from a phrase that only precedes the title
        ('Dalam Pidato Kenegaraan, Presiden mengatakan …'); an office that someone held then is
        theirs, not the words' before it (`scan`)."""
        if comma in ends:
            return False  # a known actor before the comma: 'Dmitry Peskov, juru bicara Kremlin, …'
        r = self.rules
        s, count, pos = comma, 0, comma
        while count < 5:
            found = word_before(text, pos, stop)
            if found is None:
                break
            i, word = found
            low = word.lower()
            if not (word[0].isupper() or low in NAME_PARTICLES) or low in r.title_words \
                    or low in r.title_vocabulary or low in self.not_names or i + len(word) in ends:
                break
            s, count = i, count + 1
            if i - 1 <= stop or text[i - 1] != " ":
                break
            pos = i - 1
        if not 2 <= count <= 4 or not text[s].isupper():
            return False
        before = text[max(stop, s - 30) : s].split()
        if before and before[-1][:1].isupper() and before[-1].lower() not in self.not_names \
                and s - 1 > stop:
            return False  # more capitalised words before: a longer phrase, not a name
        name = " ".join(text[s:comma].split())
        finds.introduced.append(Mention(s, comma, text[s:comma], "PER", f"kronik:per:{slug(name)}", name, country,
                                        how="introduced"))
        return True

    def _role_only(self, doc: Document, start: int, end: int, role: str, country: str, dater: Dater | LazyDater,
                   finds: TitleFinds) -> None:
        who = self.holder(role, country, dater.at(start))
        if who is not None:
            finds.roles.append(Mention(start, end, doc.text[start:end], "PER", who.id, who.name, who.country,
                                       qid=who.qid, how="role"))


_PREPOSITIONS = frozenset({"untuk", "di", "pada", "dari", "bagi", "for", "to", "at", "of", "in", "from"})


def _country_after(text: str, end: int, starts: dict[int, Mention]) -> str | None:
    """'Georgy Toloraya di Universitas Negeri Moskow': the body named right after the person."""
    m = re.match(r",?\s+(?:di|dari|pada|at|of|from)\s+", text[end : end + 12])
    if m:
        after = starts.get(end + m.end())
        if after is not None:
            return after.country
    return None


def _mismatch(doc: Document, text: str, start: int, person: Mention, how: str = "title") -> Mention:
    return Mention(start, person.end, text[start : person.end], "PER", person.entity_id, person.name,
                   person.country, qid=person.qid, how=how, flags=("name-mismatch",),
                   in_reference=person.in_reference)


def given_name_fixes(doc: Document, text: str, surname_only: list[Mention], mentions: list[Mention],
                     given_names: frozenset[str], gaz: Gazetteer,
                     dater: Dater | LazyDater) -> list[tuple[Mention, Mention]]:
    """'dilanjutkan Vladimir Medvedev': another given name before a surname-only mention. A known
    given name before the surname of someone then in office is that person, written wrongly
    (linked, flagged 'name-mismatch'); otherwise it is another person of the same surname
    ('Roy Medvedev', a new person)."""
    out: list[tuple[Mention, Mention]] = []
    if not surname_only:
        return out
    r = rules()
    ends = {m.end for m in mentions}
    sentence_starts = {s.start for s in doc.sentences}
    for m in surname_only:
        if m.start < 2 or text[m.start - 1] != " " or (m.start - 1) in ends:
            continue
        w = re.search(r"([^\W\d_][\w'’-]*)$", text[max(0, m.start - 30) : m.start - 1])
        if not w or not w.group(1)[0].isupper() or w.group(1).isupper() or not w.group(1).replace("-", "").isalpha():
            continue  # not a capitalised plain word ('Russia's Putin', 'AS Biden')
        given = w.group(1)
        start = m.start - 1 - len(given)
        entry = gaz.entries.get(m.entity_id)
        if given in given_names and entry is not None and in_office(entry, dater.at(m.start)):
            out.append((m, _mismatch(doc, text, start, m, how="gazetteer")))
            continue
        if given not in given_names and (start in sentence_starts or given in r.not_given_names
                                         or given.lower() in r.title_words or given.lower() in r.title_vocabulary):
            continue  # 'Menurut Medvedev', 'Senin Putin', 'Presiden Putin': not a given name
        name = f"{given} {m.text}"
        out.append((m, Mention(start, m.end, text[start : m.end], "PER", f"kronik:per:{slug(name)}", name, None,
                               how="introduced", in_reference=m.in_reference)))
    return out


def title_case(text: str, start: int, end: int) -> bool:
    """A headline written in Title Case ('Presiden Rusia Tegaskan Dukungan untuk Korea Utara')."""
    words = WORD.findall(text, start, end)
    return len(words) >= 4 and all(w[0].isupper() for w in words if len(w) > 3)


def _coverage(n: int, mentions: Iterable[Mention]) -> bytearray:
    covered = bytearray(n + 1)
    for m in mentions:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    return covered
