"""Find dates in French (and English) text and normalise them to ISO 8601.

No date library is used: dateparser and friends read one date at a time, invent the
current year for "5 septembre" and do not know French ranges ("du 5 au 8 septembre",
"entre le 10 juin et le 1er juillet"). Here small vocabulary tables are compiled into a
few regexes; every candidate is validated and overlapping candidates keep the longest.

Value conventions (the precision the text gives, a year is never invented):
  1950-01-30, 2004-05, 2012          full date, month, year
  --09-05, --05                      day or month without a year
  a/b                                ranges: --09-05/--09-08, 2013/2015, 2020-01/2020-09
  2020-Q1, --Q1, 2020-H2, --H1       quarters and halves, with or without a year
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from rapidfuzz.distance import Levenshtein

from store.models import DateMention

# fmt: off
MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "january": 1, "jan": 1, "février": 2, "fevrier": 2, "févr": 2,
    "fevr": 2, "fév": 2, "fev": 2, "february": 2, "feb": 2, "mars": 3, "march": 3, "mar": 3,
    "avril": 4, "avr": 4, "april": 4, "apr": 4, "mai": 5, "may": 5, "juin": 6, "june": 6,
    "jun": 6, "juillet": 7, "juil": 7, "july": 7, "jul": 7, "août": 8, "aout": 8,
    "august": 8, "aug": 8, "septembre": 9, "sept": 9, "september": 9, "sep": 9,
    "octobre": 10, "october": 10, "oct": 10, "novembre": 11, "november": 11, "nov": 11,
    "décembre": 12, "decembre": 12, "déc": 12, "december": 12, "dec": 12,
}
ABBREVIATIONS = {"janv", "jan", "févr", "fevr", "fév", "fev", "feb", "mar", "avr", "apr",
                 "jun", "juil", "jul", "aug", "sept", "sep", "oct", "nov", "déc", "dec"}
# A misspelling is matched against long French names only ("novemre" -> novembre): short
# or English names are too close to ordinary words ("marche", "mais").
FUZZY_TARGETS = ["janvier", "février", "fevrier", "avril", "juillet", "septembre", "octobre",
                 "novembre", "décembre", "decembre"]
MONTH_NAMES = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
    "en": [calendar.month_name[i] for i in range(1, 13)],
}
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Quarter and half-year ordinals; "dernier"/"last" means the last part (Q4, H2).
ORDINAL_PARTS: dict[str, int] = {
    "premier": 1, "1er": 1, "first": 1, "deuxième": 2, "second": 2, "2e": 2, "2ème": 2,
    "troisième": 3, "third": 3, "3e": 3, "3ème": 3, "quatrième": 4, "fourth": 4, "4e": 4,
    "4ème": 4, "dernier": 4, "last": 4,
}
SMALL_NUMBERS: dict[str, int] = {
    "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
YEAR_CUES = ["en", "in", "depuis", "since", "dès", "avant", "après", "before", "after",
             "jusqu'en", "jusqu’en", "until", "d'ici", "d’ici", "année", "l'année", "l’année",
             "l'an", "l’an", "year", "durant", "during", "vers", "courant"]
QUALIFIERS = ["début", "fin", "mi-", "courant", "early", "late", "mid-"]
# fmt: on


def _alt(words: list[str] | set[str] | dict[str, int]) -> str:
    """A regex alternation, longest words first so "septembre" beats "sept"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_FULL = [m for m in MONTHS if m not in ABBREVIATIONS]
_MONTH = rf"(?:(?:{_alt(_FULL)})\b|(?:{_alt(ABBREVIATIONS)})\b\.?)"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2}|21[0-9]{2})(?![0-9])"
_WEEKDAY = rf"(?:(?:{_alt(WEEKDAYS)}),?\s+)"
_QUAL = rf"(?:(?:{_alt(QUALIFIERS)})\s*(?:de\s+)?)"
_DAY = r"[0-9]{1,2}(?![0-9])(?:er|ère|st|nd|rd|th)?|premier"


def _g(name: str, pattern: str) -> str:
    """A named group: the patterns below reuse one piece under several names."""
    return rf"(?P<{name}>{pattern})"


