"""From a grammar match to TIMEX3 candidates with their written fields.

Takes: one match of `timex_grammar.grammar().pattern` over the lower-cased text, the
original text (for capitals and context) and the document's language. Gives: `Cand`s —
a span, a type, and either a final TIMEX3 value or what is needed to compute it (a year
from the narrative, an offset from the document date, an anaphor), which `temporal.py`
resolves with the arithmetic of `timex_calendar`; `finish` then applies parts and mods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kronik.stages.timex_grammar import CALENDAR_UNITS, MODS, REFS, Grammar, key

ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
TIME_UNITS = {"H": "H", "MIN": "M", "S": "S"}
SCALE = {"DE": 10, "CE": 100, "ML": 1000}
FINER = {"H": "MIN", "MIN": "S"}  # a fraction of an hour is written in minutes: 'half an hour' = PT30M
# Relations of a unit word or a count: who anchors it, and in which direction.
UNIT_SHIFT = {"previous": ("doc", -1), "this": ("doc", 0), "next": ("doc", 1), "preceding": ("narr", -1),
              "following": ("narr", 1), "that": ("that", 0)}
COUNT_SHIFT = {"ago": ("doc", -1), "hence": ("doc", 1), "earlier": ("narr", -1), "later": ("narr", 1)}
WORD_BEFORE = re.compile(r"([\w$€£¥%'-]+)\.?[\s,:]*$")
WORD_AFTER = re.compile(r"\s*([\w%$]+)")  # a comma ends the phrase: "Pada 2022, pasukan …" is a year
THOUSANDS = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")


Match = re.Match[str]


@dataclass(slots=True)
class Cand:
    start: int
    end: int
    type: str
    rule: str
    value: str | None = None
    mod: str | None = None
    part: str | None = None  # H1, Q3, SU … appended to a resolved year
    y: int | None = None  # written fields of a calendar date
    m: int | None = None
    d: int | None = None
    rel: str | None = None  # how to resolve: 'year', 'doc', 'narr', 'that', 'weekday', 'month'
    year_rel: tuple[str, int] | None = None  # 'September tahun lalu': the year's anchor and offset
    unit: str | None = None
    offset: int = 0
    weekday: int | None = None
    needs_range: bool = False  # a bare month kept only as the first end of a range
    range_end: bool = False  # second end of 'A-B': with its first, an anaphor's referent
    lower_bound: bool = False  # after 'sejak'/'since': not the time of writing
    upper_bound: bool = False  # after 'hingga'/'until': may lie ahead of the story

    @property
    def explicit(self) -> bool:
        return self.y is not None


def word_before(low: str, at: int) -> str:
    m = WORD_BEFORE.search(low, max(0, at - 40), at)
    return m.group(1).strip("'-") if m else ""


def word_after(low: str, at: int) -> str:
    m = WORD_AFTER.match(low, at)
    return m.group(1) if m else ""


def number(surface: str, g: Grammar) -> float | None:
    """'24', '1.500', '2,5', 'dua puluh lima', 'twenty-five' → a number, else None."""
    s = key(surface)
    if s[:1].isdigit():
        if THOUSANDS.fullmatch(s):
            return float(re.sub(r"[.,]", "", s))
        if s.count(".") + s.count(",") > 1:
            return None
        return float(s.replace(",", "."))
    toks = re.split(r"[\s-]+", s)
    total, i = 0.0, 0
    while i < len(toks):
        for j in range(len(toks), i, -1):
            w = " ".join(toks[i:j])
            if w in g.numbers:
                total += g.numbers[w]
                i = j
                break
        else:
            return None
    return total


def ordinal(surface: str, g: Grammar) -> int | None:
    s = key(surface)
    if s.isdigit():
        return int(s)
    if s in g.ordinals:
        return g.ordinals[s]
    if set(s) <= set(ROMAN):
        vals = [ROMAN[c] for c in s]
        return sum(-v if i + 1 < len(vals) and v < vals[i + 1] else v for i, v in enumerate(vals))
    return None


def _num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def duration_value(n: float | None, unit: str) -> str | None:
    """A count of a unit as a TIMEX3 duration: 'P24Y', 'PT40S', 'PXY' (no count), None (no unit)."""
    if unit == "X":
        return None
    if n is not None and n != int(n) and unit in FINER and n * 60 == int(n * 60):
        n, unit = n * 60, FINER[unit]
    t = "T" if unit in TIME_UNITS else ""
    u = TIME_UNITS.get(unit, unit)
    if n is None:
        return f"P{t}X{u}"
    if unit in SCALE:
        return f"P{_num(n * SCALE[unit])}Y"
    return f"P{t}{_num(n)}{u}"


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    try:
        date(y or 2000, m or 1, d or 1)
    except ValueError:
        return False
    return True


def _capital(text: str, m: re.Match[str], *groups: str) -> bool:
    """Month and weekday names count only when capitalised ('may', 'minggu' are other words)."""
    return all(m.start(gr) < 0 or text[m.start(gr)].isupper() for gr in groups)


def parse(m: re.Match[str], low: str, text: str, lang: str | None, g: Grammar) -> list[Cand]:
    """The candidates of one match (two for a range 'A-B'), or none when a check fails."""
    fam = m.lastgroup or ""
    s, e = m.start(), m.end()
    modw = key(m.group("mod")) if m.group("mod") else None
    out = _PARSERS[fam](m, low, text, lang, g, Cand(s, e, "DATE", fam))
    if out and modw:
        first = out[0]
        if modw in g.parts:
            first.part = g.parts[modw]
        elif first.mod is None:
            first.mod = g.modifiers.get(modw)
    return out


def _date(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand) -> list[Cand]:
    if not _capital(text, m, "dt_wd", "dt_m1", "dt_m2", "dt_m3"):
        return []
    gr = m.group
    if gr("dt_y5"):
        c.y, (c.m, c.d) = int(gr("dt_y5")), _numeric(gr("dt_a"), gr("dt_b"), lang, g)
    elif gr("dt_y4"):
        c.y, c.m, c.d = int(gr("dt_y4")), int(gr("dt_m4")), int(gr("dt_d4"))
    else:
        i = next(k for k in "123" if gr("dt_y" + k))
        c.y, c.m, c.d = int(gr("dt_y" + i)), _month(gr("dt_m" + i), g), _day(gr("dt_d" + i))
    return [c] if _valid(c.y, c.m, c.d) else []


def _numeric(a_s: str, b_s: str, lang: str | None, g: Grammar) -> tuple[int, int]:
    """(month, day) of a numeric date '19/6' or '6/19': the order a number over 12 allows,
    else the document language's."""
    a, b = int(a_s), int(b_s)
    mdy = a <= 12 < b or (b <= 12 and a <= 12 and g.numeric_order.get(lang or "", "dmy") == "mdy")
    return (a, b) if mdy else (b, a)


