"""Dates for events: the expression that governs a trigger, and the story's date carried over.

Takes: a sentence's units and DATE timexes, a trigger's span, the document date. Gives: the
event's date or None (a date is never invented). A date after 'sejak/since' opens an interval
and is not the event's; a dateline's date ('Jakarta, 16 Oktober 2023 —') is when the text was
written; a sentence that continues the story ('Selama kunjungan tersebut …') may take the
explicit date of the one or two sentences before it (`CARRY`), and the sentence right after a
dated one in the same paragraph takes its date ('Pada Desember 2023, Xi mengunjungi Hanoi. Kedua
pihak menandatangani 36 dokumen.'), unless that date lies ahead of the document (a plan's).
"""

from __future__ import annotations

import re

from kronik.model import Timex
from kronik.stages.event_args import Unit, is_break
from kronik.stages.event_lexicon import Lexicon

REF_VALUES = frozenset({"PAST_REF", "FUTURE_REF"})

CARRY = 2  # sentences after an explicit date that still take it as their narrative date


def continues(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """Does the sentence go on with the story of the one before ('Selama kunjungan tersebut')?"""
    return any(w.lower() in lex.continuation for w in text[start:end].split())


def has_interval(timexes: list[Timex], text: str, lex: Lexicon) -> bool:
    return any(after_interval_prep(t, text, lex) for t in timexes)


def after_interval_prep(t: Timex, text: str, lex: Lexicon) -> bool:
    """'sejak tahun 2020': the date opens an interval."""
    before = text[max(0, t.start - 12) : t.start].split()
    return bool(before) and before[-1].lower() in lex.interval_preps


def explicit(t: Timex) -> bool:
    return bool(t.value) and t.value[:1].isdigit() and not t.in_reference


def event_date(seq: list[Unit], trigger: tuple[int, int], timexes: list[Timex], doc_date: str | None,
               lex: Lexicon, text: str) -> str | None:
    """The DATE expression nearest the trigger, a clause boundary counting as far; None if none fits."""
    f_i, f_end = trigger
    best: tuple[int, str] | None = None
    for t in timexes:
        if not t.value or t.value in REF_VALUES:
            continue
        value = (doc_date if t.value == "PRESENT_REF" else t.value) or None
        if value is None:
            continue
        k = _unit_at(seq, t.start)
        if k is None or after_interval_prep(t, text, lex) or _dateline(t, text):
            continue
        if _attributive(seq, k, t, lex) and not (f_i - 2 <= k <= f_end + 3):
            continue  # '… the 1965 treaty', but 'KTT Inter-Korea 2018' dates the summit itself
        lo, hi = (k, f_i) if k < f_i else (f_end, k)
        distance = abs(k - f_i) + (15 if any(is_break(u, lex) or u.low in lex.concessives
                                            for u in seq[lo:hi]) else 0)
        if _vp_split(seq, lo, hi, lex):
            distance += 10
        if best is None or distance < best[0]:
            best = (distance, value)
    return best[1] if best else None


def _attributive(seq: list[Unit], k: int, t: Timex, lex: Lexicon) -> bool:
    """'the 1965 treaty', 'Perjanjian Pertahanan Bersama 1951': a bare year that names a thing (it
    dates that thing, not another act of the sentence)."""
    if not (t.text.isdigit() and len(t.text) == 4) or k == 0 or seq[k - 1].kind != "word":
        return False
    prev = seq[k - 1]
    if prev.low in lex.articles:
        return True
    if all(u.kind == "punct" for u in seq[: k - 1]):
        return False  # 'During 2022, …', 'Selama 2022, …': capitalised as the sentence's first word, no name
    return prev.upper and prev.low not in lex.target_preps and prev.low not in lex.interval_preps \
        and prev.low not in lex.source_preps


DATELINE_END = re.compile(r"\s*[—–-]{1,2}\s")
PLACE_COMMA = re.compile(r"[A-Z][\w.'’ -]{1,30},")  # 'Jakarta,' 'WASHINGTON,' opening a dateline


def _dateline(t: Timex, text: str) -> bool:
    """'Jakarta, Senin, 16 Oktober 2023 — Sebulan setelah …': the date of writing, not of the act."""
    line_start = text.rfind("\n", 0, t.start) + 1
    return bool(DATELINE_END.match(text, t.end)) and bool(PLACE_COMMA.match(text, line_start, t.start))


def _vp_split(seq: list[Unit], lo: int, hi: int, lex: Lexicon) -> bool:
    """A ', dan' between the date and the trigger: they probably belong to different clauses."""
    return any(seq[k].low == "," and k + 1 < hi and seq[k + 1].low in lex.vp_conjunctions for k in range(lo, hi))


def _unit_at(seq: list[Unit], offset: int) -> int | None:
    for k, u in enumerate(seq):
        if u.start <= offset < u.end or offset < u.start:
            return k
    return None
