"""The extractors against the hand-read golden facts of the five built-in articles.

Articles are loaded with store.parse.load_article, so the text is the repaired one; the
loading and the matching rule (same article, same value; figures also the same unit) are
those of benchmarks/eval_extract.py.
"""

from __future__ import annotations

import pytest

from benchmarks.eval_extract import Score, evaluate, load_articles, load_golden

MINIMUM = 0.95


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    return {s.kind: s for s in evaluate(with_actors=False)}


def test_golden_file_covers_every_built_in_article() -> None:
    golden, articles = load_golden(), load_articles()
    assert len(articles) == 5
    for kind in ("dates", "figures"):
        assert {str(g["article"]) for g in golden[kind]} <= set(articles)
    assert {str(g["article"]) for g in golden["dates"]} == set(articles)


@pytest.mark.parametrize("kind", ["dates", "figures"])
def test_extraction_recall_on_the_golden_facts(scores: dict[str, Score], kind: str) -> None:
    s = scores[kind]
    assert s.recall >= MINIMUM, f"{kind}: found {s.found} of {s.golden} golden facts"


@pytest.mark.parametrize("kind", ["dates", "figures"])
def test_extraction_precision_on_the_golden_facts(scores: dict[str, Score], kind: str) -> None:
    s = scores[kind]
    assert s.precision >= MINIMUM, f"{kind}: {s.correct} of {s.extracted} mentions are golden"
