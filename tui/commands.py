"""The slash commands typed in the prompt, and their completion."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from textual.suggester import Suggester


@dataclass(frozen=True)
class SlashCommand:
    name: str
    argument: str | None
    help: str
    optional: bool = False  # the argument may be left out

    @property
    def usage(self) -> str:
        if not self.argument:
            return f"/{self.name}"
        return (
            f"/{self.name} [{self.argument}]" if self.optional else f"/{self.name} {self.argument}"
        )


COMMANDS: tuple[SlashCommand, ...] = (
    SlashCommand("help", None, "what can be asked, the commands and the keys"),
    SlashCommand("tools", None, "the tools the assistant answers with"),
    SlashCommand(
        "articles",
        "WORDS",
        "the indexed articles and their ids; with words (a subject, a name, a year), the "
        "articles about them, best first, each with its sentence",
        optional=True,
    ),
    SlashCommand("summary", "ID", "an article's lead and central sentences, cited"),
    SlashCommand("open", "ID", "read an article"),
    SlashCommand("reset", None, "start a new conversation"),
    SlashCommand("export", "FILE", "save this conversation as a regression dialogue (YAML)"),
    SlashCommand("quit", None, "leave"),
)
_BY_NAME = {c.name: c for c in COMMANDS}


class CommandError(Exception):
    """A slash command that cannot run as typed; the message says how to type it."""


@dataclass(frozen=True)
class Invocation:
    command: SlashCommand
    argument: str


def parse_command(text: str) -> Invocation | None:
    """The command a prompt holds, or None when it is a question for the assistant."""
    if not text.startswith("/"):
        return None
    name, _, argument = text[1:].strip().partition(" ")
    command = _BY_NAME.get(name.lower())
    if command is None:
        known = ", ".join(c.usage for c in COMMANDS)
        raise CommandError(f"Unknown command `/{name}`. The commands are: {known}.")
    argument = argument.strip()
    if command.argument and not command.optional and not argument:
        raise CommandError(f"`/{command.name}` needs {command.argument}: `{command.usage}`.")
    return Invocation(command, argument)


class SlashSuggester(Suggester):
    """Completes command names, and article ids after `/open ` and `/summary `."""

    def __init__(self, article_ids: Callable[[], Iterable[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._article_ids = article_ids

    async def get_suggestion(self, value: str) -> str | None:
        if not value.startswith("/"):
            return None
        for name in ("/open ", "/summary "):
            if value.startswith(name) and len(value) > len(name):
                typed = value[len(name) :]
                return next((name + a for a in self._article_ids() if a.startswith(typed)), None)
        if " " in value:
            return None
        for command in COMMANDS:
            full = f"/{command.name}" + (" " if command.argument and not command.optional else "")
            if full.startswith(value) and full != value:
                return full
        return None
