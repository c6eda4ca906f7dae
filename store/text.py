"""Text folding: the one place that says how questions and articles are compared.

Every comparison of words (search, names, questions, regression checks) folds both
sides with these functions, so « Trịnh Đức Khoa », "trinh duc khoa" and "TRINH DUC KHOA" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# NFKD leaves the Vietnamese d with stroke whole: it has no decomposition.
_STROKES = str.maketrans({"đ": "d", "Đ": "D"})
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


@lru_cache(maxsize=65536)
def _strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_STROKES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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
