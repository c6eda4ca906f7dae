"""The snapshot's files: analyses read per sentence, facts rebuilt exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.analysis import Entity, SentenceAnalysis
from store.analysis_file import AnalysisFile, write_analyses
from store.models import ArticleMeta, Fact
from store.records import Passage
from store.snapshot_file import read_snapshot, write_snapshot

ANALYSIS = SentenceAnalysis(
    starts=(0, 5),
    ends=(4, 11),
    lemmas=("Anna", "arriver"),
    tags=("PROPN", "VERB"),
    deps=("nsubj", "ROOT"),
    heads=(1, 1),
    entities=(Entity(0, 1, "PER"),),
)


def test_an_analysis_is_read_back_by_its_sentence_key(tmp_path: Path) -> None:
    other = SentenceAnalysis((0,), (3,), ("oui",), ("INTJ",), ("ROOT",), (0,))
    write_analyses(tmp_path, [(("a", 0), ANALYSIS), (("a", 1), other), (("b", 0), other)])
    table = AnalysisFile(tmp_path)
    assert table.get(("a", 0)) == ANALYSIS
    assert table.get(("a", 1)) == other
    assert table.get(("a", 2)) is None
    assert table.get(("c", 0)) is None
    assert dict(table.items()) == {("a", 0): ANALYSIS, ("a", 1): other, ("b", 0): other}
    assert len(table) == 3


def test_a_missing_analysis_file_is_an_error_the_store_can_catch(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        AnalysisFile(tmp_path)


def test_facts_and_passages_are_read_back_equal_with_their_extras(tmp_path: Path) -> None:
    fact = Fact(
        "interaction",
        "reçu",
        "Anna Kessel",
        "a",
        3,
        10,
        14,
        "Anna Kessel a reçu Piotr Orlov.",
        role="ministre",
        extra={"object": "Piotr Orlov"},
    )
    passage = Passage("a#3", "a", "Titre", "body", 1, 3, 100, 131, fact.quote)
    meta = {"a": ArticleMeta(published="2014-06-16", format="html")}
    write_snapshot(tmp_path, {"a": [passage]}, [fact], meta, {"a": "ab12"})
    pages, facts, metas, shas = read_snapshot(tmp_path)
    assert pages == {"a": [passage]}
    assert shas == {"a": "ab12"}
    assert facts == [fact]
    assert facts[0].extra == {"object": "Piotr Orlov"}
    assert facts[0].role == "ministre"
    assert metas == meta


def test_analyses_enough_to_train_a_dictionary_are_read_back_each_the_same(
    tmp_path: Path,
) -> None:
    words = ["le", "ministre", "a", "reçu", "son", "homologue", "à", "Hanoï", "en", "mai"]
    analyses = [
        (
            (f"a{i // 20}", i % 20),
            SentenceAnalysis(
                starts=tuple(range(0, 4 * (i % 7 + 2), 4)),
                ends=tuple(range(3, 4 * (i % 7 + 2), 4)),
                lemmas=tuple(words[(i + j) % len(words)] for j in range(i % 7 + 2)),
                tags=tuple(("DET", "NOUN", "VERB")[(i + j) % 3] for j in range(i % 7 + 2)),
                deps=tuple(("det", "nsubj", "ROOT")[(i + j) % 3] for j in range(i % 7 + 2)),
                heads=tuple(0 for _ in range(i % 7 + 2)),
                entities=(Entity(0, 1, "LOC"),) if i % 3 == 0 else (),
            ),
        )
        for i in range(1200)
    ]
    write_analyses(tmp_path, analyses)
    table = AnalysisFile(tmp_path)
    for key, analysis in analyses[::37]:
        assert table.get(key) == analysis
    assert dict(table.items()) == dict(analyses)


def test_a_damaged_analysis_costs_that_sentence_its_parse_not_an_error(tmp_path: Path) -> None:
    import sqlite3

    write_analyses(tmp_path, [(("a", 0), ANALYSIS), (("a", 1), ANALYSIS)])
    db = sqlite3.connect(tmp_path / "analyses.sqlite3")
    db.execute("UPDATE analysis SET body = ? WHERE sentence = 1", (b"not a zstd frame",))
    db.commit()
    db.close()
    table = AnalysisFile(tmp_path)
    assert table.get(("a", 1)) is None
    assert table.get(("a", 0)) == ANALYSIS
