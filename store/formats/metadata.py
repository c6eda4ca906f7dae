"""Publication dates and authors as exports and feeds write them, read into one form."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime
from email.utils import parsedate_tz
from typing import Any

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T\s])")
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|[T\s])")
_BYLINE = re.compile(r"^(?:par|by|de)\s+", re.I)
# Epoch timestamps above this are milliseconds (this many seconds is the year 5138).
_MILLISECONDS_FROM = 10**11


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")


def publication_date(value: Any) -> str | None:
    """An ISO 8601 date (`2014-06-16`, or `2014-06`, `2014` when that is all the source
    gives) from what exports write: ISO 8601, RFC 822 (`Mon, 16 Jun 2014 08:30:00 +0200`),
    `16/06/2014`, `16 juin 2014`, a Unix timestamp. The day is the one written, in the
    source's own time zone; None when nothing in `value` is a date.

    Read here rather than with dateutil, which takes « 05/06/2014 » month first, turns a
    missing day into today's and knows no French month: RFC 822 is the standard library's,
    French words go through the project's own date reader."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > _MILLISECONDS_FROM else value
        try:
            return datetime.fromtimestamp(seconds, UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text:
        return None
    if text.isdigit() and len(text) >= 9:
        return publication_date(int(text))
    if m := _ISO.match(text):
        return _iso(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
    if m := _COMPACT.match(text):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if m := _DAY_FIRST.match(text):
        return _iso(int(m[3]), int(m[2]), int(m[1]))
    if parsed := parsedate_tz(text):
        return _iso(parsed[0], parsed[1], parsed[2])
    from store.extract.dates import find_dates

    for mention in find_dates(text):
        if re.fullmatch(r"\d{4}(?:-\d{2}){0,2}", mention.value):
            return mention.value
    return None


def author_name(value: Any) -> str | None:
    """One line naming the author(s): from a string, a {"name": …} object or a list."""
    if value is None:
        return None
    if isinstance(value, dict):
        return author_name(value.get("name") or value.get("display_name"))
    if isinstance(value, list | tuple):
        names = [n for n in (author_name(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    name = " ".join(str(value).split())
    return _BYLINE.sub("", name) or None


# A bound of a publication period: an ISO date at the precision of a year, a month or a day.
PERIOD_BOUND = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def period_bound(value: str | None) -> str | None:
    """`value` checked as a period bound (2014, 2014-06, 2014-06-16); raises ValueError
    with a sentence naming it when it is not one."""
    if value is None:
        return None
    value = value.strip()
    if (
        not re.fullmatch(PERIOD_BOUND, value)
        or _iso(
            int(value[:4]),
            int(value[5:7]) if len(value) > 4 else None,
            int(value[8:10]) if len(value) > 7 else None,
        )
        is None
    ):
        raise ValueError(
            f"{value!r} is not a date; write it as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2014-06-16)"
        )
    return value


def _first_day(value: str) -> str:
    return (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]


def _last_day(value: str) -> str:
    if len(value) == 4:
        return f"{value}-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        return f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value


def within(published: str | None, start: str | None, end: str | None) -> bool:
    """Whether a publication date falls between `start` and `end` (ISO dates, inclusive,
    at any precision: an `end` of `2014` takes the whole year). An article without a
    publication date falls in no period."""
    if start is None and end is None:
        return True
    if not published:
        return False
    day = _first_day(published)
    return (start is None or day >= _first_day(start)) and (end is None or day <= _last_day(end))
