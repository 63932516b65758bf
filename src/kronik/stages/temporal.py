"""Temporal expressions → TIMEX3 values, the document date, and the narrative date per sentence.

Takes: a segmented Document (`sentences`, `markers`, `references`, `lang`). Gives:
- `timexes`: every DATE, DURATION and SET expression with exact offsets, TIMEX3 value and
  mod, the rule (grammar family) that found it, and whether it sits in a footnote or the
  reference list;
- `doc_date` and `doc_date_source` (section 0 only): 'metadata' from the file, else 'text'
  (a dateline, a date on the first lines, or a full date in the lead that no later date in
  the body exceeds), else 'estimated' (the newest reference access date, at year precision,
  or the newest explicit date of the body, at most month precision); None without evidence;
- `narrative`: per sentence, the most recent explicit date of the story up to and including
  it, at its precision, else the document date; an anaphor ('tahun itu') does not move it.
  It is carried to the next section of a large file in `doc.state` with the year that
  day-and-month dates take.

Deictic expressions ('kemarin', 'tahun lalu', 'yesterday', 'last year') resolve against the
document date, or the narrative date when there is none. Anaphoric ones resolve against the
narrative: the same time ('tahun itu', 'saat itu', 'hari yang sama', 'the same day'), a time
moved from it ('keesokan harinya', 'dua tahun kemudian', 'the next day', 'a day later'), and
day-and-month dates without a year ('5 Juli'). A narrative date coarser than the expression
is kept at its own precision ('the same day' after 'June 2022' = 2022-06).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from kronik.model import Document, Timex
from kronik.stages import timex_calendar as cal
from kronik.stages import timex_normalise as tn
from kronik.stages.segment import URL, clean_text
from kronik.stages.timex_grammar import Grammar, grammar, lower

LEAD_SENTENCES = 2
TOP_CHARS = 300
MEMORY_KEY = "temporal"


@dataclass(slots=True)
class Narrative:
    """What the story has said so far: its last date, the year a bare '5 Juli' takes, and
    the range an anaphor after 'A-B' refers to."""

    date: str | None = None
    year: int | None = None
    pair: tuple[str, str] | None = None
    day_from_text: bool = False  # `date` is a day written in the text (not the doc date)
    updates: list[tuple[int, str]] = field(default_factory=list)

    def note(self, c: tn.Cand, first: tn.Cand | None) -> None:
        # An anaphor ('tahun itu', 'that same month') names the story's date, it does not move
        # it: noting it would only lower the precision a later 'the same day' finds.
        if c.value is None or not c.value[:1].isdigit() or c.type != "DATE" or c.rel == "that":
            return
        self.date = c.value
        self.pair = (first.value, c.value) if c.range_end and first and first.value else None
        self.day_from_text = len(c.value) == 10
        y, _, _ = cal.fields(c.value)
        if y is not None:
            self.year = y
        self.updates.append((c.start, c.value))


def tag(doc: Document) -> Document:
    g = grammar()
    text = _scan_text(doc)
    low = lower(text)
    refs = _reference_spans(doc)
    cands: list[tn.Cand] = []
    for m in g.pattern.finditer(low):
        cands.extend(tn.parse(m, low, text, doc.lang, g))
    cands = _link_ranges(cands, low, g)
    in_ref = [_inside(refs, c.start) for c in cands]
    cited = _cited_dates(doc, cands)
    if doc.section == 0:
        doc.doc_date, doc.doc_date_source = _doc_date(doc, text, cands, in_ref, g, cited)
    if doc.doc_date_source not in (None, "estimated"):
        cited = {}
    narr = _start_narrative(doc)
    prev: tn.Cand | None = None
    for c, r in zip(cands, in_ref, strict=True):
        _resolve(c, doc, narr, low, g, cited)
        tn.finish(c)
        if not r and not (c.upper_bound and not c.range_end and _ahead(c, low, doc, g)):
            narr.note(c, prev)
        prev = c
    doc.timexes = [Timex(c.start, c.end, doc.text[c.start:c.end], c.type, c.value, c.mod,  # type: ignore[arg-type]
                         c.rule, r) for c, r in zip(cands, in_ref, strict=True)]
    doc.narrative = _per_sentence(doc, narr)
    doc.state.narrative_date = narr.date
    doc.state.memory[MEMORY_KEY] = {"year": narr.year, "pair": narr.pair, "day": narr.day_from_text}
    return doc


def _scan_text(doc: Document) -> str:
    """The text with footnote markers and URLs blanked (same length): '2022[1]' is a year,
    and '…-2023-10-07/' inside a link is not a date of the text."""
    text = clean_text(doc)
    if "http" not in text and "www." not in text:
        return text
    return URL.sub(lambda m: " " * len(m.group(0)), text)


def _reference_spans(doc: Document) -> tuple[list[int], list[int]]:
    """Footnotes and reference-list entries, merged into disjoint sorted spans (starts, ends)."""
    spans = sorted([(r.start, r.end) for r in doc.references] +
                   [(s.start, s.end) for s in doc.sentences if s.in_reference])
    starts: list[int] = []
    ends: list[int] = []
    for s, e in spans:
        if ends and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _inside(spans: tuple[list[int], list[int]], at: int) -> bool:
    i = bisect_right(spans[0], at) - 1
    return i >= 0 and at < spans[1][i]


def _link_ranges(cands: list[tn.Cand], low: str, g: Grammar) -> list[tn.Cand]:
    """The first end of a range takes the month and year it lacks from the second
    ('Januari hingga Maret 2023', '5-7 Juni 2024'); a bare month or day that is not the
    first end of a range is dropped."""
    out: list[tn.Cand] = []
    for i, c in enumerate(cands):
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        joined = nxt is not None and nxt.m is not None and bool(g.range_connector.fullmatch(low, c.end, nxt.start))
        if joined and nxt is not None and c.rel == "year":
            if c.m is None:
                c.m = nxt.m
            if nxt.y is not None and (c.m, c.d or 0) <= (nxt.m, nxt.d or 0):
                c.y, c.rel = nxt.y, None
        elif c.needs_range:
            continue
        out.append(c)
    return out


def _start_narrative(doc: Document) -> Narrative:
    narr = Narrative(date=doc.doc_date)
    if doc.section > 0:
        narr.date = doc.state.narrative_date or doc.doc_date
        mem = doc.state.memory.get(MEMORY_KEY) or {}
        narr.year = mem.get("year")
        narr.pair = tuple(mem["pair"]) if mem.get("pair") else None  # type: ignore[assignment]
        narr.day_from_text = bool(mem.get("day"))
    if narr.year is None and narr.date:
        narr.year = cal.fields(narr.date)[0]
    return narr


def _resolve(c: tn.Cand, doc: Document, narr: Narrative, low: str, g: Grammar, cited: dict[int, str]) -> None:
    if c.value is not None or c.type != "DATE":
        return
    source = cited.get(_sentence(doc, c.start)) if c.rel == "doc" and c.offset < 0 else None
    if source:
        c.value = cal.that(source, c.unit)
        return
    if c.explicit and c.rel is None:
        c.value = cal.iso(c.y, c.m, c.d)
    elif c.rel == "year":
        c.value = cal.iso(_year_for(c, doc, narr), c.m, c.d)
    elif c.rel == "doc":
        c.value = cal.shift(doc.doc_date or narr.date, c.unit or "D", c.offset)
    elif c.rel == "narr":
        c.value = cal.shift(narr.date or doc.doc_date, c.unit or "D", c.offset)
    elif c.rel == "that":
        c.value = cal.that(narr.date or doc.doc_date, c.unit, narr.pair)
    elif c.rel == "month":
        c.value = cal.month_near(doc.doc_date or narr.date, c.m or 1, c.d, c.offset)
    elif c.rel == "weekday":
        # A bare 'Kamis' in news is the week of publication; without a dated document, the
        # week of the story's last day.
        from_doc = len(doc.doc_date or "") == 10 or not narr.day_from_text
        anchor = doc.doc_date if from_doc else narr.date
        direction = (1 if _future(low, c.start, doc, g) else -1) if from_doc else 0
        c.value = cal.weekday(anchor, c.weekday or 1, c.offset, direction, c.unit == "W")


def _year_for(c: tn.Cand, doc: Document, narr: Narrative) -> int | None:
    """The year of a day or month written without one: a relative year ('September tahun
    lalu'), else the narrative's year, unless a weekday written with the day ('Rabu, 8
    Januari') fits only the document's year or a year next to it."""
    doc_year = cal.fields(doc.doc_date)[0]
    if c.year_rel:
        kind, off = c.year_rel
        base = (doc.doc_date or narr.date) if kind == "doc" else (narr.date or doc.doc_date)
        return cal.fields(cal.shift(base, "Y", off))[0]
    if c.weekday is None or c.m is None or c.d is None:
        return narr.year
    near = [y for y in (narr.year, doc_year) if y is not None]
    for y in near + [y + k for y in near for k in (-1, 1)]:
        if cal.weekday_of(y, c.m, c.d) == c.weekday:
            return y
    return narr.year


def _cited_dates(doc: Document, cands: list[tn.Cand]) -> dict[int, str]:
    """Sentence index → the date of a source it cites (a note's first full date that is not
    its access date). Without a known document date, 'bulan lalu' in a sentence that cites
    a report of 20 February 2024 is read as that report's month: the source dates the event
    better than an estimate of when the text was written."""
    dated: dict[int, str] = {}
    starts = [r.start for r in doc.references]  # in text order, as segmentation found them
    for c in cands:
        i = bisect_right(starts, c.start) - 1
        if i < 0 or i in dated or c.start >= doc.references[i].end:
            continue
        if c.d is not None and c.explicit and c.rel is None:
            value = cal.iso(c.y, c.m, c.d)
            if value != doc.references[i].accessed:
                dated[i] = value
    out: dict[int, str] = {}
    for mk in doc.markers:
        if mk.reference in dated:
            si = doc.sentence_at(mk.start)
            si = doc.sentence_at(mk.start - 1) if si is None else si
            if si is not None:
                out.setdefault(si, dated[mk.reference])  # type: ignore[index]
    return out


def _sentence(doc: Document, at: int) -> int:
    i = doc.sentence_at(at)
    return -1 if i is None else i


def _ahead(c: tn.Cand, low: str, doc: Document, g: Grammar) -> bool:
    """Does a date that closes a span lie ahead of the story ('akan menjabat sampai tahun 2024',
    or a year after the document's own)? Then it does not move the narrative; a span that
    closed in the past does ('dilanjutkan Medvedev sampai tahun 2008. Pada tahun tersebut …')."""
    later = bool(doc.doc_date and c.value and c.value[:4].isdigit() and c.value[:4] > doc.doc_date[:4])
    return later or _future(low, c.start, doc, g)


def _future(low: str, at: int, doc: Document, g: Grammar) -> bool:
    i = doc.sentence_at(at)
    start = doc.sentences[i].start if i is not None else max(0, at - 200)
    return any(w in g.future_cues for w in re.findall(r"[\w']+", low[start:at]))


# ---- the document date -------------------------------------------------------------------

# Before a date on one of the first lines: nothing, a place ('Jakarta, '), or a place and an
# agency ('JAKARTA, KOMPAS.com - '); after it: the end of the line or a separator.
DATELINE = re.compile(r"[\W_]*(?:[A-Z][\w.()/ ]{0,40}?\s*[,:–—-]\s*(?:[\w.]+\s*[–—:-]\s*)?)?$")
DATELINE_END = re.compile(r"[^\S\n]*(?:\n|$|[–—|,:(-])")


def _doc_date(doc: Document, text: str, cands: list[tn.Cand], in_ref: list[bool], g: Grammar,
              cited: dict[int, str]) -> tuple[str | None, str | None]:
    if doc.source.published:
        return doc.source.published, "metadata"
    body = [c for c, r in zip(cands, in_ref, strict=True) if not r and c.explicit and c.rel is None]
    days = [c for c in body if c.d is not None]
    for c in days:
        if c.start >= TOP_CHARS:
            break
        line_start = text.rfind("\n", 0, c.start) + 1
        prefix = text[line_start:c.start]
        cue = re.sub(r"[^\w ]", " ", prefix.lower()).split()
        ends = DATELINE_END.match(text, c.end)
        if ends and (DATELINE.fullmatch(prefix) or (cue and cue[-1] in g.published_cues)):
            return cal.iso(c.y, c.m, c.d), "text"
    lead = _lead_end(doc)
    for c in days:
        if c.start < lead and all((c.y or 0) >= (o.y or 0) for o in body):
            return cal.iso(c.y, c.m, c.d), "text"
    accessed = [r.accessed for r in doc.references if r.accessed]
    if accessed:
        return max(accessed)[:4], "estimated"
    dated = [cal.iso(c.y, c.m) for c in body if not c.lower_bound]
    for c in cands:  # 'bulan lalu' citing a report of February 2024 was written in March 2024
        source = cited.get(_sentence(doc, c.start)) if c.rel == "doc" and c.offset < 0 else None
        written = cal.shift(cal.that(source, c.unit), c.unit or "D", -c.offset) if source else None
        if written:
            dated.append(written[:7])
    if dated:
        return max(dated, key=lambda v: tuple(x or 0 for x in cal.fields(v))), "estimated"
    return None, None


def _lead_end(doc: Document) -> int:
    """End of the lead: the first sentences of the body that are not a title line."""
    body = [s for s in doc.sentences if not s.in_reference and doc.text[s.end - 1:s.end] in ".!?\"”)"]
    return body[min(LEAD_SENTENCES, len(body)) - 1].end if body else 0


def _per_sentence(doc: Document, narr: Narrative) -> list[str | None]:
    out: list[str | None] = []
    current = doc.state.narrative_date if doc.section > 0 and doc.state.narrative_date else doc.doc_date
    k = 0
    for s in doc.sentences:
        while k < len(narr.updates) and narr.updates[k][0] < s.end:
            current = narr.updates[k][1]
            k += 1
        out.append(current)
    return out
