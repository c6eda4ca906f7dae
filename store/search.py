"""Lexical retrieval (BM25 with French stemming) and reciprocal rank fusion."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from store.text import fold_words

# Measured on tests/data/retrieval_pairs.yaml (make bench-retrieval): the word-vector
# ranking is far weaker than BM25 on this archive, so it mostly breaks ties and rescues
# questions worded unlike the text; a small k keeps BM25's top ranks apart.
RRF_K = 10
DENSE_WEIGHT = 0.15
# Teasers of other articles rank below the article's own text.
RELATED_WEIGHT = 0.5


def fold(text: str) -> str:
    """Lower case, no accents, apostrophes split off: the form questions and text meet in."""
    return fold_words(text)


_WORDS = re.compile(r"(?u)\b\w\w+\b")


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("french")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_FRENCH

    return frozenset(fold(w).strip() for w in STOPWORDS_FRENCH)


def _quiet_bm25s() -> None:
    # bm25s logs every index build at DEBUG through its own handler; a CLI user sees it.
    import logging

    logging.getLogger("bm25s").setLevel(logging.WARNING)


def terms(text: str) -> list[str]:
    """The stemmed, accent-free content words of a text, as BM25 sees them."""
    stop = _stopwords()
    words = [w for w in _WORDS.findall(fold(text)) if w not in stop]
    return list(_stemmer().stemWords(words))


class Lexical:
    """A bm25s index over passage texts, positions aligned with the passage list."""

    def __init__(self, retriever: Any, size: int) -> None:
        self._retriever = retriever
        self.size = size

    @classmethod
    def build(cls, texts: Sequence[str]) -> Lexical:
        return cls.of_terms([terms(t) for t in texts])

    @classmethod
    def of_terms(cls, passages: Sequence[list[str]]) -> Lexical:
        """The index of passages already split into their terms (see `terms`)."""
        import bm25s

        _quiet_bm25s()
        retriever = bm25s.BM25()
        if passages:
            retriever.index([t or ["_"] for t in passages], show_progress=False)
        return cls(retriever, len(passages))

    def save(self, folder: Path) -> None:
        if self.size:
            self._retriever.save(str(folder / "bm25"), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> Lexical:
        import bm25s

        _quiet_bm25s()
        if not size:
            return cls(bm25s.BM25(), 0)
        return cls(bm25s.BM25.load(str(folder / "bm25"), mmap=True, show_progress=False), size)

    def vocabulary(self) -> list[str]:
        """Every stem some passage holds."""
        return [w for w in self._retriever.vocab_dict if w] if self.size else []

    def idf(self, stem: str) -> float | None:
        """BM25's inverse document frequency of a stem; None when no passage has it."""
        if not self.size:
            return None
        column = self._retriever.vocab_dict.get(stem)
        if column is None:
            return None
        indptr = self._retriever.scores["indptr"]
        df = int(indptr[column + 1] - indptr[column])
        if df == 0:
            return None
        return float(np.log((self.size - df + 0.5) / (df + 0.5) + 1.0))

    def postings(self, stem: str) -> np.ndarray:
        """The positions of the passages that hold a stem, in order (empty when none
        does): the column of the BM25 matrix, read without scoring."""
        column = self._retriever.vocab_dict.get(stem) if self.size else None
        if column is None:
            return np.zeros(0, dtype=np.int64)
        indptr = self._retriever.scores["indptr"]
        found = self._retriever.scores["indices"][indptr[column] : indptr[column + 1]]
        return np.unique(np.asarray(found, dtype=np.int64))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage for the query (zeros when no word is known)."""
        return self.scores_of(terms(query))

    def scores_of(self, stems: Sequence[str]) -> np.ndarray:
        """BM25 score of every passage for stems already made (zeros when none is known)."""
        known = [t for t in stems if t in self._retriever.vocab_dict] if self.size else []
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)


def rrf(
    rankings: Sequence[Sequence[int]], weights: Sequence[float] | None = None, k: int = RRF_K
) -> dict[int, float]:
    """Weighted reciprocal rank fusion of best-first rankings of passage positions."""
    fused: dict[int, float] = {}
    for j, ranking in enumerate(rankings):
        weight = weights[j] if weights else 1.0
        for rank, position in enumerate(ranking):
            fused[position] = fused.get(position, 0.0) + weight / (k + rank + 1)
    return fused
