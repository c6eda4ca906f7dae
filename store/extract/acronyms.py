"""Acronyms the articles define, and whether a question's acronym names a phrase.

French news defines an acronym once, in parentheses after the full name
(`Organisation mondiale du commerce (OMC)`), and often keeps the letters of the English
name (`ADMM+` after `Conférence des ministres de la Défense de l'ASEAN élargie`):
definitions are therefore matched loosely (letters in any order), while
`acronym_matches` on its own is strict (initials in order).
"""

from __future__ import annotations

import re
from collections import Counter

from store.text import fold

FUNCTION_WORDS = frozenset(
    "de du des d la le l les et à au aux en pour sur dans of the and for".split()
)
_ACRONYM = r"[A-ZÀ-Ý][A-ZÀ-Ý0-9&.+-]*[A-ZÀ-Ý0-9+]"
_DEFINED_AFTER = re.compile(rf"\(\s*({_ACRONYM})\s*\)")
_DEFINED_BEFORE = re.compile(rf"\b({_ACRONYM})\s*\(([^()]{{3,120}})\)")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_MAX_WORDS = 14
# A name an acronym of other initials stands for has at least this many words and
# shares this share of its letters with the acronym (a translated name keeps a few).
MIN_NAME_WORDS = 4
LOOSEST = 0.3


def _letters(acronym: str) -> str:
    return "".join(c for c in fold(acronym) if c.isalpha())


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _words(phrase: str) -> list[str]:
    """Words with elisions split (`l'ASEAN` → `l`, `ASEAN`) and hyphens kept as parts."""
    out: list[str] = []
    for word in _WORD.findall(phrase):
        out.extend(p for p in re.split(r"[-'’]", word) if p)
    return out


def _initials(phrase: str) -> tuple[list[str], list[str]]:
    """Initials of content words, and of every word (function words included)."""
    words = _words(phrase)
    content = [fold(w)[0] for w in words if fold(w) not in FUNCTION_WORDS]
    return content, [fold(w)[0] for w in words]


def acronym_matches(acronym: str, phrase: str) -> bool:
    """True when the acronym spells the phrase's content-word initials, in order
    (`ONU` ~ "Organisation des Nations unies"); function words may
    lend their initial too, as in some official acronyms."""
    letters = _letters(acronym)
    words = _words(phrase)
    if len(letters) < 2 or not words:
        return False
    reached = {0}  # letters consumed so far, over every way of reading the words
    for word in words:
        initial, optional = fold(word)[0], fold(word) in FUNCTION_WORDS
        step = {j + 1 for j in reached if j < len(letters) and letters[j] == initial}
        reached = step | reached if optional else step
        if not reached:
            return False
    return len(letters) in reached


def _loose_score(letters: str, phrase: str) -> float:
    """Share of the acronym's letters found among the phrase's initials."""
    content, _ = _initials(phrase)
    if not content:
        return 0.0
    common = sum((Counter(letters) & Counter(content)).values())
    return common / max(len(letters), len(content))


def _best_phrase(acronym: str, before: str) -> str | None:
    """The shortest tail of `before` that the acronym names, starting on a capital."""
    letters = _letters(acronym)
    clause = re.split(r"[,;:.!?()«»\"–—]", before)[-1]
    parts = list(re.finditer(r"[^\W_]+", clause))[-_MAX_WORDS:]
    best: tuple[float, str] | None = None
    longest: str | None = None
    for part in reversed(parts):
        word = part.group()
        if not word[:1].isupper() or fold(word) in FUNCTION_WORDS:
            continue
        phrase = clause[part.start() :].strip()
        if acronym_matches(acronym, phrase):
            return phrase
        score = _loose_score(letters, phrase)
        if score >= 0.6 and (best is None or score > best[0]):
            best = (score, phrase)
        if not _is_acronym(word) and len(_words(phrase)) >= MIN_NAME_WORDS:
            longest = phrase if score >= LOOSEST else longest
    # An acronym of a foreign name (« l'Accord-cadre sur l'économie numérique (DEFA) »,
    # the English initials): the longest capitalised name right before the parenthesis.
    return best[1] if best else longest


def find_acronyms(text: str) -> dict[str, str]:
    """Acronyms defined in the text, mapped to the phrase they stand for.

    `Organisation mondiale du commerce (OMC)` and `OMC (Organisation mondiale du commerce)`
    both give {"OMC": "Organisation mondiale du commerce"}; the first definition wins.
    """
    found: dict[str, str] = {}
    for m in _DEFINED_AFTER.finditer(text):
        acronym = m.group(1)
        if _is_acronym(acronym) and acronym not in found:
            phrase = _best_phrase(acronym, text[: m.start()])
            if phrase:
                found[acronym] = phrase
    for m in _DEFINED_BEFORE.finditer(text):
        acronym, inside = m.group(1), m.group(2).strip()
        if _is_acronym(acronym) and acronym not in found and not _is_acronym(inside):
            if acronym_matches(acronym, inside) or _loose_score(_letters(acronym), inside) >= 0.6:
                found[acronym] = inside
    return found
