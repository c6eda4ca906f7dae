"""Slash commands, their completion, the command palette, the trace and the theme."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from textual.widgets import Input

from assistant.engine import Engine
from tests.tui.conftest import running
from tui.app import DARK, LIGHT, ChatApp
from tui.widgets.conversation import Question
from tui.widgets.trace import TracePanel

TRADE_2012 = "Quel était le commerce bilatéral entre le Vietnam et la Russie en 2012 ?"
WEATHER = "Quel temps fera-t-il demain à Hanoï ?"


async def test_help_lists_the_commands_and_keys(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        await d.send("/help")
        said = d.notes_text()
        for usage in ("/tools", "/articles", "/open ID", "/reset", "/export FILE", "/quit"):
            assert usage in said
        assert "ctrl+o" in said and "ctrl+p" in said


async def test_tools_and_articles_are_listed(
    make_app: Callable[..., ChatApp], engine: Engine
) -> None:
    async with running(make_app()) as d:
        await d.send("/tools")
        await d.send("/articles")
        said = d.notes_text()
        for tool in engine.registry:
            assert f"`{tool.name}`" in said
        for article in engine.store.articles():
            assert article.article_id in said and article.title in said


async def test_an_unknown_command_names_the_known_ones(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        await d.send("/frobnicate")
        await d.send("/open")
        errors = d.notes_text(errors=True)
        assert "Unknown command `/frobnicate`" in errors and "/export FILE" in errors
        assert "`/open` needs ID" in errors
        assert not d.chat.turns


async def test_commands_complete_as_they_are_typed(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        await d.pilot.press(*"/ex")
        await d.pilot.pause()
        await d.pilot.press("right")
        assert d.chat.prompt.value == "/export "
        d.chat.prompt.value = ""
        await d.pilot.press(*"/open 00")
        await d.pilot.pause()
        await d.pilot.press("right")
        assert d.chat.prompt.value == "/open 000_a250743516c9c4b6"


async def test_reset_starts_a_new_conversation(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        await d.send(TRADE_2012)
        before = d.chat.session_id
        await d.send("/reset")
        assert d.chat.session_id is None and not d.chat.turns
        assert not d.replies() and not d.chat.query(Question)
        assert d.chat.query("#welcome")
        await d.send("Et en 2017 ?")
        assert d.chat.session_id not in (None, before)
        assert "2,45" not in d.replies()[0].reply.reply


async def test_export_writes_a_dialogue_case(
    make_app: Callable[..., ChatApp], tmp_path: Path
) -> None:
    target = tmp_path / "out" / "trade.dialogue.yaml"
    async with running(make_app()) as d:
        await d.send(TRADE_2012)
        await d.send("Et en 2017 ?")
        await d.send(WEATHER)
        await d.send(f"/export {target}")
        assert str(target) in d.notes_text()
    [case] = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert case["id"] == "tui-trade"
    first, second, third = case["turns"]
    assert first == {
        "ask": TRADE_2012,
        "expect": [["près de 2,45 milliards de dollars"]],
        "source": "001_5f0feb072f1e1255",
        "intent": "figure_lookup",
        "answered": True,
    }
    assert second["ask"] == "Et en 2017 ?"
    assert second["expect"] == [["environ 3,5 milliards de dollars"]]
    assert third == {"ask": WEATHER, "intent": third["intent"], "answered": False}


async def test_an_exported_dialogue_replays_green(
    make_app: Callable[..., ChatApp], engine: Engine, tmp_path: Path
) -> None:
    from assistant.dialogues.format import load_file
    from assistant.dialogues.runner import EngineChat, run_dialogue

    target = tmp_path / "replay.dialogue.yaml"
    async with running(make_app()) as d:
        for question in (TRADE_2012, "Et en 2017 ?", "Qui est Ngo Xuan Lich ?", WEATHER):
            await d.send(question)
        await d.send(f"/export {target}")
    [dialogue] = load_file(target).dialogues
    result = run_dialogue(dialogue, EngineChat(engine))
    assert result.status == "passed", [t.problems for t in result.turns]


async def test_export_before_any_question_writes_nothing(
    make_app: Callable[..., ChatApp], tmp_path: Path
) -> None:
    async with running(make_app()) as d:
        await d.send(f"/export {tmp_path / 'empty.yaml'}")
        assert "Nothing to export" in d.notes_text()
    assert not (tmp_path / "empty.yaml").exists()


async def test_quit_leaves(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        await d.send("/quit")
        assert not d.app.is_running


async def test_the_palette_runs_the_same_commands(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        await d.pilot.press("ctrl+p")
        await d.pilot.pause()
        await d.pilot.press(*"tools")
        await d.pilot.pause(0.3)
        await d.pilot.press("enter")
        await d.settle()
        assert "`date_lookup`" in d.notes_text()


async def test_the_palette_opens_an_article(make_app: Callable[..., ChatApp]) -> None:
    from tui.screens.article import ArticleScreen

    async with running(make_app()) as d:
        title = d.chat.articles[2].title
        await d.pilot.press("ctrl+p")
        await d.pilot.pause()
        d.app.screen.query_one(Input).value = f"Open {title}"  # typed at once: one search
        await d.pilot.pause(0.3)
        await d.pilot.press("enter")
        await d.settle()
        screen = d.app.screen
        assert isinstance(screen, ArticleScreen) and screen.article.title == title


async def test_the_trace_shows_intent_slots_tool_and_time(
    make_app: Callable[..., ChatApp],
) -> None:
    async with running(make_app()) as d:
        panel = d.chat.query_one(TracePanel)
        assert not panel.display
        await d.send(TRADE_2012)
        await d.pilot.press("ctrl+t")
        await d.settle()
        assert panel.display
        shown = panel.shown
        for field in ("intent", "slots", "tool", "params", "ms", "figure_lookup"):
            assert field in shown
        await d.pilot.press("ctrl+t")
        assert not panel.display


async def test_the_trace_of_a_resumed_turn_is_explained(
    make_app: Callable[..., ChatApp], engine: Engine
) -> None:
    first = engine.reply(TRADE_2012)
    async with running(make_app(session_id=first.session_id)) as d:
        await d.pilot.press("ctrl+t")
        await d.settle()
        shown = d.chat.query_one(TracePanel).shown
        assert "figure_lookup" in shown and "params" in shown


async def test_the_theme_toggles_between_dark_and_light(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        assert d.app.theme == DARK
        await d.pilot.press("f3")
        assert d.app.theme == LIGHT
        await d.pilot.press("f3")
        assert d.app.theme == DARK


async def test_articles_with_words_lists_the_articles_about_them_each_cited(
    make_app: Callable[..., ChatApp],
) -> None:
    async with running(make_app()) as d:
        await d.send("/articles Biélorussie")
        reply = d.chat.turns[-1].reply
        assert reply.tool == "article_list"
        assert [r.value for r in reply.results] == ["001_5f0feb072f1e1255"]
        assert reply.citations[0].article_id == "001_5f0feb072f1e1255"


async def test_summary_opens_an_article_as_its_lead_and_central_sentences(
    make_app: Callable[..., ChatApp],
) -> None:
    async with running(make_app()) as d:
        await d.send("/summary 003")
        reply = d.chat.turns[-1].reply
        assert reply.tool == "article_summary" and reply.answered
        assert 3 <= len(reply.citations) <= 5 and reply.citations[0].kind == "lead"
        await d.send("/summary")
        assert "`/summary` needs ID" in d.notes_text(errors=True)
