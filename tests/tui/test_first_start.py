"""The first start: while the archive opens (the first index takes seconds) the screen
shows how far it has got, and a question typed meanwhile is answered once it is open."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import ProgressBar

from assistant.settings import Settings
from tests.tui.conftest import SIZE
from tui.app import ChatApp
from tui.backend import IndexProgress, LocalBackend, OnProgress
from tui.widgets.conversation import Note, Question, ReplyView
from tui.widgets.starting import OPENING, Starting

DATE_QUESTION = "Quand les relations diplomatiques entre la RDV et l'URSS ont-elles été établies ?"
TRADE_2012 = "Quel était le commerce bilatéral entre le Vietnam et la Russie en 2012 ?"
WAIT = 60.0  # seconds a step may take before the test gives up (a loaded machine is slow)


class SlowOpening:
    """Stands in for the first open of an archive: reports the articles the test lets it
    index, one step at a time, then hands over the backend once the test releases it."""

    def __init__(self, backend: LocalBackend, steps: list[IndexProgress]) -> None:
        self.backend = backend
        self.steps = steps
        self.go = [threading.Event() for _ in steps]
        self.reported = [threading.Event() for _ in steps]
        self.release = threading.Event()

    def __call__(self, progress: OnProgress) -> LocalBackend:
        for step, go, reported in zip(self.steps, self.go, self.reported, strict=True):
            if not go.wait(WAIT):
                raise TimeoutError("the test never let the index go on")
            progress(step)
            reported.set()
        if not self.release.wait(WAIT):
            raise TimeoutError("the test never released the archive")
        return self.backend

    async def step(self, index: int) -> None:
        """Let step `index` be reported and wait until it has been."""
        self.go[index].set()
        assert await asyncio.to_thread(self.reported[index].wait, WAIT)


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """Let the app run until `condition` holds (a message from the opening thread needs a
    few turns of the event loop), or fail after a while."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the screen never reached the expected state")


def starting_text(app: ChatApp) -> str:
    return app.chat.query_one(Starting).text


async def test_the_first_index_shows_articles_done_out_of_all(backend: LocalBackend) -> None:
    opening = SlowOpening(backend, [IndexProgress(2, 5), IndexProgress(5, 5)])
    app = ChatApp(open_backend=opening)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert starting_text(app).startswith(OPENING)
        assert app.chat.query_one(ProgressBar).total is None  # it pulses: no count yet
        await opening.step(0)
        await until(pilot, lambda: "2 of 5" in starting_text(app))
        assert starting_text(app).startswith("Indexing the articles for the first time: 2 of 5")
        bar = app.chat.query_one(ProgressBar)
        assert (bar.progress, bar.total) == (2, 5)
        await opening.step(1)
        await until(pilot, lambda: "Indexed 5 articles" in starting_text(app))
        assert app.chat.query_one(ProgressBar).percentage == 1.0
        opening.release.set()
        await app.chat.ready.wait()
        await pilot.pause()
        assert not app.chat.query(Starting) and app.chat.query("#welcome")


async def test_a_question_typed_while_the_archive_opens_is_answered_once_it_is_open(
    backend: LocalBackend,
) -> None:
    opening = SlowOpening(backend, [])
    app = ChatApp(open_backend=opening)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.chat.prompt.has_focus and not app.chat.prompt.disabled
        await pilot.press(*DATE_QUESTION, "enter")
        await pilot.pause()
        assert [q.question for q in app.chat.query(Question)] == [DATE_QUESTION]
        notes = [n.text for n in app.chat.query(Note)]
        assert any("answered as soon as it is ready" in n for n in notes)
        assert app.chat.prompt.value == "" and not app.chat.query(ReplyView)
        opening.release.set()
        await app.chat.ready.wait()
        await app.workers.wait_for_complete()
        await pilot.pause()
        [view] = app.chat.query(ReplyView)
        assert view.reply.reply == backend.engine.reply(DATE_QUESTION).reply  # the engine's own
        assert [t.message for t in app.chat.turns] == [DATE_QUESTION]
        assert [q.question for q in app.chat.query(Question)] == [DATE_QUESTION]
        assert not app.chat.busy and not app.chat.queued


async def test_questions_queued_while_opening_are_answered_in_order_in_one_session(
    backend: LocalBackend,
) -> None:
    opening = SlowOpening(backend, [])
    app = ChatApp(open_backend=opening)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for question in (TRADE_2012, "Et en 2017 ?"):
            app.chat.prompt.value = question
            await pilot.press("enter")
        await pilot.pause()
        opening.release.set()
        await app.chat.ready.wait()
        await until(pilot, lambda: len(app.chat.turns) == 2 and not app.chat.busy)
        await app.workers.wait_for_complete()
        first, second = (t.reply for t in app.chat.turns)
        assert [t.message for t in app.chat.turns] == [TRADE_2012, "Et en 2017 ?"]
        assert first.session_id == second.session_id == app.chat.session_id
        # the same answers as one session asked directly: the follow-up had the memory
        direct = backend.engine.reply(TRADE_2012)
        follow_up = backend.engine.reply("Et en 2017 ?", direct.session_id)
        assert (first.reply, second.reply) == (direct.reply, follow_up.reply)


async def test_a_command_that_needs_the_archive_while_it_opens_says_to_wait(
    backend: LocalBackend,
) -> None:
    opening = SlowOpening(backend, [])
    app = ChatApp(open_backend=opening)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.chat.prompt.value = "/tools"
        await pilot.press("enter")
        await pilot.pause()
        errors = [n.text for n in app.chat.query(Note) if n.error]
        assert errors == ["The archive is still opening; run this again once the welcome shows."]
        opening.release.set()
        await app.chat.ready.wait()


async def test_a_question_queued_for_an_archive_that_cannot_open_is_reported_unsent() -> None:
    gate = threading.Event()

    def broken(progress: OnProgress) -> LocalBackend:
        gate.wait(WAIT)
        raise RuntimeError("disk full")

    app = ChatApp(open_backend=broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.chat.prompt.value = DATE_QUESTION
        await pilot.press("enter")
        gate.set()
        await app.chat.ready.wait()
        await pilot.pause()
        errors = "\n".join(n.text for n in app.chat.query(Note) if n.error)
        assert "could not start: disk full" in errors
        assert f"Not sent: “{DATE_QUESTION}”" in errors and "assistant chat" in errors
        assert not app.chat.queued and not app.chat.turns


def test_opening_an_empty_archive_reports_each_built_in_article(tmp_path: Path) -> None:
    seen: list[IndexProgress] = []
    opened = LocalBackend.open(Settings(data_dir=tmp_path / "data"), seen.append)
    assert opened.engine.ready()
    total = len(opened.engine.store.articles())
    assert seen == [IndexProgress(done, total) for done in range(1, total + 1)]
    again: list[IndexProgress] = []
    LocalBackend.open(Settings(data_dir=tmp_path / "data"), again.append)
    assert again == []  # an archive already indexed opens without indexing