def _compile(p: str) -> re.Pattern[str]:
    return re.compile(p, re.IGNORECASE)


D, M, Y = _g("d", _DAY), _g("m", _MONTH), _g("y", _YEAR)
D1, M1, Y1 = _g("d1", _DAY), _g("m1", _MONTH), _g("y1", _YEAR)
D2, M2, Y2 = _g("d2", _DAY), _g("m2", _MONTH), _g("y2", _YEAR)


_B = r"(?<![\w/.,-])"  # a date never starts inside a word or a number
# French/English day first: "30 janvier 1950", "mercredi 19 novembre", "11 November 2020".
DAY_MONTH = _compile(rf"{_B}(?P<core>{_WEEKDAY}?{D}\s+{M}(?:,?\s+{Y})?)")
# English month first: "March 1, 2001", "November 11".
MONTH_DAY = _compile(rf"\b(?P<core>{_WEEKDAY}?{M}\s+{D}(?:,?\s+{Y})?)")
_SIDE = rf"(?:le\s+)?{D1}(?:\s+{M1}(?:\s+{Y1})?)?"
_END = rf"(?:le\s+)?{D2}\s+{M2}(?:,?\s+{Y2})?"
# "du 5 au 8 septembre", "13-15 juillet", "14 - 20 sept. 2014", "du 30 avril au 2 mai".
DAY_RANGE = _compile(
    rf"{_B}(?P<core>(?:(?:du|from)\s+)?{_SIDE}\s*(?:au|à|to|until|-|–|—)\s*{_END})"
)
# "entre le 10 juin et le 1er juillet": "et" makes a range only after "entre".
BETWEEN_DAYS = _compile(rf"\b(?P<core>(?:entre|between)\s+{_SIDE}\s+(?:et|and)\s+{_END})")
# English: "September 5-8", "between June 10 and July 1", "from May 30 to June 2".
_EN_SIDE = rf"{M1}\s*{D1}"
_EN_END = rf"(?:{M2}\s*)?{D2}(?:,?\s+{Y2})?"
EN_DAY_RANGE = _compile(
    rf"\b(?P<core>(?:from\s+)?{_EN_SIDE}\s*(?:-|–|—|to|until|through)\s*{_EN_END})"
)
EN_BETWEEN_DAYS = _compile(rf"\b(?P<core>between\s+{_EN_SIDE}\s+and\s+{_EN_END})")
# "en mai 2004", "fin mai", "août 1945", "in May 2004"; a lone month needs a cue.
MONTH_YEAR = _compile(
    rf"\b(?P<cue>(?:en|in)\s+)?(?P<core>{_QUAL}?{M}(?:\s+(?:de\s+l['’]année\s+)?{Y})?)"
)
MONTH_RANGE = _compile(
    rf"\b(?P<core>(?:de|d['’]|from|entre|between)\s*{M1}(?:\s+{Y1})?"
    rf"\s+(?:à|au|to|et|and|-|–)\s+{M2}(?:\s+{Y2})?)"
)
# A bare year needs a cue ("en 2012", "fin 2019"), else "2000 personnes" would be a date.
YEAR = _compile(rf"(?:\b(?:{_alt(YEAR_CUES)})\s+|{_B})(?P<core>{_QUAL}?{Y})")
YEAR_RANGE = _compile(rf"{_B}{Y1}\s*[-–/]\s*{Y2}")
YEAR_SPAN = _compile(rf"\b(?:de|from|entre|between)\s+{Y1}\s+(?:à|to|et|and)\s+{Y2}")
NUMERIC = _compile(
    rf"{_B}(?:(?P<d>[0-9]{{1,2}})(?P<sep>[/.])(?P<m>[0-9]{{1,2}})(?P=sep){Y}"
    r"|(?P<iy>(?:1[0-9]|20|21)[0-9]{2})-(?P<im>[0-9]{2})-(?P<id>[0-9]{2}))(?![0-9])"
)
PART = _compile(
    rf"\b(?P<core>(?P<ord>{_alt(ORDINAL_PARTS)})\s+(?P<unit>trimestre|semestre|quarter|half)"
    rf"(?:\s+(?:de\s+|du\s+|of\s+)?(?:l['’]année\s+|the\s+year\s+)?{Y})?"
    rf"|(?P<q>[QT][1-4])(?:\s+{_g('qy', _YEAR)})?)\b"
)
FIRST_MONTHS = _compile(
    rf"{_B}(?P<core>(?P<n>{_alt(SMALL_NUMBERS)}|[0-9]{{1,2}})\s+(?:premiers|first)\s+(?:mois|months)"
    rf"(?:\s+(?:de\s+|of\s+)?(?:l['’]année\s+)?{Y})?)\b"
)
# A misspelt month is read only before a year: "novemre 2012".
FUZZY_MONTH = _compile(rf"{_B}(?P<core>(?:{D}\s+)?(?P<word>[^\W\d_]{{5,10}})\s+{Y})")


