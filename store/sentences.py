"""Sentence boundaries with exact character offsets.

A regex splitter rather than spaCy's: ingest runs NER only (no parser), and
initials such as `I. Petrov` or `M. Nowak` must not end a sentence.
"""

from __future__ import annotations

import re

# French typography may put a (no-break) space before a closing guillemet: « Nous irons. »
_BOUNDARY = re.compile(r"(?<=[.!?…])(?:\s?[\"»”)])?\s+(?=[\"«“(]?[A-ZÀ-ÖØ-Þ0-9])")
# Words that end with a period without ending the sentence (general French abbreviations).
_ABBREVIATIONS = frozenset(
    "m mm mme mmes mlle dr pr me st ste av apr env etc cf p pp vol no n° art min "
    "janv fév févr sept oct nov déc j.-c jc".split()
)
_LAST_WORD = re.compile(r"(\S+)\.$")


def _ends_with_abbreviation(chunk: str) -> bool:
    match = _LAST_WORD.search(chunk)
    if not match:
        return False
    word = match.group(1).lstrip('(«"“')
    if len(word) == 1 and word.isupper():  # an initial: "I. Petrov"
        return True
    return word.lower() in _ABBREVIATIONS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence of `text`, trimmed of surrounding space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _ends_with_abbreviation(text[start : match.start()].rstrip('"»”)')):
            continue
        spans.append((start, match.start() + len(match.group(0).rstrip())))
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            result.append((s, e))
    return result
