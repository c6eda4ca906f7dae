"""A small typed client for the HTTP API, sync (`Client`) and async (`AsyncClient`).

Errors: `ApiError` for an error answer (its `status`, `detail`, `code` and `request_id`
come from the server's error body), `ApiUnavailable` when the server cannot be reached
or does not answer in time. Both are `AssistantError`s, like the in-process engine's.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter

from assistant.api.schemas import (
    ArticleDetail,
    ArticleSummary,
    Health,
    SearchHit,
    SearchResults,
    ToolInfo,
    Transcript,
)
from assistant.errors import ApiError, ApiUnavailable
from assistant.reply import Reply
from tools.base import ToolResult

__all__ = ["ApiError", "ApiUnavailable", "AsyncClient", "Client"]

DEFAULT_URL = "http://127.0.0.1:8000"
_TOOLS = TypeAdapter(list[ToolInfo])
_ARTICLES = TypeAdapter(list[ArticleSummary])


def _segment(value: str) -> str:
    return quote(value, safe="")


def _headers(api_key: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


def _raise_for(response: httpx.Response, accept: tuple[int, ...] = ()) -> None:
    """An `ApiError` from the error envelope, or from the bare status if there is none."""
    if response.is_success or response.status_code in accept:
        return
    detail, code, request_id = response.reason_phrase, "", response.headers.get("x-request-id", "")
    try:
        error = response.json()["error"]
        detail, code = str(error["message"]), str(error.get("code", ""))
        request_id = str(error.get("request_id", request_id))
    except (ValueError, KeyError, TypeError):
        pass
    raise ApiError(response.status_code, detail, code, request_id)


def _unavailable(base_url: str, err: httpx.TransportError) -> ApiUnavailable:
    what = (
        "did not answer in time" if isinstance(err, httpx.TimeoutException) else "cannot be reached"
    )
    return ApiUnavailable(f"the assistant API at {base_url} {what} ({type(err).__name__}: {err})")


class Client:
    """Blocking client; use it as a context manager or call `close()`."""

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        api_key: str | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.base_url, headers=_headers(api_key), timeout=timeout, transport=transport
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _send(
        self, method: str, path: str, accept: tuple[int, ...] = (), **kw: Any
    ) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kw)
        except httpx.TransportError as err:
            raise _unavailable(self.base_url, err) from err
        _raise_for(response, accept)
        return response

    def chat(self, message: str, session_id: str | None = None) -> Reply:
        body = {"message": message, "session_id": session_id}
        return Reply.model_validate(self._send("POST", "/v1/chat", json=body).json())

    def transcript(self, session_id: str) -> Transcript:
        response = self._send("GET", f"/v1/sessions/{_segment(session_id)}")
        return Transcript.model_validate(response.json())

    def delete_session(self, session_id: str) -> None:
        self._send("DELETE", f"/v1/sessions/{_segment(session_id)}")

    def tools(self) -> list[ToolInfo]:
        return _TOOLS.validate_python(self._send("GET", "/v1/tools").json())

    def call_tool(self, name: str, **params: Any) -> ToolResult:
        response = self._send("POST", f"/v1/tools/{_segment(name)}", json=params)
        return ToolResult.model_validate(response.json())

    def articles(self) -> list[ArticleSummary]:
        return _ARTICLES.validate_python(self._send("GET", "/v1/articles").json())

    def article(self, article_id: str) -> ArticleDetail:
        response = self._send("GET", f"/v1/articles/{_segment(article_id)}")
        return ArticleDetail.model_validate(response.json())

    def search(self, q: str, k: int = 5) -> list[SearchHit]:
        response = self._send("GET", "/v1/search", params={"q": q, "k": k})
        return SearchResults.model_validate(response.json()).hits

    def health(self) -> Health:
        """Readiness: `ready` is false (not an error) while the engine loads."""
        return Health.model_validate(self._send("GET", "/readyz", accept=(503,)).json())


class AsyncClient:
    """The same calls for asyncio code (the TUI, agents); use `async with` or `aclose()`."""

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        api_key: str | None = None,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.AsyncClient(
            base_url=self.base_url, headers=_headers(api_key), timeout=timeout, transport=transport
        )

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _send(
        self, method: str, path: str, accept: tuple[int, ...] = (), **kw: Any
    ) -> httpx.Response:
        try:
            response = await self._http.request(method, path, **kw)
        except httpx.TransportError as err:
            raise _unavailable(self.base_url, err) from err
        _raise_for(response, accept)
        return response

    async def chat(self, message: str, session_id: str | None = None) -> Reply:
        body = {"message": message, "session_id": session_id}
        return Reply.model_validate((await self._send("POST", "/v1/chat", json=body)).json())

    async def transcript(self, session_id: str) -> Transcript:
        response = await self._send("GET", f"/v1/sessions/{_segment(session_id)}")
        return Transcript.model_validate(response.json())

    async def delete_session(self, session_id: str) -> None:
        await self._send("DELETE", f"/v1/sessions/{_segment(session_id)}")

    async def tools(self) -> list[ToolInfo]:
        return _TOOLS.validate_python((await self._send("GET", "/v1/tools")).json())

    async def call_tool(self, name: str, **params: Any) -> ToolResult:
        response = await self._send("POST", f"/v1/tools/{_segment(name)}", json=params)
        return ToolResult.model_validate(response.json())

    async def articles(self) -> list[ArticleSummary]:
        return _ARTICLES.validate_python((await self._send("GET", "/v1/articles")).json())

    async def article(self, article_id: str) -> ArticleDetail:
        response = await self._send("GET", f"/v1/articles/{_segment(article_id)}")
        return ArticleDetail.model_validate(response.json())

    async def search(self, q: str, k: int = 5) -> list[SearchHit]:
        response = await self._send("GET", "/v1/search", params={"q": q, "k": k})
        return SearchResults.model_validate(response.json()).hits

    async def health(self) -> Health:
        response = await self._send("GET", "/readyz", accept=(503,))
        return Health.model_validate(response.json())
