"""Find dates in French (and English) text and normalise them to ISO 8601.

No date library is used: dateparser and friends read one date at a time, invent the
current year for "5 septembre" and do not know French ranges ("du 5 au 8 septembre",
"entre le 10 juin et le 1er juillet") or periods ("au XIVe siècle", "les années 60").
Here small vocabulary tables are compiled into a few regexes; every candidate is
validated and overlapping candidates keep the longest.

Value conventions (the precision the text gives, a year is never invented). Except for
quarters, halves and seasons, a value is an ISO 8601 date at reduced precision, so it is
the prefix of every date it holds ("198" holds "1985-03"):
  1950-01-30, 2004-05, 2012          full date, month, year
  --09-05, --05                      day or month without a year
  a/b                                ranges: --09-05/--09-08, 2013/2015, 2020-01/2020-09, 14/16
  2020-Q1, --Q1, 2020-H2, --H1       quarters and halves, with or without a year
  1945-21 … 1945-24                  spring, summer, autumn, winter (ISO 8601-2 season codes;
                                     « l'hiver 1941-1942 » is the winter of 1941, 1941-24)
  198                                a decade, « les années 1980 » (ISO 8601-2: three digits)
  13                                 a century, « le XIVe siècle »: 1300–1399, the ordinal minus
                                     one (ISO 8601's two-digit century, not the strict 1301–1400)
  0476, -0220, -02                   a year has four digits, before 1000 too; years before Christ
                                     count astronomically as in ISO 8601 (0000 is 1 av. J.-C.), so
                                     221 av. J.-C. is -0220 and the IIIe siècle av. J.-C. is -02

Two-digit years (« le 24/12/14 », « l'été 98 », « mai 68 ») take their century from a fixed
pivot (TWO_DIGIT_PIVOT) and are marked `inferred`, as the text does not give the century;
« les années 60 » is always the 1960s. A bare « en 14 » is not read: too many things are 14,
and a year before 1000 needs a strong cue (« en 476, », « l'an 800 », « 221 av. J.-C. »).
`year_span(value)` gives the years any value covers, for readers that compare by year.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from datetime import date
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
# Cues also said of amounts ("à partir de 1500 euros", "de 2000 personnes"): the year
# must end the phrase ("le traité de Berlin de 1878, …").
FROM_YEAR_CUES = ["à partir de", "à compter de", "from", "de"]
# Cues strong enough for a year before 1000 ("en 476", "vers 800"); "l'an" also takes
# one or two digits ("l'an 40").
EARLY_YEAR_CUES = ["en", "in", "vers", "dès", "depuis", "jusqu'en", "jusqu’en"]
QUALIFIERS = ["début", "fin", "mi-", "courant", "early", "late", "mid-"]
# Before "du XIXe siècle", "des années 1980", "de l'été 2019", "de la saison 1962".
PERIOD_QUALIFIERS = ["début", "fin", "milieu", "mi-", "courant", "early", "late", "mid-"]
# Days written in words ("le quinze juillet"); "vingt-et-un" is the 1990 spelling.
DAY_WORDS: dict[str, int] = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20,
    "vingt et un": 21, "vingt-et-un": 21, "vingt-deux": 22, "vingt-trois": 23,
    "vingt-quatre": 24, "vingt-cinq": 25, "vingt-six": 26, "vingt-sept": 27, "vingt-huit": 28,
    "vingt-neuf": 29, "trente": 30, "trente et un": 31, "trente-et-un": 31,
}
CENTURY_WORDS: dict[str, int] = {
    "premier": 1, "deuxième": 2, "second": 2, "troisième": 3, "quatrième": 4, "cinquième": 5,
    "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10, "onzième": 11,
    "douzième": 12, "treizième": 13, "quatorzième": 14, "quinzième": 15, "seizième": 16,
    "dix-septième": 17, "dix-huitième": 18, "dix-neuvième": 19, "vingtième": 20,
    "vingt et unième": 21, "vingt-et-unième": 21,
}
# « les années soixante »: the tens digit of a decade of the 1900s.
DECADE_WORDS: dict[str, int] = {
    "vingt": 2, "trente": 3, "quarante": 4, "cinquante": 5, "soixante": 6, "soixante-dix": 7,
    "quatre-vingt": 8, "quatre-vingts": 8, "quatre-vingt-dix": 9,
}
SEASONS: dict[str, int] = {"printemps": 21, "été": 22, "automne": 23, "hiver": 24,
                           "spring": 21, "summer": 22, "autumn": 23, "winter": 24}
SEASON_NAMES = {"fr": ["printemps", "été", "automne", "hiver"],
                "en": ["spring", "summer", "autumn", "winter"]}
# Nouns a year follows as a label: "la saison 1962", "l'exercice 2019-2020".
YEAR_NOUNS = ["saison", "exercice", "édition", "millésime", "season"]
# A two-digit year up to the pivot is in the 2000s ("24/12/14"), above it in the 1900s
# ("l'été 98", "mai 68"): news archives reach back further than they look ahead.
TWO_DIGIT_PIVOT = 30
# fmt: on


def _alt(words: list[str] | set[str] | dict[str, int]) -> str:
    """A regex alternation, longest words first so "septembre" beats "sept"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_FULL = [m for m in MONTHS if m not in ABBREVIATIONS]