def month_number(word: str, fuzzy: bool = False) -> int | None:
    """The month a (possibly abbreviated or, with `fuzzy`, misspelt) name stands for."""
    key = word.lower().rstrip(".")
    if key in MONTHS:
        return MONTHS[key]
    if not fuzzy or len(key) < 5:
        return None
    close = {MONTHS[m] for m in FUZZY_TARGETS if Levenshtein.distance(key, m) <= 1}
    return close.pop() if len(close) == 1 else None


def _iso(y: int | None, m: int | None = None, d: int | None = None) -> str | None:
    """ISO text for a (partial) date, or None when the day cannot exist."""
    if (m is not None and not 1 <= m <= 12) or (d is not None and m is None):
        return None
    if d is not None and m is not None:
        last = calendar.monthrange(y if y is not None else 2000, m)[1]
        if not 1 <= d <= last:
            return None
    head = f"{y:04d}" if y is not None else "-"
    return head + "".join(f"-{v:02d}" for v in (m, d) if v is not None)


def _int(g: str | None) -> int | None:
    if g is None:
        return None
    if g.lower() == "premier":
        return 1
    return int(re.match(r"[0-9]+", g).group())  # type: ignore[union-attr]


def _month_of(g: str | None) -> int | None:
    return month_number(g) if g else None


Candidate = tuple[int, int, str]  # start, end, value
T = TypeVar("T")


def _span(m: re.Match[str], group: str = "core") -> tuple[int, int]:
    return m.span(group) if group in m.groupdict() and m.group(group) else m.span()


def _as_single(m: re.Match[str]) -> str | None:
    return _iso(_int(m["y"]), _month_of(m["m"]), _int(m["d"]))


def _as_range(m: re.Match[str]) -> str | None:
    y2, d2 = _int(m["y2"]), _int(m["d2"])
    m1, m2 = _month_of(m["m1"]), _month_of(m["m2"])
    m1, m2 = m1 or m2, m2 or m1  # "du 5 au 8 septembre", "September 5-8"
    y1 = _int(m.groupdict().get("y1")) or y2
    if y1 is not None and y1 == y2 and m1 is not None and m2 is not None and m1 > m2:
        y1 -= 1  # "du 30 décembre au 2 janvier 2015" starts in 2014
    start, end = _iso(y1, m1, _int(m["d1"])), _iso(y2, m2, d2)
    if start is None or end is None:
        return None
    if m1 == m2 and y1 == y2 and (_int(m["d1"]) or 0) >= (d2 or 0):  # "du 15 au 12 mai"
        return None
    return f"{start}/{end}"


def _as_month_year(m: re.Match[str]) -> str | None:
    if m["y"] is None:  # a lone month needs a cue and its full name: "en sept jours"
        cued = m["cue"] is not None or re.match(_QUAL, m["core"], re.I) is not None
        if not cued or m["m"].lower().rstrip(".") in ABBREVIATIONS:
            return None
    return _iso(_int(m["y"]), _month_of(m["m"]))


def _as_month_range(m: re.Match[str]) -> str | None:
    y2, m2, m1 = _int(m["y2"]), _month_of(m["m2"]), _month_of(m["m1"])
    y1 = _int(m["y1"]) if m["y1"] else y2
    if m1 is None or m2 is None or (y1 == y2 and m1 >= m2):
        return None
    return f"{_iso(y1, m1)}/{_iso(y2, m2)}"


