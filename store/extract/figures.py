"""Find figures in French text: money, percentages, counts, ordinals and durations.

Each figure carries what it measures (`subject`) and when (`period`), found by simple,
deterministic rules over the sentence: small French vocabulary tables, no parser.
Dates are found first and never reported as figures ("en 2012", "30 janvier 1950").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from text_to_num import text2num

from store.extract.dates import find_dates, keep_longest
from store.models import FigureMention

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
ROUND_NOUNS: dict[str, int] = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
}
DURATIONS = {"an", "ans", "année", "années", "mois", "jour", "jours", "semaine", "semaines",
             "heure", "heures", "minute", "minutes", "siècle", "siècles", "décennie",
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


def _alt(words: list[str] | dict[str, int] | set[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUMBER = re.compile(
    r"(?<![\w°/.,\-–+])(?:(?P<thousands>[0-9]{1,3}(?:(?:\.|[ \u00a0\u202f])[0-9]{3})+(?![0-9])"
    r"(?:,[0-9]+)?)|(?P<dotdec>[0-9]+\.[0-9]{1,2})(?![0-9.])|(?P<plain>[0-9]+(?:,[0-9]+)?))"
    rf"|\bune\s+(?P<round>{_alt(ROUND_NOUNS)})\s+(?=de\s|d['’])"
    rf"|\b(?P<words>(?:{_alt(FR_NUMBER_WORDS)})(?:[\s-]+et[\s-]+(?:un|une|onze)\b"
    rf"|[\s-]+(?:{_alt(FR_NUMBER_WORDS)}))*)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\s*(?:%|pour\s*cent\b|pourcents?\b|percent\b|per\s+cent\b)", re.I)
_SCALE = re.compile(rf"\s+(?P<scale>{_alt(SCALES)})\b", re.IGNORECASE)
_CURRENCY = re.compile(
    rf"\s*(?:(?:de|of)\s+|d['’])?(?P<cur>{'|'.join(CURRENCIES)})(?!\w)", re.IGNORECASE
)
_CURRENCY_BEFORE = re.compile(r"(?P<cur>US\$|\$|€|£|¥)\s?$")
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
    try:
        if m["thousands"]:
            return Decimal(re.sub(r"[.\s\u00a0\u202f]", "", m["thousands"]).replace(",", "."))
        if m["dotdec"]:
            return Decimal(m["dotdec"])
        if m["plain"]:
            return Decimal(m["plain"].replace(",", "."))
        if m["round"]:
            return Decimal(ROUND_NOUNS[m["round"].lower()])
        return Decimal(text2num(re.sub(r"\s+", " ", m["words"].lower()), "fr"))
    except (ValueError, InvalidOperation):
        return None  # "deux et trois", or words text2num does not read as one number


def _noun(text: str, pos: int, allow_capital: bool = False) -> tuple[int, int, str] | None:
    """The noun counted by a number ending at `pos`, skipping "premiers", "dernières"…"""
    for tok in _TOKEN.finditer(text, pos, min(len(text), pos + 80)):
        word = tok.group()
        if word.lower() in NUMBER_ADJECTIVES:
            continue
        if _is_content(word, allow_capital) and word.lower() not in SCALES:
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
    return next(c for p, c in CURRENCIES.items() if re.fullmatch(p, name, re.IGNORECASE))


def _read_one(text: str, m: re.Match[str]) -> _Raw | None:
    """Read the number at `m` and what follows it: %, scale, currency, ordinal or noun."""
    value = _number_value(m)
    if value is None:
        return None
    start, end = m.start(), m.end()
    approx = m["round"] is not None or bool(_APPROX_BEFORE.search(text, max(0, start - 30), start))
    is_digits = m["words"] is None and m["round"] is None
    if is_digits and end < len(text) and text[end].isalpha():
        return _read_ordinal(text, m, value, approx)
    if percent := _PERCENT.match(text, end):
        return _Raw(start, percent.end(), value, "percent", "%", approx)
    if is_digits and (scale := _SCALE.match(text, end)):
        value, end = value * SCALES[scale["scale"].lower()], scale.end()
    if symbol := _CURRENCY_BEFORE.search(text, max(0, start - 4), start):  # "$2.45 billion"
        return _Raw(symbol.start(), end, value, "money", _currency_code(symbol["cur"]), approx)
    if currency := _CURRENCY.match(text, end):
        return _Raw(start, currency.end(), value, "money", _currency_code(currency["cur"]), approx)
    scaled = value >= 10**6 and text[end - 1].isalpha()  # "830 millions", waiting for a currency
    of = _OF.match(text, end) if scaled or m["round"] else None
    noun = _noun(text, of.end() if of else end)
    if noun is None:
        return _Raw(start, end, value, "scaled" if scaled else "number", None, approx)
    unit = _unit_word(noun[2])
    if scaled:  # the noun may turn out to be the subject of a sum in dollars
        return _Raw(start, end, value, "scaled", unit, approx, noun[0], noun[1])
    kind = "duration" if unit in DURATIONS else "count"
    return _Raw(start, noun[1], value, kind, unit, approx, noun[0], noun[1])


def _raw_figures(text: str) -> Iterator[_Raw]:
    for m in _NUMBER.finditer(text):
        raw = _read_one(text, m)
        if raw is None:
            continue
        spelled_small = m["words"] is not None and raw.value < 10
        if spelled_small and raw.kind not in {"duration", "money", "percent"}:
            continue  # "les deux pays", "un accord": grammar, not figures
        if raw.kind == "number":
            continue  # a bare number with no unit ("Région 4", "2026") says nothing by itself
        yield raw


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


def _period(text: str, raw: _Raw, candidates: list[tuple[int, int]]) -> str | None:
    """The date expression nearest to the figure, preferring one in the same clause."""
    spans = [s for s in candidates if s[1] <= raw.start or s[0] >= raw.end]
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


def _settle(raws: list[_Raw]) -> list[_Raw]:
    """An amount in "millions" with no currency takes the currency of the nearest sum of
    its sentence ("830 millions d'importations" next to dollars); else it is a count."""
    money = [r for r in raws if r.kind == "money"]
    out = []
    for r in raws:
        if r.kind == "scaled" and money:
            near = min(money, key=lambda m: (m.start > r.start, abs(m.start - r.start)))
            r = replace(r, kind="money", unit=near.unit)
        elif r.kind == "scaled" and r.noun_end is not None:
            kind = "duration" if r.unit in DURATIONS else "count"
            r = replace(r, kind=kind, end=r.noun_end)
        elif r.kind == "scaled":
            r = replace(r, kind="number")
        out.append(r)
    return out


def find_figures(text: str) -> list[FigureMention]:
    """Every figure in `text`, in order, with exact offsets, subject and period."""
    dates = [(d.start, d.end) for d in find_dates(text)]
    busy = dates + [r.span() for r in _REFERENCE.finditer(text)]
    raws = keep_longest(_outside(list(_raw_figures(text)), busy), lambda r: (r.start, r.end))
    starts, date_starts = [r.start for r in raws], [a for a, _ in dates]
    found: list[FigureMention] = []
    for lo, hi in _sentence_spans(text):
        here = raws[bisect_left(starts, lo) : bisect_left(starts, hi)]
        if not here:
            continue
        periods = dates[bisect_left(date_starts, lo) : bisect_left(date_starts, hi)]
        periods += [r.span() for r in _RELATIVE.finditer(text, lo, hi)]
        for r in _settle(here):
            found.append(
                FigureMention(
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
            )
    return found
