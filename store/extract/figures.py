"""Find figures in French text: money, percentages, counts, ordinals and durations.

Each figure carries what it measures (`subject`) and when (`period`), found by simple,
deterministic rules over the sentence: small French vocabulary tables, no parser.
Dates are found first and never reported as figures ("en 2012", "30 janvier 1950").

Value conventions:
  money       the amount in units of its ISO 4217 currency: « 1,2 M€ » 1 200 000 EUR,
              « 20 euros 50 » 20.5 EUR, « 1 USD et 23 centimes » 1.23 USD
  count       the number of a noun or a unit: « 4,4 millions d'habitants » 4 400 000
              habitants, « 892 km2 » 892 km² (unit symbols are written one way)
  duration    in the unit the text names (« une heure et demie » 1.5 heure); a time with
              several units is in seconds (« 29 min 17 s 45 » 1757.45 s)
  negative    only a written sign makes a figure negative: « -3,5 % », « − 2 % »;
              « un recul de 2 % » is 2 (the word says the direction, not the number)
  range       « entre 110 000 et 127 000 », « 3 à 5 % »: a FigureRange, `value` the low
              end and `high` the high end, so a reader of `value` alone still gets a figure
  magnitude   « quelques millions », « des milliers de »: the order of magnitude
              (1 000 000, 1 000), always `approx`
A clock time (« à 14 h 30 »), a telephone number or a reference (« n° 227 ») is no figure.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from text_to_num import text2num

from store.extract.dates import find_dates, keep_longest
from store.models import DateMention, FigureMention

# fmt: off
# "dollars" alone means US dollars in French news; longer names come first in the regex.
CURRENCIES: dict[str, str] = {
    r"dollars? australiens?": "AUD", r"dollars? canadiens?": "CAD",
    r"dollars? de singapour|dollars? singapouriens?": "SGD", r"dollars? de hong kong": "HKD",
    r"dollars?(?: américains?| US| des États-Unis)?|USD|US\$|\$": "USD",
    r"euros?|EUR|€": "EUR", r"dongs?|VND|VNĐ": "VND", r"roubles?|rubles?|RUB": "RUB",
    r"yuans?|renminbis?|CNY": "CNY", r"yens?|JPY|¥": "JPY", r"livres? sterling|GBP|£": "GBP",
    r"francs? suisses?|CHF": "CHF", r"wons?|KRW": "KRW", r"bahts?|THB": "THB",
    r"roupies?|rupees?|INR": "INR", r"kips?|LAK": "LAK", r"riels?|KHR": "KHR",
}
# "billion" is read as 10^9: the English sense, which is how it turns up in questions.
SCALES: dict[str, int] = {
    "mille": 10**3, "thousand": 10**3, "million": 10**6, "millions": 10**6,
    "milliard": 10**9, "milliards": 10**9, "billion": 10**9, "billions": 10**9,
}
APPROX = ["près de", "près d'", "près d’", "environ", "plus de", "plus d'", "plus d’",
          "quelque", "au moins", "moins de", "presque", "autour de", "approximativement",
          "jusqu'à", "jusqu’à", "pas moins de", "au-delà de", "about", "around", "nearly",
          "almost", "more than", "over", "at least", "less than", "approximately", "roughly",
          "some", "up to"]
# "quelques millions", "des centaines de", "plusieurs dizaines de milliers": a magnitude.
FEW = ["quelques", "plusieurs", "des"]
FEW_SCALES: dict[str, int] = {"dizaines": 10, "centaines": 100, "milliers": 10**3,
                              "millions": 10**6, "milliards": 10**9}
# Scales written as symbols before a currency: "10 k$", "1,2 M€", "3 Md€" (case matters).
SCALE_SYMBOLS: dict[str, int] = {"k": 10**3, "K": 10**3, "M": 10**6, "Mio": 10**6,
                                 "Md": 10**9, "Mds": 10**9, "Mrd": 10**9, "Mrds": 10**9,
                                 "G": 10**9}
# Units written as symbols, each written one way ("km2" is km²). Case matters: "M" and
# "G" are no units, "5G" is a network.
MEASURE_UNITS: dict[str, str] = {
    "km²": "km²", "km2": "km²", "m²": "m²", "m2": "m²", "cm²": "cm²", "cm2": "cm²",
    "m³": "m³", "m3": "m³", "ha": "ha", "km/h": "km/h", "km": "km", "m": "m", "cm": "cm",
    "mm": "mm", "kg": "kg", "g": "g", "mg": "mg", "t": "t", "Mt": "Mt", "l": "l", "L": "l",
    "ml": "ml", "cl": "cl", "hl": "hl", "kW": "kW", "MW": "MW", "GW": "GW", "kWh": "kWh",
    "MWh": "MWh", "GWh": "GWh", "TWh": "TWh",
}
DURATION_SYMBOLS: dict[str, str] = {"min": "min", "mn": "min", "s": "s", "ms": "ms"}
# Sums "of" these take the currency of the sentence ("830 millions d'importations" beside
# dollars); any other noun is counted ("4,4 millions d'habitants" beside dollars).
MONEY_NOUNS = ("export", "import", "échange", "investissement", "recette",
               "dépense", "revenu", "bénéfice", "perte", "dette", "capita", "fonds", "crédit",
               "prêt", "aide", "subvention", "budget", "chiffre", "vente", "achat", "commerce",
               "transaction", "contrat", "financement", "excédent", "déficit", "coût",
               "montant", "valeur", "impôt", "taxe", "épargne")
# "est passé de 3 à 5 %" is a change, not a range: the verbs that say "from X to Y" with
# "de". After "augmenté", "chuté"… "de" gives the size of the change: "de 3 à 5 %" is one.
CHANGE_VERBS = ("passé", "passée", "passés", "passées", "passant", "passer", "porté",
                "portée", "portés", "portées", "ramené", "ramenée", "ramenés", "ramenées",
                "relevé", "relevée", "abaissé", "abaissée", "évolué")
ROUND_NOUNS: dict[str, int] = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
}
DURATIONS = {"an", "ans", "année", "années", "mois", "jour", "jours", "semaine", "semaines",
             "heure", "heures", "minute", "minutes", "siècle", "siècles", "décennie",
             "journée", "journées", "seconde", "secondes",
             "décennies", "year", "years", "month", "months", "day", "days", "week", "weeks",
             "hour", "hours", "decade", "decades"}
# Adjectives allowed between a number and its noun: "trois dernières années".
NUMBER_ADJECTIVES = {"premiers", "premières", "derniers", "dernières", "prochains",
                     "prochaines", "autres", "nouveaux", "nouvelles", "grands", "grandes",
                     "petits", "petites", "principaux", "principales", "first", "last",
                     "next", "other", "new"}
STOPWORDS = set(
    "le la les l' l’ un une des du de d' d’ au aux à en et ou dont que qu' qu’ qui pour par "
    "sur dans avec sans entre vers chez sous contre selon lors comme ainsi aussi encore ce "
    "cet cette ces son sa ses leur leurs notre nos votre vos mon ma mes il elle ils elles on "
    "se s' s’ y ne n' n’ pas plus moins très soit est sont a ont été était étaient sera "
    "seront avait avaient fait tout tous toute toutes après avant depuis pendant durant "
    "environ près quelque jusqu' jusqu’ the an of in on at to for and or with by from is "
    "are was were has have had its their this that these those".split()
)
FR_NUMBER_WORDS = ["un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit",
                   "neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize",
                   "vingt", "vingts", "trente", "quarante", "cinquante", "soixante", "cent",
                   "cents", "mille", "million", "millions", "milliard", "milliards"]
# Words that say how an amount relates to its subject ("s'est élevé à", "totalisant").
CUE_VERBS = (r"(?:s['’](?:est|sont)\s+)?(?:élevée?s?|chiffrée?s?|établie?s?)|s['’]élevant"
             r"|se\s+chiffrant|évaluée?s?|estimée?s?|atteint|atteignant|atteindre|totalisant"
             r"|représentant|dépassant|dépassé|portée?s?|reached|totall?ed|totall?ing"
             r"|amounted|worth|valued|estimated")
# Relative periods have no date value but still say when a figure holds.
RELATIVE_PERIODS = [r"l['’]année (?:dernière|passée|précédente|prochaine)",
                    r"l['’]an (?:dernier|passé)", "cette année", "ces derniers temps",
                    r"(?:ces|les|des) (?:\w+ )?(?:dernières|prochaines) années",
                    "le mois dernier", "last year", "this year", "next year"]
# fmt: on


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_SPACE = r"[ \u00a0\u202f]"  # French puts a (narrow) no-break space before units and %
_DIGITS = (
    r"(?P<thousands>[0-9]{1,3}(?:(?:\.|[ \u00a0\u202f])[0-9]{3})+(?![0-9])(?:,[0-9]+)?)"
    r"|(?P<dotdec>[0-9]+\.[0-9]{1,2})(?![0-9.])|(?P<plain>[0-9]+(?:,[0-9]+)?)"
)
# A number never starts inside a word or a number; after "-", "+" or "–" only when that
# sign follows a space or a bracket ("COVID-19", "10-15" are read otherwise).
_NUMBER = re.compile(
    rf"(?<![\w°/.,])(?<![\w°/.,)\]%][-+–])(?:{_DIGITS})"
    rf"|\b(?P<few>{_alt(FEW)})\s+(?P<few_scale>{_alt(FEW_SCALES)})"
    r"(?:\s+de\s+(?P<few_scale2>milliers|millions|milliards))?\b"
    r"|\bune?\s+(?P<demi>demi-(?:heure|journée|siècle))\b"
    rf"|\bune\s+(?P<round>{_alt(ROUND_NOUNS)})\s+(?=de\s|d['’])"
    rf"|\b(?P<words>(?:{_alt(FR_NUMBER_WORDS)})(?:[\s-]+et[\s-]+(?:un|une|onze)\b"
    rf"|[\s-]+(?:{_alt(FR_NUMBER_WORDS)}))*)\b",
    re.IGNORECASE,
)
_DIGITS_AT = re.compile(_DIGITS)  # the second number of a range, right after its dash
_PERCENT = re.compile(r"\s*(?:%|pour\s*cent\b|pourcents?\b|percent\b|per\s+cent\b)", re.I)
_SCALE = re.compile(rf"\s+(?P<scale>{_alt(SCALES)})\b", re.IGNORECASE)
_CURRENCY = re.compile(
    rf"\s*(?:(?:de|of)\s+|d['’])?(?P<cur>{'|'.join(CURRENCIES)})(?!\w)", re.IGNORECASE
)
_CODES = sorted(set(CURRENCIES.values()))
_CURRENCY_BEFORE = re.compile(rf"(?P<cur>US\$|\$|€|£|¥|\b(?:{'|'.join(_CODES)})){_SPACE}?$")
_SCALE_SYMBOL = re.compile(
    rf"{_SPACE}?(?P<symbol>{_alt(SCALE_SYMBOLS)}){_SPACE}?(?=US\$|[$€£¥]|(?:{'|'.join(_CODES)})\b"
    r"|d['’]euros|de\s+dollars)"
)
_MEASURE = re.compile(rf"{_SPACE}?(?P<unit>{_alt(MEASURE_UNITS)})(?![\w²³/'’-])")
_DURATION_SYMBOL = re.compile(rf"{_SPACE}?(?P<unit>{_alt(DURATION_SYMBOLS)})(?![\w²³/'’-])")
_S = f"{_SPACE}?"
# "29 min 17 s 45" (hundredths after the seconds, as sports results write them),
# "2 h 05 min 30 s", "1 h 30 min", "9 s 58".
_CHRONO = re.compile(
    rf"(?:(?P<h>[0-9]{{1,2}}){_S}h{_S})?(?P<min>[0-9]{{1,3}}){_S}(?:min|mn){_S}"
    rf"(?P<s>[0-9]{{1,2}}){_S}s(?:{_S}(?P<cs>[0-9]{{1,3}})(?!{_S}(?:h|min|mn|s)\b))?(?![\w])"
    rf"|(?P<h2>[0-9]{{1,2}}){_S}h{_S}(?P<min2>[0-9]{{1,2}}){_S}(?:min|mn)(?![\w])"
    rf"|(?P<s3>[0-9]{{1,2}}){_S}s{_S}(?P<cs3>[0-9]{{2,3}})(?![\w])(?!{_S}(?:h|min|mn|s)\b)"
)
# "à 14 h 30", "14h", "18 h": a time of day, not an amount of hours.
_CLOCK = re.compile(rf"{_S}h(?:{_S}[0-9]{{2}})?(?![\w])")
_HALF = re.compile(r"\s+et\s+(?P<frac>demie?|quart)\b", re.IGNORECASE)
_CENTS = re.compile(
    rf"\s+(?:et\s+)?(?P<c>[0-9]{{1,2}})\s+(?:centimes?|cents?)\b|{_SPACE}(?P<bare>[0-9]{{2}})(?![0-9])",
    re.IGNORECASE,
)
_RANGE_LINK = re.compile(r"\s*(?P<dash>[-–—])\s*|\s+(?P<word>à|et|to|and)\s+", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"\b(?:entre|between)\s+$", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(rf"\b(?:{_alt(CHANGE_VERBS)})\s+(?:de|d['’])\s*$", re.IGNORECASE)
# "01 23 45 67 89", "+33 1 23 45 67 89": a telephone number is no figure.
_PHONE = re.compile(
    r"(?<![\w+])(?:\+[0-9]{2,3}[\s.]?(?:\(0\)[\s.]?)?[0-9]|0[0-9])(?:[\s.-]?[0-9]{2}){4}(?![0-9])"
)
_ORDINAL = re.compile(r"(?:ᵉ|e|è|ème|eme|er|ère|re|nde|nd|st|rd|th)(?!\w)")
_OF = re.compile(r"\s*(?:de\s+|d['’]\s*|des\s+|du\s+|of\s+)")
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*['’]?|\S")
_APPROX_BEFORE = re.compile(rf"(?:^|\s)(?:{_alt(APPROX)})\s*$", re.IGNORECASE)
_REFERENCE = re.compile(r"\b[nN][°º]\s*[0-9][^\s,;]*")
_CUE_END = re.compile(rf"\b(?:{CUE_VERBS})(?:\s+(?:à|de|to|at|of))?\s*$", re.IGNORECASE)
_CUE_WORD = re.compile(rf"(?:{CUE_VERBS})", re.IGNORECASE)
_LINK_END = re.compile(r"(?:^|\s)(?:de|à|of|at|to)\s*$|\sd['’]$", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[,;:(]|\bque\b|\bqu['’]|\bdont\b|\bthat\b|\bwhich\b", re.I)
_DETERMINER = re.compile(
    r"\b(?:le|la|les|l['’]|un|une|des|du|leur|leurs|son|sa|ses|ce|cet|cette|ces|the|its"
    r"|their)(?:\s+|(?<=['’]))",
    re.IGNORECASE,
)
_RELATIVE = re.compile(rf"\b(?:{'|'.join(RELATIVE_PERIODS)})\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s(?:et|dont|mais|puis|and|but)\s")
# A sentence ends at . ! ? before a capital; a lost space ("importations.Ce") counts too.
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])[\"»”)]*\s+(?=[«\"“(]?[A-ZÀ-Ý0-9])|(?<=[a-zà-ÿ]{2}[.!?])(?=[A-ZÀ-Ý])|\n+"
)


@dataclass(frozen=True)
class FigureRange(FigureMention):
    """A figure the text gives as a range ("entre 110 000 et 127 000 manifestants"):
    `value` is the low end, so a reader that knows only FigureMention still gets a figure."""

    high: float = field(kw_only=True)


@dataclass(frozen=True)
class _Raw:
    """A figure before the sentence has been read for its currency, subject and period."""

    start: int
    end: int
    value: Decimal
    kind: str  # as in FigureMention, or "scaled": an amount waiting for a currency
    unit: str | None = None
    approx: bool = False
    noun_at: int | None = None  # where the counted noun starts
    noun_end: int | None = None
    high: Decimal | None = None  # the high end of a range
    scale: int = 1  # the "millions" or "M" the number was multiplied by


def _is_content(word: str, allow_capital: bool = False) -> bool:
    """A word that can be part of a noun phrase (no stopword, verb cue or participle)."""
    if not word[:1].isalpha() or word[-1] in "'’" or word.lower() in STOPWORDS:
        return False
    if word[:1].isupper() and not allow_capital:
        return False
    is_participle = word.endswith("ant") and len(word) > 4
    return not is_participle and _CUE_WORD.fullmatch(word) is None


def _np_after(
    text: str, pos: int, end: int, allow_capital: bool = False, size: int = 3
) -> str | None:
    """The noun phrase (up to `size` words) that starts at `pos`."""
    words: list[str] = []
    for tok in _TOKEN.finditer(text, pos, end):
        if len(words) == size or not _is_content(tok.group(), allow_capital and not words):
            break
        words.append(tok.group())
    return " ".join(words) or None


def _np_before(text: str, lo: int, end: int) -> str | None:
    """The run of content words (up to three) that ends at `end`."""
    words = [t.group() for t in _TOKEN.finditer(text, lo, end)][-3:]
    run: list[str] = []
    for w in reversed(words):
        if not _is_content(w):
            break
        run.insert(0, w)
    return " ".join(run) or None


def _unit_word(word: str) -> str:
    return word.lower() if word[:1].isupper() and word[1:].islower() else word


def _number_value(m: re.Match[str]) -> Decimal | None:
    g = m.groupdict()
    try:
        if g["thousands"]:
            return Decimal(re.sub(r"[.\s\u00a0\u202f]", "", g["thousands"]).replace(",", "."))
        if g["dotdec"]:
            return Decimal(g["dotdec"])
        if g["plain"]:
            return Decimal(g["plain"].replace(",", "."))
        if g.get("round"):
            return Decimal(ROUND_NOUNS[g["round"].lower()])
        return Decimal(text2num(re.sub(r"\s+", " ", g["words"].lower()), "fr"))
    except (ValueError, InvalidOperation):
        return None  # "deux et trois", or words text2num does not read as one number


_AMONG = re.compile(
    r"\s+(?:d['’]entre|de|d['’])\s+(?:les|des|ces|ses|leurs|nos|vos)\s+(?P<noun>[^\W\d_]+)"
)


def _noun(text: str, pos: int, allow_capital: bool = False) -> tuple[int, int, str] | None:
    """The noun counted by a number ending at `pos`, skipping "premiers", "dernières"…;
    « huit d'entre les prisonniers », « quarante-quatre de ces prisonniers » count the
    prisoners."""
    if among := _AMONG.match(text, pos):
        return among.start("noun"), among.end("noun"), among["noun"]
    for tok in _TOKEN.finditer(text, pos, min(len(text), pos + 80)):
        word = tok.group()
        if word.lower() in NUMBER_ADJECTIVES:
            continue
        # A plural noun may be capitalised: « six États », « 27 Français ».
        plural = word[-1:] in ("s", "x") and word[1:].islower()
        counted = (
            _is_content(word, allow_capital or plural) or word.lower() in DURATIONS  # "un an"
        )
        if counted and word.lower() not in SCALES:
            return tok.start(), tok.end(), word
        return None
    return None


def _read_ordinal(text: str, m: re.Match[str], value: Decimal, approx: bool) -> _Raw | None:
    """ "la 23e réunion" (the noun joins the mention), "le 18e des 101 investisseurs"."""
    ordinal = _ORDINAL.match(text, m.end())
    if ordinal is None:
        return None  # glued to a word: "10h30"
    noun = _noun(text, ordinal.end(), allow_capital=True)
    next_to = noun is not None
    if noun is None and (of := _OF.match(text, ordinal.end())):
        skip = re.match(r"[0-9][0-9 .,]*\s+", text[of.end() : of.end() + 20])
        noun = _noun(text, of.end() + (skip.end() if skip else 0), allow_capital=True)
    end = noun[1] if noun and next_to else ordinal.end()
    unit, noun_at = (_unit_word(noun[2]), noun[0]) if noun else (None, None)
    return _Raw(m.start(), end, value, "ordinal", unit, approx, noun_at)


def _currency_code(name: str) -> str:
    if name in _CODES:
        return name
    return next(c for p, c in CURRENCIES.items() if re.fullmatch(p, name, re.IGNORECASE))


def _sign(text: str, start: int) -> tuple[int, int]:
    """(-1 or 1, where the signed figure starts): "-3,5 %", "− 2 %", "+4 %". A dash right
    after a number is a range ("110 000 - 127 000"), after a word a hyphen ("COVID-19")."""
    at = start - 2 if text[max(0, start - 2) : start] == "− " else start - 1
    if at < 0 or text[at] not in "-+−–":
        return 1, start
    before = text[max(0, at - 2) : at]
    if before[-1:] and not (before[-1].isspace() or before[-1] in "([:;"):
        return 1, start
    if re.search(r"[0-9%]\s?$", before):
        return 1, start
    return (1 if text[at] == "+" else -1), at


def _seconds(m: re.Match[str]) -> Decimal:
    """The length of a time written "29 min 17 s 45", in seconds."""
    hours = m["h"] or m["h2"] or "0"
    minutes = m["min"] or m["min2"] or "0"
    seconds, hundredths = m["s"] or m["s3"] or "0", m["cs"] or m["cs3"]
    total = Decimal(hours) * 3600 + Decimal(minutes) * 60 + Decimal(seconds)
    return total + (Decimal(hundredths) / 10 ** len(hundredths) if hundredths else 0)


def _cents(text: str, pos: int) -> tuple[Decimal, int] | None:
    """ "1 USD et 23 centimes", "20 euros 50": the cents after a sum and where they end."""
    cents = _CENTS.match(text, pos)
    if cents is None:
        return None
    if cents["bare"]:  # "20 euros 50" but not "20 euros 50 fois"
        after = _TOKEN.search(text, cents.end(), min(len(text), cents.end() + 30))
        word = after.group() if after else ""
        if word[:1].isalnum() and word.lower() not in STOPWORDS or word[:1] in set("%€$£¥"):
            return None
    return Decimal(cents["c"] or cents["bare"]) / 100, cents.end()


def _read_magnitude(text: str, m: re.Match[str]) -> _Raw | None:
    """ "quelques millions d'euros", "des dizaines de milliers de manifestants": no exact
    value, the order of magnitude instead, marked approximate."""
    value = Decimal(FEW_SCALES[m["few_scale"].lower()])
    if m["few_scale2"]:
        value *= FEW_SCALES[m["few_scale2"].lower()]
    if currency := _CURRENCY.match(text, m.end()):
        unit = _currency_code(currency["cur"])
        return _Raw(m.start(), currency.end(), value, "money", unit, True, scale=int(value))
    of = _OF.match(text, m.end())
    noun = _noun(text, of.end()) if of else None
    if noun is None:
        kind = "scaled" if value >= 10**6 else "number"
        return _Raw(m.start(), m.end(), value, kind, None, True, scale=int(value))
    unit = _unit_word(noun[2])
    if value >= 10**6:
        return _Raw(
            m.start(), m.end(), value, "scaled", unit, True, noun[0], noun[1], None, int(value)
        )
    kind = "duration" if unit in DURATIONS else "count"
    return _Raw(m.start(), noun[1], value, kind, unit, True, noun[0], noun[1])


def _read_unit_symbol(text: str, start: int, end: int, value: Decimal, approx: bool) -> _Raw | None:
    """A time, a duration or a measure written with symbols: "29 min 17 s 45", "45 min",
    "892 km2"; None when no symbol follows the number."""
    if chrono := _CHRONO.match(text, start):
        return _Raw(start, chrono.end(), _seconds(chrono), "duration", "s", approx)
    if symbol := _DURATION_SYMBOL.match(text, end):
        unit = DURATION_SYMBOLS[symbol["unit"]]
        return _Raw(start, symbol.end(), value, "duration", unit, approx)
    if measure := _MEASURE.match(text, end):
        unit = MEASURE_UNITS[measure["unit"]]
        stop = measure.end()
        if unit in ("km", "m", "cm") and (lost := _LOST_SUPERSCRIPT.match(text, stop)):
            # « 892 km 2 »: a superscript lost in copying, still square kilometres.
            unit, stop = unit + ("²" if lost[1] == "2" else "³"), lost.end()
        return _Raw(start, stop, value, "count", unit, approx)
    return None


_LOST_SUPERSCRIPT = re.compile(r" ([23])(?![\d,.])(?!\s+fois)")


def _read_one(text: str, m: re.Match[str]) -> _Raw | None:
    """Read the number at `m` and what follows it: %, scale, currency, ordinal or noun."""
    g = m.groupdict()
    if g.get("few"):
        return _read_magnitude(text, m)
    if g.get("demi"):  # "une demi-heure"
        return _Raw(m.start(), m.end(), Decimal("0.5"), "duration", g["demi"][5:].lower())
    value = _number_value(m)
    if value is None:
        return None
    start, end = m.start(), m.end()
    words = g.get("words")
    approx = g.get("round") is not None or bool(
        _APPROX_BEFORE.search(text, max(0, start - 30), start)
    )
    approx = approx or (words or "").lower() in {"millions", "milliards"}  # "des millions de"
    is_digits = words is None and g.get("round") is None
    sign, signed_at = _sign(text, start) if is_digits else (1, start)
    scale = SCALES.get((words or "").split()[-1].lower(), 1) if words else 1
    if is_digits:
        if (reading := _read_unit_symbol(text, start, end, value, approx)) is not None:
            return replace(reading, start=signed_at, value=reading.value * sign)
        if _CLOCK.match(text, end):
            return None
        if scaled := _SCALE_SYMBOL.match(text, end):  # "1,2 M€", "10 k$"
            scale = SCALE_SYMBOLS[scaled["symbol"]]
            value, end = value * scale, scaled.end()
        elif end < len(text) and text[end].isalpha():
            return _read_ordinal(text, m, value, approx)
    if percent := _PERCENT.match(text, end):
        return _Raw(signed_at, percent.end(), sign * value, "percent", "%", approx)
    if is_digits and scale == 1 and (scaled := _SCALE.match(text, end)):
        scale = SCALES[scaled["scale"].lower()]
        value, end = value * scale, scaled.end()
    if scale > 1 and (half := _HALF.match(text, end)):  # "un million et demi"
        value += scale * Decimal("0.5" if half["frac"].lower().startswith("demi") else "0.25")
        end = half.end()
    value = sign * value
    symbol = _CURRENCY_BEFORE.search(text, max(0, signed_at - 5), signed_at)
    if symbol:  # "$2.45 billion", "EUR 20"
        raw = _Raw(symbol.start(), end, value, "money", _currency_code(symbol["cur"]), approx)
        return _with_cents(text, replace(raw, scale=scale))
    if currency := _CURRENCY.match(text, end):
        unit = _currency_code(currency["cur"])
        raw = _Raw(signed_at, currency.end(), value, "money", unit, approx, scale=scale)
        return _with_cents(text, raw)
    scaled_up = abs(value) >= 10**6 and text[end - 1].isalpha()  # "830 millions", no currency yet
    of = _OF.match(text, end) if scaled_up or g.get("round") else None
    noun = _noun(text, of.end() if of else end)
    if noun is None:
        return _Raw(
            signed_at, end, value, "scaled" if scaled_up else "number", None, approx, scale=scale
        )
    unit = _unit_word(noun[2])
    if scaled_up:  # the noun may turn out to be the subject of a sum in dollars
        return _Raw(signed_at, end, value, "scaled", unit, approx, noun[0], noun[1], scale=scale)
    if unit in DURATIONS:
        noun_end = noun[1]
        if half := _HALF.match(text, noun_end):  # "une heure et demie", "deux ans et demi"
            value += Decimal("0.5" if half["frac"].lower().startswith("demi") else "0.25")
            noun_end = half.end()
        return _Raw(signed_at, noun_end, value, "duration", unit, approx, noun[0], noun[1])
    return _Raw(signed_at, noun[1], value, "count", unit, approx, noun[0], noun[1], scale=scale)


def _with_cents(text: str, raw: _Raw) -> _Raw:
    """A whole sum with no scale may go on with its cents: "20 euros 50"."""
    if raw.scale > 1 or raw.value != raw.value.to_integral_value():
        return raw
    cents = _cents(text, raw.end)
    if cents is None:
        return raw
    amount, end = cents
    return replace(raw, value=raw.value + (amount if raw.value >= 0 else -amount), end=end)


def _range_from(text: str, first: _Raw) -> _Raw | None:
    """ "110 000 - 127 000 manifestants", "entre 2 et 3 milliards de dollars", "3 à 5 %":
    the low end `first` joined to the figure after the dash or the word."""
    if first.kind not in {"number", "scaled", "money", "percent"}:
        return None
    link = _RANGE_LINK.match(text, first.end)
    if link is None or (m2 := _DIGITS_AT.match(text, link.end())) is None:
        return None
    start = first.start
    if link["word"] and link["word"].lower() in {"et", "and"}:
        between = _BETWEEN_BEFORE.search(text, max(0, start - 9), start)
        if between is None:
            return None  # "et" makes a range only after "entre"
        start = between.start()
    elif link["word"] and _CHANGE_BEFORE.search(text, max(0, start - 25), start):
        return None  # "est passé de 3 à 5 %" is a change
    second = _read_one(text, m2)
    if second is None or second.kind not in {"money", "percent", "count", "duration", "scaled"}:
        return None
    if first.kind == "number":
        low = first.value * second.scale
    elif (first.kind, first.unit) == (second.kind, second.unit) or first.kind == "scaled":
        low = first.value
    else:
        return None
    if not low < second.value:
        return None
    approx = first.approx or second.approx
    return replace(second, start=start, value=low, high=second.value, approx=approx)


def _raw_figures(text: str) -> Iterator[_Raw]:
    for m in _NUMBER.finditer(text):
        raw = _read_one(text, m)
        if raw is None:
            continue
        if (wide := _range_from(text, raw)) is not None:
            yield wide
        spelled_small = m["words"] is not None and raw.value < 10
        if spelled_small and raw.kind not in {"duration", "money", "percent"}:
            # "les deux pays", "un accord": grammar, not figures; "quatre vols par
            # semaine", "trois petites mares" count something.
            definite = _DEFINITE_BEFORE.search(text, max(0, m.start() - 6), m.start())
            grammar = (
                raw.kind != "count"
                or m["words"].lower() in ("un", "une")
                or (definite is not None and (definite[1] in _PLAIN or raw.value == 2))
            )
            if grammar:
                continue
        if raw.kind == "number":
            continue  # a bare number with no unit ("Région 4", "2026") says nothing by itself
        yield raw


# « les deux pays », « ces trois hommes »: a small number after a definite determiner
# is part of the noun phrase, not a figure anyone asks for.
# « des deux pays », « aux deux parties »: "the two", whatever the article.
_DEFINITE_BEFORE = re.compile(r"\b(les|ces|ses|leurs|nos|vos|mes|tes|des|aux)\s+$", re.IGNORECASE)
_PLAIN = {"les", "ces", "ses", "leurs", "nos", "vos", "mes", "tes"}
_INITIAL = re.compile(r"(?:^|[\s(])(?:[A-Z]|Mme|Dr|St|n°)\.$")
MAX_SENTENCE = 2000  # longer runs (no punctuation) are cut, so work per figure is bounded
WINDOW = 200  # how far around a figure its subject is looked for


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries, not splitting after an initial ("I. Petrov")."""
    ends = [
        m.span()
        for m in _SENTENCE_END.finditer(text)
        if not _INITIAL.search(text, max(0, m.start() - 5), m.start())
    ]
    spans, lo = [], 0
    for a, b in ends + [(len(text), len(text))]:
        while a - lo > MAX_SENTENCE:
            cut = text.rfind(" ", lo + 1, lo + MAX_SENTENCE)
            cut = cut if cut > lo else lo + MAX_SENTENCE
            spans.append((lo, cut))
            lo = cut
        spans.append((lo, a))
        lo = b
    return [(a, b) for a, b in spans if b > a]


