"""Lexical retrieval (BM25 with French stemming) and reciprocal rank fusion."""

from __future__ import annotations

import heapq
import json
import math
import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
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


def terms(text: str) -> list[str]:
    """The stemmed, accent-free content words of a text, as BM25 sees them."""
    stop = _stopwords()
    words = [w for w in _WORDS.findall(fold(text)) if w not in stop]
    return list(_stemmer().stemWords(words))


# BM25's parameters (Lucene's variant, as bm25s computes it: the scores are the same).
K1 = 1.5
B = 0.75
_EMPTY = "_"  # the one term of a passage with none (it is still a document)
_FILES = ("lexical-indptr.npy", "lexical-rows.npy", "lexical-tf.npy", "lexical-lengths.npy")


class Lexical:
    """BM25 over the passages, scored when asked from each term's postings (the
    passages holding it, and how often), positions aligned with the passage list.

    bm25s stores each (term, passage) score, worked out at build time from the whole
    archive's statistics; every update then scores every passage again, in Python. The
    postings hold only counts, built with numpy: an update costs a sort of the archive's
    postings, and a question scores only the postings of its own terms (Lucene's way).
    The scores are those bm25s gives, to the bit (`tests/store/test_search.py`)."""

    def __init__(
        self,
        vocabulary: list[str],
        indptr: np.ndarray,
        rows: np.ndarray,
        tf: np.ndarray,
        lengths: np.ndarray,
        average: float,
    ) -> None:
        self._terms = vocabulary
        self._ids: dict[str, int] | None = None
        self._indptr, self._rows, self._tf, self._lengths = indptr, rows, tf, lengths
        self._average = average
        self.size = len(lengths)

    @classmethod
    def build(cls, texts: Sequence[str]) -> Lexical:
        return cls.of_terms([terms(t) for t in texts])

    @classmethod
    def of_terms(cls, passages: Sequence[list[str]]) -> Lexical:
        """The index of passages already split into their terms (see `terms`)."""
        docs = [t or [_EMPTY] for t in passages]
        lengths = np.fromiter(map(len, docs), dtype=np.int32, count=len(docs))
        ids: dict[str, int] = {}
        flat = np.fromiter(
            (ids.setdefault(w, len(ids)) for w in chain.from_iterable(docs)),
            dtype=np.int64,
            count=int(lengths.sum()),
        )
        vocabulary = sorted(ids)
        rank = np.empty(len(ids), dtype=np.int64)  # first-seen id -> sorted id
        rank[[ids[w] for w in vocabulary]] = np.arange(len(ids))
        n = max(1, len(docs))
        pairs, tf = np.unique(
            rank[flat] * n + np.repeat(np.arange(len(docs)), lengths), return_counts=True
        )
        return cls._of_pairs(vocabulary, pairs, tf, lengths)

    @classmethod
    def _of_pairs(
        cls, vocabulary: list[str], pairs: np.ndarray, tf: np.ndarray, lengths: np.ndarray
    ) -> Lexical:
        """The index of its postings: each (term, passage) pair as term × passages +
        passage, sorted, with its count."""
        n = max(1, len(lengths))
        term = pairs // n
        indptr = np.searchsorted(term, np.arange(len(vocabulary) + 1)).astype(np.int64)
        average = float(np.asarray(lengths, dtype=np.int64).mean()) if len(lengths) else 0.0
        return cls(
            vocabulary,
            indptr,
            (pairs % n).astype(np.int32),
            np.minimum(tf, np.iinfo(np.uint16).max).astype(np.uint16),  # (one sentence's)
            lengths,
            average,
        )

    @classmethod
    def updated(
        cls, previous: Lexical, old_of_new: np.ndarray, fresh: Sequence[list[str]]
    ) -> Lexical:
        """`of_terms` of a new passage list made from `previous`'s postings, without
        reading again the passages it kept: `old_of_new` gives each new position's
        position in `previous` (-1 for a passage it lacks), `fresh` the terms of those
        passages, in list order. The same index as `of_terms` over every passage, to the
        bit; an update costs a merge of two sorted runs of the postings, not the
        archive's terms split and counted again in Python."""
        old_of_new = np.asarray(old_of_new, dtype=np.int64)
        n = max(1, len(old_of_new))
        kept = old_of_new >= 0
        new_of_old = np.full(previous.size, -1, dtype=np.int64)
        new_of_old[old_of_new[kept]] = np.nonzero(kept)[0]
        # The previous postings, on their new positions (those of dropped passages go).
        old_terms = np.repeat(
            np.arange(len(previous._terms), dtype=np.int64), np.diff(previous._indptr)
        )
        rows = new_of_old[np.asarray(previous._rows)]
        live = rows >= 0
        old_terms, rows = old_terms[live], rows[live]
        old_tf = np.asarray(previous._tf)[live]
        used = np.nonzero(np.bincount(old_terms, minlength=len(previous._terms)))[0]
        still = [previous._terms[i] for i in used.tolist()]
        docs = [t or [_EMPTY] for t in fresh]
        added = sorted(set(chain.from_iterable(docs)).difference(still))
        # Each kept term's id among the terms left and those added (both sorted).
        inserted = np.array([bisect_left(still, w) for w in added], dtype=np.int64)
        renamed = np.full(len(previous._terms), -1, dtype=np.int64)
        renamed[used] = np.arange(len(used)) + np.searchsorted(
            inserted, np.arange(len(used)), side="right"
        )
        vocabulary = list(heapq.merge(still, added))
        keys = [renamed[old_terms] * n + rows]
        counts = [old_tf]
        fresh_at = np.nonzero(~kept)[0]
        lengths = np.zeros(len(old_of_new), dtype=np.int32)
        lengths[kept] = np.asarray(previous._lengths)[old_of_new[kept]]
        if docs:
            if len(docs) != len(fresh_at):
                raise ValueError("one list of terms is needed per passage the previous lacks")
            lengths[fresh_at] = [len(d) for d in docs]
            ids = {w: bisect_left(vocabulary, w) for w in set(chain.from_iterable(docs))}
            flat = np.fromiter(
                (ids[w] for w in chain.from_iterable(docs)),
                dtype=np.int64,
                count=int(lengths[fresh_at].sum()),
            )
            pairs, tf = np.unique(
                flat * n + np.repeat(fresh_at, lengths[fresh_at]), return_counts=True
            )
            keys.append(pairs)
            counts.append(tf)
        every = np.concatenate(keys)
        # Two sorted runs: a stable sort merges them in one pass.
        order = np.argsort(every, kind="stable")
        return cls._of_pairs(vocabulary, every[order], np.concatenate(counts)[order], lengths)

    def save(self, folder: Path) -> None:
        arrays = (self._indptr, self._rows, self._tf, self._lengths)
        for name, array in zip(_FILES, arrays, strict=True):
            np.save(folder / name, array)
        header = {"terms": self._terms, "average": self._average}
        (folder / "lexical.json").write_text(json.dumps(header, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, folder: Path, size: int) -> Lexical:
        """The index saved in `folder` (memory-mapped); ValueError when it does not
        hold `size` passages (another build's leftovers: the snapshot is built again)."""
        header = json.loads((folder / "lexical.json").read_text("utf-8"))
        indptr, rows, tf, lengths = (np.load(folder / name, mmap_mode="r") for name in _FILES)
        if len(lengths) != size or len(indptr) != len(header["terms"]) + 1:
            raise ValueError(f"the BM25 index in {folder} does not fit its passages")
        return cls(header["terms"], indptr, rows, tf, lengths, float(header["average"]))

    def _column(self, stem: str) -> int | None:
        if self._ids is None:
            self._ids = {term: i for i, term in enumerate(self._terms)}
        return self._ids.get(stem)

    def vocabulary(self) -> list[str]:
        """Every stem some passage holds."""
        return [w for w in self._terms if w != _EMPTY]

    def _df(self, column: int) -> int:
        return int(self._indptr[column + 1] - self._indptr[column])

    def idf(self, stem: str) -> float | None:
        """BM25's inverse document frequency of a stem; None when no passage has it."""
        column = self._column(stem) if self.size else None
        if column is None:
            return None
        df = self._df(column)
        return float(np.log((self.size - df + 0.5) / (df + 0.5) + 1.0))

    def postings(self, stem: str) -> np.ndarray:
        """The positions of the passages that hold a stem, in order (empty when none
        does)."""
        column = self._column(stem) if self.size else None
        if column is None:
            return np.zeros(0, dtype=np.int64)
        return np.asarray(self._rows[self._indptr[column] : self._indptr[column + 1]], np.int64)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage for the query (zeros when no word is known)."""
        return self.scores_of(terms(query))

    def scores_of(self, stems: Sequence[str]) -> np.ndarray:
        """BM25 score of every passage for stems already made (zeros when none is known);
        a stem given twice counts twice, as in bm25s."""
        scores = np.zeros(self.size, dtype=np.float32)
        for stem in stems:
            column = self._column(stem) if self.size else None
            if column is None:
                continue
            lo, hi = int(self._indptr[column]), int(self._indptr[column + 1])
            rows = np.asarray(self._rows[lo:hi])
            tf = np.asarray(self._tf[lo:hi], dtype=np.float64)
            # bm25s's arithmetic, step by step: float32 idf, float64 term part, one
            # float32 score per posting, summed in float32 term by term.
            idf = np.float32(math.log(1 + (self.size - (hi - lo) + 0.5) / (hi - lo + 0.5)))
            length = B * self._lengths[rows].astype(np.float64) / self._average
            part = tf / (K1 * ((1 - B) + length) + tf)
            scores[rows] += (np.float64(idf) * part).astype(np.float32)
        return scores


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
