"""Segmentation: paragraphs, sentences, footnote markers and references, with exact offsets.

Takes: a Document with `text`. Gives: `paragraphs`, `sentences` (flagged when inside a
footnote or the reference list), `markers` (footnote markers '¹²', '[1]', '^1', and digits
glued after a sentence's period as in '2018.4 Meskipun', each linked to its note) and
`references` (footnotes and reference-list entries, with URLs and access dates).

Sentences never split inside abbreviations ('Hal. 16-17', 'Prof. Dr.', 'U.S.', 'dkk.'),
initials ('J. Smith') or numbers ('17.125.200', 'No.132', 'US$11'); the lists live in
data/<lang>/segment.yaml and both languages' lists apply to every document, since
Indonesian texts cite English sources. Markers are blanked (same length, so offsets hold)
in the copy of the text used to find boundaries, so a marker never ends up inside a
sentence's final words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kronik import langdata
from kronik.model import Document, FootnoteMarker, Reference, Sentence, Span

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")

PARA_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
# The end of a line of more than 120 characters that finishes a sentence.
PROSE_LINE_END = re.compile(r"(?m)(?<=[^\n]{120})[.!?\"”’)](?=[^\S\n]*\n)")
MARKER = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[(\d{1,3})\]|\^(\d{1,3})\b")
# '… Februari 2018.4 Meskipun': one or two digits glued after the period that ends a
# sentence, after a word or a year, before the capitalised start of the next sentence.
GLUED_MARKER = re.compile(
    r"(?:(?<=[^\W\d_]{2})|(?<=\b1[89]\d\d)|(?<=\b20\d\d))\.(\d{1,2})(?=\s+[\"“‘'(]?[A-Z])"
)
FOOTNOTE_LABEL = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?=\s)|\[(\d{1,3})\](?=\s)|\^(\d{1,3})(?=\s)")
NUMBERED_LABEL = re.compile(r"(\d{1,3})[.)]?(?=\s)")
BOUNDARY = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s)|[.!?]+(?=[\"“][A-Z])")
LIST_ITEM = re.compile(r"(?:\d{1,3}[.)]|[-*•▪◦–])\s")
TERMINAL_END = re.compile(r"[.!?…:;][\"”’'»)\]]*$")
URL = re.compile(r"https?://[^\s<>\"”)\]]+|www\.[^\s<>\"”)\]]+")
WORD_BEFORE = re.compile(r"(\S+)$")


@dataclass(frozen=True, slots=True)
class Rules:
    never_final: frozenset[str]
    maybe_final: frozenset[str]
    starters: frozenset[str]
    reference_headings: frozenset[str]
    access: re.Pattern[str]
    months: dict[str, int]


@cache
def rules() -> Rules:
    """The union of every language's segmentation data (documents mix languages)."""
    never: set[str] = set()
    maybe: set[str] = set()
    starters: set[str] = set()
    headings: set[str] = set()
    cues: set[str] = set()
    months: dict[str, int] = {}
    weekdays: set[str] = set()
    for lang, data in langdata.load_all("segment").items():
        where = f"data/{lang}/segment.yaml"
        never.update(langdata.string_list(data, "never_final", where))
        maybe.update(langdata.string_list(data, "maybe_final", where))
        starters.update(langdata.string_list(data, "sentence_starters", where))
        headings.update(langdata.string_list(data, "reference_headings", where))
        cues.update(langdata.string_list(data, "access_cues", where))
    for _lang, data in langdata.load_all("temporal").items():
        months.update({str(k): int(v) for k, v in data["months"].items()})
        weekdays.update(str(k) for k in data["weekdays"])
    cue = "|".join(sorted((re.escape(c) for c in cues), key=len, reverse=True))
    mon = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    wday = "|".join(sorted((re.escape(w) for w in weekdays), key=len, reverse=True))
    access = re.compile(
        rf"(?:{cue})\s*[:,]?\s*(?:(?:{wday})\s*,?\s*)?"
        rf"(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{mon})\.?\s+(?P<y1>\d{{4}})"
        rf"|(?P<m2>{mon})\.?\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>\d{{4}})"
        rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))",
        re.I,
    )
    return Rules(frozenset(never), frozenset(maybe), frozenset(starters), frozenset(headings), access, months)


