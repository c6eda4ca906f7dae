"""The general subjects of news (data/topics.yaml) each article is about, and what an
overview of a set of articles shows: its topics, and the people and places that recur."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from store.search import terms
from store.yamlfile import read_yaml
from tools.archive.catalog import Catalog, Mention
from tools.archive.weights import RECURRING, TOPIC_SENTENCES

DATA = Path(__file__).resolve().parents[1] / "data"
_CONTEXT = ("title", "lead")


@dataclass(frozen=True)
class Topic:
    name: dict[str, str]  # by language
    words: tuple[tuple[str, ...], ...]  # each word or phrase as its stems


@lru_cache(maxsize=1)
def topics() -> tuple[Topic, ...]:
    data = read_yaml(DATA / "topics.yaml")
    return tuple(
        Topic(dict(t["name"]), tuple(tuple(terms(w)) for w in t["words"] if terms(w)))
        for t in data["topics"]
    )


@dataclass(frozen=True)
class Recurring:
    """A topic, person or place of an overview: the articles it comes from (best
    known first) and the sentence each is cited by."""

    name: str
    kind: str
    articles: tuple[int, ...]
    position: int
    role: str | None = None
    label_en: str | None = None


def topic_sentences(catalog: Catalog, topic: Topic) -> np.ndarray:
    """The own sentences that use one of a topic's words (a phrase: all its words)."""
    found = [catalog.holding_all([{s} for s in stems]) for stems in topic.words]
    found = [f for f in found if len(f)]
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def articles_about(catalog: Catalog, topic: Topic) -> dict[int, int]:
    """The articles about a topic, each with the sentence it is cited by: the title or
    lead that uses one of its words, else the first of its sentences that do (worked out
    once per snapshot)."""
    key = ("topic", topic.name["fr"])
    if key not in catalog.derived:
        catalog.derived[key] = _articles_about(catalog, topic)
    found: dict[int, int] = catalog.derived[key]
    return found


def _articles_about(catalog: Catalog, topic: Topic) -> dict[int, int]:
    about: dict[int, int] = {}
    body: dict[int, list[int]] = {}
    for position in topic_sentences(catalog, topic).tolist():
        article = int(catalog.article_of[position])
        if catalog.passage(position).kind in _CONTEXT:
            about.setdefault(article, position)
        else:
            body.setdefault(article, []).append(position)
    for article, positions in body.items():
        if article not in about and len(positions) >= TOPIC_SENTENCES:
            about[article] = positions[0]
    return about


def overview(catalog: Catalog, articles: Iterable[int] | None = None) -> list[Recurring]:
    """The topics of a set of articles (all by default), most covered first, then the
    people and the places named in at least two of them (in one article: in two of its
    sentences), most often first (the whole archive's worked out once per snapshot)."""
    if articles is None:
        if ("overview", "all") not in catalog.derived:
            catalog.derived[("overview", "all")] = _overview(catalog, None)
        everything: list[Recurring] = catalog.derived[("overview", "all")]
        return everything
    return _overview(catalog, articles)


def _overview(catalog: Catalog, articles: Iterable[int] | None) -> list[Recurring]:
    chosen = set(range(len(catalog.entries)) if articles is None else articles)
    found: list[Recurring] = []
    for topic in topics():
        about = {a: p for a, p in articles_about(catalog, topic).items() if a in chosen}
        if about:
            ordered = tuple(sorted(about))
            found.append(
                Recurring(
                    topic.name["fr"], "topic", ordered, about[ordered[0]], label_en=topic.name["en"]
                )
            )
    found.sort(key=lambda r: -len(r.articles))
    found += _recurring(catalog, chosen, catalog.people_of, "person")
    found += _recurring(catalog, chosen, catalog.places_of, "place")
    return found


def _recurring(
    catalog: Catalog,
    chosen: set[int],
    by_article: dict[int, dict[str, list[Mention]]],
    kind: str,
) -> list[Recurring]:
    seen: dict[str, list[Mention]] = {}
    for article in sorted(chosen):
        for name, mentions in by_article.get(article, {}).items():
            seen.setdefault(name, []).extend(mentions)
    single = len(chosen) == 1
    out = []
    for name, mentions in seen.items():
        articles = tuple(sorted({m.article for m in mentions}))
        count = len({m.position for m in mentions}) if single else len(articles)
        if count < RECURRING:
            continue
        first = min(mentions, key=lambda m: (m.article, m.position))
        role = catalog.role_in(name, first.article) if kind == "person" else None
        out.append(Recurring(name, kind, articles, first.position, role))
    out.sort(key=lambda r: (-len(r.articles), r.articles[0], r.position))
    return out
