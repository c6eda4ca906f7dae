"""An extractive summary: an article's lead, then its most central sentences.

Centrality is LexRank (Erkan & Radev, 2004) over the sentence vectors the store already
embeds with (SIF-weighted word vectors of the spaCy French model): a sentence is central
when the sentences that resemble it are central too; a share of the score goes to how
close it stands to the title and lead, what the article says it is about. A library
such as sumy would do LexRank too, but its French sentence and word splitting needs
NLTK data downloaded at run time, which this product never does, and it would split
again text the store has already split into sentences with offsets.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from store.text import fold
from tools.archive.weights import (
    ABOUT_SHARE,
    DAMPING,
    MIN_WORDS,
    REDUNDANT,
    SAME_SENTENCE,
    SENTENCES_PER_PICK,
    SUMMARY_MAX,
    SUMMARY_MIN,
)

if TYPE_CHECKING:
    from tools.archive.catalog import Catalog

_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(fold(text)))


def _lexrank(similarity: np.ndarray) -> np.ndarray:
    """The stationary distribution of a random walk over sentences that moves to a
    sentence in proportion to its likeness (continuous LexRank), with damping."""
    n = len(similarity)
    if n == 0:
        return np.zeros(0)
    rows = similarity.sum(axis=1, keepdims=True)
    walk = np.divide(similarity, rows, out=np.full_like(similarity, 1.0 / n), where=rows > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(100):
        new = (1 - DAMPING) / n + DAMPING * walk.T @ rank
        if np.abs(new - rank).sum() < 1e-9:
            break
        rank = new
    return rank / rank.max() if rank.max() > 0 else rank


def summarise(catalog: Catalog, article: int, size: int = 0) -> list[int]:
    """The positions of a summary's sentences: the lead's first sentence, then the most
    central sentences of the body in the article's order — 3 to 5 in all when the
    article has that many (`size` asks for that many, within those bounds)."""
    entry = catalog.entries[article]
    own = [
        (pos, catalog.passage(pos))
        for pos in range(entry.first, entry.end)
        if catalog.passage(pos).kind in ("lead", "body")
    ]
    if not own:
        return []
    leads = [pos for pos, p in own if p.kind == "lead"]
    lead = leads[0] if leads else own[0][0]
    lead_words = _words(catalog.passage(lead).text)
    candidates = []
    for pos, p in own:
        words = _words(p.text)
        if pos == lead or len(words) < MIN_WORDS:
            continue
        if len(words & lead_words) >= SAME_SENTENCE * min(len(words), len(lead_words)):
            continue  # the lead again, as the first paragraph of the body
        candidates.append(pos)
    wanted = size or round(len(candidates) / SENTENCES_PER_PICK) + 1
    picks = max(SUMMARY_MIN, min(SUMMARY_MAX, wanted)) - 1
    if len(candidates) <= picks:
        return [lead, *candidates]
    table = catalog.knowledge.store.word_vectors()
    vectors = np.array([table.embed(catalog.passage(p).text) for p in candidates])
    about = np.array(table.embed(f"{entry.title}. {catalog.passage(lead).text}"))
    similarity = np.clip(vectors @ vectors.T, 0.0, None)
    np.fill_diagonal(similarity, 0.0)
    score = (1 - ABOUT_SHARE) * _lexrank(similarity) + ABOUT_SHARE * np.clip(vectors @ about, 0, 1)
    lead_vector = np.array(table.embed(catalog.passage(lead).text))
    chosen: list[int] = []
    for i in np.argsort(-score, kind="stable"):
        if len(chosen) == picks:
            break
        near = [float(vectors[i] @ vectors[j]) for j in chosen] + [float(vectors[i] @ lead_vector)]
        if max(near) < REDUNDANT:
            chosen.append(int(i))
    return [lead, *sorted(candidates[i] for i in chosen)]