def segment(doc: Document) -> Document:
    r = rules()
    text = doc.text
    paragraphs = _paragraphs(text)
    clean = list(text)
    references: list[Reference] = []
    ref_paragraphs: set[int] = set()
    in_reference_list = False
    for i, para in enumerate(paragraphs):
        body = text[para.start : para.end]
        if _is_reference_heading(body, r):
            in_reference_list = True
            continue
        label, label_end = _footnote_label(body, numbered=in_reference_list)
        if label is not None or in_reference_list:
            ref_paragraphs.add(i)
            for k in range(para.start, para.start + label_end):
                clean[k] = " "
            references.append(_reference(text, para, label, r))
    markers = _markers(text, paragraphs, ref_paragraphs)
    for m in markers:
        for k in range(m.start, m.end):
            clean[k] = " "
    clean_text = "".join(clean)
    sentences: list[Sentence] = []
    for i, para in enumerate(paragraphs):
        for start, end in _split(clean_text, para.start, para.end, r):
            sentences.append(Sentence(start, end, i, i in ref_paragraphs))
    _link(markers, references)
    doc.paragraphs = paragraphs
    doc.sentences = sentences
    doc.markers = markers
    doc.references = references
    return doc


def clean_text(doc: Document) -> str:
    """The text with footnote markers blanked: same length, so offsets are unchanged."""
    if not doc.markers:
        return doc.text
    text = doc.text
    pieces: list[str] = []
    pos = 0
    # slices, not a list of characters: every stage after this one calls it on every document
    for m in sorted(doc.markers, key=lambda mk: mk.start):
        if m.end <= pos:
            continue
        start = max(m.start, pos)
        pieces += (text[pos:start], " " * (m.end - start))
        pos = m.end
    pieces.append(text[pos:])
    return "".join(pieces)


def _paragraphs(text: str) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    for m in PARA_BREAK.finditer(text):
        _add_lines(spans, text, pos, m.start())
        pos = m.end()
    _add_lines(spans, text, pos, len(text))
    return _join_page_breaks(text, spans)


def _add_lines(spans: list[Span], text: str, start: int, end: int) -> None:
    """A block whose long lines end with a full stop holds one paragraph per line (texts that
    separate paragraphs with a single newline); hard-wrapped prose has short lines and stays whole."""
    pos = start
    for m in PROSE_LINE_END.finditer(text, start, end):
        _add_trimmed(spans, text, pos, m.end())
        pos = m.end()
    _add_trimmed(spans, text, pos, end)


def _add_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(Span(start, end))


def _join_page_breaks(text: str, spans: list[Span]) -> list[Span]:
    """A paragraph cut mid-sentence by a page break ('… Putin mengevaluasi / kinerja …') is one."""
    out: list[Span] = []
    for span in spans:
        if out:
            prev = out[-1]
            tail = text[prev.start : prev.end]
            head = text[span.start]
            if (head.islower() and not TERMINAL_END.search(tail) and len(tail) > 60
                    and not FOOTNOTE_LABEL.match(tail)):
                out[-1] = Span(prev.start, span.end)
                continue
        out.append(span)
    return out


def _is_reference_heading(body: str, r: Rules) -> bool:
    return len(body) < 40 and body.strip(" :#*").lower() in r.reference_headings


def _footnote_label(body: str, *, numbered: bool) -> tuple[str | None, int]:
    """The note's label and where the label ends, for a paragraph that is a footnote."""
    m = FOOTNOTE_LABEL.match(body)
    if m:
        label = m.group(1) or m.group(2) or m.group(0).translate(_SUP_TO_DIGIT)
        return label, m.end()
    if numbered:
        m = NUMBERED_LABEL.match(body)
        if m:
            return m.group(1), m.end()
    return None, 0


def _reference(text: str, para: Span, label: str | None, r: Rules) -> Reference:
    body = text[para.start : para.end]
    urls = [u.rstrip(".,;>") for u in URL.findall(body)]
    accessed = None
    m = r.access.search(body)
    if m:
        if m.group("y1"):
            y, mo, d = m.group("y1"), r.months[m.group("m1").lower()], m.group("d1")
        elif m.group("y2"):
            y, mo, d = m.group("y2"), r.months[m.group("m2").lower()], m.group("d2")
        else:
            y, mo, d = m.group("y3"), m.group("m3"), m.group("d3")
        accessed = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
    return Reference(para.start, para.end, label, urls, accessed)


