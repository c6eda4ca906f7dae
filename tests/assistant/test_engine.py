"""The engine's contract: every message gets a Reply, answers carry citations, memory works."""

from __future__ import annotations

import weakref
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.engine import Engine
from assistant.errors import InvalidMessage
from assistant.reply import Reply


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=2000).filter(lambda s: s.strip()))
def test_any_unicode_message_up_to_the_limit_gets_a_reply(engine: Engine, message: str) -> None:
    reply = engine.reply(message)
    assert isinstance(reply, Reply)
    if reply.answered and reply.intent not in ("smalltalk", "help", "reset"):
        assert reply.citations, "an answer without a citation"
    if not reply.answered:
        assert reply.results == []


@pytest.mark.parametrize("message", ["", "   ", "\n\t", "x" * 2001])
def test_empty_or_over_long_messages_get_a_clear_error(engine: Engine, message: str) -> None:
    with pytest.raises(InvalidMessage) as err:
        engine.reply(message)
    assert "empty" in str(err.value) or "2,000" in str(err.value)


def test_the_same_question_gets_the_same_answer(engine: Engine) -> None:
    question = "Quand les relations diplomatiques ont-elles été établies ?"
    first, second = engine.reply(question), engine.reply(question)
    assert first.reply == second.reply and first.results == second.results


def test_an_answer_cites_the_sentence_it_came_from(engine: Engine) -> None:
    reply = engine.reply("Quand les relations diplomatiques ont-elles été établies ?")
    assert reply.answered and reply.results[0].value == "1950-01-30"
    assert reply.results[0].quote in reply.citations[0].quote
    assert reply.citations[0].article_id == "001_5f0feb072f1e1255"


def test_follow_up_keeps_subject_and_changes_period(engine: Engine) -> None:
    first = engine.reply("Quel était le commerce bilatéral entre le Vietnam et la Russie en 2012 ?")
    second = engine.reply("Et en 2017 ?", first.session_id)
    assert second.intent == "figure_lookup"
    assert second.results[0].value == pytest.approx(3.5e9)


def test_follow_up_with_a_new_intent_keeps_the_people(engine: Engine) -> None:
    first = engine.reply("Qui est Ngo Xuan Lich ?")
    second = engine.reply("Quand a-t-il rencontré Sergey Shoigu ?", first.session_id)
    assert second.intent == "date_lookup"
    assert any(r.value == "--02-05" for r in second.results)


def test_pronoun_resolves_to_the_last_person(engine: Engine) -> None:
    first = engine.reply("Qui est Ngo Xuan Lich ?")
    second = engine.reply("Qui a-t-il rencontré à Moscou ?", first.session_id)
    assert "Shoigu" in second.reply


def test_an_ambiguous_name_gets_a_numbered_question_and_the_answer_resolves_it(
    engine: Engine,
) -> None:
    first = engine.reply("Qui est Nguyen ?")
    assert first.intent == "clarify" and not first.answered
    assert "1." in first.reply and len(first.suggestions) >= 2
    second = engine.reply("1", first.session_id)
    assert second.intent == "actor_lookup" and second.answered
    assert first.suggestions[0] in second.reply


def test_what_the_articles_do_not_say_is_said_plainly(engine: Engine) -> None:
    reply = engine.reply("Quel temps fera-t-il demain à Hanoï ?")
    assert not reply.answered and reply.results == [] and reply.citations == []
    assert "ne le disent pas" in reply.reply


def test_english_question_gets_an_english_frame_and_french_quotes(engine: Engine) -> None:
    reply = engine.reply("What was bilateral trade worth in 2017?")
    assert reply.lang == "en" and reply.answered
    assert "3.5 billion" in reply.reply and "3,5 milliards" in reply.reply


def test_a_restart_loses_no_conversation(engine: Engine) -> None:
    first = engine.reply("Quel était le commerce bilatéral entre le Vietnam et la Russie en 2012 ?")
    reopened = Engine(engine.settings, engine.store, engine.registry)
    second = reopened.reply("Et en 2017 ?", first.session_id)
    assert second.results and second.results[0].value == pytest.approx(3.5e9)
    assert [t["message"] for t in reopened.sessions.transcript(first.session_id)][-2:] == [
        "Quel était le commerce bilatéral entre le Vietnam et la Russie en 2012 ?",
        "Et en 2017 ?",
    ]


