"""A reply's sources: each cited article and the sentence that says it, pickable."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from assistant.render import published_label
from assistant.reply import Citation


def citation_title(number: int, citation: Citation, lang: str = "fr") -> Content:
    """`[1] Title, 16 juin 2014`, with a teaser of another article marked as related."""
    parts: list[str | tuple[str, str]] = [(f"[{number}] ", "bold"), (citation.title, "italic")]
    if when := published_label(citation, lang):
        parts.append(f", {when}")
    if citation.kind == "related":
        parts.append(("  related", "bold $text-warning"))
    return Content.assemble(*parts)


def citation_label(number: int, citation: Citation) -> Content:
    """The title line and the quote below it, as one block of text."""
    return Content.assemble(citation_title(number, citation), f"\n“{citation.quote}”")


class SourceItem(Vertical, can_focus=True):
    """One citation; enter or a click opens the article at the quoted sentence."""

    BINDINGS = [Binding("enter", "pick", "Open source")]

    class Picked(Message):
        def __init__(self, citation: Citation) -> None:
            super().__init__()
            self.citation = citation

    def __init__(self, number: int, citation: Citation, lang: str = "fr") -> None:
        super().__init__(classes=f"-{citation.kind}")
        self.number = number
        self.citation = citation
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Static(citation_title(self.number, self.citation, self.lang), classes="source-title")
        yield Static(f"“{self.citation.quote}”", classes="source-quote", markup=False)

    def action_pick(self) -> None:
        self.post_message(self.Picked(self.citation))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_pick()
