"""Where a question's words stand in a candidate sentence, and what its context adds.

A sentence is read with its article's title and lead (what the sentence is about)
and the sentence before it (what its pronouns refer to); each question term is found
in the sentence's tokens when possible, so the reader knows which token it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from store.analysis import SentenceAnalysis
from store.search import terms
from store.text import fold
from tools.question import Question, Term
from tools.reader.weights import CONTEXT_SHARE, PREVIOUS_SHARE

SentenceKey = tuple[str, int]


@dataclass(frozen=True)
class TermMatch:
    """One question term and where it was found: `tokens` of the sentence, or only in
    its context ("context", "previous"), or nowhere (None)."""

    term: Term
    tokens: tuple[int, ...]
    where: str | None


@dataclass(frozen=True)
class Evidence:
    """A candidate sentence read against the question."""

    key: SentenceKey
    text: str
    kind: str
    analysis: SentenceAnalysis | None
    matches: tuple[TermMatch, ...]
    coverage: float
    retrieval: float

    def tokens_of(self, kinds: tuple[str, ...] = ("word", "focus", "name")) -> set[int]:
        return {i for m in self.matches if m.term.kind in kinds for i in m.tokens}

    def missing(self) -> list[Term]:
        """Constraint terms found neither in the sentence nor its context."""
        return [m.term for m in self.matches if m.term.kind != "word" and m.where is None]

    @property
    def question_tokens(self) -> set[int]:
        """Every token of the sentence that repeats a word of the question."""
        return {i for m in self.matches for i in m.tokens}


@lru_cache(maxsize=65536)
def word_stems(word: str) -> tuple[str, ...]:
    """The stems of one written word; a hyphenated word has one per part."""
    return tuple(terms(word))


def word_stem(word: str) -> str:
    stems = word_stems(word)
    return stems[0] if stems else ""


@dataclass(frozen=True)
class WordTable:
    """The words of a text as the reader matches them, computed once per text: each
    word's folded hyphen parts and stems, and where each stem stands."""

    words: tuple[str, ...]
    parts: tuple[tuple[str, ...], ...]
    at: dict[str, tuple[int, ...]]
    long: tuple[str, ...] = ()  # stems of six letters or more, for prefix matches

    @classmethod
    def of(cls, words: list[str]) -> WordTable:
        parts = tuple(tuple(p for p in fold(w).split("-") if p) for w in words)
        at: dict[str, list[int]] = {}
        for i, w in enumerate(words):
            for stem in word_stems(w):
                at.setdefault(stem, []).append(i)
        long = tuple(k for k in at if len(k) >= 6)
        return cls(tuple(words), parts, {k: tuple(v) for k, v in at.items()}, long)


EMPTY = WordTable((), (), {})


def _fuzzy_positions(term: Term, table: WordTable) -> list[int]:
    """A name typed one letter off (« Mesier », « Strutthof »)."""
    if term.kind != "name" or term.known or len(term.word) < 5:
        return []
    limit = 1 if len(term.word) < 8 else 2
    size = len(term.word)
    return [
        i
        for i, parts in enumerate(table.parts)
        if any(
            abs(len(p) - size) <= limit
            and Levenshtein.distance(p, term.word, score_cutoff=limit) <= limit
            for p in parts
        )
    ]


def term_in_words(term: Term, words: list[str] | WordTable) -> list[int]:
    """Positions of the words (as written) that the term matches."""
    table = words if isinstance(words, WordTable) else WordTable.of(words)
    if term.kind in ("year", "number"):
        return [
            i
            for i, w in enumerate(table.words)
            if w.replace(".", "").replace("\u202f", "") == term.word
        ]
    found: set[int] = set()
    # "copreside" and "copresident" stem differently: a long shared prefix is one word.
    for stem in term.stems:
        found.update(table.at.get(stem, ()))
    if not found and table.long:
        long = [s for s in term.stems if len(s) >= 6]
        for stem in table.long if long else ():
            if any(s.startswith(stem) or stem.startswith(s) for s in long):
                found.update(table.at[stem])
    if not found:
        found.update(_fuzzy_positions(term, table))
    if not found and term.phrase:
        # « RDV » stands for « République démocratique du Vietnam »: all its words there.
        if all(s in table.at for s in term.phrase):
            found = {table.at[s][0] for s in term.phrase}
    return sorted(found)


def sentence_words(text: str, analysis: SentenceAnalysis | None) -> list[str]:
    """The sentence's tokens as written (the parse's tokens when there is one)."""
    if analysis is not None:
        return [text[s:e] for s, e in zip(analysis.starts, analysis.ends, strict=True)]
    return text.split()


def read_evidence(
    question: Question,
    key: SentenceKey,
    text: str,
    kind: str,
    analysis: SentenceAnalysis | None,
    sentence: WordTable,
    context: WordTable,
    previous: WordTable,
    retrieval: float,
) -> Evidence:
    """Match every term of the question in the sentence, else in its context."""
    matches: list[TermMatch] = []
    hit = total = 0.0
    for term in question.terms:
        total += term.weight
        tokens = term_in_words(term, sentence)
        if tokens:
            matches.append(TermMatch(term, tuple(tokens), "sentence"))
            hit += term.weight
        elif term.kind != "year" and term_in_words(term, context):
            matches.append(TermMatch(term, (), "context"))
            hit += CONTEXT_SHARE * term.weight
        elif term.kind != "year" and term_in_words(term, previous):
            matches.append(TermMatch(term, (), "previous"))
            hit += PREVIOUS_SHARE * term.weight
        else:
            matches.append(TermMatch(term, (), None))
    coverage = hit / total if total else 0.0
    return Evidence(key, text, kind, analysis, tuple(matches), coverage, retrieval)