def test_reset_forgets_the_subject(engine: Engine) -> None:
    first = engine.reply("Quel était le commerce bilatéral entre le Vietnam et la Russie en 2012 ?")
    engine.reply("reset", first.session_id)
    after = engine.reply("Et en 2017 ?", first.session_id)
    assert after.intent != "figure_lookup" or not after.answered


def test_explain_shows_the_rule_slots_and_tool_call(engine: Engine) -> None:
    trace = engine.explain("Combien de projets la Russie a-t-elle enregistrés au Vietnam ?")
    assert trace["intent"] == "figure_lookup" and trace["tool"] == "figure_lookup"
    assert "combien" in trace["rule"] and trace["slots"]["unit"] == "projets"


def test_an_ingest_by_another_process_is_seen_by_a_running_engine(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from pathlib import Path

    from assistant.settings import Settings

    data_dir = tmp_path_factory.mktemp("shared-data")
    running = Engine.open(Settings(data_dir=data_dir))
    assert not running.reply("Qui est Batbayar Ganzorig ?").answered
    other = Engine.open(Settings(data_dir=data_dir))  # e.g. `assistant ingest` elsewhere
    other.ingest([Path(__file__).parents[1] / "tools" / "data" / "999_test_article.txt"])
    assert running.reply("Qui est Batbayar Ganzorig ?").answered


def test_an_ingest_through_another_engine_on_one_chroma_server_is_seen(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two servers on one chroma server, each with its own data directory (its own cache):
    # the store's generation lives on the chroma server, so no restart is needed.
    from pathlib import Path

    from assistant.settings import Settings
    from tests.store.conftest import start_chroma_server

    monkeypatch.setattr("store.store.SERVER_GENERATION_TTL", 0.0)
    server = start_chroma_server(tmp_path_factory.mktemp("chroma-two-engines"))
    try:
        monkeypatch.setenv("CHROMA_HOST", server.host)
        monkeypatch.setenv("CHROMA_PORT", str(server.port))
        running = Engine.open(Settings(data_dir=tmp_path_factory.mktemp("replica-a")))
        assert not running.reply("Qui est Batbayar Ganzorig ?").answered
        other = Engine.open(Settings(data_dir=tmp_path_factory.mktemp("replica-b")))
        other.ingest([Path(__file__).parents[1] / "tools" / "data" / "999_test_article.txt"])
        assert running.reply("Qui est Batbayar Ganzorig ?").answered
    finally:
        server.stop()


def test_a_warmed_engine_has_chromas_client_before_another_process_ingests(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # Questions are answered from the snapshot alone; reading another process's ingest
    # needs chroma's client, which a server loads before it says it is ready.
    from assistant.settings import Settings

    data_dir = tmp_path_factory.mktemp("warm-client")
    Engine.open(Settings(data_dir=data_dir))  # (indexes the built-in corpus)
    running = Engine.open(Settings(data_dir=data_dir))
    assert running.reply("Qui est Nguyen Phu Trong ?").answered
    assert running.store._client is None
    running.warm()
    assert running.store._client is not None


def test_a_warmed_engine_builds_the_new_catalog_in_the_background_after_an_ingest(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A server warms its engine up; after another process's ingest the list tools'
    # catalog of the new snapshot is built by a thread, not by the first list question.
    from pathlib import Path

    from assistant.settings import Settings

    threads: list[Any] = []
    start = Engine._warm_in_background
    monkeypatch.setattr(
        Engine, "_warm_in_background", lambda self: threads.append(start(self)) or threads[-1]
    )
    data_dir = tmp_path_factory.mktemp("warm-data")
    cold = Engine.open(Settings(data_dir=data_dir))
    running = Engine.open(Settings(data_dir=data_dir))
    running.warm()
    replaced = weakref.ref(running.knowledge)
    other = Engine.open(Settings(data_dir=data_dir))
    other.ingest([Path(__file__).parents[1] / "tools" / "data" / "999_test_article.txt"])
    assert cold.reply("Qui est Batbayar Ganzorig ?").answered
    assert threads == [None]  # an engine never warmed up builds it when asked
    assert running.reply("Qui est Batbayar Ganzorig ?").answered
    assert len(threads) == 2 and threads[1] is not None
    threads[1].join(120)
    # The view replaced was frozen with the new one and collected by that thread, after
    # the catalog (not by the question): nothing of it is left.
    assert replaced() is None
    catalog = running.knowledge._catalog
    assert catalog is not None and any(e.article_id.startswith("999") for e in catalog.entries)
