"""Multi-pattern matching of gazetteer names in a text, with exact offsets.

Takes: a `Gazetteer` and the language data (data/<lang>/entities.yaml: name templates such as
'Kementerian Luar Negeri {state}', and blockers such as 'Perang Korea'). Gives: a `Matcher`
whose `find(text)` returns the longest non-overlapping matches, each with the patterns (names)
that fit it as written.

One Aho-Corasick automaton (pyahocorasick) holds every surface form, built once per build.
Text and patterns are compared in a folded form of the same length as the text — accents
removed, lower case, every character that is not a letter or digit turned into a space, and a
space added at both ends — so that keys starting with a space can only match from the start of a
word (the end of the word is checked after), a hyphen equals a space ('Kim Jong-un' = 'Kim Jong
Un'), and offsets in the folded text are offsets in the original. The automaton returns the
leftmost-longest matches ('Dewan Keamanan PBB' over 'PBB'; 'Perang Korea', a blocker, over
'Korea'). Case is then checked against the text as written, word by word (see `case_ok`):
all-capital short forms ('AS', 'PBB', 'RRT') must be written so ('as' is an English word),
a one-word name needs its capital ('Barat' the West, not 'barat' west), longer names may be
written in any case ('semenanjung Korea', 'KOREA UTARA').
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import ahocorasick

from kronik import langdata
from kronik.errors import DataError
from kronik.gazetteer import Entry, Gazetteer, Name

NONWORD = re.compile(r"[\W_]")
SEPARATOR = re.compile(r"[^\w ]|_")  # NONWORD but for the space itself: fewer replacements, same result
TOKEN = re.compile(r"[^\W_]+")
SLOT = re.compile(r"\{(state|demonym)\}")
MIN_NEAR_MISS_LEN = 10  # names shorter than this are not compared for near misses


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
ACCENTED = re.compile("[" + "".join(chr(c) for c in sorted(FOLD)) + "]")

# How the case of a match is checked (see `case_ok`), decided once per key: most keys hold one
# pattern whose rule reduces to a single comparison.
ANY, CAPITAL, AS_WRITTEN, WORDS = 0, 1, 2, 3
KIND_ORDER = {"name": 0, "seat": 1, "template": 2}  # among readings that fit alike, the first kind wins
Hit = tuple[int, int, tuple["Pattern", ...]]  # start, end, the readings whose case fits
Title = tuple[int, int, str | None]  # start, end, role (None: a word that introduces a person)
Head = tuple[int, int, str]  # start, end, side ('before' or 'after') of a word heading a body's name
# What a mention of one plain reading carries, ready-made per pattern: type, entity id, name,
# country, QID, how found, actor code, short forms it makes linkable ((form, kind), …), and
# whether it is a person's surname alone ('Medvedev').
Plain = tuple[str, str, str, str | None, str | None, str, str | None, tuple[tuple[str, str], ...], bool]
Found = tuple[int, int, Plain]


def fold(text: str) -> str:
    """Accent-free text of the same length (case kept), for comparing words as written."""
    return text.translate(FOLD)


def search_text(text: str) -> str:
    """The folded form the automaton runs on: ' ' + lower-case words and spaces + ' '."""
    # The ASCII characters go through a byte table (a C loop over the whole text), the few others
    # one by one (`_search_char`): they are where the bytes hold a '?' the text does not.
    raw = text.encode("ascii", "replace")
    out = " " + raw.translate(ASCII_SEARCH).decode("ascii") + " "
    if text.isascii():
        return out
    if "\u03a3" in text:  # capital sigma: its lower case depends on the letters around it
        return _search_text(text)
    pieces: list[str] = []
    pos = 0
    at = raw.find(b"?")
    while at >= 0:
        form = _search_char(text[at])
        if form != " ":
            pieces += (out[pos : at + 1], form)
            pos = at + 2
        at = raw.find(b"?", at + 1)
    if not pieces:
        return out
    pieces.append(out[pos:])
    return "".join(pieces)


def _search_text(text: str) -> str:
    """`search_text` on the whole text at once: the definition the fast path must equal."""
    if ACCENTED.search(text):
        text = text.translate(FOLD)
    low = text.lower()
    if len(low) != len(text):  # 'İ'.lower() is two characters: fall back one by one
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return " " + SEPARATOR.sub(" ", low) + " "


@cache
def _search_char(c: str) -> str:
    """One character as `_search_text` folds it (sigma aside, it does so character by character)."""
    return _search_text(c)[1:-1]


ASCII_SEARCH = bytes(ord(_search_char(chr(b))) if b < 128 else 32 for b in range(256))


def key_of(text: str) -> str:
    """The automaton key of a surface form: a space, then its folded words."""
    return " " + search_text(text).strip(" ")


@dataclass(slots=True, eq=False)
class Pattern:
    """A surface form and what it stands for (an entry id, or a blocker with entry ''). Not to be
    changed once made (it is not frozen only because a frozen one takes five times as long to
    make, and a build makes ~18,000); compared and hashed by identity."""

    text: str
    tokens: tuple[str, ...]
    entry: str
    kind: str  # name, seat, template, block, title, orghead, first (a first word, for near misses)
    case: str = "default"
    standalone: bool = False
    when: str | None = None
    start: str | None = None
    end: str | None = None
    user: bool = False
    # a title's role ('Presiden' → president; None for introducers such as 'Profesor'); an
    # organisation head's side ('before', 'after': see stages/actor_orgs.py)
    role: str | None = None


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
        self._choices: dict[tuple[Pattern, ...], Plain | None] = {}  # see `_sort`
        self._state_list: list[Entry] | None = None  # the states, for the templates
        self._names_in: dict[tuple[str, str], list[str]] = {}  # (state id, language) → its names there
        self._made: dict[tuple[object, object, str], Entry] = {}  # template entities, by name and state
        for name in gaz.names():
            self._add(self._pattern(name, gaz.entries[name.entry].user))
        for form, role in title_forms().items():
            # titles share the automaton (one pass over the text); 'PM' as written, 'Presiden' in any case
            self._add(Pattern(form, _tokens(form), "", "title", "exact" if form.isupper() else "any", role=role))
        heads, self.org_joins = organisation_heads()
        for form, side in heads.items():
            if key_of(form) not in self._keys:  # a listed name or a title of the same words wins
                self._add(Pattern(form, _tokens(form), "", "orghead", "title", role=side))
        data = langdata.load_all("entities")
        for lang, rules in data.items():
            where = f"data/{lang}/entities.yaml"
            for phrase in langdata.require(rules, "blockers", list, where):
                self._add(Pattern(str(phrase), _tokens(str(phrase)), "", "block"))
            for tpl in langdata.require(rules, "templates", list, where):
                self._templates(tpl, lang, where)
        self.directions = frozenset(str(d) for rules in data.values() for d in rules.get("directions", ()))
        self.first_words = self._first_words()
        self.plain: dict[int, Plain] = {}  # id(pattern) → its mention fields
        # id(pattern) → (its rank among readings that fit alike, its mention fields), for the
        # patterns that need no context or date: a match of those alone is chosen at once
        self.fixed: dict[int, tuple[tuple[bool, int], Plain]] = {}
        fields: dict = {}  # see `_plain`
        # short keys first: the trie nodes and values that nearly every word of a text walks
        # through (short names, titles, first words) are then made together, close in memory —
        # the automaton pass is bound by memory once the other stages have filled the caches
        for key in sorted(self._keys, key=len):
            patterns = self._keys[key]
            for p in patterns:
                if p.entry:
                    self.plain[id(p)] = self._plain(p, fields)
                    if p.kind in KIND_ORDER and not (p.when or p.start or p.end):
                        self.fixed[id(p)] = ((not p.user, KIND_ORDER[p.kind]), self.plain[id(p)])
            # value: key length, patterns, case check, mention fields if plain, whether the key has
            # several words, the near-miss key of a first word
            words = len(key) > 1 + len(patterns[0].tokens[0])
            if patterns[0].kind == "first":
                self.automaton.add_word(key, (len(key), tuple(patterns), CAPITAL, None, words,
                                              " " + patterns[0].text))
                continue
            one = patterns[0]
            simple = (len(patterns) == 1 and id(one) in self.fixed and not one.text.endswith("."))
            self.automaton.add_word(key, (len(key), tuple(patterns), _check(patterns),
                                          self.plain[id(one)] if simple else None, words, None))
        self.automaton.make_automaton()

    def _first_words(self) -> dict[str, tuple[tuple[str, int, str], ...]]:
        """First word → (folded name, word count, entry id) of the multi-word PER/ORG/LOC names, for
        near misses ('Korean Penninsula'). The first words join the automaton (as kind 'first'):
        where no whole name matches, the longest match there is the first word, so the one pass
        over the text also finds the phrases to compare. Left out: first words that are names by
        themselves ('Korea': their phrases are mentions already) and short or common ones ('The')."""
        index: dict[str, list[tuple[str, int, str]]] = {}
        for patterns in list(self._keys.values()):
            for p in patterns:
                if p.kind not in ("name", "seat") or len(p.tokens) < 2:
                    continue
                folded = key_of(p.text).strip()
                if len(folded) < MIN_NEAR_MISS_LEN or self.entry(p.entry).type not in ("PER", "ORG", "LOC"):
                    continue
                index.setdefault(key_of(p.tokens[0]), []).append((folded, len(p.tokens), p.entry))
        out: dict[str, tuple[tuple[str, int, str], ...]] = {}
        for key, candidates in index.items():
            if key in self._keys or len(key) < 5 or key == " the":
                continue
            out[key] = tuple(candidates)
            self._keys[key] = [Pattern(key.strip(), (key.strip().capitalize(),), "", "first")]
        return out

    def _plain(self, p: Pattern, fields: dict) -> Plain:
        """`fields` keeps each entry's own fields, and the mention fields made, for the next
        patterns of the entry (a state has hundreds of template patterns)."""
        e = self.entry(p.entry)
        own = fields.get(e.id)
        if own is None:
            own = fields[e.id] = (e.type, e.id, e.name, e.country, e.qid, "user" if e.user else "gazetteer", e.actor)
        forms: list[tuple[str, str]] = []
        if e.type == "PER":
            forms = [(s, "person") for s in e.short]
        elif e.type == "GPE" and len(p.tokens) > 1:
            words = p.text.split()
            forms = [(w, "direction") for w in {words[0], words[-1]} if w in self.directions]
        # one tuple for all the patterns of an entry alike (a state's hundreds of template forms)
        parts = (e.id, tuple(forms), e.type == "PER" and len(p.tokens) == 1)
        made = fields.get(parts)
        if made is None:
            made = fields[parts] = (*own, parts[1], parts[2])
        return made

    @staticmethod
    def _pattern(name: Name, user: bool) -> Pattern:
        return Pattern(name.text, _tokens(name.text), name.entry, name.kind, name.case, name.standalone,
                       name.when, name.start, name.end, user)

    def _add(self, pattern: Pattern) -> None:
        key = key_of(pattern.text)
        if key.strip():
            self._keys.setdefault(key, []).append(pattern)

    def _templates(self, tpl: object, lang: str, where: str) -> None:
        """'Kementerian Luar Negeri {state}' × every state's names in the template's language."""
        if not isinstance(tpl, dict) or not isinstance(tpl.get("pattern"), str):
            raise DataError(f"template {tpl!r}: needs 'pattern' (with {{state}} or {{demonym}})", path=where)
        text = tpl["pattern"]
        slot = SLOT.search(text)
        if slot is None:
            raise DataError(f"template {text!r}: has no {{state}} or {{demonym}} slot", path=where)
        ttype = tpl.get("type")
        if ttype is not None and ttype not in ("GPE", "ORG", "LOC", "block"):
            raise DataError(f"template {text!r}: type should be GPE, ORG, LOC or block", path=where)
        before, after = text[: slot.start()], text[slot.end() :]
        # ~12,000 of the automaton's 18,000 keys come from here: the words and key of each name
        # are folded once (`_Part.of`), not once per template, and joined to the template's
        kind, case = ("block", "default") if ttype == "block" else ("template", "title")
        pre, post = _Part.of(before, "before"), _Part.of(after, "after")
        for state in self._states():
            # the names listed under the template's language; the English list also holds the names
            # Indonesian writes the same ('Australia', 'India'), so it serves every language
            forms = state.demonyms if slot.group(1) == "demonym" else self._state_names(state, lang)
            target = ("" if ttype == "block" else state.id if ttype is None
                      else self._template_entry(tpl, state, where).id)
            for form in forms:
                surface = before + form + after
                part = _Part.of(form, "")
                if pre.joins and post.joins and part.joins:
                    tokens = pre.tokens + part.tokens + post.tokens
                    key = " " + (pre.folded + part.folded + post.folded).strip(" ")
                else:
                    tokens, key = _tokens(surface), key_of(surface)
                if key.strip():  # as `_add`, with the key made from the parts
                    self._keys.setdefault(key, []).append(Pattern(surface, tokens, target, kind, case))

    def _states(self) -> list[Entry]:
        if self._state_list is None:
            self._state_list = [e for e in self.gaz.entries.values() if e.type == "GPE" and e.code]
        return self._state_list

    def _state_names(self, state: Entry, lang: str) -> list[str]:
        names = self._names_in.get((state.id, lang))
        if names is None:
            names = self._names_in[state.id, lang] = [
                n.text for n in state.names if n.kind == "name" and n.lang in (lang, None, "en")]
        return names

    def _template_entry(self, tpl: dict, state: Entry, where: str) -> Entry:
        # templates of one body share its name ('Kemlu {state}', 'Kementerian Luar Negeri {state}',
        # '{demonym} Foreign Ministry' …): its entity is made once per state, not once per template
        made = self._made.get((tpl.get("type"), tpl.get("name"), state.id))
        if made is None:
            made = self._made[tpl.get("type"), tpl.get("name"), state.id] = self._new_template_entry(tpl, state, where)
        return made

    def _new_template_entry(self, tpl: dict, state: Entry, where: str) -> Entry:
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
        """The names whose words are exactly those of `text`, in any case ('Rfe/Rl' → RFE/RL);
        titles, blockers and first words, which stand for no entity, are left out."""
        found = self.automaton.get(key_of(text), None)
        return tuple(p for p in found[1] if p.entry) if found else ()

    def plain_forms(self, entry_id: str) -> tuple[tuple[str, str], ...]:
        """The short forms a person's full name makes linkable ('Kim' after Kim Jong Un)."""
        entry = self.gaz.entries.get(entry_id)
        return tuple((s, "person") for s in entry.short) if entry is not None and entry.type == "PER" else ()

    def entry(self, entry_id: str) -> Entry:
        return self.extra.get(entry_id) or self.gaz.entries[entry_id]

    def find(self, text: str, blocked: Iterable[tuple[int, int]] = (), norm: str | None = None,
             ) -> tuple[list[Found], list[Found], list[Hit], list[Title], list[tuple[int, str]], list[Head]]:
        """Leftmost-longest whole-word matches whose case fits, none inside a `blocked` span (URLs …)
        and no blocker ('Perang Korea'). Gives names with one plain reading as (start, end, their
        mention fields); matches whose readings need no context or date, already chosen, likewise
        (a second list: the plural 'pembicaraan-pembicaraan Lima-pihak' is only looked for before
        the first); the others as (start, end, the patterns that fit) to be chosen by context or
        date; titles as (start, end, role); the starts of phrases that begin like a multi-word
        name without being one, with their first word's key (near-miss candidates); and the
        words that head an organisation's name, as (start, end, side). `norm` is
        `search_text(text)` if the caller has it."""
        if norm is None:
            norm = search_text(text)
        taken: bytearray | None = None
        for s, e in blocked:
            if taken is None:
                taken = bytearray(len(text) + 1)
            taken[s:e] = b"\x01" * (e - s)
        plain: list[Found] = []
        chosen: list[Found] = []
        other: list[Hit] = []
        titles: list[Title] = []
        firsts: list[tuple[int, str]] = []
        heads: list[Head] = []
        first_words = self.first_words
        # this loop runs for every match of every key, most of them cast away (a first word such
        # as 'yang' in lower case, a key ending inside a word): the common cases come first
        for end, value in self.automaton.iter_long(norm):
            # norm is text with one leading space: the key ' word … word' covers text[end-length+1 : end]
            if norm[end + 1] != " ":
                # the key ends inside a word ('Korea' in 'Koreans', 'Korean Peninsula' in '… Peninsular'):
                # a longer name may hide shorter ones, and a near miss; a one-word key holds neither
                # ('deng' in 'dengan', 'un' in 'untuk': a fifth of all matches)
                if not value[4]:
                    continue
                length, patterns = value[0], value[1]
                start = end - length + 1
                if not (taken is not None and (taken[start] or taken[end - 1])):
                    word = " " + patterns[0].tokens[0].lower()
                    if word in first_words and text[start].isupper():
                        firsts.append((start, word))
                    for h in self._inside(norm, text, start, end, length, taken):
                        if h[2][0].kind not in ("title", "block", "first", "orghead"):
                            self._sort(h, chosen, other)
                continue
            length, patterns, check, simple, words, first = value
            start = end - length + 1
            if taken is not None and (taken[start] or taken[end - 1]):
                continue
            if simple is not None:
                if check == ANY or (check == CAPITAL and text[start].isupper()) or (
                        check == AS_WRITTEN and text[start:end] == patterns[0].text):
                    plain.append((start, end, simple))  # the common case, kept short
                    continue
                if check != WORDS and not words:
                    continue  # not written as it must be ('antara' for the agency), and no name inside
            if first is not None:
                if text[start].isupper():
                    firsts.append((start, first))
                continue
            for hit in self._fit(norm, text, end, value, taken):
                kind = hit[2][0].kind
                if kind == "title":
                    titles.append((hit[0], hit[1], hit[2][0].role))
                elif kind == "first":
                    firsts.append((hit[0], " " + hit[2][0].text))
                elif kind == "orghead":
                    heads.append((hit[0], hit[1], hit[2][0].role or "before"))
                elif kind != "block":
                    self._sort(hit, chosen, other)
        return plain, chosen, other, titles, firsts, heads

    def _sort(self, hit: Hit, chosen: list[Found], other: list[Hit]) -> None:
        """A match whose readings need no context or date, all of one entity, is chosen here, as
        `Engine.choose` would: user data first, then names before seats before templates."""
        # the choice depends on the readings alone: made once per set of readings (of a key, or
        # those of its readings whose case fits), not once per match
        choice = self._choices.get(hit[2], False)
        if choice is False:
            fixed = [self.fixed.get(id(p)) for p in hit[2]]
            # None: a date or the context decides, or namesakes do ('Ferdinand Marcos')
            undecided = None in fixed or len({p.entry for p in hit[2]}) > 1
            choice = None if undecided else min(fixed, key=_rank)[1]  # type: ignore[arg-type]
            self._choices[hit[2]] = choice
        if choice is None:
            other.append(hit)
        else:
            chosen.append((hit[0], hit[1], choice))

    def _fit(self, norm: str, text: str, end: int, value: tuple, taken: bytearray | None) -> Iterator[Hit]:
        """The patterns of one match whose case fits; if none, the shorter matches inside it."""
        length, patterns, check, _, words, _ = value
        start = end - length + 1
        if check == ANY or (check == CAPITAL and text[start].isupper()):
            fits = patterns
        elif check == AS_WRITTEN:
            fits = patterns if text[start:end] == patterns[0].text else ()
        else:
            written = tuple(TOKEN.findall(fold(text[start:end])))
            fits = tuple(p for p in patterns
                         if case_ok(p, written) and not (p.standalone and _followed_by_name(text, end)))
        if fits:
            if fits[0].text.endswith(".") and text[end : end + 1] == ".":
                end += 1  # 'A.S.', 'Washington D.C.': the abbreviation's last period
            yield start, end, fits
        elif words:
            # the longest name here is not written as it must be ('majelis rendah Rusia' for the
            # title-case-only 'Majelis Rendah Rusia'): look for the shorter ones inside it
            yield from self._inside(norm, text, start, end, length, taken)

    def _inside(self, norm: str, text: str, start: int, end: int, length: int,
                taken: bytearray | None) -> Iterator[Hit]:
        found = sorted((h for e, v in self.automaton.iter(norm, start, end + 1)
                        if (e, v[0]) != (end, length) and norm[e + 1] == " "
                        and not (taken is not None and taken[e - v[0] + 1])
                        for h in self._fit(norm, text, e, v, taken)),
                       key=lambda h: (h[0] - h[1], h[0]))
        used: list[tuple[int, int]] = []
        for h in found:
            if all(h[1] <= s or h[0] >= e for s, e in used):
                used.append((h[0], h[1]))
                yield h


