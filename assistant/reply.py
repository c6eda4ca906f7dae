"""The one reply shape every surface returns: CLI `--json`, API, MCP, TUI and dialogue files."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.intents import Intent
from tools.base import Item, Source

# A reply's results and citations are the tools' own items and sources: one shape, from
# the tool to every surface.
Result = Item
Citation = Source


class Reply(BaseModel):
    session_id: str
    reply: str
    lang: Literal["fr", "en"] = "fr"
    intent: Intent
    tool: str | None = None
    answered: bool
    results: list[Result] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)
    trace: dict[str, Any] | None = None
