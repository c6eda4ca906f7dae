"""Which articles are about a subject, ranked, each with the sentence that makes it match.

An article matches when one of its own sentences holds every word group of the subject
(a word or one of its synonyms), names each of its people, and — when the subject has a
period — the article was published then, or the sentence is dated then. Its score is
the sum of the weights of its matching sentences: a title or lead that holds the
subject says more than a caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from store.passage_table import KINDS
from store.text import fold
from tools.archive.catalog import Catalog
from tools.archive.periods import Period
from tools.archive.subject import Subject

# Which matching sentence an article is cited with: its lead, else a body sentence,
# else a caption; its title only when nothing else matches (the reply shows the title).
_WORD = re.compile(r"[^\W_]+")
_CITE_ORDER = {"lead": 0, "body": 1, "caption": 2, "title": 3}


@dataclass(frozen=True)
class ArticleMatch:
    """One matching article: its score, how many of its sentences match, and the one it
    is cited with."""

    article: int
    score: float
    sentences: int
    position: int


def _published_within(catalog: Catalog, period: Period) -> np.ndarray:
    """Per article: whether its publication date, when known, lies in the period."""
    within = np.zeros(len(catalog.entries), dtype=bool)
    for i, entry in enumerate(catalog.entries):
        published = Period.of(entry.published) if entry.published else None
        within[i] = published is not None and period.meets(published)
    return within


def _dated_within(catalog: Catalog, period: Period) -> np.ndarray:
    """The positions of the sentences dated within the period."""
    return np.array(sorted({e.position for e in catalog.events_within(period)}), dtype=np.int64)


def _person_positions(catalog: Catalog, person: str) -> np.ndarray:
    return np.array(sorted({m.position for m in catalog.people.get(person, ())}), dtype=np.int64)


def matching_positions(catalog: Catalog, subject: Subject) -> np.ndarray:
    """The own sentences that hold every word group and name every person of the subject
    (its period aside)."""
    positions: np.ndarray | None = None
    if subject.groups:
        positions = catalog.holding_all(subject.groups)
    for person in subject.people:
        named = _person_positions(catalog, person)
        positions = named if positions is None else np.intersect1d(positions, named, True)
    if positions is None:
        return np.zeros(0, dtype=np.int64)
    for names in subject.places:
        if not len(positions):
            break
        located = _place_positions(catalog, names)
        if located is not None:
            positions = np.intersect1d(positions, located, True)
        else:  # a place the articles never write where a place stands: read the sentences
            keep = [_names_place(catalog.passage(int(p)).text, names) for p in positions]
            positions = positions[np.array(keep, dtype=bool)]
    return positions


def _place_positions(catalog: Catalog, names: frozenset[str]) -> np.ndarray | None:
    """The own sentences that name a place (written any of these ways), from the places
    the catalog found in them; None when the catalog knows no such place."""
    key = ("places", "positions")
    if key not in catalog.derived:
        by_name: dict[str, set[int]] = {}
        for name, mentions in catalog.places.items():
            spelled = " ".join(_WORD.findall(fold(name)))
            by_name.setdefault(spelled, set()).update(m.position for m in mentions)
        catalog.derived[key] = {
            n: np.array(sorted(found), dtype=np.int64) for n, found in by_name.items()
        }
    table: dict[str, np.ndarray] = catalog.derived[key]
    found = [table[n] for n in names if n in table]
    return np.unique(np.concatenate(found)) if found else None


def _names_place(text: str, names: frozenset[str]) -> bool:
    """Whether a sentence names the place in one of the ways it is written."""
    folded = f" {' '.join(_WORD.findall(fold(text)))} "
    return any(f" {name} " in folded for name in names)


def _cite_ranks(catalog: Catalog) -> np.ndarray:
    """Per passage position, the order in which a matching sentence cites its article."""
    key = ("cite", "ranks")
    if key not in catalog.derived:
        by_kind = np.array([_CITE_ORDER.get(kind, 9) for kind in KINDS], dtype=np.int64)
        catalog.derived[key] = by_kind[catalog.knowledge.passages.kinds()]
    ranks: np.ndarray = catalog.derived[key]
    return ranks


def matching_articles(catalog: Catalog, subject: Subject) -> list[ArticleMatch]:
    """The articles about the subject, best first (ties: the latest published, then by
    id); empty when none is, or when the subject names nothing."""
    if subject.empty:
        return []
    period = subject.period
    if subject.groups or subject.people:
        positions = matching_positions(catalog, subject)
        if period is not None and len(positions):
            published = _published_within(catalog, period)
            dated = _dated_within(catalog, period)
            keep = published[catalog.article_of[positions]] | np.isin(positions, dated)
            positions = positions[keep]
    else:
        assert period is not None
        positions = _dated_within(catalog, period)
        published = _published_within(catalog, period)
        titles = np.array([e.first for e, p in zip(catalog.entries, published, strict=True) if p])
        positions = np.union1d(positions, titles.astype(np.int64))
    return _ranked(catalog, positions)


def _ranked(catalog: Catalog, positions: np.ndarray) -> list[ArticleMatch]:
    if not len(positions):
        return []
    articles = catalog.article_of[positions]
    weights = catalog.weight[positions]
    scores = np.bincount(articles, weights=weights, minlength=len(catalog.entries))
    counts = np.bincount(articles, minlength=len(catalog.entries))
    kinds = _cite_ranks(catalog)[positions]
    order = np.lexsort((positions, kinds, articles))
    by_article, by_position = articles[order], positions[order]
    firsts = np.unique(by_article, return_index=True)[1]
    cited = dict(zip(by_article[firsts].tolist(), by_position[firsts].tolist(), strict=True))
    found = [
        ArticleMatch(a, float(scores[a]), int(counts[a]), cited[a])
        for a in sorted(cited, key=lambda a: (-scores[a], catalog.entries[a].article_id))
    ]
    return _latest_first_on_ties(catalog, found)


def _latest_first_on_ties(catalog: Catalog, found: list[ArticleMatch]) -> list[ArticleMatch]:
    """Among articles of equal score, the latest published first (undated ones last),
    then by id: a stable order a reader can follow."""

    def key(m: ArticleMatch) -> tuple[float, int, str, str]:
        entry = catalog.entries[m.article]
        published = entry.published or ""
        return (-round(m.score, 6), 0 if published else 1, _negated(published), entry.article_id)

    return sorted(found, key=key)


def _negated(text: str) -> str:
    """A string that sorts in the reverse order of `text` (for ISO dates)."""
    return "".join(chr(0x10FFFF - ord(c)) for c in text)