def _rank(fixed: tuple[tuple[bool, int], Plain]) -> tuple[bool, int]:
    return fixed[0]


def _check(patterns: list[Pattern]) -> int:
    """The cheapest case check that is exact for these patterns (see `case_ok`)."""
    if len(patterns) != 1:
        checks = {_check([p]) for p in patterns}
        if checks == {ANY}:
            # each fits whatever the case ('Kim Jong Un', 'Kim Jong-un'): a match always has their
            # number of words, since a character is a word character as written iff it is one folded
            return ANY
        same = len(checks) == 1 and len({p.text for p in patterns}) == 1
        return checks.pop() if same else WORDS
    p = patterns[0]
    if p.standalone or p.case in ("exact", "title"):
        return WORDS
    if p.case == "any":
        return ANY
    acronyms = [a.isupper() and sum(c.isalpha() for c in a) >= 2 for a in p.tokens]
    if len(p.tokens) == 1:
        if acronyms[0]:
            return AS_WRITTEN if p.text == p.tokens[0] else WORDS
        return CAPITAL if p.tokens[0][:1].isupper() else ANY
    return WORDS if any(acronyms) else ANY


def title_forms() -> dict[str, str | None]:
    """Every language's titles: 'Menteri Luar Negeri' → foreign-minister, 'Profesor' → None."""
    forms: dict[str, str | None] = {}
    for lang, data in langdata.load_all("entities").items():
        where = f"data/{lang}/entities.yaml"
        for title in langdata.require(data, "introducers", list, where):
            forms.setdefault(str(title), None)
        for title, role in langdata.require(data, "roles", dict, where).items():
            forms[str(title)] = str(role)
    return forms


