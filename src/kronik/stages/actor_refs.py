"""Actors the gazetteer alone does not find: reference authors, later short references, typos.

Takes: a Document, its marker-blanked text, the `Matcher` and the mentions found so far.
Gives: extra Mentions —
- `reference_mentions`: the author slot of a reference entry ('Saito, Motohide. 2016.' →
  PER Motohide Saito; 'Shin, Beom-Shik.2008.' → Shin Beom-shik, family name first) and
  organisations written in any case in the author or site slot ('Ap. (2023 …)', '… reuters. https://');
- `short_references`: later short forms linked to the entity last named with them — 'Kim' after
  Kim Jong Un, 'Kosachev' after Konstantin Kosachev, 'Selatan' after Korea Selatan — and
  elliptical names ('Korea Utara dan Selatan');
- `NearMisses`: a capitalised phrase one or two letters away from a multi-word name
  ('Korean Peninsular'), by rapidfuzz's `fuzz.ratio` with a high cutoff.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from rapidfuzz import fuzz

from kronik.gazetteer import Entry
from kronik.model import Document, Mention
from kronik.stages.actor_match import Matcher, key_of, slug

LABEL = r"\s*(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\]|\^\d{1,3}|\d{1,3}[.)])?\s*"
AUTHOR = re.compile(LABEL + r"[*_\"“]?(?P<slot>[^.()\n]{2,80}?)\s*(?:\.\s*(?=\(|\d|[A-Z*\"“])|\.$|\()")
URL_START = re.compile(r"<?(?:https?://|www\.)")
NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
NEAR_MISS_CUTOFF = 94.0


def reference_mentions(doc: Document, text: str, matcher: Matcher, covered: bytearray,
                       org_words: frozenset[str], family_first: frozenset[str]) -> list[Mention]:
    out: list[Mention] = []
    for ref in doc.references:
        m = AUTHOR.match(text, ref.start, ref.end)
        if m:
            s, e = m.span("slot")
            found = _org_in_slot(text, s, e, matcher, covered) or _author(text, s, e, covered, org_words, family_first)
            if found:
                out.append(found)
        url = URL_START.search(text, ref.start, ref.end)
        if url:
            site = re.search(r"(?:^|[.”\"’]\s+)([^.\s][^.]{0,60}?)\.?\s*$", text[ref.start : url.start()])
            if site:
                s = ref.start + site.start(1)
                e = ref.start + site.end(1)
                found = _org_in_slot(text, s, e, matcher, covered)
                if found:
                    out.append(found)
    return out


def _org_in_slot(text: str, s: int, e: int, matcher: Matcher, covered: bytearray) -> Mention | None:
    """The whole slot is an organisation's name, in whatever case ('Ap', 'Rfe/Rl', 'reuters')."""
    while e > s and text[e - 1] in " .*":
        e -= 1
    if e <= s or any(covered[s:e]):
        return None
    for p in matcher.lookup(text[s:e]):
        entry = matcher.entry(p.entry)
        if entry.type == "ORG":
            return _mention(text, s, e, entry, "gazetteer")
    return None


def _author(text: str, s: int, e: int, covered: bytearray, org_words: frozenset[str],
            family_first: frozenset[str]) -> Mention | None:
    """'Saito, Motohide' → Motohide Saito; 'Alexander Fedorovskiy' as written; else None."""
    if any(covered[s:e]):
        return None
    parts = [p.strip() for p in text[s:e].split(",")]
    if len(parts) > 2 or not all(_name_like(p, org_words) for p in parts):
        return None
    if len(parts) == 2:
        surname, given = parts
        if surname in family_first:
            given = "-".join([given.split("-")[0]] + [g.lower() for g in given.split("-")[1:]])
            name = f"{surname} {given}"
        else:
            name = f"{given} {surname}"
    else:
        if len(parts[0].split()) < 2:
            return None
        name = parts[0]
    return Mention(s, e, text[s:e], "PER", f"kronik:per:{slug(name)}", name, None, how="introduced")