def _as_year(m: re.Match[str]) -> str | None:
    qualified = re.match(_QUAL, m["core"], re.I) is not None
    cued = m.start("core") > m.start()
    return m["y"] if qualified or cued else None


def _as_year_range(m: re.Match[str]) -> str | None:
    a, b = int(m["y1"]), int(m["y2"])
    return f"{a}/{b}" if a < b <= a + 100 else None


def _as_numeric(m: re.Match[str]) -> str | None:
    if m["iy"]:
        return _iso(int(m["iy"]), int(m["im"]), int(m["id"]))
    return _iso(int(m["y"]), int(m["m"]), int(m["d"]))


def _as_part(m: re.Match[str]) -> str | None:
    if m["q"]:
        return f"{m['qy'] or '-'}-Q{m['q'][1]}"
    halves = m["unit"].lower() in {"semestre", "half"}
    n = ORDINAL_PARTS[m["ord"].lower()]
    n = (2 if halves else 4) if m["ord"].lower() in {"dernier", "last"} else n
    if halves and n > 2:
        return None
    return f"{m['y'] or '-'}-{'H' if halves else 'Q'}{n}"


def _as_first_months(m: re.Match[str]) -> str | None:
    n = int(m["n"]) if m["n"].isdigit() else SMALL_NUMBERS[m["n"].lower()]
    y = _int(m["y"])
    return f"{_iso(y, 1)}/{_iso(y, n)}" if 2 <= n <= 12 else None


def _as_fuzzy(m: re.Match[str]) -> str | None:
    month = month_number(m["word"], fuzzy=True)
    if month is None or m["word"].lower() in MONTHS:
        return None  # exact names are read by the other patterns
    return _iso(_int(m["y"]), month, _int(m["d"]))


# fmt: off
RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]]] = [
    (DAY_MONTH, _as_single), (MONTH_DAY, _as_single), (DAY_RANGE, _as_range),
    (BETWEEN_DAYS, _as_range), (EN_DAY_RANGE, _as_range), (EN_BETWEEN_DAYS, _as_range),
    (MONTH_YEAR, _as_month_year), (MONTH_RANGE, _as_month_range), (YEAR, _as_year),
    (YEAR_RANGE, _as_year_range), (YEAR_SPAN, _as_year_range), (NUMERIC, _as_numeric),
    (PART, _as_part), (FIRST_MONTHS, _as_first_months), (FUZZY_MONTH, _as_fuzzy),
]
# fmt: on


def _candidates(text: str) -> Iterator[Candidate]:
    for pattern, to_value in RULES:
        for m in pattern.finditer(text):
            value = to_value(m)
            if value is not None:
                start, end = _span(m)
                yield start, end, value


def keep_longest(items: list[T], span: Callable[[T], tuple[int, int]]) -> list[T]:
    """Drop items that overlap a longer one (the earlier wins a tie), in text order.
    Works on one cluster of overlapping items at a time, so a long text stays linear."""
    ordered, kept, i = sorted(items, key=span), [], 0
    while i < len(ordered):
        j, end = i + 1, span(ordered[i])[1]
        while j < len(ordered) and span(ordered[j])[0] < end:
            end, j = max(end, span(ordered[j])[1]), j + 1
        taken: list[T] = []
        for c in sorted(ordered[i:j], key=lambda c: (span(c)[0] - span(c)[1], span(c)[0])):
            if all(span(c)[1] <= span(t)[0] or span(c)[0] >= span(t)[1] for t in taken):
                taken.append(c)
        kept += sorted(taken, key=span)
        i = j
    return kept


_CONNECTOR = re.compile(r"\s*(?:,\s*)?(?:(?:et|ou|puis|and|or)\s+)?(?:(?:le|les|en|on|in)\s+)?")