def _subject_of_amount(text: str, raw: _Raw, lo: int, hi: int) -> str | None:
    """What a sum or a rate measures: "d'exportations vietnamiennes" after it, else the
    noun phrase before "de"/"à", else the clause's subject before "s'est élevé à"…"""
    if raw.noun_at is not None:
        return _np_after(text, raw.noun_at, hi)
    after = _OF.match(text, raw.end, hi)
    if after and (np := _np_after(text, after.end(), hi)):
        return np
    end = raw.start
    if qualifier := _APPROX_BEFORE.search(text, max(lo, end - 30), end):
        end = qualifier.start()
    if cue := _CUE_END.search(text, lo, end):
        starts = [c.end() for c in _CLAUSE_START.finditer(text, lo, cue.start())]
        clause = starts[-1] if starts else lo
        for det in _DETERMINER.finditer(text, clause, cue.start()):
            if np := _np_after(text, det.end(), cue.start()):
                return np
        return _np_before(text, clause, cue.start())
    if link := _LINK_END.search(text, lo, end):
        return _np_before(text, lo, link.start())
    return None


def _subject(text: str, raw: _Raw, lo: int, hi: int) -> str | None:
    lo, hi = max(lo, raw.start - WINDOW), min(hi, raw.end + WINDOW)
    if raw.kind in {"money", "percent", "number"}:
        return _subject_of_amount(text, raw, lo, hi)
    if raw.kind == "duration":  # "les 70 ans des relations diplomatiques"
        after = _OF.match(text, raw.end, hi)
        return _np_after(text, after.end(), hi, allow_capital=True) if after else None
    if raw.noun_at is None:
        return None
    return _np_after(text, raw.noun_at, hi, allow_capital=True, size=2)  # "Congrès national"


