"""Actors the gazetteer alone does not find: reference authors, later short references, typos.

Takes: a Document, its marker-blanked text, the `Matcher` and the mentions found so far.
Gives: extra Mentions —
- `reference_mentions`: the author slot of a reference entry ('Saito, Motohide. 2016.' →
  PER Motohide Saito; 'Shin, Beom-Shik.2008.' → Shin Beom-shik, family name first) and
  organisations written in any case in the author or site slot ('Ap. (2023 …)', '… reuters. https://');
- `short_references`: later short forms linked to the entity last named with them — 'Kim' after
  Kim Jong Un, 'Kosachev' after Konstantin Kosachev, 'Selatan' after Korea Selatan — and
  elliptical names ('Korea Utara dan Selatan');
- `near_misses`: a capitalised phrase one or two letters away from a multi-word name
  ('Korean Peninsular'), by rapidfuzz's `fuzz.ratio` with a high cutoff.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from kronik.gazetteer import Entry
from kronik.model import Document, Mention
from kronik.stages.actor_match import Matcher, Pattern, fold, key_of, slug

LABEL = r"\s*(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\]|\^\d{1,3}|\d{1,3}[.)])?\s*"
AUTHOR = re.compile(LABEL + r"[*_\"“]?(?P<slot>[^.()\n]{2,80}?)\s*(?:\.\s*(?=\(|\d|[A-Z*\"“])|\.$|\()")
URL_START = re.compile(r"<?(?:https?://|www\.)")
NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
NEAR_MISS_CUTOFF = 94.0
MIN_NEAR_MISS_LEN = 10


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


def short_references(doc: Document, text: str, mentions: list[Mention], matcher: Matcher,
                     directions: frozenset[str], connectors: frozenset[str], family_first: frozenset[str],
                     memory: dict[str, Target]) -> list[Mention]:
    """Mentions for short forms after their full name (see the module docstring). `memory`
    carries the last target of each form from one section of a document to the next."""
    out = _ellipses(text, mentions, matcher, directions, connectors)
    regs: dict[str, list[tuple[int, Target]]] = defaultdict(list)
    for form, target in memory.items():
        regs[form].append((-1, target))
    kinds: dict[str, str] = {}
    for m in sorted([*mentions, *out], key=lambda m: m.start):
        target: Target = (m.entity_id, m.type, m.name, m.country, m.qid)
        for form, kind in _forms(m, matcher, directions, family_first):
            regs[form].append((m.end, target))
            kinds[form] = kind
    if not regs:
        return out
    covered = bytearray(len(text) + 1)
    for m in [*mentions, *out]:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    starts = {s.start for s in doc.sentences}
    rx = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in sorted(regs, key=len, reverse=True))
                    + r")(?![\w-])")
    for hit in rx.finditer(text):
        s, e = hit.span()
        if any(covered[s:e]):
            continue
        form = hit.group(0)
        before = [t for p, t in regs[form] if p <= s]
        if not before:
            continue
        if kinds.get(form) == "direction" and not _standalone(text, s, e, starts):
            continue
        eid, etype, name, country, qid = before[-1]
        out.append(Mention(s, e, doc.text[s:e], etype, eid, name, country, qid=qid, how="coref"))
    for form, entries in regs.items():
        memory[form] = entries[-1][1]
    return out


def _forms(m: Mention, matcher: Matcher, directions: frozenset[str],
           family_first: frozenset[str]) -> Iterable[tuple[str, str]]:
    if m.type == "PER":
        entry = matcher.gaz.entries.get(m.entity_id)
        if entry is not None:
            for s in entry.short:
                yield s, "person"
        elif m.how == "introduced":
            tokens = m.name.split()
            if len(tokens) >= 2:
                yield (tokens[0] if tokens[0] in family_first else tokens[-1]), "person"
    elif m.type == "GPE":
        tokens = m.text.split()
        if len(tokens) >= 2:
            for t in (tokens[0], tokens[-1]):
                if t in directions:
                    yield t, "direction"


def _standalone(text: str, s: int, e: int, sentence_starts: set[int]) -> bool:
    """A compass word used as a name: not opening a sentence, no capitalised word beside it."""
    if s in sentence_starts or re.match(r"[ \t]+[A-Z]", text[e : e + 3]):
        return False
    prev = re.search(r"(\S+)\s+$", text[max(0, s - 40) : s])
    return not (prev and prev.group(1)[:1].isupper() and prev.group(1).lower() != "the")


def _ellipses(text: str, mentions: list[Mention], matcher: Matcher, directions: frozenset[str],
              connectors: frozenset[str]) -> list[Mention]:
    """'Korea Utara dan Selatan' → South Korea; 'North and South Korea' → North Korea."""
    out: list[Mention] = []
    conn = "|".join(re.escape(c) for c in sorted(connectors, key=len, reverse=True))
    dirs = "|".join(re.escape(d) for d in sorted(directions, key=len, reverse=True))
    after = re.compile(rf"\s+(?:{conn})\s+({dirs})(?![\w-])")
    before = re.compile(rf"(?<![\w-])({dirs})\s+(?:{conn})\s+$")
    for m in mentions:
        if m.type != "GPE":
            continue
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


def _elided(text: str, full: str, s: int, e: int, matcher: Matcher) -> Mention | None:
    for p in matcher.lookup(full):
        entry = matcher.entry(p.entry)
        if entry.type == "GPE":
            return _mention(text, s, e, entry, "coref")
    return None


# --- near misses ----------------------------------------------------------------------------

def near_miss_index(patterns: Iterable[Pattern], matcher: Matcher) -> dict[str, list[tuple[str, int, str]]]:
    """First word → (folded name, word count, entry id) of every multi-word PER/ORG/LOC name."""
    index: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for p in patterns:
        if p.kind not in ("name", "seat") or len(p.tokens) < 2:
            continue
        folded = key_of(p.text).strip()
        if len(folded) < MIN_NEAR_MISS_LEN or matcher.entry(p.entry).type not in ("PER", "ORG", "LOC"):
            continue
        index[p.tokens[0].lower()].append((folded, len(p.tokens), p.entry))
    return index


def near_misses(text: str, covered: bytearray, index: dict[str, list[tuple[str, int, str]]],
                matcher: Matcher) -> list[Mention]:
    out: list[Mention] = []
    for words in _capitalised_runs(text):
        first = fold(words[0].group(0)).lower()
        candidates = index.get(first)
        start = words[0].start()
        if not candidates or any(covered[start : words[-1].end()]):
            continue
        best: tuple[float, int, str] | None = None
        for folded, n, eid in candidates:
            if n > len(words):
                continue
            end = words[n - 1].end()
            written = key_of(text[start:end]).strip()
            if written == folded:
                continue  # an exact match the case rules refused: not a typo
            score = fuzz.ratio(written, folded, score_cutoff=NEAR_MISS_CUTOFF)
            if score and (best is None or score > best[0]):
                best = (score, end, eid)
        if best:
            entry = matcher.entry(best[2])
            m = _mention(text, start, best[1], entry, "gazetteer")
            m.flags.append("near-miss")
            out.append(m)
    return out


def _capitalised_runs(text: str, longest: int = 5) -> Iterable[list[re.Match[str]]]:
    """Runs of two or more capitalised words separated by single spaces."""
    run: list[re.Match[str]] = []
    for w in WORD.finditer(text):
        if w.group(0)[0].isupper() and run and text[run[-1].end() : w.start()] == " " and len(run) < longest:
            run.append(w)
            continue
        if len(run) >= 2:
            yield run
        run = [w] if w.group(0)[0].isupper() else []
    if len(run) >= 2:
        yield run
