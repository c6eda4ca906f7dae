"""Text folding: the one place that says how questions and articles are compared.

Every comparison of words (search, names, questions, regression checks) folds both
sides with these functions, so « Trịnh Đức Khoa », "trinh duc khoa" and "TRINH DUC KHOA" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = re.compile(r"[’'`ʼ]")
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
# "co-président" and "coprésident" are one word in French usage.
_CO_PREFIX = re.compile(r"\bco-(?=\w)")


def strip_accents(text: str) -> str:
    """The text without diacritics, case kept ("Đỗ Hoàng" → "Do Hoang")."""
    if text.isascii():
        return text  # most words have nothing to strip
    return _strip(text)


@lru_cache(maxsize=1)
def _marks() -> re.Pattern[str]:
    """The combining marks of the Basic Multilingual Plane as one character class, read
    from `unicodedata` once (about 20 ms): deleting them with a regex is fifteen times
    quicker than testing each character in Python, which was most of the time it took
    to index a snapshot's passages."""
    ranges: list[list[int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]")


@lru_cache(maxsize=65536)
def _strip(text: str) -> str:
    # NFKD leaves the Vietnamese d with stroke whole: it has no decomposition.
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    if max(decomposed) > "\uffff":  # marks beyond the BMP (historic scripts): the slow way
        return "".join(c for c in decomposed if not unicodedata.combining(c))
    return _marks().sub("", decomposed)


def fold(text: str) -> str:
    """Lower case without diacritics, every other character kept (one-to-one for names)."""
    return strip_accents(text).lower()


def fold_words(text: str) -> str:
    """The form search terms meet in: folded, apostrophes split off, "co-" joined."""
    return _APOSTROPHES.sub(" ", _CO_PREFIX.sub("co", fold(text)))


def normalise(text: str) -> str:
    """A message as typed, folded to words: compatibility forms, straight dashes, single
    spaces ("L’Année  du  Coq" → "l annee du coq")."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return _SPACES.sub(" ", fold_words(text)).strip()
