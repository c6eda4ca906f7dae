"""What the conversation shows while the archive opens: what is happening, how far, how long."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from tui.backend import IndexProgress

OPENING = "Opening the article archive…"


class Starting(Vertical):
    """A label and a bar: the bar pulses until the first index reports articles, then fills."""

    def __init__(self) -> None:
        super().__init__(id="starting")
        self.progress: IndexProgress | None = None
        self._since = time.monotonic()

    def compose(self) -> ComposeResult:
        yield Static(OPENING, id="starting-label")
        yield ProgressBar(total=None, show_eta=False, id="starting-bar")

    def on_mount(self) -> None:
        self.set_interval(1.0, self._show)

    @property
    def text(self) -> str:
        """The label as shown: what is happening, articles done out of all, seconds so far."""
        seconds = int(time.monotonic() - self._since)
        elapsed = f" ({seconds} s)" if seconds else ""
        if self.progress is None:
            return f"{OPENING}{elapsed}"
        done, total = self.progress.done, self.progress.total
        if done < total:
            return f"Indexing the articles for the first time: {done} of {total} done{elapsed}"
        return f"Indexed {total} articles; loading the index…{elapsed}"

    def show_progress(self, progress: IndexProgress) -> None:
        self.progress = progress
        self.query_one(ProgressBar).update(total=progress.total, progress=progress.done)
        self._show()

    def _show(self) -> None:
        self.query_one("#starting-label", Static).update(self.text)
