"""The conversation: questions, replies rendered as Markdown with their sources, and notes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, Static

from assistant.reply import Reply
from tui.widgets.sources import SourceItem


class Question(Static):
    """What the person asked."""

    def __init__(self, text: str) -> None:
        super().__init__(Content.assemble(("› ", "bold $accent"), text))
        self.question = text


class ReplyView(Vertical):
    """One reply: its text, then the sources it cites."""

    def __init__(self, reply: Reply) -> None:
        classes = "-answered" if reply.answered else "-unanswered"
        super().__init__(classes=classes)
        self.reply = reply

    def compose(self) -> ComposeResult:
        yield Markdown(self.reply.reply, classes="reply-text")
        if self.reply.citations:
            with Vertical(classes="sources"):
                yield Static("Sources", classes="sources-title")
                for number, citation in enumerate(self.reply.citations, 1):
                    yield SourceItem(number, citation, self.reply.lang)


class Note(Markdown):
    """Something the app itself says: help, lists, confirmations, and errors."""

    def __init__(self, markdown: str, *, error: bool = False) -> None:
        super().__init__(markdown, classes="-error" if error else "-info")
        self.text = markdown
        self.error = error


class Working(Static):
    """Shown while the assistant works on a question."""

    def __init__(self) -> None:
        super().__init__("Working…", id="working")


class Conversation(VerticalScroll, can_focus=False):
    """The scrolling conversation; the screen adds to it with the `add_*` methods."""

    async def add_question(self, text: str) -> None:
        await self._add(Question(text))

    async def add_reply(self, reply: Reply) -> ReplyView:
        view = ReplyView(reply)
        await self._add(view)
        return view

    async def add_note(self, markdown: str, *, error: bool = False) -> None:
        await self._add(Note(markdown, error=error))

    async def add_starting(self, starting: Vertical) -> None:
        """What is shown while the archive opens; `clear` takes it away."""
        await self._add(starting)

    async def add_welcome(self, line: str) -> None:
        await self._add(Static(line, id="welcome"))

    async def show_working(self, working: bool) -> None:
        if working:
            await self._add(Working())
        else:
            await self.query(Working).remove()

    async def clear(self) -> None:
        await self.remove_children()

    async def _add(self, widget: Static | Vertical | Markdown) -> None:
        await self.query(Working).remove()
        await self.mount(widget)
        self.scroll_end(animate=False)
