"""The terminal chat: the conversation screen over a backend (the engine here, or the API)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import work
from textual.app import App
from textual.binding import Binding

from tui.backend import Backend, BackendError, IndexProgress, OnProgress
from tui.palette import ChatCommands
from tui.screens.chat import ChatScreen

DARK, LIGHT = "textual-dark", "textual-light"


class ChatApp(App[None]):
    """Give it an open `backend` (tests share one engine this way), or `open_backend`,
    which is called on a worker thread so the screen shows while the archive opens, with
    a callback to tell of the first index's progress."""

    CSS_PATH = "app.tcss"
    TITLE = "News assistant"
    COMMANDS = App.COMMANDS | {ChatCommands}
    BINDINGS = [
        Binding("f3", "toggle_theme", "Theme"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        backend: Backend | None = None,
        *,
        open_backend: Callable[[OnProgress], Backend] | None = None,
        session_id: str | None = None,
    ) -> None:
        super().__init__()
        if (backend is None) == (open_backend is None):
            raise ValueError("give ChatApp either a backend or open_backend, not both")
        self.backend = backend
        self._open_backend = open_backend
        self.chat = ChatScreen(session_id)

    async def on_mount(self) -> None:
        self.theme = DARK
        await self.push_screen(self.chat)
        self.connect()

    @work(exclusive=True, group="backend")
    async def connect(self) -> None:
        if self.backend is None and self._open_backend is not None:
            try:
                self.backend = await asyncio.to_thread(self._open_backend, self._progressed)
            except BackendError as err:
                await self.chat.fail(str(err))
                return
            except Exception as err:  # shown on screen rather than as a traceback
                await self.chat.fail(f"The assistant could not start: {err}")
                return
        assert self.backend is not None
        await self.chat.start(self.backend)

    def _progressed(self, progress: IndexProgress) -> None:
        """Called on the opening thread: `post_message` is the thread-safe way to the screen."""
        self.chat.post_message(ChatScreen.Progressed(progress))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    async def on_unmount(self) -> None:
        if self.backend is not None:
            await self.backend.close()