def _name_like(part: str, org_words: frozenset[str]) -> bool:
    tokens = part.split()
    return (0 < len(tokens) <= 3 and all(NAME_TOKEN.fullmatch(t) and t[0].isupper() for t in tokens)
            and not any(t.lower().strip(".") in org_words for t in tokens))


def _mention(text: str, s: int, e: int, entry: Entry, how: str) -> Mention:
    return Mention(s, e, text[s:e], entry.type, entry.id, entry.name, entry.country, qid=entry.qid, how=how)


# --- short references -----------------------------------------------------------------------

Target = tuple[str, str, str, str | None, str | None]  # entity id, type, name, country, qid


def short_references(doc: Document, text: str, covered: bytearray,
                     linkable: list[tuple[Mention, tuple[tuple[str, str], ...]]], introduced: list[Mention],
                     matcher: Matcher, connectors: frozenset[str], family_first: frozenset[str],
                     first_name_countries: frozenset[str], memory: dict[str, tuple[Target, str]]) -> list[Mention]:
    """Mentions for short forms after their full name (see the module docstring). `linkable`
    holds the mentions that make short forms linkable, with those forms ('Kim' for Kim Jong Un,
    'Selatan' for Korea Selatan); `covered` marks the text already in a mention; `memory` carries
    the last target of each form from one section of a document to the next."""
    directional: list[Mention] = []  # a plain loop: a generator per mention costs more than the test
    for m, forms in linkable:
        for _, kind in forms:
            if kind == "direction":
                directional.append(m)
                break
    out = _ellipses(text, directional, matcher, connectors)
    covered = bytearray(covered)  # a copy: the caller adds what is returned
    for m in out:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    regs: dict[str, list[tuple[int, Target]]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for form, (target, kind) in memory.items():
        regs[form].append((-1, target))
        kinds[form] = kind
    people = [(m, _person_forms(m.name, m.country, family_first, first_name_countries))
              for m in introduced if len(m.name.split()) >= 2]
    for m, forms in sorted([*linkable, *people], key=lambda mf: mf[0].start):
        for form, kind in forms:
            known = regs[form]
            if not known or known[-1][1][0] != m.entity_id:  # only where the target changes
                known.append((m.end, (m.entity_id, m.type, m.name, m.country, m.qid)))
                kinds[form] = kind
    starts: set[int] | None = None
    for form, known in regs.items():
        n = len(form)
        at = text.find(form)
        while at >= 0:  # most occurrences are inside the full names: skipped at once
            s, e = at, at + n
            at = text.find(form, e)
            if covered[s] or (s and (text[s - 1].isalnum() or text[s - 1] == "-")) or (
                    e < len(text) and (text[e].isalnum() or text[e] == "-")):
                continue
            before = [t for p, t in known if p <= s]
            if not before:
                continue
            if kinds.get(form) == "direction":
                if starts is None:
                    starts = {x.start for x in doc.sentences}
                if not _standalone(text, s, e, starts):
                    continue
            eid, etype, name, country, qid = before[-1]
            out.append(Mention(s, e, doc.text[s:e], etype, eid, name, country, qid=qid, how="coref"))
            covered[s:e] = b"\x01" * n
    for form, known in regs.items():
        memory[form] = (known[-1][1], kinds[form])
    return out


def _person_forms(name: str, country: str | None, family_first: frozenset[str],
                  first_name_countries: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """How a person introduced in the text is named again: by the family name ('Kosachev';
    'Shin' for Shin Beom-shik), and for some countries also by the first name ('Hikmahanto')."""
    tokens = name.split()
    forms = [tokens[0] if tokens[0] in family_first else tokens[-1]]
    if country in first_name_countries and tokens[0] not in forms:
        forms.append(tokens[0])
    return tuple((f, "person") for f in forms)


def _standalone(text: str, s: int, e: int, sentence_starts: set[int]) -> bool:
    """A compass word used as a name: not opening a sentence, no capitalised word beside it."""
    if s in sentence_starts or re.match(r"[ \t]+[A-Z]", text[e : e + 3]):
        return False
    prev = re.search(r"(\S+)\s+$", text[max(0, s - 40) : s])
    return not (prev and prev.group(1)[:1].isupper() and prev.group(1).lower() != "the")


def _ellipses(text: str, mentions: list[Mention], matcher: Matcher, connectors: frozenset[str]) -> list[Mention]:
    """'Korea Utara dan Selatan' → South Korea; 'North and South Korea' → North Korea."""
    out: list[Mention] = []
    if not mentions:
        return out
    directions = matcher.directions
    after, before = _ellipsis_patterns(connectors, directions)
    for m in mentions:
        tokens = m.text.split()
        if len(tokens) < 2:
            continue
        if tokens[-1] in directions:
            a = after.match(text, m.end)
            if a and a.group(1) != tokens[-1]:
                found = _elided(text, " ".join([*tokens[:-1], a.group(1)]), a.start(1), a.end(1), matcher)
                if found:
                    out.append(found)
        if tokens[0] in directions:
            b = before.search(text[max(0, m.start - 30) : m.start])
            if b and b.group(1) != tokens[0]:
                s = m.start - len(text[max(0, m.start - 30) : m.start]) + b.start(1)
                found = _elided(text, " ".join([b.group(1), *tokens[1:]]), s, s + len(b.group(1)), matcher)
                if found:
                    out.append(found)
    return out


@cache
def _ellipsis_patterns(connectors: frozenset[str],
                       directions: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A connector and a compass word after a name, and before one (made once, not per document)."""
    conn = "|".join(re.escape(c) for c in sorted(connectors, key=len, reverse=True))
    dirs = "|".join(re.escape(d) for d in sorted(directions, key=len, reverse=True))
    return (re.compile(rf"\s+(?:{conn})\s+({dirs})(?![\w-])"),
            re.compile(rf"(?<![\w-])({dirs})\s+(?:{conn})\s+$"))


def _elided(text: str, full: str, s: int, e: int, matcher: Matcher) -> Mention | None:
    for p in matcher.lookup(full):
        entry = matcher.entry(p.entry)
        if entry.type == "GPE":
            return _mention(text, s, e, entry, "coref")
    return None


# --- near misses ----------------------------------------------------------------------------

class NearMisses:
    """Compares a capitalised phrase that begins like a multi-word PER/ORG/LOC name, without
    being one, with those names (the matcher finds the phrases: `Matcher.first_words`)."""

    def __init__(self, matcher: Matcher, suffixes: frozenset[str]) -> None:
        self.matcher = matcher
        self.suffixes = suffixes

    def find(self, text: str, firsts: list[tuple[int, str]], covered: bytearray) -> list[Mention]:
        out: list[Mention] = []
        covered = bytearray(covered)  # a copy: the caller adds what is returned
        for start, key in firsts:
            candidates = self.matcher.first_words.get(key)
            if not candidates or covered[start]:
                continue
            words = []
            for w in WORD.finditer(text, start, min(len(text), start + 120)):
                if (words and text[words[-1].end() : w.start()] != " ") or not w.group(0)[0].isupper():
                    break
                words.append(w)
            best: tuple[float, int, str] | None = None
            for folded, n, eid in candidates:
                if n > len(words) or any(covered[words[n - 1].start() : words[n - 1].end()]):
                    continue
                stop = words[n - 1].end()
                written = key_of(text[start:stop]).strip()
                if written == folded or (written.startswith(folded) and written[len(folded):] in self.suffixes):
                    continue  # the name as written (refused by its case rule), or a word made from it
                score = fuzz.ratio(written, folded, score_cutoff=NEAR_MISS_CUTOFF)
                if score and (best is None or score > best[0]):
                    best = (score, stop, eid)
            if best:
                m = _mention(text, start, best[1], self.matcher.entry(best[2]), "gazetteer")
                m.flags = ("near-miss",)
                out.append(m)
                covered[start : best[1]] = b"\x01" * (best[1] - start)
        return out
