"""The question prompt: an input with history, slash-command completion and one-line paste."""

from __future__ import annotations

import re

from textual import events
from textual.binding import Binding
from textual.suggester import Suggester
from textual.widgets import Input


def one_line(text: str) -> str:
    """Pasted lines joined by single spaces: a question is one line."""
    return re.sub(r"\s*[\r\n]+\s*", " ", text).strip("\r\n")


class PromptInput(Input):
    """Up and down walk through what was sent before; a multi-line paste becomes one line."""

    BINDINGS = [
        Binding("up", "history_previous", "Previous", show=False),
        Binding("down", "history_next", "Next", show=False),
    ]

    def __init__(self, suggester: Suggester | None = None, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="Ask a question, or type / for commands",
            suggester=suggester,
            id=id,
        )
        self.history: list[str] = []
        self._position: int | None = None
        self._draft = ""

    def remember(self, text: str) -> None:
        """Add a sent line to the history (not twice in a row) and leave history browsing."""
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
        self._position = None

    def action_history_previous(self) -> None:
        if not self.history:
            return
        if self._position is None:
            self._draft = self.value
            self._position = len(self.history)
        self._position = max(0, self._position - 1)
        self._show(self.history[self._position])

    def action_history_next(self) -> None:
        if self._position is None:
            return
        self._position += 1
        if self._position >= len(self.history):
            self._position = None
            self._show(self._draft)
        else:
            self._show(self.history[self._position])

    def _show(self, text: str) -> None:
        self.value = text
        self.cursor_position = len(text)

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own handler would keep only the first line
        if event.text:
            line = one_line(event.text)
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(line)
            else:
                self.replace(line, *selection)
        event.stop()
