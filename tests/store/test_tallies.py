"""The counts over a snapshot's articles: each article's share, and an update that adds
and takes away shares ending where a full build ends."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from store.analysis import Entity, SentenceAnalysis
from store.ingest import builtin_corpus, ingest
from store.models import Fact
from store.records import Passage
from store.store import Store, _Builder
from store.tallies import Tallies, of_article


def passage(sentence: int, text: str, kind: str = "body") -> Passage:
    return Passage(f"a#{sentence}", "a", "T", kind, 0, sentence, 0, len(text), text)


def words(text: str, *entities: Entity) -> SentenceAnalysis:
    starts, ends, pos = [], [], 0
    for word in text.split():
        start = text.index(word, pos)
        starts.append(start)
        ends.append(start + len(word))
        pos = ends[-1]
    n = len(starts)
    return SentenceAnalysis(
        tuple(starts), tuple(ends), ("x",) * n, ("X",) * n, ("dep",) * n, (0,) * n, entities
    )


def fact(kind: str, value: str, sentence: int, **more: object) -> Fact:
    return Fact(kind, value, value, "a", sentence, 0, 1, "q", **more)  # type: ignore[arg-type]


def test_an_article_counts_its_own_passages_parses_and_facts() -> None:
    page = [
        passage(0, "Le ministre Ivan Petrov a visité Hanoï et la ville de Hanoi."),
        passage(1, "Un titre voisin Zorglub", kind="related"),  # another article's title
    ]
    parses = {0: words(page[0].text, Entity(2, 4, "PER"), Entity(6, 7, "LOC"))}
    facts = [
        fact("place", "Hanoi", 0),
        fact("actor", "Ivan Petrov", 0, nationality="russe", source_kind="lead"),
        fact("interaction", "Ivan Petrov", 0, extra={"object": "Le Van An"}),
        fact("place", "Hanoï", 0),
    ]
    share = of_article("a", page, parses.get, facts)
    assert share.capitalised["ivan"] == 1 and share.capitalised["hanoi"] == 2
    assert share.lower["ministre"] == 1 and "le" not in share.lower  # (first word aside)
    assert "zorglub" not in share.capitalised  # teasers count under their own article
    assert share.person == {"ivan": 1, "petrov": 1} and share.other == {"hanoi": 1}
    assert share.names == {"Ivan Petrov": 2, "Le Van An": 1}
    assert share.mentions == {("Ivan Petrov", "lead"): 1}
    assert share.nationalities == {("Ivan Petrov", "russe"): 1}
    assert share.place_forms == {("hanoi", "Hanoi"): 1, ("hanoi", "Hanoï"): 1}
    assert share.first_place == {"hanoi": ("a", "Hanoi")}  # (the facts file's order)


def test_taking_a_share_away_undoes_adding_it_and_says_which_first_mentions_went() -> None:
    first = of_article("a", [passage(0, "Il vit à Hanoï.")], {}.get, [fact("place", "Hanoï", 0)])
    later = of_article("b", [passage(0, "Il vit à Hanoi.")], {}.get, [fact("place", "Hanoi", 0)])
    total = Tallies()
    total.add(later)
    total.add(first)
    assert total.first_place == {"hanoi": ("a", "Hanoï")}
    assert total.remove(first) == {"hanoi"}
    assert total.first_place == {}  # (found again in the new snapshot's facts)
    assert total.capitalised == later.capitalised and {p for p, _ in total.place_forms} == {"hanoi"}
    assert all(n > 0 for n in total.capitalised.values())


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(builtin_corpus(), folder)
    return folder


def test_an_update_ends_with_the_tallies_a_full_build_gives(
    tmp_path: Path, vectors_dir: Path, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted(corpus_copy.glob("*.txt"))
    store = Store.open(tmp_path / "data", vectors_dir=vectors_dir)
    ingest(store, files[:4])
    before = store.snapshot().tallies()
    dropped: list[str] = []
    drop = _Builder.drop
    monkeypatch.setattr(_Builder, "drop", lambda self, aid: (dropped.append(aid), drop(self, aid)))
    # The first article goes (it holds first mentions of places the others name again),
    # one changes and one comes.
    first = files[0].name.removesuffix(".txt")
    store.remove_article(first)
    changed = files[2]
    changed.write_text(
        changed.read_text("utf-8")
        + "\nLa délégation a ensuite visité Moscou et Saint-Pétersbourg.\n",
        "utf-8",
    )
    ingest(store, [changed, files[4]])
    updated = store.snapshot()
    assert sorted(dropped) == sorted([first, changed.name.removesuffix(".txt")])
    assert updated.tallies() != before
    shutil.rmtree(store._cache_dir)
    rebuilt = Store.open(tmp_path / "data", vectors_dir=vectors_dir).snapshot()
    assert rebuilt.signature == updated.signature
    assert rebuilt.tallies() == updated.tallies()
    assert rebuilt.tallies().first_place and rebuilt.tallies().person
    after = rebuilt.tallies()
    moved = {p for p, (aid, _) in before.first_place.items() if aid == first}
    assert moved & {
        p for p, _ in after.place_forms
    }  # first named in the article gone, and again later
    assert first not in {aid for aid, _ in after.first_place.values()}
