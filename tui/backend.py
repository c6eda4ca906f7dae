"""What the screens talk to: the engine in this process, or a running API over HTTP.

Both backends have the same async interface and turn every failure into a
`BackendError` whose message is a sentence fit for the conversation, so the
screens never know (or care) where the answers come from.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from assistant.errors import AssistantError
from assistant.reply import Reply

if TYPE_CHECKING:
    from assistant.engine import Engine
    from assistant.settings import Settings

T = TypeVar("T")


class BackendError(Exception):
    """A failure to show in the conversation; `str(err)` names the problem and the fix."""


@dataclass(frozen=True)
class IndexProgress:
    """How far the first index of the built-in articles has got while the archive opens."""

    done: int
    total: int


OnProgress = Callable[[IndexProgress], None]
"""Told of each article indexed while a backend opens; called on the opening thread."""


@dataclass(frozen=True)
class ToolInfo:
    name: str
    description: str


@dataclass(frozen=True)
class ArticleSummary:
    article_id: str
    title: str


@dataclass(frozen=True)
class Section:
    """A paragraph: its kind (`lead`, `body`, `related`…) and offsets into the text."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class ArticleText:
    article_id: str
    title: str
    text: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Turn:
    """One exchange of a conversation: what was asked and what came back."""

    message: str
    reply: Reply


class Backend(Protocol):
    """The assistant as the screens see it."""

    label: str

    async def reply(self, message: str, session_id: str | None) -> Reply: ...

    async def explain(self, message: str, session_id: str | None) -> dict[str, Any] | None: ...

    async def transcript(self, session_id: str) -> list[Turn]: ...

    async def tools(self) -> list[ToolInfo]: ...

    async def articles(self) -> list[ArticleSummary]: ...

    async def article(self, article_id: str) -> ArticleText: ...

    async def suggestions(self) -> list[str]: ...

    async def close(self) -> None: ...


def sections_from_lines(text: str) -> tuple[Section, ...]:
    """Paragraphs found by line breaks, for an article that comes without its structure."""
    sections: list[Section] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            sections.append(Section("body", start, end))
        start = end + 1
    return tuple(sections)


def turns_from_transcript(rows: list[dict[str, Any]]) -> list[Turn]:
    return [Turn(str(row["message"]), Reply.model_validate(row["reply"])) for row in rows]


class LocalBackend:
    """The engine in this process; each call runs on a worker thread so the UI never blocks."""

    label = "in-process"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(
        cls, settings: Settings | None = None, progress: OnProgress | None = None
    ) -> LocalBackend:
        """Open the engine (ingesting the built-in corpus on first use, which takes seconds
        and is reported to `progress` article by article)."""
        from assistant.engine import Engine

        return cls(Engine.open(settings, progress=_counted(progress) if progress else None))

    async def _run(self, call: Callable[..., T], *args: Any) -> T:
        try:
            return await asyncio.to_thread(call, *args)
        except AssistantError as err:
            raise BackendError(str(err)) from err
        except Exception as err:  # the conversation reports it; the app keeps running
            raise BackendError(f"The assistant failed on this request: {err}") from err

    async def reply(self, message: str, session_id: str | None) -> Reply:
        return await self._run(self.engine.reply, message, session_id)

    async def explain(self, message: str, session_id: str | None) -> dict[str, Any] | None:
        return await self._run(self.engine.explain, message, session_id)

    async def transcript(self, session_id: str) -> list[Turn]:
        rows = await self._run(self.engine.sessions.transcript, session_id)
        return turns_from_transcript(rows)

    async def tools(self) -> list[ToolInfo]:
        return [ToolInfo(t.name, t.description) for t in self.engine.registry]

    async def articles(self) -> list[ArticleSummary]:
        infos = await self._run(self.engine.store.articles)
        return [ArticleSummary(a.article_id, a.title) for a in infos]

    async def article(self, article_id: str) -> ArticleText:
        stored = await self._run(self.engine.store.article, article_id)
        sections = tuple(Section(p.kind, p.start, p.end) for p in stored.paragraphs)
        return ArticleText(
            stored.article_id,
            stored.title,
            stored.text,
            sections or sections_from_lines(stored.text),
        )

    async def suggestions(self) -> list[str]:
        return await self._run(self.engine.suggestions)

    async def close(self) -> None:
        return None


