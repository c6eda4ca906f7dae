"""The one reply shape every surface returns: CLI `--json`, API, MCP, TUI and dialogue files."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Intent = Literal[
    "date_lookup",
    "figure_lookup",
    "actor_lookup",
    "search",
    "smalltalk",
    "help",
    "clarify",
    "reset",
    "unknown",
]


class Result(BaseModel):
    """One fact or passage a tool found, with the sentence it came from."""

    model_config = ConfigDict(extra="allow")

    kind: str
    text: str
    value: Any = None
    article_id: str
    quote: str
    unit: str | None = None
    approx: bool | None = None
    inferred: bool | None = None


class Citation(BaseModel):
    article_id: str
    title: str
    quote: str
    kind: str = "body"
    start: int | None = None
    end: int | None = None


class Reply(BaseModel):
    session_id: str
    reply: str
    lang: Literal["fr", "en"] = "fr"
    intent: str
    tool: str | None = None
    answered: bool
    results: list[Result] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)
    trace: dict[str, Any] | None = None
