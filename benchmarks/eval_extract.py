"""Precision and recall of the fact extractors against tests/data/golden_facts.yaml.

Each built-in article is loaded with `store.parse.load_article` (glued words already
repaired) and the extractors run over its title, lead, body paragraphs, photo captions and
dateline; the "Voir plus" teasers are not part of the article.

Matching rule: a golden fact is found when an extracted mention in the same article has
the same value (for figures: the same value and unit; for actors: the same canonical
name). Recall = golden facts found / golden facts; precision = extracted mentions that
match some golden fact of their article / extracted mentions. Mentions are compared by
value, not by offset, so a date repeated in a caption neither helps nor hurts.

Run: `python benchmarks/eval_extract.py` (or `make eval-extract`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from store.extract.dates import find_dates
from store.extract.figures import find_figures
from store.models import Article
from store.parse import load_article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "store" / "corpus"
GOLDEN = ROOT / "tests" / "data" / "golden_facts.yaml"
ARTICLE_KINDS = {"title", "lead", "body", "caption"}


@dataclass(frozen=True)
class Score:
    kind: str
    golden: int
    extracted: int
    found: int  # golden facts matched
    correct: int  # extracted mentions matched

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.golden if self.golden else 1.0


def article_texts(article: Article) -> list[str]:
    """The parts of an article that are its own text, plus its dateline."""
    texts = [p.text for p in article.paragraphs if p.kind in ARTICLE_KINDS]
    if article.dateline and not any(article.dateline in t for t in texts):
        texts.append(article.dateline)
    return texts


def load_articles() -> dict[str, list[str]]:
    return {p.stem: article_texts(load_article(p)) for p in sorted(CORPUS.glob("*.txt"))}


def load_golden() -> dict[str, list[dict[str, Any]]]:
    data = yaml.safe_load(GOLDEN.read_text(encoding="utf-8")) or {}
    return {k: v or [] for k, v in data.items()}


def _date_keys(text: str) -> list[Hashable]:
    return [m.value for m in find_dates(text)]


def _figure_keys(text: str) -> list[Hashable]:
    return [(float(m.value), m.unit) for m in find_figures(text)]


def score(
    kind: str,
    articles: dict[str, list[str]],
    golden: list[dict[str, Any]],
    extract: Callable[[str], list[Hashable]],
    golden_key: Callable[[dict[str, Any]], Hashable],
) -> Score:
    """Compare one extractor's keys with the golden facts' keys, article by article."""
    found = correct = extracted = 0
    for article_id, texts in articles.items():
        got = [key for text in texts for key in extract(text)]
        want = [golden_key(g) for g in golden if str(g["article"]) == article_id]
        extracted += len(got)
        correct += sum(key in want for key in got)
        found += sum(key in got for key in want)
    return Score(kind, len(golden), extracted, found, correct)


def _actor_scorer() -> Callable[[str], list[Hashable]] | None:
    """find_actors reads a parsed sentence; None when that extractor is not there."""
    try:
        actors = importlib.import_module("store.extract.actors")
    except ImportError:
        return None
    find_actors = getattr(actors, "find_actors", None)
    if find_actors is None:
        return None
    import spacy

    from store.nlp import MODEL

    nlp = spacy.load(MODEL)

    def extract(text: str) -> list[Hashable]:
        return [m.name for sent in nlp(text).sents for m in find_actors(sent)]

    return extract


def evaluate(with_actors: bool = True) -> list[Score]:
    articles, golden = load_articles(), load_golden()
    scores = [
        score("dates", articles, golden.get("dates", []), _date_keys, lambda g: str(g["value"])),
        score(
            "figures",
            articles,
            golden.get("figures", []),
            _figure_keys,
            lambda g: (float(g["value"]), g.get("unit")),
        ),
    ]
    if with_actors and golden.get("actors") and (extract := _actor_scorer()) is not None:
        key = lambda g: g.get("name") or g.get("value")  # noqa: E731
        scores.append(score("actors", articles, golden["actors"], extract, key))
    return scores


def main() -> None:
    print(f"{'kind':<8} {'golden':>6} {'found':>6} {'extr.':>6} {'precision':>9} {'recall':>7}")
    for s in evaluate():
        print(
            f"{s.kind:<8} {s.golden:>6} {s.found:>6} {s.extracted:>6} "
            f"{s.precision:>9.3f} {s.recall:>7.3f}"
        )


if __name__ == "__main__":
    main()
