"""Multi-pattern matching of gazetteer names in a text, with exact offsets.

Takes: a `Gazetteer` and the language data (data/<lang>/entities.yaml: name templates such as
'Kementerian Luar Negeri {state}', and blockers such as 'Perang Korea'). Gives: a `Matcher`
whose `find(text)` returns the longest non-overlapping matches, each with the patterns (names)
that fit it as written.

One Aho-Corasick automaton (pyahocorasick) holds every surface form, built once per build.
Text and patterns are compared in a folded form of the same length as the text — accents
removed, lower case, every character that is not a letter or digit turned into a space, and a
space added at both ends — so that keys padded with spaces can only match whole words, a hyphen
equals a space ('Kim Jong-un' = 'Kim Jong Un'), and offsets in the folded text are offsets in
the original. Case is then checked against the text as written, word by word (see `case_ok`):
all-capital short forms ('AS', 'PBB', 'RRT') must be written so ('as' is an English word),
a one-word name needs its capital ('Barat' the West, not 'barat' west), longer names may be
written in any case ('semenanjung Korea', 'KOREA UTARA').
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from kronik import langdata
from kronik.errors import DataError
from kronik.gazetteer import Entry, Gazetteer, Name

NONWORD = re.compile(r"[\W_]")
TOKEN = re.compile(r"[^\W_]+")
SLOT = re.compile(r"\{(state|demonym)\}")


def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics → their base letter (one character for one: offsets hold)."""
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = unicodedata.normalize("NFKD", ch)[0]
        if base != ch and base.isascii() and base.isalpha():
            table[cp] = base
    table.update({ord("’"): "'", ord("‘"): "'"})
    return table


FOLD = _fold_table()


def fold(text: str) -> str:
    """Accent-free text of the same length (case kept), for comparing words as written."""
    return text.translate(FOLD)


def search_text(text: str) -> str:
    """The folded form the automaton runs on: ' ' + lower-case words and spaces + ' '."""
    low = text.translate(FOLD).lower()
    if len(low) != len(text):  # 'İ'.lower() is two characters: fall back one by one
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text.translate(FOLD))
    return " " + NONWORD.sub(" ", low) + " "


def key_of(text: str) -> str:
    """The automaton key of a surface form: its folded words, padded with spaces."""
    return " " + search_text(text).strip(" ") + " "


@dataclass(frozen=True, slots=True)
class Pattern:
    """A surface form and what it stands for (an entry id, or a blocker with entry '')."""

    text: str
    tokens: tuple[str, ...]
    entry: str
    kind: str  # name, seat, template, block
    case: str = "default"
    standalone: bool = False
    when: str | None = None
    start: str | None = None
    end: str | None = None
    user: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    patterns: tuple[Pattern, ...]

    @property
    def blocked(self) -> bool:
        return any(p.kind == "block" for p in self.patterns)


def case_ok(pattern: Pattern, written: tuple[str, ...]) -> bool:
    """Whether the words as written fit the pattern's case rule (see the module docstring)."""
    if pattern.case == "any":
        return True
    if len(written) != len(pattern.tokens):
        return False
    if pattern.case == "exact":
        return written == pattern.tokens
    single = len(pattern.tokens) == 1
    for a, t in zip(pattern.tokens, written, strict=True):
        if a.isupper() and sum(c.isalpha() for c in a) >= 2:
            if t != a:  # an acronym: 'AS', 'PBB', 'G20'
                return False
        elif (pattern.case == "title" or single) and a[:1].isupper() and not t[:1].isupper():
            return False
    return True