# « trois fois plus qu'en 2023 »: the date a figure is compared with is not when it holds.
_COMPARED = re.compile(
    r"\b(?:plus|moins|autant)\s+(?:que|qu['’])\s*(?:en|au|à|a|l['’]an)?\s*$", re.IGNORECASE
)


def _period(text: str, raw: _Raw, candidates: list[tuple[int, int]]) -> str | None:
    """The date expression nearest to the figure, preferring one in the same clause."""
    spans = [
        s
        for s in candidates
        if (s[1] <= raw.start or s[0] >= raw.end)
        and not _COMPARED.search(text, max(0, s[0] - 40), s[0])
    ]
    if not spans:
        return None

    def rank(s: tuple[int, int]) -> tuple[bool, int]:
        a, b = (s[1], raw.start) if s[1] <= raw.start else (raw.end, s[0])
        return _CLAUSE_BREAK.search(text, a, b) is not None, b - a

    best = min(spans, key=rank)
    return text[best[0] : best[1]]


def _outside(raws: list[_Raw], busy: list[tuple[int, int]]) -> list[_Raw]:
    """Figures that overlap no busy span (dates, "n°227/CĐ-TTg"); `busy` sorted."""
    busy = keep_longest(busy, lambda s: s)
    starts = [a for a, _ in busy]
    out = []
    for r in raws:
        i = bisect_left(starts, r.end) - 1  # the last busy span starting before r ends
        if i < 0 or busy[i][1] <= r.start:
            out.append(r)
    return out


