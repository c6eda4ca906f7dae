"""The slash commands, the toggles and the articles in Textual's command palette (ctrl+p)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.screens.chat import ChatScreen

Command = tuple[str, str, Callable[[], object]]
"""A palette entry: its name, a line of help, and what it runs (sync or async)."""


class ChatCommands(Provider):
    """Everything the prompt's slash commands do, plus one entry per article."""

    def _chat(self) -> ChatScreen | None:
        return next((s for s in self.app.screen_stack if isinstance(s, ChatScreen)), None)

    def _commands(self, chat: ChatScreen) -> list[Command]:
        def slash(text: str) -> Callable[[], object]:
            return partial(chat.run_from_palette, text)

        commands: list[Command] = [
            ("Help", "What can be asked, the commands and the keys", slash("/help")),
            ("Tools", "The tools the assistant answers with", slash("/tools")),
            ("Articles", "The indexed articles and their ids", slash("/articles")),
            ("Sources", "The sources of the last reply", chat.palette_sources),
            ("Trace", "Show or hide how the last reply was made", chat.action_toggle_trace),
            ("Reset", "Start a new conversation", slash("/reset")),
            ("Export", "Save the conversation as a regression dialogue", chat.prefill_export),
            (
                "Theme",
                "Switch between the light and dark themes",
                partial(self.app.run_action, "toggle_theme"),
            ),
            ("Quit", "Leave the chat", slash("/quit")),
        ]
        for article in chat.articles:
            commands.append(
                (f"Open {article.title}", article.article_id, slash(f"/open {article.article_id}"))
            )
        return commands

    async def discover(self) -> Hits:
        chat = self._chat()
        if chat is None:
            return
        for name, help_text, command in self._commands(chat):
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        chat = self._chat()
        if chat is None:
            return
        matcher = self.matcher(query)
        for name, help_text, command in self._commands(chat):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help_text)
