"""Split words glued together where the source lost a line break.

No library repairs this kind of damage, so the rules are written here; the
knowledge of what is a French word comes from real lexicons: `wordfreq`'s
French frequency list and the vocabulary of spaCy's `fr_core_news_md` vectors.
A name is never split on a guess: camel-case names (`PetroNord`) are only
split when both halves stand alone elsewhere in the same article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+")
_GLUED_COMMA = re.compile(r"([^\W\d_]+),([^\W\d_]+)")
_GLUED_ELISION = re.compile(r"\b([^\W\d_]{3,}?)(l|d|j|n|m|s|t|c|qu)(['’])(?=[^\W\d_])")
# "importations.Ce premier trimestre": a sentence end whose space was lost.
_GLUED_PERIOD = re.compile(r"([a-zà-öø-ÿœ]{3,})\.([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿœ]+)")
_VOWEL = re.compile(r"[aeiouyàâäéèêëîïôöùûüÿœæ]", re.IGNORECASE)
_LOWER = "a-zà-öø-ÿœæ"
_UPPER = "A-ZÀ-ÖØ-ÞŒÆ"
_LOWER_THEN_UPPER = re.compile(rf"^([{_LOWER}]{{2,}})([{_UPPER}].*)$")
_CAMEL_PAIR = re.compile(rf"^([{_UPPER}][{_LOWER}]+)([{_UPPER}][{_LOWER}]+)$")
_DIGITS_THEN_WORD = re.compile(rf"^(\d+)([{_LOWER}]{{3,}})$")
_WORD_THEN_DIGITS = re.compile(rf"^([{_LOWER}]{{2,}})(\d+)$")

# A half must be at least this common (wordfreq's Zipf scale: 3 = once per
# million words) for a split to be believed.
_COMMON = 3.0
# A glued tail such as "dont" or "les" after an unknown name must be very common.
_FUNCTION_WORD = 5.0
# How much more common (in Zipf units, a factor of 1,000) both halves must be than the token.
_GAP = 3.0
# Halves this long are words, not syllables of a foreign name ("Comité" + "intergouvernemental").
_LONG_PART = 5
# Single letters are words only when extremely common ("à", "a", "y").
_ONE_LETTER = 6.5


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.lower(), "fr"))


def _spacy_knows(word: str) -> bool:
    from store.nlp import vectors_vocab

    return bool(vectors_vocab().has_vector(word.lower()))


def _is_known(word: str) -> bool:
    return zipf(word) > 0 or _spacy_knows(word)


def _is_word(part: str) -> bool:
    if not _VOWEL.search(part):
        return False
    # Long words are rarer yet unmistakable ("intergouvernemental" is Zipf 2.7).
    threshold = _ONE_LETTER if len(part) == 1 else _COMMON - 1 if len(part) >= 10 else _COMMON
    return zipf(part) >= threshold


def _best_split(token: str) -> tuple[str, str] | None:
    """The split of a rare token into two common words, the most common pair first.

    Web-derived frequency lists hold some glued forms too ("surles"), so a split
    wins when both halves are far more common than the token itself.
    """
    best: tuple[float, int] | None = None
    for i in range(1, len(token)):
        left, right = token[:i], token[i:]
        if _is_word(left) and _is_word(right):
            score = min(zipf(left), zipf(right))
            if best is None or score > best[0]:
                best = (score, i)
    if best is None:
        return None
    seen = zipf(token)
    if seen > 0 and best[0] - seen < _GAP or seen == 0 and _spacy_knows(token):
        return None
    return token[: best[1]], token[best[1] :]


def split_token(token: str, standalone: Callable[[str], bool], initial: bool = True) -> list[str]:
    """The words a token was made of; `[token]` when it is not glued.

    `standalone(word)` says whether the word occurs on its own in the same article;
    `initial`, whether the token starts a sentence or a line (inside one, a capitalised
    word is a name: « Vuon » is not « Vu » + « on »).
    """
    if match := _DIGITS_THEN_WORD.match(token):
        if _is_word(match.group(2)):
            return [match.group(1), *split_token(match.group(2), standalone)]
        return [token]
    if match := _WORD_THEN_DIGITS.match(token):
        if zipf(match.group(1)) >= _COMMON + 1:
            return [match.group(1), match.group(2)]
        return [token]
    if match := _LOWER_THEN_UPPER.match(token):
        left, right = match.groups()
        if zipf(left) >= _COMMON:
            return [left, *split_token(right, standalone)]
        return [token]
    if match := _CAMEL_PAIR.match(token):
        left, right = match.groups()
        if standalone(left) and standalone(right):
            return [left, right]
        return [token]
    if len(token) < 4 or not token.isalpha() or zipf(token) >= _COMMON:
        return [token]  # a common word is never two glued ones (and most words are common)
    if token.islower() and (pair := _best_split(token)):
        return list(pair)
    if not token[1:].islower():
        return [token]
    # A capitalised token: either a sentence-initial function word glued to the next
    # word ("Les" + "relations"), or an unknown name with a very common word glued
    # to its end ("…viet" + "dont"). Anything else is left alone: it may be a name.
    pair = _best_split(token)
    if pair and (initial and zipf(pair[0]) >= _FUNCTION_WORD or min(map(len, pair)) >= _LONG_PART):
        return list(pair)
    if token[0].isupper() and not _is_known(token):
        for i in range(4, len(token) - 2):
            tail = token[i:]
            if zipf(tail) >= _FUNCTION_WORD and not _is_known(token[:i]):
                return [token[:i], tail]
    return [token]


def repair_text(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text with glued words split, and the list of (before, after) repairs made."""
    tokens = set(_WORD.findall(text))
    repairs: list[tuple[str, str]] = []

    def fix(match: re.Match[str]) -> str:
        token = match.group(0)
        before = match.string[max(0, match.start() - 8) : match.start()].rstrip(' \t«"“(')
        initial = match.start() < 8 and not before or before[-1:] in (".", "!", "?", ":", "\n")
        parts = split_token(token, tokens.__contains__, initial)
        if len(parts) == 1:
            return token
        fixed = " ".join(parts)
        repairs.append((token, fixed))
        return fixed

    def split_elision(match: re.Match[str]) -> str:
        token, elided = match.group(1), match.group(2)
        whole = token + elided
        if zipf(whole) > 0 or _spacy_knows(whole) or not _is_word(token):
            return match.group(0)
        repairs.append((whole, f"{token} {elided}"))
        return f"{token} {elided}{match.group(3)}"

    # "commel'industrie": a word glued to an elided article, which the word pass cannot see.
    text = _GLUED_ELISION.sub(split_elision, text)
    text = _WORD.sub(fix, text)

    def space_after_comma(match: re.Match[str]) -> str:
        repairs.append((match.group(0), match.group(1) + ", " + match.group(2)))
        return match.group(1) + ", " + match.group(2)

    text = _GLUED_COMMA.sub(space_after_comma, text)

    def space_after_period(match: re.Match[str]) -> str:
        repairs.append((match.group(0), f"{match.group(1)}. {match.group(2)}"))
        return f"{match.group(1)}. {match.group(2)}"

    return _GLUED_PERIOD.sub(space_after_period, text), repairs