def _month(surface: str, g: Grammar) -> int:
    return g.months[key(surface).rstrip(".")]  # 'Sept.' → 9


def _day(s: str) -> int:
    return int(re.match(r"\d+", s).group(0))  # type: ignore[union-attr]  # '4th' → 4


def _daymonth(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand) -> list[Cand]:
    if not _capital(text, m, "dm_wd", "dm_m1", "dm_m2", "dm_wd2"):
        return []
    gr = m.group
    if gr("dm_wd2"):
        c.m, c.d = _numeric(gr("dm_a"), gr("dm_b"), lang, g)
    else:
        i = "1" if gr("dm_m1") else "2"
        c.m, c.d = _month(gr("dm_m" + i), g), _day(gr("dm_d" + i))
        c.year_rel = _year_rel(m, g, "dm_")
        if gr("dm_rel"):  # '14 Juni lalu': the last 14 June before the document date
            c.rel, c.offset = "month", UNIT_SHIFT[g.after_unit[key(gr("dm_rel"))]][1]
            return [c] if _valid(None, c.m, c.d) else []
    wd = gr("dm_wd") or gr("dm_wd2")
    c.weekday = g.weekdays.get(key(wd).rstrip(".")) if wd else None
    c.rel = "year"
    return [c] if _valid(None, c.m, c.d) else []


