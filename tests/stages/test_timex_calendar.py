"""Arithmetic on ISO values whose length is their precision (stages/timex_calendar.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kronik.stages import timex_calendar as cal


@pytest.mark.parametrize(("value", "parts"), [
    ("2024-06-18", (2024, 6, 18)), ("2024-06", (2024, 6, None)), ("2024", (2024, None, None)),
    ("2013-H1", (2013, None, None)), ("2024-W25", (2024, None, None)), ("199X", (None, None, None)),
    (None, (None, None, None)), ("PRESENT_REF", (None, None, None)),
])
def test_fields(value: str | None, parts: tuple[int | None, ...]) -> None:
    assert cal.fields(value) == parts


@pytest.mark.parametrize(("anchor", "unit", "n", "want"), [
    ("2024-06-18", "D", 1, "2024-06-19"),
    ("2024-06-18", "W", 0, "2024-W25"),
    ("2024-01-05", "M", -1, "2023-12"),
    ("2024-06-18", "Y", -2, "2022"),
    ("2024", "DE", 0, "202X"),
    ("2024", "CE", 0, "20"),
    ("199X", "DE", 1, "200X"),
    # an anchor coarser than the unit stays what it is for a short move, else nothing
    ("2022-06", "D", 1, "2022-06"),
    ("2022-06", "D", 7, "2022-06"),
    ("2022-06", "D", 8, None),
    ("2022-06", "W", 1, "2022-06"),
    ("2016", "M", 3, "2016"),
    ("2016", "M", 6, None),
    ("2016", "D", -91, "2016"),
    ("2022-06", "M", 1, "2022-07"),
    # the ends of the calendar
    ("0001-01-01", "D", -1, None),
    ("9999-12-31", "Y", 1, None),
    (None, "D", 1, None),
])
def test_shift(anchor: str | None, unit: str, n: int, want: str | None) -> None:
    assert cal.shift(anchor, unit, n) == want


@pytest.mark.parametrize(("anchor", "unit", "want"), [
    ("2023-09-12", "D", "2023-09-12"),
    ("2023-09-12", "M", "2023-09"),
    ("2023-09-12", "Y", "2023"),
    ("2022-06", "D", "2022-06"),  # 'the same day' after 'June 2022'
    ("2022", "M", "2022"),
    ("2022-06", "W", "2022-06"),
    ("2013-H1", "M", "2013-H1"),
    ("2024-W25", "M", "2024-W25"),
    ("199X", "Y", "199X"),
    ("2023-09-12", None, "2023-09-12"),  # 'saat itu': the anchor as it is
])
def test_that(anchor: str, unit: str | None, want: str) -> None:
    assert cal.that(anchor, unit) == want


def test_that_after_a_range_names_the_range() -> None:
    assert cal.that("1987", "Y", ("1983", "1987")) == "198X"
    assert cal.that("2024-06-07", "D", ("2024-06-05", "2024-06-07")) is None


_days = st.dates(date(1000, 1, 1), date(2999, 12, 31))


@given(_days, st.integers(-400, 400))
def test_days_moved_there_and_back(day: date, n: int) -> None:
    there = cal.shift(day.isoformat(), "D", n)
    assert there == (day + timedelta(days=n)).isoformat()
    assert cal.shift(there, "D", -n) == day.isoformat()


@given(_days, st.sampled_from(["Y", "M", "D"]), st.sampled_from([4, 7, 10]))
def test_that_is_a_prefix_of_its_anchor(day: date, unit: str, precision: int) -> None:
    anchor = day.isoformat()[:precision]
    assert anchor.startswith(cal.that(anchor, unit) or "")


@given(_days, st.integers(1, 7), st.sampled_from([-1, 0, 1]))
def test_weekday_lands_on_its_weekday_within_a_week(day: date, wd: int, direction: int) -> None:
    got = date.fromisoformat(cal.weekday(day.isoformat(), wd, 0, direction, False))
    assert got.isoweekday() == wd
    assert abs((got - day).days) <= 6
    if direction < 0:
        assert got <= day
    if direction > 0:
        assert got >= day


@pytest.mark.parametrize(("anchor", "mo", "d", "offset", "want"), [
    ("2024-03-01", 7, None, -1, "2023-07"),
    ("2024-03-01", 2, None, -1, "2024-02"),
    ("2024-03-01", 10, 2, 1, "2024-10-02"),
    ("2024-03-01", 2, 14, 1, "2025-02-14"),
    ("2024", 7, None, 0, "2024-07"),
    (None, 7, 4, -1, "XXXX-07-04"),
])
def test_month_near(anchor: str | None, mo: int, d: int | None, offset: int, want: str) -> None:
    assert cal.month_near(anchor, mo, d, offset) == want
