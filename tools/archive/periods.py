"""Periods: the days an ISO value of `store.extract.dates.find_dates` covers, so an event
dated « en mars 2013 » falls within « entre 2012 et 2014 » and sorts before « en 2014 »."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from store.extract.dates import find_dates, year_span

Day = tuple[int, int, int]

_DAY = re.compile(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_YEAR = re.compile(r"\b(?:1[0-9]{3}|20[0-9]{2})\b")
_PART = re.compile(r"(-?\d{4})-([QH])(\d)")
_SEASON = re.compile(r"(-?\d{4})-(2[1-4])")
# Astronomical seasons, (first month, day) to (last month, day); winter ends next year.
_SEASONS = {21: ((3, 20), (6, 20)), 22: ((6, 21), (9, 22)), 23: ((9, 23), (12, 20))}


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year if year > 0 else 2000, month)[1]


def _part_span(part: str) -> tuple[Day, Day] | None:
    """The first and last day one side of a value covers; None when it has no year."""
    if m := _PART.fullmatch(part):
        year, unit, n = int(m[1]), m[2], int(m[3])
        months = 3 if unit == "Q" else 6
        first_month = (n - 1) * months + 1
        last_month = first_month + months - 1
        return (year, first_month, 1), (year, last_month, _last_day(year, last_month))
    if m := _SEASON.fullmatch(part):
        year, code = int(m[1]), int(m[2])
        if code == 24:
            return (year, 12, 21), (year + 1, 3, 19)
        (m1, d1), (m2, d2) = _SEASONS[code]
        return (year, m1, d1), (year, m2, d2)
    if m := _DAY.fullmatch(part):
        year = int(m[1])
        if m[3]:
            day = (year, int(m[2]), int(m[3]))
            return day, day
        if m[2]:
            month = int(m[2])
            return (year, month, 1), (year, month, _last_day(year, month))
        return (year, 1, 1), (year, 12, 31)
    years = year_span(part)  # a decade ("198") or a century ("13")
    if years is None:
        return None
    return (years[0], 1, 1), (years[1], 12, 31)


@dataclass(frozen=True)
class Period:
    """The days from `first` to `last`, both included; `value` is the ISO value read."""

    first: Day
    last: Day
    value: str

    @classmethod
    def of(cls, value: str) -> Period | None:
        """The period an ISO value covers (`2012`, `2013-03`, `2001/2006`, `2013-Q1`);
        None for a yearless one (`--09-05`), which no period can place."""
        sides = value.split("/", 1)
        first, last = _part_span(sides[0]), _part_span(sides[-1])
        if first is None or last is None:
            return None
        return cls(first[0], last[1], value)

    @classmethod
    def between(cls, start: str | None, end: str | None) -> Period | None:
        """The period from one ISO value to another, either side open (None)."""
        first = cls.of(start) if start else None
        last = cls.of(end) if end else None
        if (start and first is None) or (end and last is None):
            raise ValueError(f"not an ISO 8601 date or year: {start if first is None else end}")
        if first is None and last is None:
            return None
        low = first.first if first is not None else (-9999, 1, 1)
        high = last.last if last is not None else (9999, 12, 31)
        value = start if start and start == end else f"{start or ''}/{end or ''}"
        return cls(low, high, value)

    def holds(self, other: Period) -> bool:
        """Whether every day of `other` falls within this period."""
        return self.first <= other.first and other.last <= self.last

    def meets(self, other: Period) -> bool:
        """Whether the two periods share a day."""
        return self.first <= other.last and other.first <= self.last

    @property
    def sides(self) -> tuple[str, str]:
        """The ISO values it runs from and to, as read (« 2001 », « 2006 »)."""
        start, _, end = self.value.partition("/")
        return start, end or start

    @property
    def bounds(self) -> tuple[str, str]:
        """The first and last day as ISO dates."""
        return _iso(self.first), _iso(self.last)


def _iso(day: Day) -> str:
    y, m, d = day
    return f"{y:04d}-{m:02d}-{d:02d}" if y >= 0 else f"-{-y:04d}-{m:02d}-{d:02d}"


def period_in(text: str) -> tuple[Period | None, str]:
    """The period a message names (« en mars 2013 », « entre 2001 et 2006 », "in
    2012"), and the message without it; the first one named, None when there is none."""
    for mention in find_dates(text):
        period = Period.of(mention.value)
        if period is not None:
            return period, (text[: mention.start] + " " + text[mention.end :]).strip()
    # A year on its own (« les articles sur 2012 », « de 2001 à 2006 »), which the date
    # finder reads only in a sentence.
    years = list(_YEAR.finditer(text))
    if years:
        value = years[0][0] if len(years) == 1 else f"{years[0][0]}/{years[1][0]}"
        rest = _YEAR.sub(" ", text)
        if len(years) > 1:
            rest = re.sub(r"\b(?:de|entre|from|between)\s+(?:a|et|to|and)\b", " ", rest)
        return Period.of(value), rest.strip()
    return None, text