def _markers(text: str, paragraphs: list[Span], ref_paragraphs: set[int]) -> list[FootnoteMarker]:
    starts = {paragraphs[i].start for i in ref_paragraphs}
    found: list[FootnoteMarker] = []
    for m in MARKER.finditer(text):
        if m.start() in starts:  # the label of a note, not a marker
            continue
        label = m.group(1) or m.group(2) or m.group(0).translate(_SUP_TO_DIGIT)
        found.append(FootnoteMarker(m.start(), m.end(), label))
    r = rules()
    for m in GLUED_MARKER.finditer(text):
        word = WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if word and word.group(1).lower().lstrip("\"“‘'([*") in r.never_final | r.maybe_final:
            continue  # 'Vol.49 No.5' is a volume number, not a marker
        found.append(FootnoteMarker(m.start(1), m.end(1), m.group(1)))
    found.sort(key=lambda mk: mk.start)
    return found


def _link(markers: list[FootnoteMarker], references: list[Reference]) -> None:
    """Each marker points at the first note with its label after it, else any with that label."""
    by_label: dict[str, list[int]] = {}
    for i, ref in enumerate(references):
        if ref.label is not None:
            by_label.setdefault(ref.label, []).append(i)
    for mk in markers:
        candidates = by_label.get(mk.label)
        if not candidates:
            continue
        after = [i for i in candidates if references[i].start > mk.start]
        mk.reference = after[0] if after else candidates[-1]


def _split(clean: str, start: int, end: int, r: Rules) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph [start, end) of the marker-blanked text."""
    cuts: list[int] = []
    para = clean[start:end]
    for m in BOUNDARY.finditer(para):
        cut = m.end()
        if _is_boundary(para, m.start(), cut, r):
            cuts.append(cut)
    pos = 0
    for line in para.split("\n")[:-1]:
        pos += len(line) + 1
        if _is_line_boundary(line, para, pos):
            cuts.append(pos)
    cuts = sorted(set(cuts))
    spans: list[tuple[int, int]] = []
    prev = 0
    for cut in [*cuts, len(para)]:
        s, e = prev, cut
        while s < e and para[s].isspace():
            s += 1
        while e > s and para[e - 1].isspace():
            e -= 1
        if s < e and any(ch.isalnum() for ch in para[s:e]):
            spans.append((start + s, start + e))
        prev = cut
    return spans


def _is_boundary(para: str, at: int, cut: int, r: Rules) -> bool:
    rest = para[cut:].lstrip()
    if not rest:
        return False
    if not para[cut].isspace():  # '… di Kawasan."Rusia siap …': a quote glued to the period
        return para[cut] == "“" or para.count('"', 0, cut) % 2 == 0
    nxt = rest[0]
    if nxt.islower() or nxt in ",;:)]}":
        return False
    if para[at] != ".":
        return True  # '!', '?', '…'
    word_m = WORD_BEFORE.search(para, 0, at)
    word = (word_m.group(1) if word_m else "").lstrip("\"“‘'([*")
    low = word.lower()
    if not word:
        return True
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: 'J. Smith'
    if word.isdigit() and len(word) <= 3 and (word_m.start() == 0 or para[word_m.start() - 1] == "\n"):
        return False  # a list number: '1. Pertahanan nasional;'
    if low in r.never_final:
        return False
    if low in r.maybe_final or re.fullmatch(r"(?:[a-z]\.)+[a-z]", low):
        nxt_word = re.match(r"[\"“‘'(]*([^\W\d_]+)", rest)
        return bool(nxt_word) and nxt_word.group(1).lower() in r.starters
    return True


def _is_line_boundary(line: str, para: str, pos: int) -> bool:
    """A single newline inside a paragraph: list items and finished lines end a sentence."""
    nxt = para[pos:].lstrip(" \t")
    if not nxt:
        return False
    stripped = line.rstrip()
    if LIST_ITEM.match(nxt) or TERMINAL_END.search(stripped):
        return True
    return bool(stripped) and len(stripped) <= 80 and nxt[0].isupper()