_MONTH = rf"(?:(?:{_alt(_FULL)})\b|(?:{_alt(ABBREVIATIONS)})\b\.?)"
# Month-first dates are English ("March 1", "Sept. 14"): French never writes "mars 14".
_EN_FULL = [name.lower() for name in MONTH_NAMES["en"]]
_EN_ABBREVIATIONS = "jan feb mar apr jun jul aug sep sept oct nov dec".split()
_EN_MONTH = rf"(?:(?:{_alt(_EN_FULL)})\b|(?:{_alt(_EN_ABBREVIATIONS)})\b\.?)"
# French month names only, in full: "mai 68" is a date, "sept 68" and "may 68" are not.
_FR_MONTH = rf"(?:{_alt(MONTH_NAMES['fr'] + ['fevrier', 'aout', 'decembre'])})\b"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2}|21[0-9]{2})(?![0-9])"
_WEEKDAY = rf"(?:(?:{_alt(WEEKDAYS)}),?\s+)"
_QUAL = rf"(?:(?:{_alt(QUALIFIERS)})\s*(?:de\s+)?)"
_QUAL_OF = rf"(?:(?:{_alt(PERIOD_QUALIFIERS)})\s*(?:du|des|de\s+la|de\s+l['’]|de)?\s*)"
_NUM_DAY = r"[0-9]{1,2}(?![0-9])(?:er|ère|ᵉʳ|st|nd|rd|th)?"
_DAY = rf"{_NUM_DAY}|premier|(?:{_alt(DAY_WORDS)})\b"
_SHORT_YEAR = r"[0-9]{2}(?![0-9])"
_ROMAN = r"(?-i:[IVXL]+)"
_CENTURY = rf"(?:(?:{_ROMAN}|[0-9]{{1,2}})(?:ème|eme|ère|er|re|e|è|ᵉ)|{_alt(CENTURY_WORDS)})"
_DECADE = rf"(?:(?:1[0-9]|20|21)[0-9]0|['’]?[1-9]0|{_alt(DECADE_WORDS)})(?!\w)"
# "av. J.-C.", "avant Jésus-Christ", "avant notre ère", "BC"; after Christ, "apr. J.-C.".
_BC = (
    r"(?:av(?:\.|ant)?\s*J\.?\s*-?\s*C\.?|avant\s+Jésus-Christ|av(?:\.|ant)\s+(?:notre\s+ère"
    r"|l['’]ère\s+commune)|(?-i:AEC|BCE|BC|B\.C\.)(?!\w))"
)
_AD = r"(?:apr(?:\.|ès)?\s*J\.?\s*-?\s*C\.?|après\s+Jésus-Christ|de\s+notre\s+ère)"
_ERA = rf"(?:{_BC}|{_AD})"
# What may follow a year written short or early ("en 476", "mai 68"): the end of the
# clause or a word that opens the next phrase, never a noun ("en 300 ans", "mai 68 députés").
_PHRASE_END = (
    r"(?=\s*(?:[,.;:!?)»…]|$)|\s+(?:et|ou|à|au|aux|en|dans|sous|par|pour|avec|lors|quand"
    r"|lorsque|lorsqu['’]|puis|le|la|les|l['’]|un|une|il|elle|ils|elles|on|ce|cette|ces"
    r"|son|sa|ses|leur|leurs|après|avant|contre|selon|mais|sur|vers|jusqu"
    r"|que|qu['’]|qui|dont|où|alors|and|or|the|in|but)\b)"
)
# A cued number followed by an amount or a duration is no year ("en 2000 euros", "depuis 1500 ans").
_NOT_AN_AMOUNT = (
    r"(?!\s*(?:%|‰|[€$£¥]|(?:pour\s*cent|euros?|dollars?|millions?|milliards?|mille|ans"
    r"|années|mois|jours|heures|siècles)\b))"
)


def _g(name: str, pattern: str) -> str:
    """A named group: the patterns below reuse one piece under several names."""
    return rf"(?P<{name}>{pattern})"


def _compile(p: str) -> re.Pattern[str]:
    return re.compile(p, re.IGNORECASE)


D, M, Y = _g("d", _DAY), _g("m", _MONTH), _g("y", _YEAR)
D1, M1, Y1 = _g("d1", _DAY), _g("m1", _MONTH), _g("y1", _YEAR)
D2, M2, Y2 = _g("d2", _DAY), _g("m2", _MONTH), _g("y2", _YEAR)
YY = _g("yy", _SHORT_YEAR)


