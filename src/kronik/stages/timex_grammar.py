"""The temporal grammar: every language's vocabulary compiled into one scanning regex.

Takes: data/<lang>/temporal.yaml for every language (via `langdata`). Gives: `grammar()`, a
cached `Grammar` with the merged vocabulary (surface → canonical concept, see the comment
at the top of data/id/temporal.yaml) and `pattern`, one compiled regex whose alternatives
are the expression families (full dates, day + month, month + year, decades, centuries,
durations, relative and deictic words, sets, weekdays, bare months, years). `m.lastgroup`
names the family; group names inside a family start with its prefix.

The grammar is language-neutral: it accepts both word orders ('18 Juni 2024', 'June 18,
2024', '2023, September 12') and both languages' words in every document, because
Indonesian texts quote English sources. Only the reading of numeric dates (d/m or m/d)
follows the document's language. Month and weekday names must be capitalised ('Minggu'
is Sunday, 'minggu' a week; 'May' a month, 'may' a verb).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache
from typing import Any

from kronik import langdata
from kronik.errors import DataError

UNITS = frozenset({"Y", "M", "W", "D", "DE", "CE", "ML", "H", "MIN", "S", "X"})
CALENDAR_UNITS = frozenset({"Y", "M", "W", "D", "DE", "CE", "ML"})
MODS = frozenset({"START", "MID", "END", "APPROX", "BEFORE", "AFTER", "MORE_THAN", "LESS_THAN"})
PARTS = frozenset({"H1", "H2", "Q1", "Q2", "Q3", "Q4", "SP", "SU", "FA", "WI"})
UNIT_RELATIONS = frozenset({"previous", "this", "next", "preceding", "following", "that"})
COUNT_RELATIONS = frozenset({"ago", "hence", "earlier", "later", "span"})
REFS = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})
DEICTIC_OFFSET = re.compile(r"([DW])([+-]\d+)$")

YEAR4 = r"(?:1\d{3}|20\d{2})"
DAY = r"(?:3[01]|[12]\d|0?[1-9])"
DIGITS = r"(?<![\w.,/])\d+(?:[.,]\d+)*(?![\w])"
ROMAN = r"[ivxl]{1,6}"  # on the lower-cased text; the normaliser checks the capitals


@dataclass(frozen=True, slots=True)
class Grammar:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    ordinals: dict[str, int]
    units: dict[str, str]
    one_prefixes: tuple[str, ...]  # glued to a unit, a count of one: 'se' in 'setahun'
    repeated: dict[str, str]
    plural_units: dict[str, str]
    modifiers: dict[str, str]
    parts: dict[str, str]
    after_unit: dict[str, str]
    before_unit: dict[str, str]
    after_count: dict[str, str]
    before_count: dict[str, str]
    deictic: dict[str, str]  # word → *_REF, or D±n / W±n from the document date
    anaphoric: dict[str, str]  # word → 'that', or D±n / W±n from the narrative date
    day_parts: frozenset[str]
    not_day_part_before: frozenset[str]
    set_words: dict[str, str]
    year_cues: frozenset[str]
    not_year_before: frozenset[str]
    not_year_after: frozenset[str]
    future_cues: frozenset[str]
    lower_bound_cues: frozenset[str]
    upper_bound_cues: frozenset[str]
    article_numbers: frozenset[str]
    article_cues: frozenset[str]
    rate_cues: frozenset[str]
    named_number: re.Pattern[str]  # 'Resolusi Dewan Keamanan PBB 1718': the number names a document
    published_cues: frozenset[str]
    numeric_order: dict[str, str]  # language → 'dmy' | 'mdy'
    range_connector: re.Pattern[str]  # the whole text between the two ends of a range
    pattern: re.Pattern[str]


def key(surface: str) -> str:
    """Lookup form of a matched surface: lower case, single spaces, hyphens kept."""
    return " ".join(surface.lower().split())


def lower(text: str) -> str:
    """Lower case, same length: the grammar scans this copy, without IGNORECASE, which lets
    the regex engine reject a branch on its first character."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_LOWER)  # 'İ' lowers to two characters


