"""The conversation screen: ask, read the reply and its sources, run slash commands."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from assistant.reply import Citation, Reply
from tui.backend import ArticleSummary, Backend, BackendError, IndexProgress, Turn
from tui.commands import CommandError, Invocation, SlashSuggester, parse_command
from tui.export import write_dialogue
from tui.notes import WELCOME, articles_markdown, help_markdown, tools_markdown
from tui.screens.article import ArticleScreen
from tui.screens.sources import SourcesScreen
from tui.widgets.conversation import Conversation
from tui.widgets.prompt import PromptInput
from tui.widgets.sources import SourceItem
from tui.widgets.starting import Starting
from tui.widgets.suggestions import Suggestions
from tui.widgets.trace import TracePanel

EXAMPLES = 3


class ChatScreen(Screen[None]):
    """Holds the session: its id, its turns, and the backend that answers.

    The prompt takes questions from the first frame: one typed while the archive still
    opens is shown at once and answered as soon as the backend is there."""

    class Progressed(Message):
        """News from the opening archive (posted from the thread that opens it)."""

        def __init__(self, progress: IndexProgress) -> None:
            super().__init__()
            self.progress = progress

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
        self.articles: list[ArticleSummary] = []
        self.examples: list[str] = []
        self.busy = False
        self.opening = True  # until the backend is started, or failed to open
        self.queued: list[str] = []
        self.ready = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield Conversation(id="conversation")
            yield TracePanel(id="trace")
        yield Suggestions(id="suggestions")
        yield PromptInput(SlashSuggester(lambda: self.article_ids), id="prompt")
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
        await self.conversation.add_starting(Starting())
        self.prompt.focus()

    @on(Progressed)
    def progressed(self, event: Progressed) -> None:
        for starting in self.query(Starting):
            starting.show_progress(event.progress)

    # -- starting ----------------------------------------------------------------

    async def start(self, backend: Backend) -> None:
        """Called once the backend is open: load what the prompt needs, then hand it over."""
        self.backend = backend
        self.sub_title = backend.label
        problem = None
        try:
            self.articles = await backend.articles()
            self.examples = await backend.suggestions()
        except BackendError as err:
            problem = str(err)
        await self.conversation.clear()
        if problem is not None:
            await self.conversation.add_note(problem, error=True)
        if self.session_id is not None:
            await self._resume(backend, self.session_id)
        if not self.turns:
            await self._welcome()
        self.opening = False
        self.prompt.focus()
        self.ready.set()
        if self.queued:
            self.answer_queued()

    async def fail(self, error: str) -> None:
        """The backend could not be opened: say so, and keep the app usable for /quit."""
        self.opening = False
        await self.conversation.clear()
        await self.conversation.add_note(error, error=True)
        for question in self.queued:
            await self.conversation.add_note(
                f"Not sent: “{question}”, because the assistant could not start. Fix the "
                "problem above, then run `assistant chat` again.",
                error=True,
            )
        self.queued.clear()
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
            await self._show_turn(turn)

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
        elif self.opening:
            await self.queue(text)
        elif await self._available():
            await self.ask(text)

    async def queue(self, question: str) -> None:
        """A question typed while the archive opens: shown now, answered once it is open."""
        self.queued.append(question)
        await self.conversation.add_question(question)
        await self.conversation.add_note(
            "The archive is still opening; this question will be answered as soon as it is ready."
        )

    async def ask(self, question: str) -> None:
        self.busy = True
        self.prompt.add_class("-busy")
        await self.conversation.add_question(question)
        await self.conversation.show_working(True)
        self.answer(question)

    @work(exclusive=True, group="ask")
    async def answer(self, question: str) -> None:
        await self._answer(question)

    @work(exclusive=True, group="ask")
    async def answer_queued(self) -> None:
        """The questions typed while the archive opened, asked again in order, one by one."""
        while self.queued:
            question = self.queued.pop(0)
            self.busy = True
            self.prompt.add_class("-busy")
            await self.conversation.add_question(question)
            await self.conversation.show_working(True)
            await self._answer(question)

    async def _answer(self, question: str) -> None:
        assert self.backend is not None
        try:
            reply = await self.backend.reply(question, self.session_id)
        except BackendError as err:
            await self.conversation.add_note(str(err), error=True)
        else:
            self.session_id = reply.session_id
            await self._show_turn(Turn(question, reply))
        finally:
            await self.conversation.show_working(False)
            self.busy = False
            self.prompt.remove_class("-busy")

    async def _show_turn(self, turn: Turn) -> None:
        self.turns.append(turn)
        await self.conversation.add_reply(turn.reply)
        suggestions = (
            turn.reply.suggestions
            or [q for q in self.examples if q not in {t.message for t in self.turns}][:EXAMPLES]
        )
        self.query_one(Suggestions).show_questions(suggestions)
        await self._show_trace(turn)

    # -- sources -----------------------------------------------------------------

    @on(SourceItem.Picked)
    def source_picked(self, event: SourceItem.Picked) -> None:
        self.open_article(event.citation.article_id, event.citation)

    @work(group="article")
    async def open_article(self, article_id: str, citation: Citation | None = None) -> None:
        if not await self._available():
            return
        assert self.backend is not None
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
        if panel.display and self.turns and self.turns[-1].reply.trace is None:
            self.explain_last()

    async def _show_trace(self, turn: Turn) -> None:
        await self.query_one(TracePanel).show_trace(turn.message, turn.reply, turn.reply.trace)

    @work(exclusive=True, group="trace")
    async def explain_last(self) -> None:
        """A resumed reply has no trace stored: ask how the same message is handled now."""
        turn = self.turns[-1]
        if self.backend is None:
            return
        try:
            turn.reply.trace = await self.backend.explain(turn.message, self.session_id)
        except BackendError:
            return
        await self._show_trace(turn)

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
            await self._list("tools")
        elif name == "articles" and argument:
            await self._ask_archive(f"Quels articles parlent de {argument} ?")
        elif name == "articles":
            await self._list("articles")
        elif name == "summary":
            await self._ask_archive(f"Résume l'article {argument}")
        elif name == "open":
            self.open_article(argument)
        elif name == "reset":
            await self.reset()
        elif name == "export":
            await self.export(Path(argument))

    async def _ask_archive(self, question: str) -> None:
        """A browsing command asked as the question it stands for, so its answer is a
        turn like any other: cited, its sources open at their place (ctrl+o)."""
        if self.opening:
            await self.queue(question)
        elif await self._available():
            await self.ask(question)

    async def _available(self) -> bool:
        if self.backend is None and self.opening:
            await self.conversation.add_note(
                "The archive is still opening; run this again once the welcome shows.",
                error=True,
            )
        elif self.backend is None:
            await self.conversation.add_note("The assistant is not available.", error=True)
        return self.backend is not None

    def _help(self) -> str:
        keys = [(b.key, b.description) for b in self.BINDINGS if isinstance(b, Binding) and b.show]
        keys += [("f3", "Light or dark theme"), ("ctrl+p", "Command palette"), ("ctrl+q", "Quit")]
        return help_markdown(len(self.articles), keys, self.session_id)

    async def _list(self, what: str) -> None:
        if not await self._available():
            return
        assert self.backend is not None
        try:
            if what == "tools":
                note = tools_markdown(await self.backend.tools())
            else:
                note = articles_markdown(await self.backend.articles())
        except BackendError as err:
            await self.conversation.add_note(str(err), error=True)
            return
        await self.conversation.add_note(note)

    async def reset(self) -> None:
        """Forget the conversation here; the next question starts a new session."""
        self.session_id = None
        self.turns.clear()
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