def _year_rel(m: re.Match[str], g: Grammar, p: str) -> tuple[str, int] | None:
    rel = g.after_unit.get(key(m.group(p + "ya") or "")) or g.before_unit.get(key(m.group(p + "yb") or ""))
    return UNIT_SHIFT[rel] if rel else None


def _dayrange(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand) -> list[Cand]:
    """'5-7 Juni 2024', 'June 5-7, 2024': two dates; without a year, both take the narrative's
    or the one a relative word names ('19 dan 24 Desember tahun lalu')."""
    gr = m.group
    k = "" if gr("dr_m") else "2"
    if not _capital(text, m, "dr_m" + k):
        return []
    mo, y = _month(gr("dr_m" + k), g), gr("dr_y" + k)
    year_rel = _year_rel(m, g, "dr_" if not k else "ds_")
    d1, d2 = _day(gr("dr_d" + k)), _day(gr("dr_e" + k))
    if d1 >= d2 or not _valid(None, mo, d2):
        return []
    first = Cand(m.start(), m.end("dr_d") if not k else m.end("dr_d2"), "DATE", "dayrange", m=mo, d=d1)
    second = Cand(m.start("dr_e" + k), m.end(), "DATE", "dayrange", m=mo, d=d2, range_end=True)
    for x in (first, second):
        if y:
            x.y = int(y)
        else:
            x.rel, x.year_rel = "year", year_rel
    return [first, second]


def _monthyear(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand) -> list[Cand]:
    if not _capital(text, m, "my_m"):
        return []
    c.y, c.m = int(m.group("my_y")), _month(m.group("my_m"), g)
    return [c]


def _decade(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand) -> list[Cand]:
    gr = m.group
    if gr("de_y"):
        y = int(gr("de_y"))
        if not (gr("de_cal") or 1500 <= y <= 2090) or word_after(low, c.end) in g.not_year_after:
            return []
        c.value = f"{y // 10:03d}X"
    elif (gr("de_yy") or gr("de_cal")) and (gr("de_yy") or gr("de_yc")):
        yy = int(gr("de_yy") or gr("de_yc"))
        c.value = f"{19 if yy >= 20 else 20}{yy // 10}X"  # two-digit decades: '80-an' is the 1980s
    else:
        return []
    return [c]


def _century(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand, unit: str = "ce") -> list[Cand]:
    gr = m.group
    n = next((gr(f"{unit}_{k}") for k in ("n", "r", "o", "n2", "o2") if gr(f"{unit}_{k}")), None)
    if m.group(f"{unit}_r") and not text[m.start(f"{unit}_r"):m.end(f"{unit}_r")].isupper():
        return []  # roman numerals are written in capitals
    v = ordinal(n, g) if n else None
    if not v or v > (30 if unit == "ce" else 3):
        return []
    c.value = f"{v - 1:02d}" if unit == "ce" else str(v - 1)
    return [c]


def _millennium(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand) -> list[Cand]:
    return _century(m, low, text, lang, g, c, "ml")