_B = r"(?<![\w/.,-])"  # a date never starts inside a word or a number
# French/English day first: "30 janvier 1950", "mercredi 19 novembre", "11 November 2020".
DAY_MONTH = _compile(rf"{_B}(?P<core>{_WEEKDAY}?{D}\s+{M}(?:,?\s+{Y})?)")
DAY_MONTH_YY = _compile(rf"{_B}(?P<core>{_WEEKDAY}?{D}\s+{_g('m', _FR_MONTH)}\s+{YY}){_PHRASE_END}")
# English month first: "March 1, 2001", "November 11"; never after a number, as
# "le 3 sept. 14 h" is the 3rd.
MONTH_DAY = _compile(
    rf"\b(?<![0-9]\s)(?P<core>{_WEEKDAY}?{_g('m', _EN_MONTH)}\s+{_g('d', _NUM_DAY)}(?:,?\s+{Y})?)"
)
_SIDE = rf"(?:le\s+)?{_WEEKDAY}?{D1}(?:\s+{M1}(?:\s+{Y1})?)?"
_END = rf"(?:le\s+)?{_WEEKDAY}?{D2}\s+{M2}(?:,?\s+{Y2})?"
# "du 5 au 8 septembre", "13-15 juillet", "du lundi 1er au mercredi 3 juillet".
DAY_RANGE = _compile(
    rf"{_B}(?P<core>(?:(?:du|from)\s+)?{_SIDE}\s*(?P<link>au|à|to|until|-|–|—)\s*{_END})"
)
# "entre le 10 juin et le 1er juillet": "et" makes a range only after "entre".
BETWEEN_DAYS = _compile(rf"\b(?P<core>(?:entre|between)\s+{_SIDE}\s+(?P<link>et|and)\s+{_END})")
# English: "September 5-8", "between June 10 and July 1", "from May 30 to June 2".
_EN_SIDE = rf"(?<![0-9]\s){_g('m1', _EN_MONTH)}\s*{_g('d1', _NUM_DAY)}"
_EN_END = rf"(?:{_g('m2', _EN_MONTH)}\s*)?{_g('d2', _NUM_DAY)}(?:,?\s+{Y2})?"
EN_DAY_RANGE = _compile(
    rf"\b(?P<core>(?:from\s+)?{_EN_SIDE}\s*(?:-|–|—|to|until|through)\s*{_EN_END})"
)
EN_BETWEEN_DAYS = _compile(rf"\b(?P<core>between\s+{_EN_SIDE}\s+and\s+{_EN_END})")
# "en mai 2004", "fin mai", "août 1945", "in May 2004"; a lone month needs a cue.
MONTH_YEAR = _compile(
    rf"\b(?P<cue>(?:en|in)\s+)?(?P<core>{_QUAL}?{M}(?:\s+(?:de\s+l['’]année\s+)?{Y})?)"
)
MONTH_YY = _compile(rf"\b(?P<core>{_QUAL}?{_g('m', _FR_MONTH)}\s+{YY}){_PHRASE_END}")
MONTH_RANGE = _compile(
    rf"\b(?P<core>(?:de|d['’]|from|entre|between)\s*{M1}(?:\s+{Y1})?"
    rf"\s+(?:à|au|to|et|and|-|–)\s+{M2}(?:\s+{Y2})?)"
)
# A bare year needs a cue ("en 2012", "fin 2019"), else "2000 personnes" would be a date.
YEAR = _compile(rf"(?:\b(?:{_alt(YEAR_CUES)})\s+|{_B})(?P<core>{_QUAL}?{Y}){_NOT_AN_AMOUNT}")
FROM_YEAR = _compile(rf"\b(?:{_alt(FROM_YEAR_CUES)})\s+(?P<core>{Y}){_PHRASE_END}")
# "Le Vaisseau fantôme (1843)": a year alone in brackets.
PAREN_YEAR = _compile(rf"\((?P<core>{Y})\)")
EARLY_YEAR = _compile(
    rf"\b(?P<cue>(?:{_alt(EARLY_YEAR_CUES)})\s+(?:l['’]an\s+)?|l['’]an\s+)"
    rf"(?P<core>{_g('y', '[1-9][0-9]{0,2}')})(?![0-9]){_PHRASE_END}"
)
YEAR_RANGE = _compile(rf"{_B}{Y1}\s*[-–/]\s*{Y2}")
YEAR_SPAN = _compile(rf"\b(?:de|from|entre|between)\s+{Y1}\s+(?:à|to|et|and)\s+{Y2}")
# "saison 1962", "fin de la saison 1962", "l'exercice 2019-2020".
YEAR_NOUN = _compile(
    rf"\b(?P<core>{_QUAL_OF}?(?:{_alt(YEAR_NOUNS)})\s+{Y1}(?:\s*[-–/]\s*{Y2})?){_NOT_AN_AMOUNT}"
)
# "au printemps 1945", "l'hiver 1941-1942", "l'été 98", "in the summer of 2019".
SEASON = _compile(
    rf"\b(?P<core>{_QUAL_OF}?(?P<season>{_alt(SEASONS)})\s+(?:de\s+l['’]année\s+|of\s+)?"
    rf"(?:{Y1}(?:\s*[-–/]\s*{Y2})?|{YY}{_PHRASE_END}))"
)
# "les années 1980", "les années 60", "the 1980s".
DECADE = _compile(rf"\b(?P<core>{_QUAL_OF}?années\s+{_g('dec1', _DECADE)})")
# "des années 1970 aux années 1990", "années 1980-1990", "les années 1920 et 1930".
DECADE_RANGE = _compile(
    rf"\b(?P<core>années\s+{_g('dec1', _DECADE)}\s*(?P<link>-|–|à|et|aux\s+années"
    rf"|et\s+les\s+années)\s*{_g('dec2', _DECADE)})"
)
EN_DECADE = _compile(r"\b(?P<core>(?P<dec1>(?:1[0-9]|20)[0-9]0)s)\b")
# "au XIVe siècle", "début du XXe siècle", "IIIe siècle av. J.-C.", "the 19th century".
CENTURY = _compile(
    rf"\b(?P<core>{_QUAL_OF}?{_g('c1', _CENTURY)}\s+siècles?(?:\s+{_g('era2', _ERA)})?"
    rf"|{_g('en1', '[0-9]{1,2}')}(?:st|nd|rd|th)\s+century(?:\s+{_g('era', _BC)})?)"
)
# "du XVe au XVIIe siècle", "aux XVIIe et XVIIIe siècles", "XVe-XVIe siècles".
CENTURY_RANGE = _compile(
    rf"\b(?P<core>(?P<kw>(?:du|de|entre\s+le)\s+)?{_g('c1', _CENTURY)}(?:\s+siècles?)?"
    rf"(?:\s+{_g('era1', _ERA)})?\s*(?P<link>au|à|et\s+le|et|-|–)\s*{_g('c2', _CENTURY)}"
    rf"\s+siècles?(?:\s+{_g('era2', _ERA)})?)"
)
_EARLY = r"[1-9][0-9]{0,3}(?![0-9])"
# "en 221 av. J.-C.", "52 avant J.-C.", "476 apr. J.-C.", "15 mars 44 av. J.-C.".
ERA_DATE = _compile(
    rf"{_B}(?P<core>(?:{_WEEKDAY}?{_g('d', _NUM_DAY + '|premier')}\s+)?(?:{M}\s+)?"
    rf"{_g('y', _EARLY)}\s*{_g('era2', _ERA)})"
)
# "de 221 à 206 av. J.-C.", "entre 58 et 50 av. J.-C.", "27 av. J.-C.-14 apr. J.-C.".
ERA_RANGE = _compile(
    rf"{_B}(?P<core>(?P<kw>(?:de|entre|from|between)\s+)?{_g('y1', _EARLY)}"
    rf"(?:\s*{_g('era1', _ERA)})?\s*(?P<link>-|–|à|au|et|to|and)\s*{_g('y2', _EARLY)}"
    rf"\s*{_g('era2', _ERA)})"
)
NUMERIC = _compile(
    rf"{_B}(?:(?P<d>[0-9]{{1,2}})(?P<sep>[/.-])(?P<m>[0-9]{{1,2}})(?P=sep)(?:{Y}|{YY})"
    r"|(?P<iy>(?:1[0-9]|20|21)[0-9]{2})-(?P<im>[0-9]{2})-(?P<id>[0-9]{2}))(?![0-9])"
    r"(?![/.-][0-9])"
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
FUZZY_MONTH = _compile(
    rf"{_B}(?P<core>(?:{_g('d', _NUM_DAY + '|premier')}\s+)?(?P<word>[^\W\d_]{{5,10}})\s+{Y})"
)
# Only "le", "du", "au" make a spelled number a day: "le quinze juillet", not "trois mai".
_ARTICLE_END = re.compile(r"(?<!\w)(?:le|du|au)\s+$", re.IGNORECASE)
# "l'été 98", "cet été 2019", a headline's "Été 2019"; not "a été 2005 fois".
_BEFORE_SUMMER = re.compile(r"(?:l['’]|\bcet\s+)$", re.IGNORECASE)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def month_number(word: str, fuzzy: bool = False) -> int | None:
    """The month a (possibly abbreviated or, with `fuzzy`, misspelt) name stands for."""
    key = word.lower().rstrip(".")
    if key in MONTHS:
        return MONTHS[key]
    if not fuzzy or len(key) < 5:
        return None
    close = {MONTHS[m] for m in FUZZY_TARGETS if Levenshtein.distance(key, m) <= 1}
    return close.pop() if len(close) == 1 else None


def _roman(n: int) -> str:
    out = ""
    for value, symbol in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV")):
        count, n = divmod(n, value)
        out += symbol * count
    return out + "I" * n


def roman_number(numeral: str) -> int | None:
    """The value of a Roman numeral written the standard way ("XIV"), else None ("IIII")."""
    if not numeral or any(c not in _ROMAN_VALUES for c in numeral):
        return None
    values = [_ROMAN_VALUES[c] for c in numeral]
    total = sum(-v if v < w else v for v, w in zip(values, values[1:] + [0], strict=True))
    return total if total > 0 and _roman(total) == numeral else None


def _iso(y: int | None, m: int | None = None, d: int | None = None) -> str | None:
    """ISO text for a (partial) date, or None when the day cannot exist."""
    if (m is not None and not 1 <= m <= 12) or (d is not None and m is None):
        return None
    if d is not None and m is not None:
        last = calendar.monthrange(y if y is not None else 2000, m)[1]
        if not 1 <= d <= last:
            return None
    head = "-" if y is None else f"{y:04d}" if y >= 0 else f"-{-y:04d}"
    return head + "".join(f"-{v:02d}" for v in (m, d) if v is not None)


def _int(g: str | None) -> int | None:
    if g is None:
        return None
    key = " ".join(g.lower().split())
    if key == "premier":
        return 1
    if key in DAY_WORDS:
        return DAY_WORDS[key]
    return int(re.match(r"[0-9]+", g).group())  # type: ignore[union-attr]


def _month_of(g: str | None) -> int | None:
    return month_number(g) if g else None


def _full_year(yy: str) -> int:
    """The year a two-digit year stands for, by TWO_DIGIT_PIVOT."""
    n = int(yy)
    return 2000 + n if n <= TWO_DIGIT_PIVOT else 1900 + n


def _is_spelled(g: str | None) -> bool:
    return g is not None and g[:1].isalpha() and g.lower() != "premier"


def _after_article(m: re.Match[str]) -> bool:
    return _ARTICLE_END.search(m.string, max(0, m.start() - 8), m.start()) is not None


Candidate = tuple[int, int, str]  # start, end, value
T = TypeVar("T")


def _span(m: re.Match[str], group: str = "core") -> tuple[int, int]:
    return m.span(group) if group in m.groupdict() and m.group(group) else m.span()


def _as_single(m: re.Match[str]) -> str | None:
    if _is_spelled(m["d"]) and not _after_article(m):
        return None
    year = _full_year(m["yy"]) if m.groupdict().get("yy") else _int(m["y"])
    return _iso(year, _month_of(m["m"]), _int(m["d"]))


def _as_range(m: re.Match[str]) -> str | None:
    if _is_spelled(m["d1"]) or _is_spelled(m["d2"]):  # "du 1er au dix juillet", never "1-dix"
        framed = re.match(r"(?:du|le|entre)\b", m["core"], re.I) or _after_article(m)
        if not framed or m["link"] in {"-", "–", "—"}:
            return None
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
    if m.groupdict().get("yy"):
        return _iso(_full_year(m["yy"]), _month_of(m["m"]))
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


def _as_early_year(m: re.Match[str]) -> str | None:
    year = int(m["y"])
    return f"{year:04d}" if year >= 100 or "an" in m["cue"].lower() else None


def _as_year_range(m: re.Match[str]) -> str | None:
    a, b = int(m["y1"]), int(m["y2"])
    return f"{a}/{b}" if a < b <= a + 100 else None


def _as_labelled_year(m: re.Match[str]) -> str | None:
    """ "saison 1962", "l'exercice 2019-2020" (a season across two years)."""
    return _as_year_range(m) if m["y2"] else m["y1"]


def _as_season(m: re.Match[str]) -> str | None:
    word, at = m["season"].lower(), m.start("season")
    summer_cue = at == 0 or _BEFORE_SUMMER.search(m.string, max(0, at - 6), at)
    if word == "été" and m["season"][0] == "é" and not summer_cue:
        return None  # "été" is also the participle of être: "a été 2005 fois"
    code = SEASONS[word]
    if m["yy"]:
        return f"{_full_year(m['yy'])}-{code}"
    y1 = int(m["y1"])
    if m["y2"] and not (code == 24 and int(m["y2"]) == y1 + 1):
        return None  # only a winter spans two years: "l'hiver 1941-1942"
    return f"{y1}-{code}"


def _decade(g: str) -> int:
    """The first three digits of a decade: "1980" and "80" are 198, "soixante" 196."""
    key = g.lower().lstrip("'’")
    if key in DECADE_WORDS:
        return 190 + DECADE_WORDS[key]
    return int(key) // 10 if len(key) == 4 else 190 + int(key) // 10


def _as_decade(m: re.Match[str]) -> str | None:
    return f"{_decade(m['dec1']):03d}"


def _as_decade_range(m: re.Match[str]) -> str | None:
    first, last = _decade(m["dec1"]), _decade(m["dec2"])
    if m["link"].lower().startswith("et") and last != first + 1:
        return None  # "les années 1920 et 1960" names two decades, not the five
    return f"{first:03d}/{last:03d}" if first < last else None


def _century_number(g: str) -> int | None:
    key = " ".join(g.lower().split())
    if key in CENTURY_WORDS:
        return CENTURY_WORDS[key]
    digits = re.match(r"[0-9]+|[IVXL]+", g)
    if digits is None:
        return None
    suffix = g[digits.end() :].lower()
    n = int(digits.group()) if digits.group().isdigit() else roman_number(digits.group())
    if n is None or not 1 <= n <= 40 or (suffix in {"er", "re", "ère"}) != (n == 1):
        return None  # "Ier", "1er" but never "IIer"
    return n


def _century_value(n: int, era: str | None) -> str:
    bc = era is not None and re.fullmatch(_BC, era, re.I) is not None
    return f"-{n - 1:02d}" if bc else f"{n - 1:02d}"


def _as_century(m: re.Match[str]) -> str | None:
    if m["en1"]:
        return _century_value(int(m["en1"]), m["era"]) if 1 <= int(m["en1"]) <= 40 else None
    n = _century_number(m["c1"])
    return None if n is None or (n > 21 and not m["era2"]) else _century_value(n, m["era2"])


def _first_year(value: str) -> int:
    """The first year a century value ("13", "-02") holds, astronomically numbered."""
    n = int(value)
    return n * 100 - 99 if value.startswith("-") else n * 100


def _as_century_range(m: re.Match[str]) -> str | None:
    n1, n2 = _century_number(m["c1"]), _century_number(m["c2"])
    if n1 is None or n2 is None:
        return None
    link, kw = m["link"].lower(), (m["kw"] or "").lower()
    if link.startswith("et") and not kw.startswith("entre") and abs(n1 - n2) != 1:
        return None  # "aux XIIe et XVe siècles" names two centuries, not the four
    first = _century_value(n1, m["era1"] or m["era2"])
    last = _century_value(n2, m["era2"])
    return f"{first}/{last}" if _first_year(first) < _first_year(last) else None


def _era_year(y: str, era: str | None) -> int | None:
    """The astronomical year of "221" read with "av. J.-C." (-220) or "apr. J.-C." (221)."""
    n = int(y)
    if n == 0:
        return None
    return 1 - n if era is not None and re.fullmatch(_BC, era, re.I) else n


def _as_era_date(m: re.Match[str]) -> str | None:
    year = _era_year(m["y"], m["era2"])
    if year is None or (m["d"] and not m["m"]):
        return None
    return _iso(year, _month_of(m["m"]), _int(m["d"]))


def _as_era_range(m: re.Match[str]) -> str | None:
    link, kw = m["link"].lower(), (m["kw"] or "").lower()
    if link in {"et", "and"} and kw.strip() not in {"entre", "between"}:
        return None
    first, last = _era_year(m["y1"], m["era1"] or m["era2"]), _era_year(m["y2"], m["era2"])
    if first is None or last is None or first >= last:
        return None
    return f"{_iso(first)}/{_iso(last)}"


def _as_numeric(m: re.Match[str]) -> str | None:
    if m["iy"]:
        return _iso(int(m["iy"]), int(m["im"]), int(m["id"]))
    if m["yy"]:  # "24/12/14"; "3.4.15" is more often a section or a version number
        return _iso(_full_year(m["yy"]), int(m["m"]), int(m["d"])) if m["sep"] == "/" else None
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


# Words a family of patterns cannot match without. The words of a sentence are found once
# and each family runs only when one of its words is there: most sentences skip most
# patterns (a set lookup is far cheaper than a case-insensitive alternation).
HINTS: dict[str, frozenset[str]] = {
    "month": frozenset(MONTHS),
    "part": frozenset({"trimestre", "semestre", "quarter", "half", "q", "t"}),
    "first": frozenset({"premiers", "first"}),
    "century": frozenset({"siècle", "siècles", "siecle", "siecles", "century", "centuries"}),
    "decade": frozenset({"années", "annees"}),
    "plural": frozenset({"s"}),  # "the 1980s"
    "season": frozenset(SEASONS),
    "era": frozenset({"j", "jc", "jésus", "ère", "bc", "bce", "b", "aec"}),  # "J.-C.", "B.C."
    "label": frozenset(YEAR_NOUNS),
}
_WORD = re.compile(r"[^\W\d_]+")
# The quick pre-check: every pattern needs a digit except those for quarters and halves,
# "neuf premiers mois", centuries, decades and days in words ("premier mars").
_MAY_HOLD_A_DATE = re.compile(r"[0-9]")
_WORD_ONLY_HINTS = frozenset({"part", "first", "century", "decade", "month"})
Rule = tuple[frozenset[str], re.Pattern[str], Callable[[re.Match[str]], str | None]]


def _rule(
    needs: str, pattern: re.Pattern[str], to_value: Callable[[re.Match[str]], str | None]
) -> Rule:
    return frozenset(needs.split()), pattern, to_value


RULES: list[Rule] = [
    _rule("month", DAY_MONTH, _as_single),
    _rule("month digit", DAY_MONTH_YY, _as_single),
    _rule("month digit", MONTH_DAY, _as_single),
    _rule("month", DAY_RANGE, _as_range),
    _rule("month", BETWEEN_DAYS, _as_range),
    _rule("month digit", EN_DAY_RANGE, _as_range),
    _rule("month digit", EN_BETWEEN_DAYS, _as_range),
    _rule("month", MONTH_YEAR, _as_month_year),
    _rule("month digit", MONTH_YY, _as_month_year),
    _rule("month", MONTH_RANGE, _as_month_range),
    _rule("digit", YEAR, _as_year),
    _rule("digit", FROM_YEAR, _as_year),
    _rule("digit", PAREN_YEAR, _as_year),
    _rule("digit", EARLY_YEAR, _as_early_year),
    _rule("digit", YEAR_RANGE, _as_year_range),
    _rule("digit", YEAR_SPAN, _as_year_range),
    _rule("label digit", YEAR_NOUN, _as_labelled_year),
    _rule("season digit", SEASON, _as_season),
    _rule("decade", DECADE, _as_decade),
    _rule("decade", DECADE_RANGE, _as_decade_range),
    _rule("plural digit", EN_DECADE, _as_decade),
    _rule("century", CENTURY, _as_century),
    _rule("century", CENTURY_RANGE, _as_century_range),
    _rule("era digit", ERA_DATE, _as_era_date),
    _rule("era digit", ERA_RANGE, _as_era_range),
    _rule("digit", NUMERIC, _as_numeric),
    _rule("part", PART, _as_part),
    _rule("first", FIRST_MONTHS, _as_first_months),
    _rule("digit", FUZZY_MONTH, _as_fuzzy),
]


def _hints(text: str) -> set[str]:
    """The HINTS whose words `text` holds, and "digit" when it holds a digit."""
    words = set(_WORD.findall(text.lower()))
    found = {name for name, cue in HINTS.items() if not cue.isdisjoint(words)}
    return found | {"digit"} if _MAY_HOLD_A_DATE.search(text) else found


def _candidates(text: str, hints: set[str]) -> Iterator[tuple[int, int, str, bool]]:
    """(start, end, value, inferred) of every reading; a two-digit year is inferred."""
    for needs, pattern, to_value in RULES:
        if not needs <= hints:
            continue
        for m in pattern.finditer(text):
            value = to_value(m)
            if value is not None:
                start, end = _span(m)
                yield start, end, value, bool(m.groupdict().get("yy"))


def keep_longest(items: list[T], span: Callable[[T], tuple[int, int]]) -> list[T]:
    """Drop items that overlap a longer one (the earlier wins a tie), in text order.
    Works on one cluster of overlapping items at a time, and finds the neighbours of a
    candidate among those kept by bisection, so even a long chained cluster stays fast."""
    ordered, kept, i = sorted(items, key=span), [], 0
    while i < len(ordered):
        j, end = i + 1, span(ordered[i])[1]
        while j < len(ordered) and span(ordered[j])[0] < end:
            end, j = max(end, span(ordered[j])[1]), j + 1
        starts: list[int] = []
        ends: list[int] = []
        taken: list[T] = []
        for c in sorted(ordered[i:j], key=lambda c: (span(c)[0] - span(c)[1], span(c)[0])):
            a, b = span(c)
            k = bisect_right(starts, a)  # kept spans are disjoint, so only two neighbours
            if (k and ends[k - 1] > a) or (k < len(starts) and starts[k] < b):
                continue
            starts.insert(k, a)
            ends.insert(k, b)
            taken.insert(k, c)
        kept += taken
        i = j
    return kept


_CONNECTOR = re.compile(r"\s*(?:,\s*)?(?:(?:et|ou|puis|and|or)\s+)?(?:(?:le|les|en|on|in)\s+)?")
_DATED = re.compile(r"[0-9]{4}(?:-[0-9]{2}){0,2}(?:/|$)")  # a value that starts with a year


def _with_year_from_next(text: str, found: list[DateMention]) -> list[DateMention]:
    """ "le 3 mars et le 5 avril 2015": a yearless date joined to the next dated one by
    "et"/","/"ou" takes its year, marked inferred; never across a year boundary."""
    out = list(found)
    for i in range(len(out) - 1):
        cur, nxt = out[i], out[i + 1]
        gap = text[cur.end : nxt.start]
        if not cur.value.startswith("--") or "/" in cur.value or not gap.strip():
            continue
        if _CONNECTOR.fullmatch(gap) is None or not _DATED.match(nxt.value):
            continue
        nxt_month = nxt.value[5:7]
        if nxt_month.isdigit() and cur.value[2:4].isdigit() and cur.value[2:4] <= nxt_month:
            out[i] = DateMention(cur.start, cur.end, cur.text, nxt.value[:4] + cur.value[1:], True)
    return out


def find_dates(text: str) -> list[DateMention]:
    """Every date in `text` (French or English), in order, with exact offsets."""
    hints = _hints(text)
    if "digit" not in hints and not hints & _WORD_ONLY_HINTS:
        return []  # most sentences: skip the patterns below
    chosen = keep_longest(list(_candidates(text, hints)), lambda c: (c[0], c[1]))
    found = [DateMention(s, e, text[s:e], v, inferred) for s, e, v, inferred in chosen]
    return _with_year_from_next(text, found)


# A yearless value: a day or month (« le 5 février » --02-05, « en mars » --03), a quarter
# or half (--Q1, --H2), or a range of days or months (--09-05/--09-08).
_YEARLESS = re.compile(r"--(?:([0-9]{2})(?:-([0-9]{2}))?|([QH])([1-4]))")
_PART_MONTH = {"Q": 3, "H": 6}  # a quarter or half starts on month (n - 1) * this + 1


def _yearless_start(side: str) -> tuple[int, int, bool] | None:
    """(month, day, is a quarter or half) a yearless side starts on; day 1 for a month."""
    m = _YEARLESS.fullmatch(side)
    if m is None:
        return None
    if m[3]:
        return (int(m[4]) - 1) * _PART_MONTH[m[3]] + 1, 1, True
    return int(m[1]), int(m[2]) if m[2] else 1, False


def _nearest_year(month: int, day: int, published: date) -> int:
    """The year that puts (month, day) nearest the publication date; the publication
    year on a tie (a 29 February counts as the 28th for the comparison)."""

    def gap(year: int) -> int:
        last = calendar.monthrange(year, month)[1]
        return abs((date(year, month, min(day, last)) - published).days)

    years = (published.year, published.year - 1, published.year + 1)
    return min(years, key=lambda y: (gap(y), y != published.year))


def with_publication_date(found: list[DateMention], published: str | None) -> list[DateMention]:
    """Yearless dates given the year the article was published in, marked inferred.

    A news article speaks of the weeks around it, so a day or a month takes the year
    that puts it nearest the publication day: « le 28 décembre » in an article of
    3 January 2019 is 2018-12-28, « le 5 février » in one of 16 June 2019 is 2019-02-05.
    A quarter or half is the latest one begun by then (figures are reported after the
    period): « au quatrième trimestre » in February 2019 is 2018-Q4. A range keeps its
    order (« du 30 décembre au 2 janvier » ends the next year). With a publication year
    alone, that year; a day the year does not have (29 February) stays yearless."""
    if not published or not any(d.value.startswith("--") for d in found):
        return found
    try:
        year = int(published[:4])
        pub = date(year, int(published[5:7] or 1), int(published[8:10] or 1))
    except ValueError:
        return found
    precise = len(published) >= 7
    out: list[DateMention] = []
    for d in found:
        sides = d.value.split("/")
        starts = [_yearless_start(side) for side in sides]
        if any(s is None for s in starts):
            out.append(d)
            continue
        month, day, period = starts[0]  # type: ignore[misc]
        if not precise:
            first = year
        elif period:
            first = year if (month, day) <= (pub.month, pub.day) else year - 1
        else:
            first = _nearest_year(month, day, pub)
        years = [first]
        if len(sides) == 2:
            years.append(first + (starts[1][0] < month))  # type: ignore[index]
        values = [f"{y:04d}{side[1:]}" for y, side in zip(years, sides, strict=True)]
        if any(_iso(y, s[0], s[1]) is None for y, s in zip(years, starts, strict=True)):  # type: ignore[index]
            out.append(d)
            continue
        out.append(DateMention(d.start, d.end, d.text, "/".join(values), True))
    return out


_DATED_PART = re.compile(r"(-?)([0-9]{2,4})(-.+)?")


def _part_years(part: str) -> tuple[int, int] | None:
    m = _DATED_PART.fullmatch(part)
    if m is None or (m[3] and len(m[2]) < 4):
        return None  # yearless: "--09-05", "--Q1"
    sign, digits = (-1 if m[1] else 1), m[2]
    if len(digits) == 4:
        return sign * int(digits), sign * int(digits)
    width = 10 ** (4 - len(digits))  # a century holds 100 years, a decade 10
    first = int(digits) * width
    return (first, first + width - 1) if sign > 0 else (-(first + width - 1), -first)


def year_span(value: str) -> tuple[int, int] | None:
    """The first and last year a value of find_dates covers, astronomically numbered:
    "13" (1300, 1399), "198" (1980, 1989), "-0220" (-220, -220), "14/16" (1400, 1699);
    None for a yearless value ("--09-05"). Read years through this, not `value[:4]`."""
    sides = value.split("/", 1)
    first, last = _part_years(sides[0]), _part_years(sides[-1])
    return None if first is None or last is None else (first[0], last[1])


_PART_NAMES = {
    "fr": (["premier", "deuxième", "troisième", "quatrième"], ["premier", "second"]),
    "en": (["first", "second", "third", "fourth"], ["first", "second"]),
}
_PART_NOUNS = {"fr": ("trimestre", "semestre"), "en": ("quarter", "half")}
_ISO = re.compile(r"(?:(-?[0-9]{4})|-)(?:-([0-9]{2}))?(?:-([0-9]{2}))?")
_CENTURY_VALUE = re.compile(r"-?[0-9]{2}")
_DECADE_VALUE = re.compile(r"[0-9]{3}")
_SEASON_VALUE = re.compile(r"([0-9]{4})-(2[1-4])")


def _year_text(year: str, lang: str) -> str:
    """ "2012", "476" for 0476, "221 av. J.-C." / "221 BC" for -0220 (astronomical)."""
    n = int(year)
    if n > 0:
        return str(n)
    return f"{1 - n} av. J.-C." if lang == "fr" else f"{1 - n} BC"


def _english_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _century_text(value: str, lang: str, noun: bool = True) -> str:
    n, bc = abs(int(value)) + 1, value.startswith("-")
    if lang == "fr":
        text = _roman(n) + ("er" if n == 1 else "e") + (" siècle" if noun else "")
        return text + (" av. J.-C." if bc and noun else "")
    return (
        f"the {_english_ordinal(n)}" + (" century" if noun else "") + (" BC" if bc and noun else "")
    )


def _parts(value: str, lang: str) -> tuple[str, str, str] | None:
    """(day, month name, year) of one ISO value as strings, "" where absent."""
    m = _ISO.fullmatch(value)
    if m is None or (m[2] and not 1 <= int(m[2]) <= 12):
        return None
    day = "" if not m[3] else "1er" if lang == "fr" and int(m[3]) == 1 else str(int(m[3]))
    year = _year_text(m[1], lang) if m[1] else ""
    return day, MONTH_NAMES[lang][int(m[2]) - 1] if m[2] else "", year


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


def _render_period(value: str, lang: str) -> str | None:
    """Words for a century, a decade or a season; None for any other value."""
    if _CENTURY_VALUE.fullmatch(value):
        return _century_text(value, lang)
    if _DECADE_VALUE.fullmatch(value):
        return f"années {value}0" if lang == "fr" else f"the {value}0s"
    if season := _SEASON_VALUE.fullmatch(value):
        return f"{SEASON_NAMES[lang][int(season[2]) - 21]} {int(season[1])}"
    return None


def _render_period_range(first: str, last: str, lang: str) -> str | None:
    """ "du XVe au XVIIe siècle", "des années 1970 aux années 1990", "the 1970s–1990s"."""
    if _CENTURY_VALUE.fullmatch(first) and _CENTURY_VALUE.fullmatch(last):
        bc = last.startswith("-") and first.startswith("-")
        if lang == "fr":
            era = " av. J.-C." if bc else ""
            left = _century_text(first, lang, noun=False)
            return f"du {left} au {_century_text(last, lang, noun=False)} siècle{era}"
        last_ordinal = _english_ordinal(abs(int(last)) + 1)
        era = " BC" if bc else ""
        return f"{_century_text(first, lang, noun=False)}–{last_ordinal} centuries{era}"
    words = _render_period(first, lang), _render_period(last, lang)
    if words == (None, None):
        return None
    left, right = words[0] or render_date(first, lang), words[1] or render_date(last, lang)
    if lang == "fr" and _DECADE_VALUE.fullmatch(first) and _DECADE_VALUE.fullmatch(last):
        return f"des {left} aux {right}"
    return f"de {left} à {right}" if lang == "fr" else f"{left}–{right.removeprefix('the ')}"


def render_date(value: str, lang: str = "fr") -> str:
    """A readable French ("du 5 au 8 septembre") or English ("September 5–8") form of a
    value from find_dates; an unknown value is returned unchanged."""
    lang = "en" if lang.startswith("en") else "fr"
    if part := re.fullmatch(r"(?:([0-9]{4})|-)-(?:Q([1-4])|H([12]))", value):
        return _render_part(part[1], "H" if part[3] else "Q", int(part[2] or part[3]), lang)
    if (period := _render_period(value, lang)) is not None:
        return period
    sides = value.split("/", 1)
    if len(sides) == 2 and (period := _render_period_range(sides[0], sides[1], lang)):
        return period
    pieces = [_parts(v, lang) for v in sides]
    first, last = pieces[0], pieces[-1]
    if first is None or last is None or not any(first) or not any(last):
        return value
    if len(pieces) == 1:
        return _join(*first, lang)
    (d1, m1, y1), (d2, m2, y2) = first, last
    era = " av. J.-C." if lang == "fr" else " BC"
    if not (d1 or m1 or d2 or m2) and y1.endswith(era) and y2.endswith(era):
        y1 = y1.removesuffix(era)  # "de 221 à 206 av. J.-C."
    left = d1 if d1 and d2 and (m1, y1) == (m2, y2) else _join(d1, m1, "" if y1 == y2 else y1, lang)
    if lang == "fr":
        right = _join(d2, m2, y2, lang)
        return f"du {left} au {right}" if d1 else f"de {left} à {right}"
    if d1 and d2 and (m1, y1) == (m2, y2):
        return f"{m1} {d1}–{d2}" + (f", {y2}" if y2 else "")
    return f"{left}{' – ' if d1 else '–'}{_join(d2, m2, y2, lang)}"
