"""Actor extraction over the five built-in articles, against the hand-read golden list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from store.aliases import AliasIndex
from store.extract.actors import find_actors
from store.models import ActorMention
from store.nlp import ner_pipeline

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "store" / "corpus").glob("*.txt"))
GOLDEN = yaml.safe_load((ROOT / "tests" / "data" / "golden_facts.yaml").read_text("utf-8"))
KINDS = {"title", "lead", "body", "caption"}


@pytest.fixture(scope="module")
def extracted() -> dict[str, list[ActorMention]]:
    load_article = pytest.importorskip("store.parse").load_article
    nlp = ner_pipeline()
    found: dict[str, list[ActorMention]] = {}
    for path in CORPUS:
        article = load_article(path)
        texts = [s.text for s in article.sentences if s.kind in KINDS]
        found[article.article_id] = [a for doc in nlp.pipe(texts) for a in find_actors(doc)]
    return found


@pytest.fixture(scope="module")
def index(extracted: dict[str, list[ActorMention]]) -> AliasIndex:
    names = [a.name for mentions in extracted.values() for a in mentions]
    return AliasIndex.build(names + [g["name"] for g in GOLDEN["actors"]])


def _norm_role(role: str) -> str:
    return " ".join(role.replace("’", "'").casefold().split())


def _score(found: set[Any], expected: set[Any]) -> tuple[float, float]:
    hits = len(found & expected)
    return hits / max(len(found), 1), hits / max(len(expected), 1)


def test_golden_covers_every_article() -> None:
    assert {g["article"] for g in GOLDEN["actors"]} == {p.stem for p in CORPUS}


def test_names_precision_and_recall(
    extracted: dict[str, list[ActorMention]], index: AliasIndex
) -> None:
    def canon(name: str) -> str:
        return index.canonical(name) or name

    found = {(art, canon(a.name)) for art, mentions in extracted.items() for a in mentions}
    expected = {(g["article"], canon(g["name"])) for g in GOLDEN["actors"]}
    precision, recall = _score(found, expected)
    report = f"spurious={sorted(found - expected)} missed={sorted(expected - found)}"
    assert precision >= 0.95, report
    assert recall >= 0.95, report


def test_roles_recall(extracted: dict[str, list[ActorMention]], index: AliasIndex) -> None:
    """Roles are harder than names: a stacked rank (`le général`) and a relative clause
    (`qui sont également co-présidents`) are not read; the floor guards what is."""
    found = {
        (art, index.canonical(a.name), _norm_role(a.role))
        for art, mentions in extracted.items()
        for a in mentions
        if a.role
    }
    expected = {
        (g["article"], index.canonical(g["name"]), _norm_role(r))
        for g in GOLDEN["actors"]
        for r in g["roles"]
    }
    precision, recall = _score(found, expected)
    report = f"spurious={sorted(found - expected)} missed={sorted(expected - found)}"
    assert recall >= 0.8, report
    assert precision >= 0.95, report


def test_golden_names_cluster_as_expected(index: AliasIndex) -> None:
    assert index.canonical("D. Medvedev") == index.canonical("Dmitri Medvedev")
    assert index.canonical("Dmitry Chernyshenko") != index.canonical("Dmitri Medvedev")
    assert index.canonical("V. Poutine") == index.canonical("Vladimir Putin")
    assert index.canonical("Nguyen Tan Dung") != index.canonical("Trinh Dinh Dung")