def _duration(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand) -> list[Cand]:
    gr = m.group
    unit_s = gr("du_u1") or gr("du_u2") or gr("du_u3")
    if gr("du_se"):
        word = key(gr("du_se"))
        unit_s = next(word[len(p):] for p in g.one_prefixes if word.startswith(p) and word[len(p):] in g.units)
        if word_before(low, c.start) in g.rate_cues and not gr("du_ac"):  # 'dua kali seminggu'
            c.type, c.value = "SET", duration_value(1, g.units[unit_s])
            return [c]
    unit = g.units[key(unit_s)]
    n1, n2 = gr("du_n1") or gr("du_n3"), gr("du_n2") or gr("du_n4")
    rel = g.after_count.get(key(gr("du_ac") or "")) or g.before_count.get(key(gr("du_bc") or gr("du_bc1") or ""))
    before = word_before(low, m.start("du_n1") if gr("du_n1") else m.start("du_n3")) if n1 else ""
    if before in g.not_year_before:
        return []  # 'No. 2 tahun …', 'Pasal 5 …'
    if n1 and key(n1) in g.article_numbers and not (rel in COUNT_SHIFT or gr("du_bc") or gr("mod") or
                                                    before in g.article_cues or not before):
        return []  # 'barrels a day'
    n: float | None = None
    vague = gr("du_v") or gr("du_v1")
    if vague or n2:
        n = None
    elif n1:
        n = number(n1, g)
        if n is None:
            return []
    else:
        n = 1
    if unit == "X" and not (vague and rel == "span"):
        return []  # 'beberapa waktu' alone is not a time expression
    if rel in COUNT_SHIFT:
        if vague:  # 'beberapa tahun lalu': some time before the document date
            c.value = {"ago": "PAST_REF", "hence": "FUTURE_REF"}.get(rel)
            return [c]
        if n is None or n != int(n) or unit not in CALENDAR_UNITS:
            return [c]  # a DATE whose value cannot be written
        c.rel, c.offset = COUNT_SHIFT[rel][0], COUNT_SHIFT[rel][1] * int(n)
        c.unit = unit
        return [c]
    c.type, c.value = "DURATION", duration_value(n, unit)
    return [c]


def _repeated(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand) -> list[Cand]:
    if m.group("rp_e"):  # 'tahun-tahun pascaperang': a period named by an event; its date needs knowledge
        return [c]
    if m.group("rp_t"):  # 'tahun-tahun itu': the narrative's period
        c.rel = "that"
        return [c]
    unit = g.repeated.get(key(m.group("rp_w") or "")) or g.plural_units[key(m.group("rp_p"))]
    c.type, c.value = "DURATION", duration_value(None, unit)
    return [c]


def _relunit(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand) -> list[Cand]:
    gr = m.group
    word = key(gr("ru_u") or gr("ru_u2") or gr("ru_u3"))
    part = word in g.day_parts  # 'pagi itu', 'the next morning': a day
    if part and word_before(low, c.start) in g.not_day_part_before:
        return []  # 'makan malam itu' is that dinner
    c.unit = "D" if part else g.units[word]
    if gr("ru_u3"):  # 'akhir tahun', 'the end of the year': the narrative's year
        c.rel = "that"
        return [c]
    rel = g.after_unit.get(key(gr("ru_a") or "")) or g.before_unit[key(gr("ru_b") or "")]
    if part and rel == "next":
        rel = "following"  # 'next morning' follows the story's day; the writer's is 'tomorrow morning'
    c.rel, c.offset = UNIT_SHIFT[rel]
    return [c]


def _deictic(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand) -> list[Cand]:
    """A word that is a date: a reference ('kini'), a day from the document date ('kemarin'),
    the narrative's date ('saat itu') or a day from it ('keesokan harinya')."""
    w = key(m.group("dx_w"))
    v, anchor = (g.deictic[w], "doc") if w in g.deictic else (g.anaphoric[w], "narr")
    if anchor == "narr":
        c.rule = "anaphoric"  # one family in the grammar, two rules for whoever reads the provenance
    if v in REFS:
        c.value = v
    elif v == "that":
        c.rel = "that"
    else:
        c.rel, c.unit, c.offset = anchor, v[0], int(v[1:])
    return [c]


def _set(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand) -> list[Cand]:
    c.type = "SET"
    if m.group("st_w"):
        c.value = g.set_words[key(m.group("st_w"))]
        return [c]
    n = number(m.group("st_n"), g) if m.group("st_n") else 1.0
    unit = g.units[key(m.group("st_u"))]
    if n is None or unit == "X":
        return []
    c.value = duration_value(n, unit)
    return [c]


