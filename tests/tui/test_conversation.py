"""Asking, following up, suggestions, the prompt's history and paste, the working state."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import events

from assistant.engine import Engine
from assistant.reply import Reply
from tests.tui.conftest import running
from tui.app import ChatApp
from tui.backend import LocalBackend, OnProgress
from tui.widgets.conversation import Question, Working
from tui.widgets.sources import SourceItem
from tui.widgets.suggestions import Suggestions

DATE_QUESTION = "Quand les relations diplomatiques entre la RDV et l'URSS ont-elles été établies ?"
TRADE_2012 = "Quel était le commerce bilatéral entre le Vietnam et la Russie en 2012 ?"


async def test_a_question_gets_its_answer_and_source(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        await d.send(DATE_QUESTION)
        [view] = d.replies()
        assert view.reply.answered
        assert "30 janvier 1950" in view.reply.reply
        sources = list(view.query(SourceItem))
        assert sources and sources[0].citation.article_id == "001_5f0feb072f1e1255"
        assert d.chat.query(Question).last().question == DATE_QUESTION
        assert d.chat.prompt.value == ""
        assert d.chat.prompt.has_focus


async def test_a_follow_up_continues_the_same_session(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        await d.send(TRADE_2012)
        await d.send("Et en 2017 ?")
        first, second = d.replies()
        assert first.reply.session_id == second.reply.session_id == d.chat.session_id
        assert "2,45 milliard" in first.reply.reply
        assert "3,5 milliard" in second.reply.reply


async def test_the_first_screen_offers_three_questions_from_the_engine(
    make_app: Callable[..., ChatApp], engine: Engine
) -> None:
    async with running(make_app()) as d:
        welcome = str(d.chat.query_one("#welcome").render())
        assert "5 indexed articles" in welcome
        suggestions = d.chat.query_one(Suggestions)
        assert suggestions.questions == engine.suggestions()[:3]
        assert suggestions.display


async def test_a_suggestion_is_asked_with_a_key(
    make_app: Callable[..., ChatApp], engine: Engine
) -> None:
    async with running(make_app()) as d:
        await d.pilot.press("f2", "2")
        await d.settle()
        [view] = d.replies()
        assert d.chat.turns[0].message == engine.suggestions()[1]
        assert view.reply.answered


async def test_a_suggestion_is_asked_with_a_click(
    make_app: Callable[..., ChatApp], engine: Engine
) -> None:
    async with running(make_app()) as d:
        await d.pilot.click("#suggestions", offset=(4, 1))
        await d.settle()
        assert [t.message for t in d.chat.turns] == engine.suggestions()[:1]


async def test_up_and_down_walk_through_what_was_sent(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        await d.send("/help")
        await d.send("/tools")
        prompt = d.chat.prompt
        prompt.value = "draft"
        await d.pilot.press("up")
        assert prompt.value == "/tools"
        await d.pilot.press("up", "up")
        assert prompt.value == "/help"
        await d.pilot.press("down")
        assert prompt.value == "/tools"
        await d.pilot.press("down")
        assert prompt.value == "draft"


async def test_a_multi_line_paste_becomes_one_line(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        pasted = "Quand les relations\n  diplomatiques\r\nont-elles"
        d.chat.prompt.post_message(events.Paste(pasted))
        await d.pilot.pause()
        assert d.chat.prompt.value == "Quand les relations diplomatiques ont-elles"


class GatedBackend(LocalBackend):
    """Holds each reply until the test opens the gate, to look at the working state."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.gate = asyncio.Event()

    async def reply(self, message: str, session_id: str | None) -> Reply:
        await self.gate.wait()
        return await super().reply(message, session_id)


async def test_the_working_state_shows_until_the_reply_arrives(
    make_app: Callable[..., ChatApp], engine: Engine
) -> None:
    backend = GatedBackend(engine)
    async with running(make_app(over=backend)) as d:
        d.chat.prompt.value = DATE_QUESTION
        await d.pilot.press("enter")
        await d.pilot.pause()
        assert d.chat.query(Working)
        assert d.chat.prompt.has_class("-busy")
        d.chat.prompt.value = "another"
        await d.pilot.press("enter")  # refused while busy: one question at a time
        backend.gate.set()
        await d.settle()
        assert not d.chat.query(Working)
        assert not d.chat.prompt.has_class("-busy")
        assert [t.message for t in d.chat.turns] == [DATE_QUESTION]


async def test_an_empty_prompt_sends_nothing(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        await d.send("   ")
        assert not d.chat.turns and not d.chat.query(Question)


async def test_a_stored_session_is_resumed_with_its_transcript(
    make_app: Callable[..., ChatApp], engine: Engine
) -> None:
    first = engine.reply(TRADE_2012)
    async with running(make_app(session_id=first.session_id)) as d:
        assert [q.question for q in d.chat.query(Question)] == [TRADE_2012]
        assert d.replies()[0].reply.reply == first.reply
        await d.send("Et en 2017 ?")
        assert d.chat.session_id == first.session_id
        assert "3,5 milliard" in d.replies()[-1].reply.reply


async def test_an_unknown_session_says_so_and_starts_under_that_id(
    make_app: Callable[..., ChatApp],
) -> None:
    async with running(make_app(session_id="no-such-session")) as d:
        assert "no session with id 'no-such-session'" in d.notes_text(errors=True)
        await d.send(DATE_QUESTION)
        assert d.replies()[0].reply.session_id == "no-such-session"


async def test_an_over_long_question_is_refused_with_the_limit(
    make_app: Callable[..., ChatApp],
) -> None:
    async with running(make_app()) as d:
        await d.send("Quand ? " * 400)
        assert "the limit is 2,000" in d.notes_text(errors=True)
        assert not d.chat.turns and not d.chat.busy


async def test_the_archive_opens_while_the_screen_shows(backend: LocalBackend) -> None:
    async with running(ChatApp(open_backend=lambda progress: backend)) as d:
        assert d.app.backend is backend and d.chat.prompt.has_focus
        await d.send(DATE_QUESTION)
        assert d.replies()[0].reply.answered


async def test_an_archive_that_cannot_open_is_a_message() -> None:
    def broken(progress: OnProgress) -> LocalBackend:
        raise RuntimeError("disk full")

    async with running(ChatApp(open_backend=broken)) as d:
        assert "could not start: disk full" in d.notes_text(errors=True)
        await d.send("/tools")
        await d.send(DATE_QUESTION)
        assert d.notes_text(errors=True).count("not available") == 2
        await d.send("/quit")
        assert not d.app.is_running
