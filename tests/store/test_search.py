"""BM25 scored from postings gives bm25s's scores to the bit, and keeps them on disk."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from store.ingest import builtin_corpus
from store.parse import load_article
from store.records import passages_of
from store.search import Lexical, terms


def bm25s_scores(docs: list[list[str]], query: list[str]) -> np.ndarray:
    """The scores of bm25s's eager index (Lucene's variant), the reference."""
    import bm25s

    retriever = bm25s.BM25()
    retriever.index([d or ["_"] for d in docs], show_progress=False)
    known = [t for t in query if t in retriever.vocab_dict]
    if not known:
        return np.zeros(len(docs), dtype=np.float32)
    return np.asarray(retriever.get_scores(known), dtype=np.float32)


@pytest.fixture(scope="module")
def corpus_terms() -> list[list[str]]:
    paths = sorted(builtin_corpus().glob("*.txt"))
    return [terms(p.text) for path in paths for p in passages_of(load_article(path))]


QUESTIONS = [
    "Quel est le montant des échanges commerciaux entre le Vietnam et la Russie ?",
    "Qui a rencontré le président russe à Moscou ?",
    "coopération énergie pétrole gaz",
    "mot absent zzzz",
    "Russie Russie Russie",  # a term given three times counts three times
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_scores_are_bm25s_scores_to_the_bit(
    corpus_terms: list[list[str]], question: str
) -> None:
    query = terms(question)
    ours = Lexical.of_terms(corpus_terms).scores_of(query)
    assert ours.dtype == np.float32
    assert np.array_equal(ours, bm25s_scores(corpus_terms, query))


def test_random_documents_with_empty_ones_score_as_in_bm25s() -> None:
    rng = random.Random(7)
    words = [f"w{i}" for i in range(60)]
    docs = [[rng.choice(words) for _ in range(rng.randrange(0, 30))] for _ in range(400)]
    index = Lexical.of_terms(docs)
    for _ in range(20):
        query = [rng.choice(words) for _ in range(rng.randrange(1, 6))]
        assert np.array_equal(index.scores_of(query), bm25s_scores(docs, query))


def test_postings_idf_and_vocabulary_read_from_the_counts() -> None:
    docs = [["a", "b", "a"], [], ["b", "c"], ["c"]]
    index = Lexical.of_terms(docs)
    assert index.postings("a").tolist() == [0]
    assert index.postings("c").tolist() == [2, 3]
    assert index.postings("zz").tolist() == []
    assert index.idf("zz") is None
    assert index.idf("b") == pytest.approx(np.log((4 - 2 + 0.5) / (2 + 0.5) + 1.0))
    assert index.vocabulary() == ["a", "b", "c"]  # (the empty passage's own term aside)


def test_an_index_saved_reads_back_memory_mapped_and_refuses_another_size(
    tmp_path: Path, corpus_terms: list[list[str]]
) -> None:
    built = Lexical.of_terms(corpus_terms)
    built.save(tmp_path)
    loaded = Lexical.load(tmp_path, len(corpus_terms))
    query = terms(QUESTIONS[1])
    assert np.array_equal(loaded.scores_of(query), built.scores_of(query))
    assert loaded.vocabulary() == built.vocabulary()
    with pytest.raises(ValueError, match="does not fit"):
        Lexical.load(tmp_path, len(corpus_terms) + 1)


def same_index(one: Lexical, two: Lexical) -> bool:
    """Two indexes hold the same terms, postings, counts and lengths, to the bit."""
    arrays = zip(
        (one._indptr, one._rows, one._tf, one._lengths),
        (two._indptr, two._rows, two._tf, two._lengths),
        strict=True,
    )
    return (
        one._terms == two._terms
        and one._average == two._average
        and all(a.dtype == b.dtype and np.array_equal(a, b) for a, b in arrays)
    )


def test_an_index_updated_from_the_last_equals_one_built_over_every_passage() -> None:
    # What a snapshot update does: passages dropped, kept (in order) and added between
    # them, terms that no passage holds any more gone, new ones and empty passages added.
    rng = random.Random(7)
    words = [f"w{i}" for i in range(40)]
    for _ in range(200):
        before = [
            [rng.choice(words) for _ in range(rng.randrange(0, 6))]
            for _ in range(rng.randrange(0, 30))
        ]
        after: list[list[str]] = []
        old_of_new: list[int] = []
        for i, doc in enumerate([*before, None]):
            if rng.random() < 0.25:
                new = [rng.choice([*words, "new1", "new2"]) for _ in range(rng.randrange(0, 5))]
                after.append(new)
                old_of_new.append(-1)
            if doc is not None and rng.random() < 0.8:
                after.append(doc)
                old_of_new.append(i)
        fresh = [doc for doc, old in zip(after, old_of_new, strict=True) if old < 0]
        updated = Lexical.updated(Lexical.of_terms(before), np.array(old_of_new), fresh)
        assert same_index(updated, Lexical.of_terms(after))
    with pytest.raises(ValueError, match="one list of terms"):
        Lexical.updated(Lexical.of_terms([["a"]]), np.array([-1, -1]), [["b"]])