def _weekday(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand) -> list[Cand]:
    if not _capital(text, m, "wd_w"):
        return []
    rel = g.after_unit.get(key(m.group("wd_a") or "")) or g.before_unit.get(key(m.group("wd_b") or ""))
    c.weekday, c.rel = g.weekdays[key(m.group("wd_w"))], "weekday"
    c.offset = {"previous": -1, "preceding": -1, "next": 1, "following": 1}.get(rel or "", 0)
    c.unit = "W" if rel in ("this", "that") else None
    return [c]


def _monthbare(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand) -> list[Cand]:
    if not _capital(text, m, "mb_m"):
        return []
    c.m = _month(m.group("mb_m"), g)
    c.year_rel = _year_rel(m, g, "mb_")
    if c.year_rel:
        c.rel = "year"
        return [c]
    rel = g.after_unit.get(key(m.group("mb_a") or "")) or g.before_unit.get(key(m.group("mb_b") or ""))
    if rel in ("previous", "this", "next"):
        c.rel, c.offset = "month", UNIT_SHIFT[rel][1]
        return [c]
    if m.group("mb_a"):  # 'Juli itu': keep only the month
        c.end = m.end("mb_m")
    c.rel = "year"
    if not (m.group("mb_cal") or m.group("mod") or word_before(low, c.start) in g.year_cues):
        c.needs_range = True
    return [c]


def _year(m: Match, low: str, text: str, lang: str | None, g: Grammar, c: Cand) -> list[Cand]:
    gr = m.group
    y = int(gr("yr_y"))
    bare = not gr("yr_cal")
    before = word_before(low, m.start())
    cue = before in g.year_cues
    if bare and not (gr("mod") or cue) and g.named_number.search(text, max(0, c.start - 80), c.start):
        return []
    if y > 2100 or (bare and (y < (1000 if cue or gr("mod") else 1800) or before in g.not_year_before)):
        return []
    after = word_after(low, m.end("yr_y") if not gr("yr_y2") else m.end())
    if bare and (after in g.not_year_after or text[max(0, c.start - 2):c.start].rstrip()[-1:] in ("$", "€", "£", "¥")):
        return []
    if bare and not gr("mod") and re.search(r"[A-Za-z]-$", text[max(0, c.start - 2):c.start]):
        return []  # 'F-2000', 'G-2010': a name, not a year
    c.y = y
    c.lower_bound = before in g.lower_bound_cues
    c.upper_bound = before in g.upper_bound_cues
    out = [c]
    if gr("yr_y2"):
        s2 = gr("yr_y2")
        y2 = int(s2) if len(s2) == 4 else y // 100 * 100 + int(s2)
        c.end = m.end("yr_y")
        if y < y2 <= y + 100:
            out.append(Cand(m.start("yr_y2"), m.end("yr_y2"), "DATE", "year", y=y2, range_end=True))
        elif len(s2) == 2 or gr("yr_c") == "/":
            return []  # '2012/13' read wrongly, or a number like '1234-56'
    return out


_PARSERS = {
    "date": _date, "daymonth": _daymonth, "dayrange": _dayrange, "monthyear": _monthyear, "decade": _decade,
    "century": _century, "millennium": _millennium, "duration": _duration, "repeated": _repeated,
    "relunit": _relunit, "deictic": _deictic, "set": _set, "weekday": _weekday,
    "monthbare": _monthbare, "year": _year,
}


def finish(c: Cand) -> None:
    """Apply a part ('paruh pertama' → -H1) to a resolved year; the half of a decade or a
    century has no TIMEX3 value, so it becomes the mod START or END. Keep only TIMEX3 mods."""
    if c.part and c.value and re.fullmatch(r"\d{4}", c.value):
        c.value = f"{c.value}-{c.part}"
    elif c.part in ("H1", "H2") and c.mod is None and c.value and c.value[:1].isdigit():
        c.mod = "START" if c.part == "H1" else "END"
    if c.mod not in MODS:
        c.mod = None