def _with_year_from_next(text: str, found: list[DateMention]) -> list[DateMention]:
    """ "le 3 mars et le 5 avril 2015": a yearless date joined to the next dated one by
    "et"/","/"ou" takes its year, marked inferred; never across a year boundary."""
    out = list(found)
    for i in range(len(out) - 1):
        cur, nxt = out[i], out[i + 1]
        gap = text[cur.end : nxt.start]
        if not cur.value.startswith("--") or "/" in cur.value or not gap.strip():
            continue
        if _CONNECTOR.fullmatch(gap) is None or not nxt.value[:4].isdigit():
            continue
        nxt_month = nxt.value[5:7]
        if nxt_month.isdigit() and cur.value[2:4].isdigit() and cur.value[2:4] <= nxt_month:
            out[i] = DateMention(cur.start, cur.end, cur.text, nxt.value[:4] + cur.value[1:], True)
    return out


# Every pattern needs a digit, except quarters/halves and "neuf premiers mois".
_MAY_HOLD_A_DATE = re.compile(
    r"[0-9]|trimestre|semestre|quarter|\bhalf\b|\bmois\b|\bmonths\b|\b[QT][1-4]\b",
    re.IGNORECASE,
)


def find_dates(text: str) -> list[DateMention]:
    """Every date in `text` (French or English), in order, with exact offsets."""
    if not _MAY_HOLD_A_DATE.search(text):
        return []  # most sentences: skip the twenty patterns below
    chosen = keep_longest(list(_candidates(text)), lambda c: (c[0], c[1]))
    found = [DateMention(s, e, text[s:e], v) for s, e, v in chosen]
    return _with_year_from_next(text, found)


_PART_NAMES = {
    "fr": (["premier", "deuxième", "troisième", "quatrième"], ["premier", "second"]),
    "en": (["first", "second", "third", "fourth"], ["first", "second"]),
}
_PART_NOUNS = {"fr": ("trimestre", "semestre"), "en": ("quarter", "half")}
_ISO = re.compile(r"(?:([0-9]{4})|-)(?:-([0-9]{2}))?(?:-([0-9]{2}))?")


def _parts(value: str, lang: str) -> tuple[str, str, str] | None:
    """(day, month name, year) of one ISO value as strings, "" where absent."""
    m = _ISO.fullmatch(value)
    if m is None or (m[2] and not 1 <= int(m[2]) <= 12):
        return None
    day = "" if not m[3] else "1er" if lang == "fr" and int(m[3]) == 1 else str(int(m[3]))
    return day, MONTH_NAMES[lang][int(m[2]) - 1] if m[2] else "", m[1] or ""


def _join(day: str, month: str, year: str, lang: str) -> str:
    if lang == "fr":
        return " ".join(p for p in (day, month, year) if p)
    head = " ".join(p for p in (month, day) if p)
    return f"{head}, {year}" if day and year else " ".join(p for p in (head, year) if p)


def _render_part(y: str | None, kind: str, n: int, lang: str) -> str:
    names = _PART_NAMES[lang][kind == "H"]
    text = f"{names[n - 1]} {_PART_NOUNS[lang][kind == 'H']}"
    if lang == "en":
        return f"the {text}" + (f" of {y}" if y else "")
    return text + (f" {y}" if y else "")


def render_date(value: str, lang: str = "fr") -> str:
    """A readable French ("du 5 au 8 septembre") or English ("September 5–8") form of a
    value from find_dates; an unknown value is returned unchanged."""
    lang = "en" if lang.startswith("en") else "fr"
    if part := re.fullmatch(r"(?:([0-9]{4})|-)-(?:Q([1-4])|H([12]))", value):
        return _render_part(part[1], "H" if part[3] else "Q", int(part[2] or part[3]), lang)
    pieces = [_parts(v, lang) for v in value.split("/", 1)]
    first, last = pieces[0], pieces[-1]
    if first is None or last is None or not any(first) or not any(last):
        return value
    if len(pieces) == 1:
        return _join(*first, lang)
    (d1, m1, y1), (d2, m2, y2) = first, last
    left = d1 if d1 and d2 and (m1, y1) == (m2, y2) else _join(d1, m1, "" if y1 == y2 else y1, lang)
    if lang == "fr":
        right = _join(d2, m2, y2, lang)
        return f"du {left} au {right}" if d1 else f"de {left} à {right}"
    if d1 and d2 and (m1, y1) == (m2, y2):
        return f"{m1} {d1}–{d2}" + (f", {y2}" if y2 else "")
    return f"{left}{' – ' if d1 else '–'}{_join(d2, m2, y2, lang)}"
