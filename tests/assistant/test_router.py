"""The router on its own: each message is read by the engine's understander
over the built-in corpus and routed with `decide` on a fresh memory, so a test
pins which tool is chosen and what a follow-up carries over, without any tool running."""

from __future__ import annotations

import pytest

from assistant.engine import Engine
from assistant.memory import Memory
from assistant.router import Decision, decide


def route(engine: Engine, *messages: str) -> list[Decision]:
    memory = Memory()
    return [decide(engine.understander.parse(m), memory) for m in messages]


@pytest.mark.parametrize(
    ("message", "tool"),
    [
        ("Quand Vladimir Poutine est-il venu au Vietnam ?", "date_lookup"),
        ("poutine est venu quand au vietnam", "date_lookup"),
        ("Combien de projets la Russie a-t-elle au Vietnam ?", "figure_lookup"),
        ("Qui a signé le traité de 1994 ?", "actor_lookup"),
        ("Où se trouve la centrale nucléaire ?", "place_lookup"),
        ("Dans quelle province se trouve la centrale ?", "place_lookup"),
        ("Que s'est-il passé le 30 janvier 1950 ?", "date_lookup"),
        ("Que signifie PCV ?", "passage_search"),
        ("How many Russian projects are registered in Vietnam?", "figure_lookup"),
    ],
)
def test_the_answer_type_chooses_the_tool(engine: Engine, message: str, tool: str) -> None:
    [decision] = route(engine, message)
    assert decision.tool == tool


def test_greetings_and_help_call_no_tool(engine: Engine) -> None:
    for message in ("Bonjour", "aide", "merci"):
        [decision] = route(engine, message)
        assert decision.tool is None and decision.intent != "search"


def test_an_elliptical_follow_up_keeps_the_tool_and_the_subject(engine: Engine) -> None:
    _, second = route(
        engine,
        "Quel est le montant des échanges commerciaux en 2012 ?",
        "Et en 2017 ?",
    )
    assert second.tool == "figure_lookup"
    assert second.question is not None
    assert second.question.years == ("2017",)
    assert any(t.inherited and t.word == "echanges" for t in second.question.terms)


def test_a_new_question_after_another_is_no_follow_up(engine: Engine) -> None:
    _, second = route(
        engine,
        "Quel est le montant des échanges commerciaux en 2012 ?",
        "Combien de projets la Russie compte-t-elle au Vietnam ?",
    )
    assert second.question is not None
    assert not second.question.inherited
    assert second.question.years == ()


def test_a_pronoun_stands_for_the_person_of_the_last_answer(engine: Engine) -> None:
    first, second = route(engine, "Qui est Sergey Shoigu ?", "Quand est-il venu au Vietnam ?")
    assert first.tool == "actor_lookup"
    assert second.tool == "date_lookup"
    assert any("pronoun" in note for note in second.notes)


def test_an_acronym_typed_in_lower_case_is_the_one_the_archive_defines(engine: Engine) -> None:
    [decision] = route(engine, "que signifie pcv")
    assert decision.tool == "passage_search" and decision.params.get("acronym") == "PCV"
    [decision] = route(engine, "que signifie ce mot")  # a common word spells no acronym
    assert decision.params.get("acronym") is None