def _counted(progress: OnProgress) -> Callable[[str, str], None]:
    """The engine's per-article news (`article_id, status`) as articles done out of all."""
    seen: set[str] = set()
    total = 0

    def note(article_id: str, status: str) -> None:
        nonlocal total
        if status == "found":  # read from its file, not yet indexed
            return
        if not total:  # counted once an index starts: the first index is the built-in corpus
            from store.ingest import article_files, builtin_corpus

            total = len(article_files([builtin_corpus()]))
        if article_id in seen:  # read, then written with its chunk: one article
            return
        seen.add(article_id)
        done = len(seen)
        progress(IndexProgress(min(done, total), max(total, done)))

    return note


class RemoteBackend:
    """A running API server, through `assistant.client.AsyncClient`."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 30.0) -> None:
        from assistant.client import AsyncClient

        self.client = AsyncClient(base_url, api_key=api_key, timeout=timeout)
        self.label = f"API {self.client.base_url}"

    def _error(self, err: Exception) -> BackendError:
        from assistant.errors import ApiError, ApiUnavailable

        where = self.client.base_url
        if isinstance(err, ApiUnavailable):
            cause = err.__cause__
            what = "did not answer in time" if "in time" in str(err) else "cannot be reached"
            because = f" ({type(cause).__name__}: {cause})" if cause else ""
            return BackendError(
                f"The assistant at {where} {what}{because}. Start the server with "
                "`assistant serve`, or run `assistant chat` without --api-url to use the "
                "archive in this process."
            )
        if isinstance(err, ApiError):
            hint = " Check the API key." if err.status in (401, 403) else ""
            return BackendError(f"The assistant at {where} answered {err.status}: {err}.{hint}")
        return BackendError(f"The assistant at {where} failed on this request: {err}")

    async def _call(self, call: Callable[..., Awaitable[T]], *args: Any) -> T:
        try:
            return await call(*args)
        except Exception as err:  # every failure becomes a sentence in the conversation
            raise self._error(err) from err

    async def reply(self, message: str, session_id: str | None) -> Reply:
        return await self._call(self.client.chat, message, session_id)

    async def explain(self, message: str, session_id: str | None) -> dict[str, Any] | None:
        return None  # the API sends each reply's trace with it; there is nothing to ask

    async def transcript(self, session_id: str) -> list[Turn]:
        transcript = await self._call(self.client.transcript, session_id)
        return [Turn(t.message, t.reply) for t in transcript.turns]

    async def tools(self) -> list[ToolInfo]:
        tools = await self._call(self.client.tools)
        return [ToolInfo(t.name, t.description) for t in tools]

    async def articles(self) -> list[ArticleSummary]:
        articles = await self._call(self.client.articles)
        return [ArticleSummary(a.article_id, a.title) for a in articles]

    async def article(self, article_id: str) -> ArticleText:
        detail = await self._call(self.client.article, article_id)
        sections = tuple(Section(p.kind, p.start, p.end) for p in detail.paragraphs)
        return ArticleText(
            detail.article_id,
            detail.title,
            detail.text,
            sections or sections_from_lines(detail.text),
        )

    async def suggestions(self) -> list[str]:
        """The API has no suggestion route: ask for help in a throwaway session, then drop it."""
        reply = await self._call(self.client.chat, "help", None)
        try:
            await self.client.delete_session(reply.session_id)
        except Exception:  # a leftover help session is harmless; sessions expire
            pass
        return list(reply.suggestions)

    async def close(self) -> None:
        await self.client.aclose()
