"""The archive's view: what is cached with the snapshot is what would be computed."""

from __future__ import annotations

from collections import defaultdict

import pytest

from assistant.engine import Engine
from store.models import Fact
from tools.knowledge import dedupe


def fact(kind: str, value: str, quote: str, sentence: int) -> Fact:
    return Fact(kind, value, value, "a", sentence, 0, len(value), quote)  # type: ignore[arg-type]


def test_a_fact_repeated_in_a_sentence_of_the_same_words_counts_once() -> None:
    facts = [
        fact("date", "2014", "En 2014, Orlov est venu.", 0),
        fact("place", "Kessel", "En 2014, Orlov est venu.", 0),
        fact("date", "2014", "En 2014 — Orlov est venu !", 5),  # the lead, repeated
        fact("date", "2014", "Orlov repart en 2014.", 6),
    ]
    assert dedupe(facts) == [facts[0], facts[1], facts[3]]
    assert dedupe(facts[i] for i in (0, 2, 3)) == [facts[0], facts[3]]


def test_the_unique_facts_are_those_dedupe_keeps(engine: Engine) -> None:
    k = engine.knowledge
    for kind in ("date", "figure", "actor", "interaction", "place", "acronym"):
        assert k.unique[kind] == dedupe(f for f in k.facts if f.kind == kind)
    assert k.unique["date"]


def test_the_lookups_read_from_the_files_equal_indexes_built_over_every_fact(
    engine: Engine,
) -> None:
    """What the tools look up per sentence, person, article or year, read from the
    snapshot's files as asked for, is what indexing every fact in memory gives."""
    k = engine.knowledge
    facts = list(k.facts)
    by_sentence, by_kind, mentions = defaultdict(list), defaultdict(list), defaultdict(list)
    people_in, in_article = defaultdict(set), defaultdict(set)
    for f in facts:
        by_sentence[(f.article_id, f.sentence)].append(f)
        by_kind[f.kind].append(f)
        if f.kind == "actor":
            name = k.person(f.value)
            mentions[name].append(f)
            people_in[(f.article_id, f.sentence)].add(name)
            in_article[f.article_id].add(name)
    assert mentions and people_in
    for key, found in by_sentence.items():
        assert k.by_sentence[key] == found
        assert k.people_in.get(key, set()) == people_in.get(key, set())
    for kind, found in by_kind.items():
        assert k.by_kind[kind] == found
    for name, found in mentions.items():
        assert k.mentions_of[name] == found
        keys = list(dict.fromkeys((f.article_id, f.sentence) for f in found))
        assert k.sentences_of[name] == keys
    for aid in k.titles:
        assert k.people_in_article.get(aid, set()) == in_article.get(aid, set())
    assert k.by_sentence.get(("no such article", 0)) is None
    assert k.mentions_of.get("Nobody Atall", []) == []
    for i, passage in enumerate(k.passages):
        if passage.kind != "related":
            assert k.position[(passage.article_id, passage.sentence)] == i


def test_a_persons_name_stems_leave_out_those_another_person_shares(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is kept per snapshot (the stems several people share) gives what comparing
    every person's stems gives; a view of another snapshot does not write it there."""
    k = engine.knowledge
    people = k.aliases.names()
    stems = {name: k._stems_of_person(name) for name in people}
    owners: dict[str, set[str]] = defaultdict(set)
    for name, own in stems.items():
        for stem in own:
            owners[stem].add(name)
    shared = {stem for stem, names in owners.items() if len(names) > 1}
    assert shared  # (the built-in corpus has people who share a family name)
    for name in people:
        assert k.name_stems(name) == stems[name] - shared
    cached = k.store._cache_dir / k.signature / "derived-shared-name-stems.pickle"
    assert cached.is_file()
    cached.unlink()
    monkeypatch.setattr(k, "_shared_stems", None)
    monkeypatch.setattr(k, "signature", "another")
    assert k.name_stems(people[0]) == stems[people[0]] - shared
    assert not cached.exists()
