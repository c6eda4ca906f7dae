"""The engine opened once for the whole run (the first ingest costs seconds) and shared by
every app under test through an in-process backend; apps for the tests to drive."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import pytest
from textual.pilot import Pilot

from assistant.engine import Engine
from tests.api.servers import shared_engine
from tui.app import ChatApp
from tui.backend import Backend, LocalBackend
from tui.screens.chat import ChatScreen
from tui.widgets.conversation import Note, ReplyView

SIZE = (100, 36)


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return shared_engine(tmp_path_factory)


@pytest.fixture
def backend(engine: Engine) -> LocalBackend:
    return LocalBackend(engine)


@pytest.fixture
def make_app(backend: LocalBackend) -> Callable[..., ChatApp]:
    def make(session_id: str | None = None, over: Backend | None = None) -> ChatApp:
        return ChatApp(over or backend, session_id=session_id)

    return make


class Driver:
    """A running app and the few gestures the tests repeat."""

    def __init__(self, app: ChatApp, pilot: Pilot[None]) -> None:
        self.app = app
        self.pilot = pilot

    @property
    def chat(self) -> ChatScreen:
        return self.app.chat

    async def settle(self) -> None:
        await self.app.workers.wait_for_complete()
        await self.pilot.pause()

    async def send(self, text: str) -> None:
        """Type `text` in the prompt and press enter, then wait for the reply."""
        self.chat.prompt.focus()
        self.chat.prompt.value = text
        await self.pilot.press("enter")
        await self.settle()

    def replies(self) -> list[ReplyView]:
        return list(self.chat.query(ReplyView))

    def notes_text(self, *, errors: bool = False) -> str:
        """What the app itself said in the conversation (only its errors, if asked)."""
        return "\n".join(n.text for n in self.chat.query(Note) if n.error or not errors)


@asynccontextmanager
async def running(app: ChatApp) -> AsyncIterator[Driver]:
    """The app started headless at a fixed size, once its prompt is ready.

    A context manager rather than a fixture: Textual keeps the running app in a context
    variable, which a fixture's task would not share with the test's."""
    async with app.run_test(size=SIZE) as pilot:
        await app.chat.ready.wait()
        await pilot.pause()
        yield Driver(app, pilot)
