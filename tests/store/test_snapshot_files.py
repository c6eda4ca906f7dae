"""The snapshot's files: passages, facts and analyses read back exactly, as asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.analysis import Entity, SentenceAnalysis
from store.analysis_file import AnalysisFile, write_analyses
from store.fact_table import LABEL_GAP, FactTable, FactWriter, fit_labels, spread_label
from store.models import ArticleMeta, Fact
from store.passage_table import PassageTable, PassageWriter
from store.records import Passage, teaser_id
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


def _page(aid: str, title: str, texts: list[tuple[str, str]]) -> list[Passage]:
    out, start = [], 0
    for i, (kind, text) in enumerate(texts):
        pid = teaser_id(text) if kind == "related" else f"{aid}#{i}"
        out.append(Passage(pid, aid, title, kind, i, i, start, start + len(text), text))
        start += len(text) + 1
    return out


TEASER = ("related", "Un autre article, montré sur deux pages.")
PAGES = {
    "b": _page("b", "Titre B", [("title", "Titre B"), ("body", "Bruno Lenz arrive."), TEASER]),
    "a": _page("a", "Titre A", [("title", "Titre A"), TEASER, ("body", "Anna Kessel a reçu.")]),
}


def _written(folder: Path) -> PassageTable:
    writer = PassageWriter()
    for aid in sorted(PAGES):
        writer.add_page(aid, PAGES[aid][0].title, PAGES[aid])
    writer.save(folder)
    return PassageTable.load(folder)


def test_passages_are_read_back_from_their_columns_each_teaser_once(tmp_path: Path) -> None:
    table = _written(tmp_path)
    shown = [p for aid in sorted(PAGES) for p in PAGES[aid]]
    cited = [p for p in shown if not (p.kind == "related" and p.article_id == "b")]
    assert list(table) == cited  # the teaser under the first page that shows it
    assert len(table) == 5 and table[1] == cited[1] and table[3:] == cited[3:]
    assert table.page("b") == PAGES["b"]  # a page keeps every passage it shows
    assert table.position(("a", 2)) == 2 and table.position(("b", 1)) == 4
    assert table.position(("b", 2)) is None  # the teaser is cited under « a »
    assert table.position(("a", 9)) is None and table.position(("c", 0)) is None
    assert table.text_of(("b", 2)) == TEASER[1]
    assert table.position_of_id(teaser_id(TEASER[1])) == 1
    assert table.position_of_id("a#2") == 2 and table.position_of_id("nowhere") is None
    assert table.keys([0, 4]) == [("a", 0), ("b", 1)]
    assert table.titles == {"a": "Titre A", "b": "Titre B"}


def test_pages_copied_as_runs_equal_the_same_pages_written_anew(tmp_path: Path) -> None:
    """An update copies the unchanged pages from the previous table: with the page that
    cited a shared teaser gone, the next page showing it cites it."""
    old = _written(tmp_path)
    extra = _page("c", "Titre C", [("title", "Titre C"), TEASER, ("body", "Carla Mendes part.")])
    copied, anew = PassageWriter(), PassageWriter()
    copied.copy_pages(old, 1, 1)  # « b » alone: « a » was removed
    copied.add_page("c", "Titre C", extra)
    anew.add_page("b", "Titre B", PAGES["b"])
    anew.add_page("c", "Titre C", extra)
    one, two = copied.table(), anew.table()
    assert list(one) == list(two)
    assert one.page("b") == PAGES["b"] and one.page("c") == extra
    assert one.position_of_id(teaser_id(TEASER[1])) == 2  # now under « b »
    assert list(one.terms()) == list(two.terms())
    assert one.titles == {"b": "Titre B", "c": "Titre C"}


def test_pages_out_of_article_order_are_refused(tmp_path: Path) -> None:
    writer = PassageWriter()
    writer.add_page("b", "B", PAGES["b"])
    with pytest.raises(ValueError, match="out of order"):
        writer.add_page("a", "A", PAGES["a"])


def test_facts_are_read_back_equal_with_their_extras_by_sentence_kind_and_value(
    tmp_path: Path,
) -> None:
    table = _written(tmp_path)
    said = Fact(
        "interaction",
        "reçu",
        "Anna Kessel",
        "a",
        2,
        12,
        16,
        "Anna Kessel a reçu.",
        role="ministre",
        extra={"object": "Piotr Orlov"},
    )
    actor = Fact("actor", "Anna Kessel", "Anna Kessel", "a", 2, 0, 11, said.quote)
    elsewhere = Fact("actor", "Lenz", "Bruno Lenz", "b", 1, 0, 10, "Une autre phrase.")
    writer = FactWriter(tmp_path / "facts.sqlite3")
    writer.add([said, actor], table.text_of, spread_label(0))
    writer.add([elsewhere], table.text_of, spread_label(1))
    writer.close()
    facts = FactTable(tmp_path / "facts.sqlite3", table)
    assert list(facts) == [actor, said, elsewhere]  # sorted by sentence, place, kind
    assert facts.of_sentence(("a", 2)) == [actor, said]
    assert facts.of_sentence(("a", 1)) == []
    assert facts.of_kind("actor") == [actor, elsewhere]
    assert facts.with_values("actor", ["Bruno Lenz", "Anna Kessel"]) == [actor, elsewhere]
    assert facts.of_article("b") == [elsewhere]
    assert facts.values(["actor"]) == ["Anna Kessel", "Bruno Lenz"]
    got = facts.of_sentence(("a", 2))[1]
    assert got.extra == {"object": "Piotr Orlov"} and got.role == "ministre"
    assert facts.of_article("b")[0].quote == "Une autre phrase."  # not the sentence's text
    assert len(facts) == 3 and bool(facts)
    assert facts.of_kind("no such kind") == [] and facts.of_sentence(("c", 0)) == []


def test_facts_copied_into_the_next_snapshot_are_read_back_the_same(tmp_path: Path) -> None:
    """Enough facts to train the compression dictionary; the next file copies one
    article's rows as they are (under a new label) and writes another's anew with that
    dictionary."""
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    table, facts, old = _two_articles_of_facts(first)
    assert list(old) == sorted(facts, key=lambda f: (f.article_id, f.sentence, f.start))
    writer = FactWriter(second / "facts.sqlite3", old.dictionary)
    writer.add(facts[:10], table.text_of, 7)  # « a » changed
    writer.copy(old, [(spread_label(1), 9)])  # « b » unchanged, moved
    writer.close()
    new = FactTable(second / "facts.sqlite3", table)
    assert new.labels.tolist() == [7, 9]
    assert new.of_article("b") == old.of_article("b")
    assert new.of_article("a") == sorted(facts[:10], key=lambda f: (f.sentence, f.start))
    assert list(new) == new.of_article("a") + new.of_article("b")
    with pytest.raises(ValueError, match="same dictionary"):
        FactWriter(tmp_path / "other.sqlite3").copy(old, [(spread_label(0), 1)])


def _two_articles_of_facts(folder: Path) -> tuple[PassageTable, list[Fact], FactTable]:
    """The pages « a » and « b » in `folder`, 1,500 facts each (enough to train the
    compression dictionary) written under labels spread evenly, and their table."""
    table = _written(folder)
    facts = [
        Fact("figure", f"{i} tonnes", str(i), aid, 1 + i % 2, i, i + 3, f"Phrase {i}.", unit="t")
        for aid in ("a", "b")
        for i in range(1500)
    ]
    writer = FactWriter(folder / "facts.sqlite3")
    writer.add(facts[:1500], table.text_of, spread_label(0))
    writer.add(facts[1500:], table.text_of, spread_label(1))
    writer.close()
    return table, facts, FactTable(folder / "facts.sqlite3", table)


def test_a_patched_facts_file_reads_as_one_written_anew(tmp_path: Path) -> None:
    """An update copies the previous file, drops an article's facts and adds another's
    between those kept, under a label in the gap: every lookup reads as if the file had
    been written anew, in list order."""
    first, second, third = tmp_path / "one", tmp_path / "two", tmp_path / "three"
    for folder in (first, second, third):
        folder.mkdir()
    table, facts, old = _two_articles_of_facts(first)
    # The next snapshot: « a » gone, « b » kept, « ab » (between them) and « c » added.
    extra = _page("c", "Titre C", [("title", "Titre C"), ("body", "Carla Mendes part.")])
    pages = PassageWriter()
    pages.add_page("ab", "Titre AB", [])
    pages.copy_pages(table, 1, 1)
    pages.add_page("c", "Titre C", extra)
    pages.save(second)
    after = PassageTable.load(second)
    added = [
        Fact("actor", "Carla Mendes", "Carla Mendes", "c", 1, 0, 12, "Carla Mendes part."),
        Fact("date", "2016", "2016", "ab", 1, 0, 4, "Une phrase de plus."),
    ]
    labels = fit_labels(["ab", "b", "c"], {"b": spread_label(1)})
    assert labels == {"ab": LABEL_GAP, "b": 2 * LABEL_GAP, "c": 3 * LABEL_GAP}
    patched = FactWriter.patched(second / "facts.sqlite3", old)
    patched.drop(spread_label(0))
    patched.add(added[1:], after.text_of, labels["ab"])
    patched.add(added[:1], after.text_of, labels["c"])
    patched.close()
    anew = FactWriter(third / "facts.sqlite3", old.dictionary)
    anew.add(added[1:], after.text_of, spread_label(0))
    anew.copy(old, [(spread_label(1), spread_label(1))])
    anew.add(added[:1], after.text_of, spread_label(2))
    anew.close()
    one, two = (FactTable(f / "facts.sqlite3", after) for f in (second, third))
    assert list(one) == list(two) == [added[1], *old.of_article("b"), added[0]]
    assert one.of_article("a") == [] and one.of_article("c") == [added[0]]
    assert one.of_kind("figure") == two.of_kind("figure") == old.of_article("b")
    assert one.values(["actor", "date"]) == ["2016", "Carla Mendes"]
    assert one.with_values("date", ["2016"]) == [added[1]]
    with pytest.raises(ValueError, match="taken"):
        FactWriter.patched(tmp_path / "x.sqlite3", one).add(added, after.text_of, labels["c"])


def test_labels_fit_in_the_gaps_between_those_kept_or_not_at_all() -> None:
    assert fit_labels(["a", "b"], {}) == {"a": LABEL_GAP, "b": 2 * LABEL_GAP}
    # Three between 10 and 14 fit (11, 12, 13), four do not; after the last, a gap each.
    assert fit_labels(["a", "x", "y", "z", "b"], {"a": 10, "b": 14}) == {
        "a": 10,
        "x": 11,
        "y": 12,
        "z": 13,
        "b": 14,
    }
    assert fit_labels(["a", "w", "x", "y", "z", "b"], {"a": 10, "b": 14}) is None
    assert fit_labels(["a", "b"], {"a": 10}) == {"a": 10, "b": 10 + LABEL_GAP}
    assert fit_labels(["a", "b"], {"a": 10, "b": 5}) is None  # (kept labels out of order)


def test_fact_labels_that_do_not_fit_the_articles_are_refused(tmp_path: Path) -> None:
    table = _written(tmp_path)
    writer = FactWriter(tmp_path / "facts.sqlite3")
    writer.add([], table.text_of, spread_label(0))
    writer.close()  # one label for two articles
    with pytest.raises(ValueError, match="do not fit"):
        FactTable(tmp_path / "facts.sqlite3", table)


def test_article_metadata_and_versions_are_read_back(tmp_path: Path) -> None:
    meta = {"a": ArticleMeta(published="2014-06-16", format="html")}
    write_snapshot(tmp_path, meta, {"a": "ab12"})
    assert read_snapshot(tmp_path) == (meta, {"a": "ab12"})


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


def test_passage_files_that_disagree_are_refused_when_opened(tmp_path: Path) -> None:
    """A text file cut short (a disk full, another build's leftovers) is found when the
    snapshot is opened, which the store then builds again, not during a question."""
    _written(tmp_path)
    text = (tmp_path / "passages.text").read_bytes()
    (tmp_path / "passages.text").write_bytes(text[: len(text) // 2])
    with pytest.raises(ValueError, match="do not agree"):
        PassageTable.load(tmp_path)


def test_a_damaged_fact_costs_its_lookup_not_an_error(tmp_path: Path) -> None:
    import sqlite3

    table = _written(tmp_path)
    writer = FactWriter(tmp_path / "facts.sqlite3")
    writer.add(
        [Fact("date", "2014", "2014", "a", 2, 0, 4, "Anna Kessel a reçu.")],
        table.text_of,
        spread_label(0),
    )
    writer.add(
        [Fact("date", "2015", "2015", "b", 1, 0, 4, "Bruno Lenz arrive.")],
        table.text_of,
        spread_label(1),
    )
    writer.close()
    db = sqlite3.connect(tmp_path / "facts.sqlite3")
    db.execute("UPDATE facts SET body = ? WHERE article = ?", (b"not a zstd frame", LABEL_GAP))
    db.commit()
    db.close()
    facts = FactTable(tmp_path / "facts.sqlite3", table)
    assert facts.of_sentence(("a", 2)) == []
    assert [f.value for f in facts.of_sentence(("b", 1))] == ["2015"]
    # A row filed under a label no article has: that lookup loses it, nothing else.
    db = sqlite3.connect(tmp_path / "facts.sqlite3")
    db.execute("UPDATE facts SET article = ? WHERE article = ?", (5, 2 * LABEL_GAP))
    db.commit()
    db.close()
    facts = FactTable(tmp_path / "facts.sqlite3", table)
    assert facts.with_values("date", ["2015"]) == [] and facts.of_sentence(("b", 1)) == []