class Matcher:
    """Every surface form of a gazetteer (plus templates and blockers) in one automaton."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.extra: dict[str, Entry] = {}  # entities made from templates ('Kementerian Luar Negeri Rusia')
        self.automaton = ahocorasick.Automaton()
        self._keys: dict[str, list[Pattern]] = {}
        for name in gaz.names():
            self._add(self._pattern(name, gaz.entries[name.entry].user))
        data = langdata.load_all("entities")
        for lang, rules in data.items():
            where = f"data/{lang}/entities.yaml"
            for phrase in langdata.require(rules, "blockers", list, where):
                self._add(Pattern(str(phrase), _tokens(str(phrase)), "", "block"))
            for tpl in langdata.require(rules, "templates", list, where):
                self._templates(tpl, where)
        for key, patterns in self._keys.items():
            self.automaton.add_word(key, (len(key), tuple(patterns)))
        self.automaton.make_automaton()

    @staticmethod
    def _pattern(name: Name, user: bool) -> Pattern:
        return Pattern(name.text, _tokens(name.text), name.entry, name.kind, name.case, name.standalone,
                       name.when, name.start, name.end, user)

    def _add(self, pattern: Pattern) -> None:
        key = key_of(pattern.text)
        if key.strip():
            self._keys.setdefault(key, []).append(pattern)

    def _templates(self, tpl: object, where: str) -> None:
        """'Kementerian Luar Negeri {state}' × every state name → a pattern for each."""
        if not isinstance(tpl, dict) or not isinstance(tpl.get("pattern"), str):
            raise DataError(f"template {tpl!r}: needs 'pattern' (with {{state}} or {{demonym}})", path=where)
        text = tpl["pattern"]
        slot = SLOT.search(text)
        if slot is None:
            raise DataError(f"template {text!r}: has no {{state}} or {{demonym}} slot", path=where)
        ttype = tpl.get("type")
        if ttype is not None and ttype not in ("GPE", "ORG", "LOC"):
            raise DataError(f"template {text!r}: type should be GPE, ORG or LOC", path=where)
        for state in self.gaz.entries.values():
            if state.type != "GPE" or not state.code:
                continue
            forms = state.demonyms if slot.group(1) == "demonym" else [n.text for n in state.names if n.kind == "name"]
            target = state.id if ttype is None else self._template_entry(tpl, state, where).id
            for form in forms:
                surface = text[: slot.start()] + form + text[slot.end():]
                self._add(Pattern(surface, _tokens(surface), target, "template", case="title"))

    def _template_entry(self, tpl: dict, state: Entry, where: str) -> Entry:
        name = str(tpl.get("name", "")).replace("{name}", ("the " if state.the else "") + state.name)
        if not name or "{" in name:
            raise DataError(f"template {tpl['pattern']!r}: 'name' should use {{name}}", path=where)
        eid = f"kronik:{tpl['type'].lower()}:{slug(name)}"
        if eid not in self.extra:
            country = state.country if tpl.get("country", "state") == "state" else None
            self.extra[eid] = Entry(id=eid, name=name, type=tpl["type"], country=country, source=where)
        return self.extra[eid]

    def patterns(self) -> Iterator[Pattern]:
        for patterns in self._keys.values():
            yield from patterns

    def lookup(self, text: str) -> tuple[Pattern, ...]:
        """The patterns whose words are exactly those of `text`, in any case ('Rfe/Rl' → RFE/RL)."""
        found = self.automaton.get(key_of(text), None)
        return found[1] if found else ()

    def entry(self, entry_id: str) -> Entry:
        return self.extra.get(entry_id) or self.gaz.entries[entry_id]

    def candidates(self, text: str, folded: str | None = None) -> Iterator[Hit]:
        """Every whole-word match whose case fits, overlapping ones included."""
        norm = folded if folded is not None else search_text(text)
        cased = fold(text)
        for end, (length, patterns) in self.automaton.iter(norm):
            # the key is ' word … word ': its words are text[end-len+1 : end-1] (norm has one leading space)
            start, stop = end - length + 1, end - 1
            written = tuple(TOKEN.findall(cased, start, stop))
            fits = tuple(p for p in patterns
                         if case_ok(p, written) and not (p.standalone and _followed_by_name(text, stop)))
            if fits:
                yield Hit(start, stop, fits)

    def find(self, text: str, blocked: Iterable[tuple[int, int]] = ()) -> list[Hit]:
        """Longest matches first, none overlapping another or a `blocked` span (URLs …)."""
        hits = sorted(self.candidates(text), key=lambda h: (h.start - h.end, h.start))
        taken = bytearray(len(text) + 1)
        for s, e in blocked:
            taken[s:e] = b"\x01" * (e - s)
        out: list[Hit] = []
        for hit in hits:
            if any(taken[hit.start : hit.end]):
                continue
            taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
            if not hit.blocked:
                out.append(hit)
        out.sort(key=lambda h: h.start)
        return out


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(fold(text)))


def _followed_by_name(text: str, stop: int) -> bool:
    """'Tsar Nicholas': the next word, after one space, is capitalised."""
    m = re.match(r" (\w)", text[stop : stop + 3])
    return bool(m) and m.group(1).isupper()


def slug(text: str) -> str:
    """A stable id part from a name: 'Konstantin Kosachev' → 'konstantin-kosachev'."""
    return re.sub(r"-+", "-", NONWORD.sub("-", fold(text).lower())).strip("-") or "x"
