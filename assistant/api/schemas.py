"""The API's wire shapes, shared by the routes and by `assistant.client`.

Plain pydantic only (no FastAPI), so the client can import them without the server.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.reply import Citation, Reply
from store.models import Fact, Paragraph
from tools.base import ToolResult

SESSION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$"
"""What a session id may look like: ids travel in URLs and headers, so no spaces or slashes."""


class ErrorDetail(BaseModel):
    code: str = Field(description="A stable machine-readable name, e.g. `invalid_message`.")
    message: str = Field(description="What is wrong with the request and how to fix it.")
    request_id: str = Field(description="Quote it when reporting a problem; the logs carry it.")
    details: list[dict[str, Any]] | None = Field(
        default=None, description="Per-field problems of a request that failed validation."
    )


class ErrorBody(BaseModel):
    """Every 4xx/5xx body; the `error` envelope is also what OpenAI clients expect."""

    error: ErrorDetail


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(
        min_length=1, description="The question, in French or English (at most 2,000 characters)."
    )
    session_id: str | None = Field(
        default=None,
        pattern=SESSION_ID_PATTERN,
        description="Continue this conversation; an unknown id starts a new one with that id.",
    )


class Turn(BaseModel):
    n: int
    message: str
    reply: Reply
    at: float = Field(description="Unix time of the turn.")


class Transcript(BaseModel):
    session_id: str
    turns: list[Turn]


class ToolInfo(BaseModel):
    name: str
    description: str
    parameters: dict[str, Any] = Field(description="JSON schema of the tool's parameters.")
    openai: dict[str, Any] = Field(description="The same tool in OpenAI's function-tool shape.")


class ArticleSource(BaseModel):
    """What an article's source says about it besides its text."""

    published: str | None = Field(
        None, description="Publication date (ISO 8601, at the precision the source gives)."
    )
    url: str | None = None
    author: str | None = None
    format: str = Field("txt", description="txt, html, jsonl, json, csv, rss or atom.")
    encoding: str = Field("utf-8", description="The encoding its bytes were read with.")


class ArticleSummary(ArticleSource):
    article_id: str
    title: str
    sha256: str
    sentences: int


class ArticleDetail(ArticleSource):
    article_id: str
    title: str
    dateline: str | None
    sha256: str
    text: str = Field(description="The cleaned text that offsets and quotes refer to.")
    paragraphs: list[Paragraph]
    facts: list[Fact]


class SearchHit(BaseModel):
    passage_id: str
    article_id: str
    title: str
    kind: str = Field(description="Where the passage sits: title, lead, body, caption, related.")
    sentence: int
    start: int
    end: int
    text: str
    score: float
    published: str | None = Field(
        None, description="The article's publication date (ISO 8601), when its source gives it."
    )


class SearchResults(BaseModel):
    query: str
    k: int
    hits: list[SearchHit]


class Health(BaseModel):
    status: Literal["ok", "ready", "loading", "failed"]
    ready: bool
    detail: str | None = None


__all__ = [
    "ArticleDetail",
    "ArticleSummary",
    "ChatRequest",
    "ErrorBody",
    "ErrorDetail",
    "Health",
    "Reply",
    "SearchHit",
    "SearchResults",
    "ToolInfo",
    "ToolResult",
    "Transcript",
    "Turn",
]


class ArticleMatch(ArticleSummary):
    """An article of the list; when the list is filtered (`q`, `person`, `from`, `to`),
    also the sentence that makes it match and how many of its sentences do."""

    match: Citation | None = Field(
        default=None, description="The article's sentence that makes it match the filter"
    )
    matching_sentences: int | None = Field(
        default=None, description="How many of its own sentences match the filter"
    )
