"""Answers read from the text: in the sentences that match a question best, the kind of thing
it asks for — a date, a person or a state, a place, a quantity, a name or a list.

Takes: an open knowledge base and a question read by kronik.questions (`Parsed`). Gives: a
`TextAnswer` (the answer phrase, its dates, names or places, and the sentence it was read
from, as a search `Hit`), or None when no sentence matches well enough or none of those that
do holds an answer of the asked kind.

Candidates are the sentences FTS5 ranks best (BM25 over the stemmed index) for any of the
question's terms; kronik.text_match scores and gates them. The best, best first (not more than
`MARGIN` below the best), are read for the answer; when a sentence holds none, a neighbour that
passes the gates itself may ('Kim menjemput tamunya' after the sentence that names Putin and
the airport). What is read is in `_when` (a date of the sentence, the nearest to the words it
shares with the question), `_who` (a person, or a state for 'which country', that the question
does not name; with a title in the question, the one named beside it), `_where` (a place after
'di'/'in'/'at', or 'ke'/'to' for 'ke mana'), `_quantity` (a number with its unit) and `_thing`
(a list after a colon, a name beside the noun asked for, or the nearest name or list of names).
A datum in a dateline ('Jakarta, 18/7/2023 —') is never an answer, nor is anything the
question itself names.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from kronik.questions import Language, Parsed, date_bounds
from kronik.search import Hit, ParsedQuery, search
from kronik.stages.merge import dates_compatible
from kronik.text_match import ISO, NEIGHBOUR, Reader, Sent, forms, named, token_at

CANDIDATES = 40
MARGIN = 0.4


@dataclass(slots=True)
class TextAnswer:
    value: str  # the answer as the sentence words it
    hit: Hit
    score: float
    extras: float  # the share of the question's extra words the sentence (and neighbours) hold
    action: bool  # whether it (or a neighbour) holds a word of the question's action
    dates: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


def answer(conn: sqlite3.Connection, p: Parsed, *, strict: bool = False) -> TextAnswer | None:
    """The answer the best sentences give to `p`, or None (the module's docstring)."""
    r = Reader(conn, p, strict)
    read = _reader_for(p)
    if not r.terms or read is None:
        return None
    groups = tuple(dict.fromkeys(w for t in r.terms for w in t.words if w))
    if not groups:
        return None
    hits = search(conn, ParsedQuery(groups, ()), limit=CANDIDATES, any_word=True, include_references=False)
    scored = []
    for rank, h in enumerate(hits):
        s = r.sentence(h.sentence_id)
        if s is not None and (sc := r.score(s)) is not None:
            scored.append((-sc, rank, s, h))
    scored.sort(key=lambda x: x[:2])
    for neg, _, anchor, h in scored:
        if -neg < -scored[0][0] - MARGIN:
            break
        # The sentence itself, else a neighbour that holds something of the question: the sentence
        # after 'Biden and Xi met on Wednesday …' says where; the one before 'Kim menjemput tamunya'
        # says whom.
        for s in (anchor, *sorted(r.neighbours(anchor), key=lambda n: n.idx < anchor.idx)):
            if s is not anchor and not r.supports(s, word=p.kind not in ("when", "where")):
                continue
            got = read(r, s)
            if got is not None:
                break
        else:
            continue
        value, span, dates, names, places = got
        marked = s.text[: span[0]] + "«" + s.text[span[0] : span[1]] + "»" + s.text[span[1] :]
        matched = [s.tokens[k][2] for ks in r.matched(s) for k in ks]
        hit = Hit(s.id, s.doc_id, s.document, s.lang, s.idx, s.start, s.start + len(s.text),
                  h.score if s is anchor else 0.0, s.text, marked, list(dict.fromkeys(matched)))
        acts = [t for t in r.terms if t.action]
        action = not acts or any(x >= NEIGHBOUR for x in r.levels(s, acts))
        return TextAnswer(value, hit, round(-neg, 3), round(r.extras(s), 3), action, dates, names, places)
    return None


Read = Callable[[Reader, Sent], "tuple[str, tuple[int, int], list[str], list[str], list[str]] | None"]


def _reader_for(p: Parsed) -> Read | None:
    """What to read for the kind of question; None for those the text cannot answer by a phrase
    (how many times, yes or no, what happened)."""
    if p.kind == "quantity":
        return _quantity
    if p.kind == "what" and p.noun:
        return _thing
    return {"when": _when, "who": _who, "where": _where}.get(p.kind)


def _nearest(r: Reader, s: Sent, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans (token ranges) ordered by their mean distance to the terms the sentence holds; equal
    ones keep the order they came in."""
    matched = r.matched(s)

    def dist(span: tuple[int, int]) -> float:
        if not matched:
            return 0.0
        return sum(min(min(abs(k - span[0]), abs(k - span[1])) for k in ks) for ks in matched) / len(matched)

    return sorted(spans, key=dist)


def _span_chars(s: Sent, first: int, last: int) -> tuple[int, int]:
    return s.tokens[first][0], s.tokens[last][1]


def _when(r: Reader, s: Sent) -> tuple | None:
    """A date of the sentence that the question's dates and bounds allow: the nearest to the words
    it shares with the question, the more precise of two as near."""
    if _shifted(r, s):
        return None
    cands = {}
    for a, b, ty, v in s.timexes:
        if ty != "DATE" or not ISO.match(v) or a < s.dateline:
            continue
        if r.p.dates and not any(dates_compatible(v, d) for d in r.p.dates):
            continue
        if not date_bounds(v, r.p.bounds):
            continue
        cands[(token_at(s, a), token_at(s, b - 1))] = (a, b, v)
    if not cands:
        return None
    spans = _nearest(r, s, sorted(cands, key=lambda sp: (-len(cands[sp][2]), sp)))
    # 'Since when …': a date after 'since' in the sentence says it, before any nearer one.
    rel = {w.lower() for w, role in r.p.tokens if role == "qword"} & (r.lg.before | r.lg.after)
    said = [sp for sp in spans if sp[0] > 0 and s.tokens[sp[0] - 1][2].lower() in rel]
    a, b, v = cands[(said or spans)[0]]
    return v, (a, b), [v], [], []


def _shifted(r: Reader, s: Sent) -> bool:
    """'… adopted on October 14, 2006, five days after North Korea's first nuclear test': the words
    of the question come after a span of time and 'after' / 'before'; the sentence's date is not theirs."""
    relation = r.lg.before | r.lg.after
    words = {k for t in r.terms if t.kind == "word" for k in r.positions(t, s)}
    for _, b, ty, _ in s.timexes:
        k = token_at(s, b)
        if ty == "DURATION" and k < len(s.tokens) and s.tokens[k][2].lower() in relation and (
                words & set(range(k + 1, k + 8))):
            return True
    return False


def _in_question(r: Reader, text: str, name: str | None = None) -> bool:
    """Whether `text` (a mention, a run of capitalised words, a place phrase) only names what the
    question names: 'Korea Utara' for 'Korea Utara', not 'Perdana Menteri Rusia Mikhail Mishustin'
    for 'Rusia'."""
    low = {text.lower(), (name or "").lower()}
    names = [t for t in r.terms if t.kind == "name"]
    for t in names:
        if (t.person and t.person.lower() in low) or (t.entity and t.entity.lower() in low) or low & set(t.surfaces):
            return True
    skip = r.lg.stopwords | r.lg.places["chain"] | r.lg.places["determiners"]
    words = [w for w in re.findall(r"[^\W_]+", text) if w.lower() not in skip and len(w) > 1]
    return bool(words) and all(any(forms(w) & f for t in names for f in t.words) for w in words)


def _join(items: list[str], lg: Language) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {lg.dates['and']} {items[-1]}"


def _who(r: Reader, s: Sent) -> tuple | None:
    """A person (a state for 'which country', every one for 'which countries') the sentence names
    and the question does not: the one named with the office asked about, else the one an event
    coded from the sentence gives the asked role, else the nearest."""
    q = r.p.qword
    types = q.answer if q and q.answer else ("PER",)
    asked = {t.code for t in r.terms if t.code and not t.person}
    cands: list[tuple[int, int, str, str, bool]] = []  # start, end, as shown, canonical name, acting
    favoured = _acting(r, s)
    for a, b, text, ty, name, country, _ in s.mentions:
        if ty not in types or a < s.dateline or _in_question(r, text, name) or (ty == "GPE" and country in asked):
            continue
        # A person as the text spells a full name ('Sergey Lavrov'), else by their name ('Kim'); a
        # state by its English name in English, as the text names it in Indonesian.
        full = text if len(text.split()) >= 2 else name
        shown = full if ty == "PER" else name if r.lg.lang == "en" else text
        cands.append((a, b, shown, name, country in favoured))
    if "PER" in types and not cands:
        cands = [(a, b, t, t, False) for a, b, t in _person_like(r, s)]
    role = _asked_role(r)
    if role and "PER" in types:  # 'Siapa Duta Besar RRT …': the person named with the title, of its state
        phrase, words, states = role
        spots = _phrase_at(s, phrase)
        placed = []
        for c in cands:
            first, last = token_at(s, c[0]), token_at(s, c[1] - 1)
            after = any(_beside(r, s, b + 1, first, words) for a, b in spots if b < first)
            if after or any(_beside(r, s, last + 1, a, words) for a, b in spots if last < a):
                placed.append((not after, c))  # 'Duta Besar RRT Xiao Qian' before 'Xiao Qian, Duta Besar'
        people = {m[4]: m[5] for m in s.mentions if m[3] == "PER"}
        cands = [c for _, c in sorted(placed, key=lambda x: x[0]) if not states or people.get(c[3]) in states
                 or (c[3] not in people and _of_state(r, s, c, spots, states))]
    if not cands:
        return None
    spans = {(token_at(s, c[0]), token_at(s, c[1] - 1)): c for c in cands}
    if q and q.plural:
        chosen = [spans[sp] for sp in sorted(spans)]
    elif role:
        chosen = cands[:1]
    else:  # the side an event coded from this sentence gives the asked role, else the nearest
        chosen = [min((spans[sp] for sp in _nearest(r, s, list(spans))), key=lambda c: not c[4])]
    shown = list(dict.fromkeys(c[2] for c in chosen))
    return _join(shown, r.lg), (chosen[0][0], chosen[-1][1]), [], list(dict.fromkeys(c[3] for c in chosen)), []


def _acting(r: Reader, s: Sent) -> set[str]:
    """The codes that events coded from this sentence give the role the question asks about: the
    source ('Which country vetoed …'), or the target of a passive question ('… was sanctioned by')."""
    types = set(r.p.action.types) if r.p.action and r.p.action.types else None
    side = "target" if r.p.passive else "source"
    rows = r.conn.execute(f"SELECT type, {side} FROM evidence WHERE sentence_id = ?", (s.id,)).fetchall()
    return {code for ty, code in rows if code and (types is None or ty in types)}


def _asked_role(r: Reader) -> tuple[list[frozenset[str]], list[frozenset[str]], set[str]] | None:
    """The office a 'who' question asks about, when one comes right after its question word
    ('Siapa Duta Besar RRT …', 'Who is China's new defence minister', not 'Siapa yang memimpin
    pertemuan para pemimpin G7'): the forms of its title words in order, of the words that go
    with them ('Chinese foreign ministry spokeswoman'), and the states it is of ('RRT', 'of South Korea')."""
    if r.p.qword is None:
        return None
    roles = [role for _, role in r.p.tokens]
    last = max(k for k, role in enumerate(roles) if role == "qword")
    titles = sorted((t for t in r.terms if t.kind == "title"), key=lambda t: t.at)
    first = next((t for t in titles if 0 < t.at[0] - last <= 6 and "action" not in roles[last + 1 : t.at[0]]
                  and roles[last + 1 : t.at[0]].count("word") <= 2), None)
    if first is None:
        return None
    phrase, end = [first], first.at[1]
    for t in titles:
        if t.at[0] == end + 1:
            phrase.append(t)
            end = t.at[1]
    begin = first.at[0]
    k = end + 1
    while k < len(roles) and roles[k] in ("word", "title", "unknown"):
        k += 1
    around = [r.p.tokens[j][0] for j in [*range(last + 1, begin), *range(end + 1, k)] if roles[j] in ("word", "title")]
    link = r.lg.places["chain"] | r.lg.places["determiners"]
    states = set()
    for t in r.terms:  # adjacent, or joined by 'of (the)': not 'ambassador to China'
        if t.code and not t.person:
            gap = range(t.at[1] + 1, begin) if t.at[1] < begin else range(end + 1, t.at[0])
            if len(gap) <= 2 and all(r.p.tokens[j][0].lower() in link or roles[j] == "word" for j in gap):
                states.add(t.code)
    return [w for t in phrase for w in t.words], [forms(w) for w in around], states


def _of_state(r: Reader, s: Sent, c: tuple, spots: list[tuple[int, int]], states: set[str]) -> bool:
    """For a person kronik does not know, the state must be named with the office in the sentence
    ('Perdana Menteri Rusia Mikhail Mishustin', 'Russian Transport Minister Roman Starovoit')."""
    names = {n for t in r.terms if t.code in states for n in t.surfaces}
    first = token_at(s, c[0])
    for a, _ in spots:
        lo = s.tokens[max(0, a - 3)][0]
        if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", s.text[lo : c[0]].lower()) for n in names) or any(
                m[3] == "GPE" and m[5] in states and lo <= m[0] < c[0] for m in s.mentions):
            return first > a
    return False


def _phrase_at(s: Sent, phrase: list[frozenset[str]]) -> list[tuple[int, int]]:
    """Where the sentence has the title words one after the other ('Menteri Luar Negeri')."""
    n = len(phrase)
    return [(k, k + n - 1) for k in range(len(s.tokens) - n + 1)
            if all(s.forms[k + j] & phrase[j] for j in range(n))]


def _beside(r: Reader, s: Sent, lo: int, hi: int, words: list[frozenset[str]]) -> bool:
    """Up to three words between a title and a name (a state or a body named by a mention counts as
    one): capitalised ones ('Duta Besar RRT Xiao Qian', 'juru bicara Kementerian Luar Negeri
    Tiongkok, Geng Shuang'), a possessive or linking word, or the question's words for the office
    ('foreign ministry spokeswoman Mao Ning')."""
    link = r.lg.places["chain"] | r.lg.places["determiners"]
    units = set()
    for k in range(lo, hi):
        a, _, t = s.tokens[k]
        if not (t[:1].isupper() or len(t) == 1 or t.lower() in link or any(s.forms[k] & w for w in words)):
            return False
        units.add(next((m[0] for m in s.mentions if m[3] != "PER" and m[0] <= a < m[1]), a))
    return len(units) <= 3


def _caps(r: Reader, s: Sent) -> list[tuple[int, int]]:
    """Runs of capitalised words that are not dates, not a dateline, not a sentence's first
    function word, and not names the question gives."""
    timex = [(a, b) for a, b, _, _ in s.timexes]
    runs, cur = [], []
    for k, (a, _, t) in enumerate(s.tokens):
        cap = t[:1].isupper() and a >= s.dateline and not any(x <= a < y for x, y in timex)
        if cap and not cur and (t.lower() in r.lg.stopwords or (k == 0 and not any(m[0] == a for m in s.mentions))):
            cap = False  # 'The …', 'Kereta pertama …': capitalised for coming first, not a name
        if cap:
            cur.append(k)
        elif cur:
            runs.append((cur[0], cur[-1]))
            cur = []
    if cur:
        runs.append((cur[0], cur[-1]))
    out = []
    for first, last in runs:
        a, b = _span_chars(s, first, last)
        if not _in_question(r, s.text[a:b]):
            out.append((first, last))
    return out


def _person_like(r: Reader, s: Sent) -> list[tuple[int, int, str]]:
    """A person the entity stage did not know: two or three capitalised words that no mention
    says are a state, a body or a place, named with an office — after it ('Perdana Menteri
    Rusia Mikhail Mishustin', 'Russian Transport Minister Roman Starovoit') or before ', <office>'
    ('Nancy Pelosi, then Speaker of …'); not any two capitalised words ('the Polar Star')."""
    out = []
    titles = r.lg.titles
    for first, last in _caps(r, s):
        low = [t.lower() for _, _, t in s.tokens[first : last + 1]]
        start = first
        for k in range(first, last + 1):  # the words after the office and its state
            a, b = s.tokens[k][0], s.tokens[k][1]
            if low[k - first] in titles or any(m[0] <= a < m[1] and m[3] != "PER" for m in s.mentions) or (
                    named().get(low[k - first])):
                start = k + 1
        words = low[start - first :]
        after = [t.lower() for _, _, t in s.tokens[last + 1 : last + 4]]
        behind = start > first or bool(set(after) & titles and s.text[s.tokens[last][1] :].lstrip().startswith(","))
        if not behind or not 2 <= len(words) <= 3 or set(words) & (titles | r.lg.places["nouns"]):
            continue
        a, b = _span_chars(s, start, last)
        if not any(m[0] < b and a < m[1] for m in s.mentions):
            out.append((a, b, s.text[a:b]))
    return out


def _where(r: Reader, s: Sent) -> tuple | None:
    """A place after a locative word ('di', 'in', 'at'; 'ke', 'to' as well, or only, for 'ke
    mana') that the question does not name: the nearest, where something happened first."""
    pl = r.lg.places
    q = r.p.qword
    preps = pl["to"] if q and q.toward else pl["at"] | pl["to"]
    phrases = []
    for k, (a, _, t) in enumerate(s.tokens):
        if t.lower() not in preps or a < s.dateline:
            continue
        span = _place_phrase(r, s, k + 1)
        if span is None:
            continue
        first, last = span
        a0, b0 = _span_chars(s, first, last)
        caps = [x for _, _, x in s.tokens[first : last + 1] if x[:1].isupper()]
        people = sum(len(m[2].split()) for m in s.mentions if m[3] == "PER" and a0 <= m[0] < b0)
        if not caps or _in_question(r, s.text[a0:b0]) or len(caps) <= people:  # a person is not a place
            continue
        phrases.append(span)
    if not phrases:
        return None
    at = [sp for sp in phrases if s.tokens[sp[0] - 1][2].lower() in pl["at"] or (
        sp[0] > 1 and s.tokens[sp[0] - 2][2].lower() in pl["at"])]
    first, last = _nearest(r, s, at or phrases)[0]  # where it happened before where someone went
    a, b = _span_chars(s, first, last)
    inside = [m[4] if r.lg.lang == "en" else m[2] for m in s.mentions if a <= m[0] < b and m[3] in ("GPE", "LOC")]
    return s.text[a:b], (a, b), [], [], list(dict.fromkeys([s.text[a:b], *inside]))


def _place_phrase(r: Reader, s: Sent, k: int) -> tuple[int, int] | None:
    """'the Filoli estate in Woodside, California', 'Istanbul', 'bandara Sunan': capitalised
    words, a place noun beside them, joined by a comma or a chaining word ('in', 'di')."""
    pl = r.lg.places
    toks = s.tokens
    timex = [(a, b) for a, b, _, _ in s.timexes]
    while k < len(toks) and toks[k][2].lower() in pl["determiners"]:
        k += 1
    first, last, comma, i = None, None, None, k
    while i < len(toks):
        a, _, t = toks[i]
        gap = s.text[toks[i - 1][1] : a].strip() if i > k else ""
        if any(x <= a < y for x, y in timex) or gap not in ("", ",") or (gap == "," and not (
                last is not None and t[:1].isupper())):
            break
        comma = last if gap == "," else comma
        nxt_cap = i + 1 < len(toks) and toks[i + 1][2][:1].isupper()
        chained = i + 2 < len(toks) and toks[i + 1][2].lower() in pl["chain"] and toks[i + 2][2][:1].isupper()
        if t[:1].isupper() or (t.lower() in pl["nouns"] and (last is not None or nxt_cap or chained)):
            first = i if first is None else first
            last = i
        elif not (last is not None and t.lower() in pl["chain"] and nxt_cap):
            break
        i += 1
    if first is None or last is None:
        return None
    # After a comma, a place ends the clause ('Woodside, California, a …'); a name that goes on
    # with a verb is the next clause's subject ('di Wisma Negara Kumsusan, Putin menyebut').
    end = s.text[toks[last][1] : toks[last + 1][0]].strip() if last + 1 < len(toks) else "."
    if comma is not None and not end:
        last = comma
    return first, last


_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")


def _quantity(r: Reader, s: Sent) -> tuple | None:
    """A number with what it counts or measures: '[sekitar] 17 kilometer', 'lebih dari 1.000
    kontainer', '500,000 barrels a year', 'US$1,4 miliar', 'Thirteen of the fifteen members'; of
    the unit the question asks for, which follows the number or comes just before it ('komitmen
    awal sekitar US$1,4 miliar'), with the words the question gives it ('kapal perang', not 'kapal ikan')."""
    qd = r.lg.quantity
    dims: dict[str, frozenset[str]] = qd["dimensions"]  # type: ignore[assignment]
    unit = r.p.unit or []
    allowed = dims.get(unit[0]) if unit else None
    asked = {t.text for t in r.terms if t.kind == "number"}
    timex = [(a, b) for a, b, _, _ in s.timexes]
    toks = s.tokens
    low = [t.lower() for _, _, t in toks]
    cands: dict[tuple[int, int], tuple[int, int]] = {}
    taken: set[int] = set()
    for k, (a, _, t) in enumerate(toks):
        if not (_NUMBER.match(t) or low[k] in r.lg.number_words) or t in asked or a < s.dateline or k in taken:
            continue
        prev = toks[k - 1][2] if k else ""
        currency = next((c for c in sorted(qd["currencies"], key=len, reverse=True)
                         if s.text[:a].rstrip().lower().endswith(c)), None)  # 'US$' before '$'
        if any(x <= a < y for x, y in timex) or (_NUMBER.match(t) and not currency and prev[:1].isupper()
                                                   and prev.lower() not in r.lg.stopwords | qd["modifiers"]):
            continue  # a date, a duration; 'Resolution 2397', 'KM Kway Fey 10078'; not 'US$1,4
        first = k - 1 if currency and currency[:1].isalpha() and k else k  # 'US' of 'US$1,4'
        first -= len(_phrase_before(s, first, qd) or [])
        last = k + 1 if k + 1 < len(toks) and low[k + 1] in qd["scales"] else k
        for part in sorted(qd["partitive"], key=len, reverse=True):  # 'Thirteen of the fifteen members'
            n = len(part.split())
            nxt = last + 1 + n
            if low[last + 1 : nxt] == part.split() and nxt < len(toks) and (
                    _NUMBER.match(toks[nxt][2]) or low[nxt] in r.lg.number_words):
                taken.add(nxt)
                last = nxt
                break
        after, number_end = low[last + 1 : last + 4], last
        unit_forms = [forms(w) for w in unit]
        if after and (after[0] not in r.lg.stopwords or any(s.forms[last + 1] & f for f in unit_forms)) \
                and toks[last + 1][2].islower():
            last += 1
            while last + 1 < len(toks) and any(s.forms[last + 1] & f for f in unit_forms[1:]):
                last += 1  # 'dua rudal balistik'
            for rate in sorted(qd["rates"], key=len, reverse=True):
                if low[last + 1 : last + 1 + len(rate.split())] == rate.split():
                    last += len(rate.split())
                    break
        if allowed is not None:  # 'berapa panjang' → kilometres; 'berapa nilai' → money
            if not (currency and currency in allowed) and not any(x in allowed for x in after[:2]):
                continue
        elif unit and not _unit_near(r, s, unit, first, number_end):
            continue
        start = toks[first][0] if first < k or not currency else s.text[:a].rstrip().lower().rindex(currency)
        cands[(first, last)] = (start, toks[last][1])
    if not cands:
        return None
    a, b = cands[_nearest(r, s, list(cands))[0]]
    return s.text[a:b], (a, b), [], [], []


def _unit_near(r: Reader, s: Sent, unit: list[str], first: int, last: int) -> bool:
    """The unit's first word within three words after the number (or before it: 'anggaran lebih
    dari 9 miliar rubel'); the words the question gives it in the sentence or a neighbour ('63 kapal
    ikan' does not count 'kapal perang')."""
    head = forms(unit[0])
    near = [k for k in [*range(last - 1, last + 4), *range(max(0, first - 3), first)]
            if 0 <= k < len(s.tokens) and s.forms[k] & head]
    around = [s, *r.neighbours(s)]
    return bool(near) and all(any(f & forms(w) for x in around for f in x.forms) for w in unit[1:])


def _phrase_before(s: Sent, k: int, qd: dict) -> list[str] | None:
    """A modifier that ends just before token `k` ('sekitar', 'lebih dari', 'more than')."""
    for mod in sorted(qd["modifiers"], key=len, reverse=True):
        words = mod.split()
        if k >= len(words) and [t.lower() for _, _, t in s.tokens[k - len(words) : k]] == words:
            return words
    return None


def _thing(r: Reader, s: Sent) -> tuple | None:
    """What a 'what' question with a noun asks for: a list after a colon following the noun, a
    name set off by commas after it, else the nearest name or list of names the question does
    not give (as many as it asks for: 'Which two companies')."""
    noun = r.p.noun or []
    nf = [forms(w) for w in noun]
    at = [k for k, f in enumerate(s.forms) if any(f & w for w in nf)]
    caps = _caps(r, s)
    for k in at:
        colon = s.text.find(":", s.tokens[k][1], s.tokens[k][1] + 80)
        if colon >= 0:  # 'three materials …: fluorinated polyimide, photoresists and hydrogen fluoride'
            tail = re.split(r"[;.](?:\s|$)", s.text[colon + 1 :])[0].strip()
            if tail and len(tail.split()) <= 12:
                a = s.text.index(tail, colon)
                return tail, (a, a + len(tail)), [], [tail], []
        for first, last in caps:  # 'Kapal pertama, Razoni, …', 'The first train, the Polar Star, …'
            before = s.text[s.tokens[k][1] : s.tokens[first][0]]
            if 0 < first - k <= 8 and re.search(r",\s*(\w+\s+)?$", before) and (
                    not re.search(r"\w+\s+$", before) or before.split()[-1].lower() in r.lg.places["determiners"]):
                a, b = _span_chars(s, first, last)
                return s.text[a:b], (a, b), [], [s.text[a:b]], []
    if not caps:
        return None
    items = _enumerations(s, caps, r.lg)
    if r.p.count:
        fit = [e for e in items if len(e) == r.p.count]
        items = fit or items
    best = _nearest(r, s, [(e[0][0], e[-1][1]) for e in items])[0]
    a, b = _span_chars(s, best[0], best[1])
    chosen = next(e for e in items if (e[0][0], e[-1][1]) == best)
    names = [s.text[_span_chars(s, f, last)[0] : _span_chars(s, f, last)[1]] for f, last in chosen]
    return s.text[a:b], (a, b), [], names, []


def _enumerations(s: Sent, caps: list[tuple[int, int]], lg: Language) -> list[list[tuple[int, int]]]:
    """Runs joined by ',' or 'and'/'dan' ('Nippon Steel and Mitsubishi Heavy Industries') as one item list."""
    joins = {",", lg.dates["and"], f", {lg.dates['and']}"}
    out: list[list[tuple[int, int]]] = []
    for run in caps:
        if out and s.text[s.tokens[out[-1][-1][1]][1] : s.tokens[run[0]][0]].strip() in joins:
            out[-1].append(run)
        else:
            out.append([run])
    return out
