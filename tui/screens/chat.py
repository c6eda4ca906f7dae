"""The conversation screen: ask, read the reply and its sources, run slash commands."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from assistant.reply import Citation, Reply
from tui.backend import ArticleSummary, Backend, BackendError, Turn
from tui.commands import COMMANDS, CommandError, Invocation, SlashSuggester, parse_command
from tui.export import write_dialogue
from tui.screens.article import ArticleScreen
from tui.screens.sources import SourcesScreen
from tui.widgets.conversation import Conversation
from tui.widgets.prompt import PromptInput
from tui.widgets.sources import SourceItem
from tui.widgets.suggestions import Suggestions
from tui.widgets.trace import TracePanel

WELCOME = (
    "Ask about the dates, figures, people and events in the {count} indexed articles "
    "(in French or English); every answer cites the sentence it comes from."
)
EXAMPLES = 3


class ChatScreen(Screen[None]):
    """Holds the session: its id, its turns, and the backend that answers."""

    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("f2", "focus_suggestions", "Suggestions"),
        Binding("ctrl+o", "sources", "Sources"),
        Binding("ctrl+t", "toggle_trace", "Trace"),
        Binding("escape", "focus_prompt", "Prompt", show=False),
    ]

    def __init__(self, session_id: str | None = None) -> None:
        super().__init__()
        self.backend: Backend | None = None
        self.session_id = session_id
        self.turns: list[Turn] = []
        self.traces: list[dict[str, Any] | None] = []
        self.articles: list[ArticleSummary] = []
        self.examples: list[str] = []
        self.busy = False
        self.ready = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield Conversation(id="conversation")
            yield TracePanel(id="trace")
        yield Suggestions(id="suggestions")
        prompt = PromptInput(SlashSuggester(lambda: self.article_ids), id="prompt")
        prompt.disabled = True
        yield prompt
        yield Footer()

    @property
    def article_ids(self) -> list[str]:
        return [a.article_id for a in self.articles]

    @property
    def conversation(self) -> Conversation:
        return self.query_one(Conversation)

    @property
    def prompt(self) -> PromptInput:
        return self.query_one(PromptInput)

    async def on_mount(self) -> None:
        self.query_one(Suggestions).display = False
        await self.conversation.add_note("Opening the article archive…")

    # -- starting ----------------------------------------------------------------

    async def start(self, backend: Backend) -> None:
        """Called once the backend is open: load what the prompt needs, then hand it over."""
        self.backend = backend
        self.sub_title = backend.label
        await self.conversation.clear()
        try:
            self.articles = await backend.articles()
            self.examples = await backend.suggestions()
        except BackendError as err:
            await self.conversation.add_note(str(err), error=True)
        if self.session_id is not None:
            await self._resume(backend, self.session_id)
        if not self.turns:
            await self._welcome()
        self.prompt.disabled = False
        self.prompt.focus()
        self.ready.set()

    async def fail(self, error: str) -> None:
        """The backend could not be opened: say so, and keep the app usable for /quit."""
        await self.conversation.clear()
        await self.conversation.add_note(error, error=True)
        self.prompt.disabled = False
        self.prompt.focus()
        self.ready.set()

    async def _welcome(self) -> None:
        """What can be asked, and examples to pick; nothing when the archive is unreachable."""
        if not self.articles:
            return
        await self.conversation.add_welcome(WELCOME.format(count=len(self.articles)))
        self.query_one(Suggestions).show_questions(self.examples[:EXAMPLES])

    async def _resume(self, backend: Backend, session_id: str) -> None:
        try:
            turns = await backend.transcript(session_id)
        except BackendError as err:
            await self.conversation.add_note(
                f"Could not load conversation `{session_id}`: {err}. "
                "Questions asked now start it afresh under this id.",
                error=True,
            )
            return
        await self.conversation.add_note(f"Resumed conversation `{session_id}`.")
        for turn in turns:
            await self.conversation.add_question(turn.message)
            await self._show_turn(turn, turn.reply.trace)

    # -- asking ------------------------------------------------------------------

    @on(Input.Submitted, "#prompt")
    async def submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        if self.busy:
            self.notify("Still working on the previous question.", severity="warning")
            return
        self.prompt.remember(text)
        self.prompt.value = ""
        await self.submit(text)

    async def submit(self, text: str) -> None:
        """Run a slash command, or send a question to the assistant."""
        try:
            invocation = parse_command(text)
        except CommandError as err:
            await self.conversation.add_note(str(err), error=True)
            return
        if invocation is not None:
            await self.run_command(invocation)
        elif self.backend is None:
            await self.conversation.add_note("The assistant is not available.", error=True)
        else:
            await self.ask(text)

    async def ask(self, question: str) -> None:
        self.busy = True
        self.prompt.add_class("-busy")
        await self.conversation.add_question(question)
        await self.conversation.show_working(True)
        self.answer(question)

    @work(exclusive=True, group="ask")
    async def answer(self, question: str) -> None:
        assert self.backend is not None
        trace_wanted = self.query_one(TracePanel).display
        try:
            explained = None
            if trace_wanted:
                explained = await self._explain(question)
            reply = await self.backend.reply(question, self.session_id)
        except BackendError as err:
            await self.conversation.add_note(str(err), error=True)
        else:
            self.session_id = reply.session_id
            await self._show_turn(Turn(question, reply), reply.trace or explained)
        finally:
            await self.conversation.show_working(False)
            self.busy = False
            self.prompt.remove_class("-busy")

    async def _explain(self, question: str) -> dict[str, Any] | None:
        assert self.backend is not None
        try:
            return await self.backend.explain(question, self.session_id)
        except BackendError:
            return None

    async def _show_turn(self, turn: Turn, trace: dict[str, Any] | None) -> None:
        self.turns.append(turn)
        self.traces.append(trace)
        await self.conversation.add_reply(turn.reply)
        suggestions = (
            turn.reply.suggestions
            or [q for q in self.examples if q not in {t.message for t in self.turns}][:EXAMPLES]
        )
        self.query_one(Suggestions).show_questions(suggestions)
        await self.query_one(TracePanel).show_trace(turn.message, turn.reply, trace)

    # -- sources -----------------------------------------------------------------

    @on(SourceItem.Picked)
    def source_picked(self, event: SourceItem.Picked) -> None:
        self.open_article(event.citation.article_id, event.citation)

    @work(group="article")
    async def open_article(self, article_id: str, citation: Citation | None = None) -> None:
        if self.backend is None:
            return
        try:
            article = await self.backend.article(article_id)
        except BackendError as err:
            await self.conversation.add_note(str(err), error=True)
            return
        await self.app.push_screen(ArticleScreen(article, citation))

    def action_sources(self) -> None:
        reply = self.last_reply
        if reply is None or not reply.citations:
            self.notify("The last reply cites no sources.")
            return
        self.app.push_screen(SourcesScreen(reply.citations), self._source_chosen)

    def _source_chosen(self, citation: Citation | None) -> None:
        if citation is not None:
            self.open_article(citation.article_id, citation)

    @property
    def last_reply(self) -> Reply | None:
        return self.turns[-1].reply if self.turns else None

    # -- suggestions, trace, focus ----------------------------------------------

    @on(Suggestions.Picked)
    async def suggestion_picked(self, event: Suggestions.Picked) -> None:
        if self.busy:
            self.notify("Still working on the previous question.", severity="warning")
            return
        self.prompt.remember(event.question)
        self.prompt.focus()
        await self.submit(event.question)

    def action_focus_suggestions(self) -> None:
        suggestions = self.query_one(Suggestions)
        if suggestions.display:
            suggestions.focus()
            suggestions.highlighted = 0

    def action_focus_prompt(self) -> None:
        self.prompt.focus()

    async def action_toggle_trace(self) -> None:
        panel = self.query_one(TracePanel)
        panel.display = not panel.display
        if panel.display and self.turns and self.traces[-1] is None:
            self.explain_last()

    @work(exclusive=True, group="trace")
    async def explain_last(self) -> None:
        """A reply that came without its trace: ask the backend how it would be made now."""
        turn = self.turns[-1]
        trace = await self._explain(turn.message)
        self.traces[-1] = trace
        await self.query_one(TracePanel).show_trace(turn.message, turn.reply, trace)

    async def action_help(self) -> None:
        await self.conversation.add_note(self._help())

    # -- slash commands ----------------------------------------------------------

    def bring_forward(self) -> None:
        """Close whatever screens cover the conversation."""
        while len(self.app.screen_stack) > 1 and self.app.screen is not self:
            self.app.pop_screen()

    async def run_from_palette(self, text: str) -> None:
        self.bring_forward()
        await self.submit(text)

    async def palette_sources(self) -> None:
        self.bring_forward()
        self.action_sources()

    async def prefill_export(self) -> None:
        self.bring_forward()
        self.prompt.value = "/export conversation.dialogue.yaml"
        self.prompt.focus()

    async def run_command(self, invocation: Invocation) -> None:
        name, argument = invocation.command.name, invocation.argument
        if name == "quit":
            self.app.exit()
        elif name == "help":
            await self.conversation.add_note(self._help())
        elif name == "tools":
            await self._list_tools()
        elif name == "articles":
            await self._list_articles()
        elif name == "open":
            self.open_article(argument)
        elif name == "reset":
            await self.reset()
        elif name == "export":
            await self.export(Path(argument))

    def _help(self) -> str:
        rows = "\n".join(f"| `{c.usage}` | {c.help} |" for c in COMMANDS)
        keys = "\n".join(
            f"| `{b.key}` | {b.description} |"
            for b in self.BINDINGS
            if isinstance(b, Binding) and b.show
        )
        session = f"\n\nThis conversation is `{self.session_id}`." if self.session_id else ""
        return (
            WELCOME.format(count=len(self.articles))
            + "\n\n| Command | What it does |\n|---|---|\n"
            + rows
            + "\n\n| Key | |\n|---|---|\n"
            + keys
            + "\n| `ctrl+p` | Command palette |\n| `f3` | Light or dark theme |"
            + session
        )

    async def _list_tools(self) -> None:
        assert self.backend is not None
        try:
            tools = await self.backend.tools()
        except BackendError as err:
            await self.conversation.add_note(str(err), error=True)
            return
        rows = "\n".join(f"| `{t.name}` | {t.description} |" for t in tools)
        await self.conversation.add_note("| Tool | What it finds |\n|---|---|\n" + rows)

    async def _list_articles(self) -> None:
        assert self.backend is not None
        try:
            articles = await self.backend.articles()
        except BackendError as err:
            await self.conversation.add_note(str(err), error=True)
            return
        rows = "\n".join(f"| `{a.article_id}` | {a.title} |" for a in articles)
        await self.conversation.add_note(
            "| Id | Title |\n|---|---|\n" + rows + "\n\n`/open ID` reads one."
        )

    async def reset(self) -> None:
        """Forget the conversation here; the next question starts a new session."""
        self.session_id = None
        self.turns.clear()
        self.traces.clear()
        await self.conversation.clear()
        await self.query_one(TracePanel).clear()
        await self._welcome()
        self.prompt.focus()

    async def export(self, path: Path) -> None:
        if not self.turns:
            await self.conversation.add_note("Nothing to export yet: ask a question first.")
            return
        try:
            written = write_dialogue(path, self.turns)
        except OSError as err:
            await self.conversation.add_note(f"Could not write `{path}`: {err}", error=True)
            return
        await self.conversation.add_note(
            f"Saved {len(self.turns)} turn{'s' if len(self.turns) != 1 else ''} to `{written}`; "
            f"replay them with `assistant dialogues run {written}`."
        )