def organisation_heads() -> tuple[dict[str, str], frozenset[str]]:
    """Every language's organisation heads ('Universitas' → 'before', 'University' → 'after')
    and the lower-case words that join the words of such a name ('dan', 'of')."""
    heads: dict[str, str] = {}
    joins: set[str] = set()
    for lang, data in langdata.load_all("entities").items():
        where = f"data/{lang}/entities.yaml"
        spec = langdata.require(data, "organisation_heads", dict, where)
        for side in ("before", "after"):
            heads.update((form, side) for form in langdata.string_list(spec, side, where))
        joins.update(w.lower() for w in langdata.string_list(spec, "joins", where))
    return heads, frozenset(joins)


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(fold(text)))


@dataclass(frozen=True, slots=True)
class _Part:
    """A piece of a template's surface form (the text before or after the slot, or a state's
    name) with its words and folded form, made once: a surface form's words and key are those of
    its pieces joined, where each piece ends on a separator (always so for the shipped templates:
    'Kementerian Luar Negeri ', '-made'); `joins` says so."""

    tokens: tuple[str, ...]
    folded: str  # `search_text` without the spaces it adds at both ends
    joins: bool

    @staticmethod
    @cache
    def of(text: str, side: str) -> _Part:
        folded = search_text(text)[1:-1]
        # folding is character by character for ASCII text: a piece folds alike alone and joined
        edge = {"before": text[-1:], "after": text[:1]}.get(side, "")
        joins = text.isascii() and (not edge or NONWORD.fullmatch(edge) is not None) and (
            side != "" or (text[:1].isalnum() and text[-1:].isalnum()))
        return _Part(_tokens(text), folded, joins)


def _followed_by_name(text: str, stop: int) -> bool:
    """'Tsar Nicholas': the next word, after one space, is capitalised."""
    m = re.match(r" (\w)", text[stop : stop + 3])
    return bool(m) and m.group(1).isupper()


def slug(text: str) -> str:
    """A stable id part from a name: 'Konstantin Kosachev' → 'konstantin-kosachev'."""
    return re.sub(r"-+", "-", NONWORD.sub("-", fold(text).lower())).strip("-") or "x"
