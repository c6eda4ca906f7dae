"""Where a cited sentence sits in its article's text, so it can be highlighted in place."""

from __future__ import annotations

import re

from store.text import fold as _fold


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def locate_quote(
    text: str, quote: str, start: int | None = None, end: int | None = None
) -> tuple[int, int] | None:
    """The `(start, end)` of `quote` in `text`: the citation's own offsets when they hold
    the quote, else the first exact match, else a match ignoring case, accents, spacing
    and punctuation; None when the text does not contain it."""
    if start is not None and end is not None and 0 <= start < end <= len(text):
        if _words(_fold(text[start:end])) == _words(_fold(quote)) or not quote:
            return start, end
    if not quote.strip():
        return None
    found = text.find(quote)
    if found >= 0:
        return found, found + len(quote)
    words = _words(quote)
    if not words:
        return None
    # Folding keeps one character per character for precomposed French letters, so
    # offsets in the folded text are offsets in the original; otherwise match case-blind.
    folded = _fold(text)
    if len(folded) == len(text):
        match = re.search(r"\W+".join(re.escape(_fold(w)) for w in words), folded)
    else:
        match = re.search(r"\W+".join(re.escape(w) for w in words), text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None
