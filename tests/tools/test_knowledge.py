"""The archive's view: what is cached with the snapshot is what would be computed."""

from __future__ import annotations

from assistant.engine import Engine
from store.models import Fact
from tools.knowledge import dedupe, unique_positions


def fact(kind: str, value: str, quote: str, sentence: int) -> Fact:
    return Fact(kind, value, value, "a", sentence, 0, len(value), quote)  # type: ignore[arg-type]


def test_a_fact_repeated_in_a_sentence_of_the_same_words_counts_once() -> None:
    facts = [
        fact("date", "2014", "En 2014, Orlov est venu.", 0),
        fact("place", "Kessel", "En 2014, Orlov est venu.", 0),
        fact("date", "2014", "En 2014 — Orlov est venu !", 5),  # the lead, repeated
        fact("date", "2014", "Orlov repart en 2014.", 6),
    ]
    assert unique_positions(facts) == {"date": [0, 3], "place": [1]}
    assert dedupe(facts[i] for i in (0, 2, 3)) == [facts[0], facts[3]]


def test_the_cached_unique_facts_are_those_dedupe_keeps(engine: Engine) -> None:
    k = engine.knowledge
    for kind, facts in k.by_kind.items():
        assert k.unique[kind] == dedupe(facts)
    assert k.unique["date"]
