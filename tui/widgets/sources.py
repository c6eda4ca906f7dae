"""A reply's sources: each cited article and the sentence that says it, pickable."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from assistant.reply import Citation


def citation_label(number: int, citation: Citation) -> Content:
    """`[1] Title — “quote”`, with teasers of other articles marked as related."""
    parts: list[Content | str | tuple[str, str]] = [
        (f"[{number}] ", "bold"),
        (citation.title, "italic"),
    ]
    if citation.kind == "related":
        parts.append(("  related", "$warning"))
    parts.append(f"\n    “{citation.quote}”")
    return Content.assemble(*parts)


class SourceItem(Static, can_focus=True):
    """One citation; enter or a click opens the article at the quoted sentence."""

    BINDINGS = [Binding("enter", "pick", "Open source", show=False)]

    class Picked(Message):
        def __init__(self, citation: Citation) -> None:
            super().__init__()
            self.citation = citation

    def __init__(self, number: int, citation: Citation) -> None:
        super().__init__(citation_label(number, citation), classes=f"-{citation.kind}")
        self.citation = citation

    def action_pick(self) -> None:
        self.post_message(self.Picked(self.citation))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_pick()