def _is_money_noun(unit: str | None) -> bool:
    return unit is None or unit.lower().startswith(MONEY_NOUNS)


def _settle(raws: list[_Raw]) -> list[_Raw]:
    """An amount in "millions" with no currency takes the currency of the nearest sum of
    its sentence when it counts money ("830 millions d'importations" next to dollars);
    else it is a count ("4,4 millions d'habitants")."""
    money = [r for r in raws if r.kind == "money"]
    out = []
    for r in raws:
        if r.kind == "scaled" and money and _is_money_noun(r.unit):
            near = min(money, key=lambda m: (m.start > r.start, abs(m.start - r.start)))
            r = replace(r, kind="money", unit=near.unit)
        elif r.kind == "scaled" and r.noun_end is not None:
            kind = "duration" if r.unit in DURATIONS else "count"
            r = replace(r, kind=kind, end=r.noun_end)
        elif r.kind == "scaled":
            r = replace(r, kind="number")
        out.append(r)
    return out


def _mention(text: str, r: _Raw, lo: int, hi: int, periods: list[tuple[int, int]]) -> FigureMention:
    mention = FigureMention(
        start=r.start,
        end=r.end,
        text=text[r.start : r.end],
        value=float(r.value),
        unit=r.unit,
        kind=r.kind,
        approx=r.approx,
        subject=_subject(text, r, lo, hi),
        period=_period(text, r, periods),
    )
    return mention if r.high is None else FigureRange(**vars(mention), high=float(r.high))


def find_figures(text: str, dates: list[DateMention] | None = None) -> list[FigureMention]:
    """Every figure in `text`, in order, with exact offsets, subject and period. `dates`
    are the dates of `text` when the caller has found them already (find_dates runs
    otherwise): a date is never a figure, and the nearest one is a figure's period."""
    spans = [(d.start, d.end) for d in (find_dates(text) if dates is None else dates)]
    busy = spans + [r.span() for r in _REFERENCE.finditer(text)]
    busy += [p.span() for p in _PHONE.finditer(text)]
    raws = keep_longest(_outside(list(_raw_figures(text)), busy), lambda r: (r.start, r.end))
    starts, date_starts = [r.start for r in raws], [a for a, _ in spans]
    found: list[FigureMention] = []
    for lo, hi in _sentence_spans(text):
        here = raws[bisect_left(starts, lo) : bisect_left(starts, hi)]
        if not here:
            continue
        periods = spans[bisect_left(date_starts, lo) : bisect_left(date_starts, hi)]
        periods += [r.span() for r in _RELATIVE.finditer(text, lo, hi)]
        found += [_mention(text, r, lo, hi, periods) for r in _settle(here)]
    return found
