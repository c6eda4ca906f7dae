"""What the app itself writes in the conversation: help, the tool and article lists."""

from __future__ import annotations

from collections.abc import Iterable

from tui.backend import ArticleSummary, ToolInfo
from tui.commands import COMMANDS

WELCOME = (
    "Ask about the dates, figures, people and events in the {count} indexed articles "
    "(in French or English); every answer cites the sentence it comes from."
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: tuple[str, str], rows: Iterable[tuple[str, str]]) -> str:
    lines = [f"| {header[0]} | {header[1]} |", "|---|---|"]
    lines += [f"| {_cell(a)} | {_cell(b)} |" for a, b in rows]
    return "\n".join(lines)


def help_markdown(articles: int, keys: Iterable[tuple[str, str]], session_id: str | None) -> str:
    """What can be asked, every slash command, every key, and the session to resume."""
    parts = [
        WELCOME.format(count=articles),
        _table(("Command", "What it does"), ((f"`{c.usage}`", c.help) for c in COMMANDS)),
        _table(("Key", "What it does"), ((f"`{k}`", d) for k, d in keys)),
    ]
    if session_id:
        parts.append(
            f"Resume this conversation later with `assistant chat --session {session_id}`."
        )
    return "\n\n".join(parts)


def tools_markdown(tools: Iterable[ToolInfo]) -> str:
    return _table(("Tool", "What it finds"), ((f"`{t.name}`", t.description) for t in tools))


def articles_markdown(articles: Iterable[ArticleSummary]) -> str:
    rows = ((f"`{a.article_id}`", a.title) for a in articles)
    return _table(("Id", "Title"), rows) + "\n\n`/open ID` reads one."