_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _alt(words: Any) -> str:
    """Words as a regex trie (shared prefixes factored out, longest tried first), any
    whitespace between the parts of a multi-word entry."""
    trie: dict[str, Any] = {}
    for w in {" ".join(str(w).lower().split()) for w in words}:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return r"(?!x)x"
    return _trie(trie)


def _trie(node: dict[str, Any]) -> str:
    alts = [(r"\s+" if ch == " " else re.escape(ch)) + _trie(sub) for ch, sub in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if "" in node:
        return f"(?:{body})?" if len(alts) == 1 else body + "?"
    return body


def _w(words: Any) -> str:
    """Whole words: not glued to a letter or digit on either side."""
    return rf"(?<![\w])(?:{_alt(words)})(?![\w])"


def _merge(datas: dict[str, Any], name: str, kind: type, check: frozenset[str] | None = None) -> Any:
    out: Any = {} if kind is dict else set()
    for lang, data in datas.items():
        where = f"data/{lang}/temporal.yaml"
        value = langdata.require(data, name, kind, where)
        if kind is dict:
            for k, v in value.items():
                if not isinstance(k, str):
                    raise DataError(f"'{name}': key {k!r} is not a string (quote it)", path=where)
                if check is not None and str(v) not in check:
                    raise DataError(f"'{name}': '{k}' maps to unknown '{v}'", path=where)
                out[key(str(k))] = v
        else:
            for v in value:
                if not isinstance(v, str):  # YAML reads a bare 'no' or 'on' as a boolean
                    raise DataError(f"'{name}': {v!r} is not a string (quote it)", path=where)
                out.add(key(v))
    return out


def _check_deictic(datas: dict[str, Any], name: str, allowed: frozenset[str]) -> None:
    for lang, data in datas.items():
        for k, v in langdata.require(data, name, dict, f"data/{lang}/temporal.yaml").items():
            if str(v) not in allowed and not DEICTIC_OFFSET.match(str(v)):
                raise DataError(f"'{name}': '{k}' has value '{v}' (want one of {sorted(allowed)} or D±n / W±n)",
                                path=f"data/{lang}/temporal.yaml")


@cache
def grammar() -> Grammar:
    datas = langdata.load_all("temporal")
    months = {k: int(v) for k, v in _merge(datas, "months", dict).items()}
    weekdays = {k: int(v) for k, v in _merge(datas, "weekdays", dict).items()}
    abbr = _merge(datas, "month_abbreviations", list)
    wabbr = _merge(datas, "weekday_abbreviations", list)
    for lang, data in datas.items():
        where = f"data/{lang}/temporal.yaml"
        for a in langdata.require(data, "month_abbreviations", list, where):
            if key(str(a)) not in months:
                raise DataError(f"month abbreviation '{a}' is not in months", path=where)
    numbers = {k: float(v) for k, v in _merge(datas, "numbers", dict).items()}
    ordinals = {k: int(v) for k, v in _merge(datas, "ordinals", dict).items()}
    units = _merge(datas, "units", dict, UNITS)
    repeated = _merge(datas, "repeated_units", dict, UNITS)
    plural_units = _merge(datas, "plural_units", dict, UNITS)
    modifiers = _merge(datas, "modifiers", dict, MODS)
    parts = _merge(datas, "parts", dict, PARTS)
    after_unit = _merge(datas, "after_unit", dict, UNIT_RELATIONS)
    before_unit = _merge(datas, "before_unit", dict, UNIT_RELATIONS)
    after_count = _merge(datas, "after_count", dict, COUNT_RELATIONS)
    before_count = _merge(datas, "before_count", dict, COUNT_RELATIONS)
    _check_deictic(datas, "deictic", REFS)
    _check_deictic(datas, "anaphoric", frozenset({"that"}))
    deictic = _merge(datas, "deictic", dict)
    anaphoric = _merge(datas, "anaphoric", dict)
    if set(deictic) & set(anaphoric):
        raise DataError(f"words both deictic and anaphoric: {sorted(set(deictic) & set(anaphoric))}",
                        path="data/*/temporal.yaml")
    day_parts = _merge(datas, "day_parts", list)
    set_words = _merge(datas, "set_words", dict)
    cal: dict[str, set[str]] = {}
    for lang, data in datas.items():
        for k, v in langdata.require(data, "calendar_words", dict, f"data/{lang}/temporal.yaml").items():
            cal.setdefault(str(k), set()).update(key(str(w)) for w in v)
    vague = _merge(datas, "vague_numbers", list)
    prefixes = _merge(datas, "ordinal_prefixes", list)
    suffixes = _merge(datas, "ordinal_suffixes", list)
    one = {str(d.get("one_prefix") or "") for d in datas.values()} - {""}
    order = {lang: str(langdata.require(d, "numeric_order", str, f"data/{lang}/temporal.yaml")) for lang, d in
             datas.items()}
    ranges = _merge(datas, "range_connectors", list)
    count_range = _merge(datas, "count_range", list)
    span_cues = _merge(datas, "span_cues", list)
    decade_suffixes = _merge(datas, "decade_suffixes", list)

    mon_full = _alt(k for k in months if k not in abbr)
    mon = rf"(?:{mon_full}|(?:{_alt(abbr)})\.?)(?![\w])"
    mon_full_b = rf"(?:{mon_full})(?![\w])"
    wd_full = rf"(?:{_alt(k for k in weekdays if k not in wabbr)})"
    wd_any = rf"(?:{wd_full}|(?:{_alt(wabbr)})\.?)(?![\w])"
    ordsuf = rf"(?:{_alt(suffixes)})?" if suffixes else ""
    day = rf"(?<![\w.,/-]){DAY}{ordsuf}(?![\d])"
    year = rf"(?<![\w.,/]){YEAR4}(?![\d])"
    numw = _alt(numbers)
    tens = _alt(k for k, v in numbers.items() if v in (20, 30, 40, 50, 60, 70, 80, 90))
    ones = _alt(k for k, v in numbers.items() if v in range(1, 10) and len(k.split()) == 1 and len(k) > 2)
    # 'dua puluh lima', 'twenty-five': a tens word may take a units word; nothing else combines
    count1 = rf"(?:{DIGITS}|(?<![\w])(?:(?:{tens})[\s-]+(?:{ones})|{numw})(?![\w]))"
    rng = _alt(count_range)
    unit = _w(units)
    cal_units = _w(k for k, v in units.items() if v in CALENDAR_UNITS)
    plural_forms = _merge(datas, "unit_plurals", list)
    cal_units_one = _w(k for k, v in units.items() if v in CALENDAR_UNITS and k not in plural_forms)
    one_unit = rf"(?<![\w])(?:{_alt(one)})(?:{_alt(units)})(?![\w-])" if one else r"(?!x)x"
    span_after = _alt(k for k, v in after_count.items() if v == "span")
    span_cue = "|".join(rf"(?<=\b{re.escape(c)}\s)" for c in sorted(span_cues))
    cal_year, cal_day = _alt(cal.get("year", ())), _alt(cal.get("day", ()))
    cal_month, cal_decade = _alt(cal.get("month", ())), _alt(cal.get("decade", ()))
    cal_century, cal_mill = _alt(cal.get("century", ())), _alt(cal.get("millennium", ()))
    ordw = _alt(ordinals)
    ordpre = rf"(?:(?:{_alt(prefixes)})\s*)?" if prefixes else ""
    tail = r"(?![\w]|[.,/-]\d)"
    jn = rf"(?:(?:{_alt(_merge(datas, 'date_joiners', list))})\s+)?"  # 'the 4th of July'
    enclitic = rf"(?:{_alt(_merge(datas, 'enclitics', list))})?"
    dec_suffix = _alt(decade_suffixes)
    month_rel = _alt(k for k, v in after_unit.items() if v in ("previous", "this", "next"))
    year_units = _w(k for k, v in units.items() if v == "Y" and k not in plural_forms)
    # A year named by a relative word after a day or a month: 'Juli tahun lalu', 'March of that year'
    yrel = lambda p: (rf"(?:\s+(?:(?:{year_units})\s+(?P<{p}ya>{_alt(after_unit)})(?![\w])"  # noqa: E731
                      rf"|{jn}(?P<{p}yb>{_alt(before_unit)})\s+(?:{year_units})))?")
    # A relative word makes a day of a day part: 'pagi yang sama', 'the next morning'
    rel_units = _w({k for k, v in units.items() if v in CALENDAR_UNITS and k not in plural_forms} | day_parts)

    # Every family may follow a modifier ('akhir', 'paruh pertama', 'sekitar'); the
    # normaliser decides what it means for each.
    families = {
        "date": rf"""(?:(?P<dt_wd>{wd_any})\s*,?\s*(?:(?P<dt_par>\()\s*)?)?(?:(?P<dt_cal>{cal_day})\.?\s+)?
            (?:(?P<dt_d1>{day})\s+{jn}(?P<dt_m1>{mon})\s*,?\s+(?P<dt_y1>{year})
             |(?P<dt_m2>{mon})\s+(?P<dt_d2>{day})\s*,?\s+(?P<dt_y2>{year})
             |(?P<dt_y3>{year})\s*,\s*(?P<dt_m3>{mon})\s+(?P<dt_d3>{day})
             |(?P<dt_y4>{year})-(?P<dt_m4>[01]\d)-(?P<dt_d4>[0-3]\d)
             |(?<![\w.,/-])(?P<dt_a>\d{{1,2}})(?P<dt_s>[/.-])(?P<dt_b>\d{{1,2}})(?P=dt_s)(?P<dt_y5>{YEAR4}))
            (?(dt_par)\s*\)){tail}""",
        "dayrange": rf"""(?P<dr_d>{day})\s*(?:[-–—]|(?:{_alt(ranges)})(?![\w]))\s*(?P<dr_e>{DAY}{ordsuf})\s+{jn}
            (?P<dr_m>{mon})(?:\s*,?\s+(?P<dr_y>{year})|{yrel('dr_')[:-1]})?{tail}
            |(?P<dr_m2>{mon})\s+(?P<dr_d2>{day})\s*[-–—]\s*(?P<dr_e2>{DAY}{ordsuf})
             (?:\s*,?\s+(?P<dr_y2>{year})|{yrel('ds_')[:-1]})?{tail}""",
        "daymonth": rf"""(?:(?P<dm_wd>{wd_any})\s*,?\s*)?(?:(?P<dm_cal>{cal_day})\.?\s+)?
            (?:(?P<dm_d1>{day})\s+{jn}(?P<dm_m1>{mon})|(?P<dm_m2>{mon_full_b})\s+(?P<dm_d2>{day}))
            (?:{yrel('dm_')[:-1]}|\s+(?P<dm_rel>{month_rel})(?![\w]))?(?!\s*,?\s*\d)
            |(?P<dm_wd2>{wd_full})\s*\(\s*(?P<dm_a>\d{{1,2}})/(?P<dm_b>\d{{1,2}})\s*\)""",
        "monthyear": rf"""(?:(?P<my_cal>{cal_month})\s+)?(?P<my_m>{mon})\s*,?\s+{jn}(?P<my_y>{year}){tail}""",
        "decade": rf"""(?:(?P<de_cal>{cal_decade})\s+)?
            (?:(?<![\w.,/])(?P<de_y>\d{{3}}0)|(?P<de_ap>['’])(?P<de_yy>\d0)|(?<=\s)(?P<de_yc>\d0)(?=(?:{dec_suffix})(?![\w])))
            (?P<de_s>{dec_suffix})(?![\w])""",
        "century": rf"""(?:{cal_century})\s+{ordpre}(?:(?P<ce_n>\d{{1,2}})(?![\d]|[.,]\d)|(?P<ce_r>{ROMAN})
            |(?P<ce_o>{ordw}))(?![\w])
            |(?<![\w])(?:(?P<ce_n2>\d{{1,2}}){ordsuf}|(?P<ce_o2>{ordw}))[\s-]+(?:{cal_century})(?![\w])""",
        "millennium": rf"""(?:{cal_mill})\s+{ordpre}(?:(?P<ml_n>\d)(?![\d]|[.,]\d)|(?P<ml_r>{ROMAN})|(?P<ml_o>{ordw}))
            (?![\w])|(?<![\w])(?:(?P<ml_n2>\d){ordsuf}|(?P<ml_o2>{ordw}))[\s-]+(?:{cal_mill})(?![\w])""",
        "duration": rf"""(?:
              (?<![\w])(?:(?P<du_bc>{_alt(before_count)})\s+(?:(?P<du_n1>{count1})|(?P<du_v1>{_alt(vague)}))(?:\s*(?:{rng})\s*(?P<du_n2>{count1}))?
                |(?P<du_bc1>{_alt(set(before_count) - set(before_unit))}))\s+(?P<du_u1>{unit})
             |(?:(?P<du_n3>{count1})(?:\s*(?:{rng})\s*(?P<du_n4>{count1}))?|(?<![\w])(?P<du_v>{_alt(vague)}))(?:\s+|-)
                (?P<du_u2>{unit})
             |(?P<du_se>{one_unit})
             |(?:{span_cue})(?P<du_u3>{cal_units})(?=\s+(?:{span_after})(?![\w])))
            (?!\s+\d)(?:\s+(?P<du_ac>{_alt(after_count)})(?![\w]))?""",
        "repeated": rf"""(?<![\w])(?P<rp_w>{_alt(repeated)})(?![\w])
            |(?<![\w])(?P<rp_p>{_alt(plural_units)})\s+(?:(?P<rp_s>{span_after})(?![\w])
             |(?P<rp_t>{_alt(k for k, v in after_unit.items() if v == "that")})(?![\w])
             |(?P<rp_e>{_alt(k for k, v in modifiers.items() if v in ("BEFORE", "AFTER"))})-?[^\W\d_]{{3,}})""",
        "relunit": rf"""(?P<ru_u>{rel_units})\s+(?P<ru_a>{_alt(after_unit)})(?![\w])
            |(?<![\w])(?P<ru_b>{_alt(before_unit)})\s+(?P<ru_u2>{rel_units})
            |(?(mod)(?:(?:{_alt(_merge(datas, "definite_articles", list))})\s+)?(?P<ru_u3>{cal_units_one})(?![\w-])
             (?!\s+\d)|(?!x)x)""",
        # one trie for both, so the longest word wins ('the day before yesterday' over 'the day before')
        "deictic": rf"(?P<dx_w>{_w(set(deictic) | set(anaphoric))})",
        "set": rf"""(?<![\w])(?P<st_e>{_alt(_merge(datas, 'every', list))})\s+(?:(?P<st_n>{count1})\s+)?
            (?P<st_u>(?:{_alt(units)})){enclitic}(?![\w])|(?P<st_w>{_w(set_words)})""",
        "weekday": rf"""(?:(?<![\w])(?P<wd_b>{_alt(before_unit)})\s+)?(?P<wd_w>{wd_full})(?![\w])
            (?:\s+{_w(day_parts)})?(?:\s+(?P<wd_a>{_alt(after_unit)})(?![\w]))?(?!\s*[,(]?\s*\d)""",
        "monthbare": rf"""(?:(?<![\w])(?P<mb_b>{_alt(before_unit)})\s+)?(?:(?P<mb_cal>{cal_month})\s+)?
            (?P<mb_m>{mon_full_b})(?:{yrel('mb_')[:-1]}|\s+(?P<mb_a>{_alt(after_unit)})(?![\w]))?(?!\s*[,.]?\s*\d)""",
        "year": rf"""(?:(?P<yr_cal>{cal_year})\s+)?(?<![\w/$€£¥])(?<!\d[.,:/–-])(?P<yr_y>\d{{3,4}})
            (?:\s*(?P<yr_c>[-–—/])\s*(?P<yr_y2>{YEAR4}|\d\d)(?![\w]|[.,/-]\d)|(?![\w]|[.,/–-]\d|\s*%))""",
    }
    mods = _alt(set(modifiers) | set(parts))
    body = "|".join(f"(?P<{name}>{pat})" for name, pat in families.items())
    # Only word starts are tried, and only those whose word can begin an expression (a
    # digit, or the first word of a vocabulary entry): most words fail on one trie test.
    first = {p.split()[0] for group in (modifiers, parts, months, weekdays, units, numbers, vague, before_count,
                                         before_unit, deictic, repeated, plural_units, set_words, ordinals)
             for p in group}
    first |= {p.split()[0] for words in cal.values() for p in words}
    first |= {w.split()[0] for w in set(anaphoric) | day_parts | _merge(datas, "every", list)}
    first |= {o + u for o in one for u in units}
    master = rf"(?<![\w])(?=[\d'’]|(?:{_alt(first)})(?![\w]))(?:(?P<mod>{mods})(?:\s+|\s*-\s*))?(?:{body})"
    try:
        pattern = re.compile(master, re.X)
    except re.error as exc:  # pragma: no cover - a broken vocabulary entry
        raise DataError(f"temporal grammar does not compile: {exc}", path="data/*/temporal.yaml") from None
    fillers = _alt(_merge(datas, "not_year_before", list) | _merge(datas, "definite_articles", list)
                   | _merge(datas, "date_joiners", list))
    connector = re.compile(rf"\s*(?:[-–—]|(?:{_alt(ranges)})(?![\w]))\s*$")
    return Grammar(
        months=months, weekdays=weekdays, numbers=numbers, ordinals=ordinals, units=units,
        one_prefixes=tuple(sorted(one)), repeated=repeated, plural_units=plural_units, modifiers=modifiers, parts=parts,
        after_unit=after_unit, before_unit=before_unit, after_count=after_count, before_count=before_count,
        deictic=deictic, anaphoric=anaphoric, day_parts=frozenset(day_parts), set_words=set_words,
        not_day_part_before=frozenset(_merge(datas, "not_day_part_before", list)),
        year_cues=frozenset(_merge(datas, "year_cues", list)),
        not_year_before=frozenset(_merge(datas, "not_year_before", list)),
        not_year_after=frozenset(_merge(datas, "not_year_after", list)),
        future_cues=frozenset(_merge(datas, "future_cues", list)),
        lower_bound_cues=frozenset(_merge(datas, "lower_bound_cues", list)),
        upper_bound_cues=frozenset(_merge(datas, "upper_bound_cues", list)),
        article_numbers=frozenset(_merge(datas, "article_numbers", list)),
        article_cues=frozenset(_merge(datas, "article_cues", list)),
        rate_cues=frozenset(_merge(datas, "rate_cues", list)),
        named_number=re.compile(rf"(?i:{_alt(_merge(datas, 'named_numbers', list))})"
                                rf"(?:\s+(?:[A-Z][\w.]*|(?i:{fillers})\.?))*\s*$"),
        published_cues=frozenset(_merge(datas, "published_cues", list)),
        numeric_order=order, range_connector=connector, pattern=pattern,
    )
