"""Arithmetic on ISO dates whose length is their precision ('2024', '2024-06', '2024-06-18',
'199X' a decade, '20' a century, '2024-W25' a week, '2013-H1' a half).

Takes: anchor values (the document date, the narrative date) and a unit ('Y', 'M', 'W', 'D',
'DE', 'CE', 'ML'). Gives: `fields` and `iso` to read and write a value; `shift` (the unit
containing the anchor, moved by n), `that` (the anchor at a unit's precision, or the range an
anaphor names), `weekday`, `weekday_of` and `month_near` for weekdays and months near the
anchor. Pure functions, no language data.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

ISO = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?|-(?:H[12]|Q[1-4]|SP|SU|FA|WI|W\d\d))?$")  # a part counts as its year
DECADE = re.compile(r"(\d{3})X$")
# The longest move, in units finer than the anchor's precision, after which the anchor's
# period most likely still holds (a quarter of it): 'keesokan harinya' after 'Juni 2022' is
# 2022-06, 'tiga bulan kemudian' after '2016' is 2016, 'enam bulan kemudian' is unknown.
WITHIN = {("Y", "M"): 3, ("Y", "W"): 13, ("Y", "D"): 91, ("M", "W"): 1, ("M", "D"): 7}


def fields(value: str | None) -> tuple[int | None, int | None, int | None]:
    """'2024-06-18' → (2024, 6, 18); '2024' → (2024, None, None); anything else → Nones."""
    m = ISO.match(value or "")
    if not m:
        return None, None, None
    return int(m.group(1)), (int(m.group(2)) if m.group(2) else None), (int(m.group(3)) if m.group(3) else None)


def iso(y: int | None, m: int | None = None, d: int | None = None) -> str:
    out = f"{y:04d}" if y is not None else "XXXX"
    if m is not None:
        out += f"-{m:02d}"
        if d is not None:
            out += f"-{d:02d}"
    return out


def shift(anchor: str | None, unit: str, n: int) -> str | None:
    """The `unit` containing `anchor`, moved by `n` units. An anchor coarser than the unit
    ('2022-06' moved by days) stays what it is for a short move (see WITHIN), else None."""
    y, mo, d = fields(anchor)
    coarse = "Y" if mo is None else "M" if d is None and unit in ("W", "D") else None
    if y is not None and coarse and unit in ("M", "W", "D"):
        return iso(y, mo) if abs(n) <= WITHIN[(coarse, unit)] else None
    if y is None:
        dec = DECADE.match(anchor or "")
        if dec and unit in ("DE", "CE", "ML"):
            y = int(dec.group(1)) * 10
        else:
            return None
    if not 0 <= y + n * {"Y": 1, "M": 0, "DE": 10, "CE": 100, "ML": 1000}.get(unit, 0) <= 9999:
        return None
    if unit == "Y":
        return f"{y + n:04d}"
    if unit == "DE":
        return f"{y // 10 + n:03d}X"
    if unit == "CE":
        return f"{y // 100 + n:02d}"
    if unit == "ML":
        return str(y // 1000 + n)
    if unit == "M":
        if mo is None:
            return None
        k = y * 12 + mo - 1 + n
        return iso(k // 12, k % 12 + 1) if 0 <= k // 12 <= 9999 else None
    if d is None or mo is None:
        return None
    try:
        day = date(y, mo, d) + timedelta(days=n if unit == "D" else 7 * n)
    except (OverflowError, ValueError):  # '3000000 hari lalu' leaves the calendar
        return None
    if unit == "D":
        return day.isoformat()
    wy, wk, _ = day.isocalendar()
    return f"{wy:04d}-W{wk:02d}"


def that(anchor: str | None, unit: str | None, pair: tuple[str, str] | None = None) -> str | None:
    """An anaphor ('tahun itu', 'saat itu') names the narrative's date at the unit's precision;
    after a range 'A-B' it names the range, written as the digits A and B share ('199X')."""
    if pair:
        a, b = pair
        k = 0
        while k < min(len(a), len(b), 4) and a[k] == b[k]:
            k += 1
        return (a[:k] + "X" * (4 - k)) if k >= 2 and unit in (None, "Y", "DE") else None
    if anchor is None or unit is None:
        return anchor
    if DECADE.match(anchor):
        return anchor if unit in ("Y", "DE") else shift(anchor, unit, 0)
    y, mo, d = fields(anchor)
    if y is None or unit not in ("Y", "M", "D"):
        return shift(anchor, unit, 0)
    if unit == "Y" or (unit == "M" and mo is not None):
        return iso(y, mo if unit == "M" else None)
    # 'the same day' after 'Juni 2022' is 2022-06: the story's date at the precision it has
    return iso(y, mo, d) if unit == "D" and d is not None else anchor


def weekday(anchor: str | None, wd: int, offset: int, direction: int, same_week: bool) -> str:
    """The weekday `wd` (1 = Monday) near a day-precision anchor: in its week, before it
    (offset -1), after it (offset 1), or by `direction` (-1 on or before, 1 on or after,
    0 nearest); 'XXXX-WXX-n' when the anchor has no day."""
    y, mo, d = fields(anchor)
    if d is None or mo is None or y is None:
        return f"XXXX-WXX-{wd}"
    try:
        a = date(y, mo, d)
    except ValueError:
        return f"XXXX-WXX-{wd}"
    if same_week:
        delta = wd - a.isoweekday()
    elif offset:
        delta = offset * (((a.isoweekday() - wd) * -offset) % 7 or 7)
    elif direction < 0:
        delta = -((a.isoweekday() - wd) % 7)
    elif direction > 0:
        delta = (wd - a.isoweekday()) % 7
    else:
        delta = (wd - a.isoweekday() + 3) % 7 - 3
    try:
        return (a + timedelta(days=delta)).isoformat()
    except OverflowError:  # a week before 1 January of year 1
        return f"XXXX-WXX-{wd}"


def weekday_of(y: int, m: int, d: int) -> int | None:
    try:
        return date(y, m, d).isoweekday()
    except ValueError:
        return None


def month_near(anchor: str | None, mo: int, d: int | None, offset: int) -> str:
    """'Juli lalu' (offset -1): the last July before the anchor; 'Juli ini' (0) the anchor
    year's July; 'Juli depan' (1) the next July after it. With a day, the same for that day."""
    y, amo, ad = fields(anchor)
    if y is None:
        return iso(None, mo, d)
    if amo is None or offset == 0:
        return iso(y + (offset if amo is None else 0), mo, d)
    here, there = (amo, ad or 0), (mo, d or 0)
    if offset < 0:
        return iso(y if there < here else y - 1, mo, d)
    return iso(y if there > here else y + 1, mo, d)
