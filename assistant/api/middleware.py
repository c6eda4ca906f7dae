"""Pure ASGI middleware (so streaming responses pass through untouched): a request id on
every response, the error boundary, request metrics, and the body-size limit."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import ERRORS, BodyTooLarge, MalformedRequest
from assistant.api.metrics import Metrics
from assistant.api.schemas import ErrorBody, ErrorDetail

log = logging.getLogger("assistant.api")

_CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9_.:/+=-]{1,128}$")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


async def send_error(
    send: Send,
    status: int,
    code: str,
    message: str,
    request_id: str,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    """An error response sent from middleware, in the same envelope the handlers use."""
    detail = ErrorDetail(code=code, message=message, request_id=request_id)
    body = json.dumps(ErrorBody(error=detail).model_dump(exclude_none=True)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ]
            + (headers or []),
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestContext:
    """Outermost layer: names the request, times it, and turns any escaped exception into
    a 500 that carries the request id (the traceback goes to the log, never the client)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, b"x-request-id")
        request_id = given if given and _CLIENT_REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = int(message["status"])
                response_started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"x-request-id"]
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception(
                "internal error in %s %s [request %s]", scope["method"], scope["path"], request_id
            )
            status = 500
            if not response_started:
                internal = ERRORS[Exception]
                await send_error(
                    send,
                    internal.status,
                    internal.code,
                    f"internal error; quote request id {request_id} when reporting it",
                    request_id,
                    [(b"x-request-id", request_id.encode())],
                )
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            self.metrics.observe_request(
                scope["method"], template, status, time.perf_counter() - started
            )


class BodyLimit:
    """Refuses a body over `max_bytes` with 413 before anything parses it: by its declared
    length when there is one, else by counting while buffering (at most `max_bytes`)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = scope.get("state", {}).get("request_id", "-")
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.isdigit():
                malformed = ERRORS[MalformedRequest]
                await send_error(
                    send,
                    malformed.status,
                    malformed.code,
                    "the Content-Length header is not a number",
                    request_id,
                )
                return
            if int(declared) > self.max_bytes:
                await self._too_large(send, request_id)
                return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(send, request_id)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send, request_id: str) -> None:
        too_large = ERRORS[BodyTooLarge]
        await send_error(
            send,
            too_large.status,
            too_large.code,
            f"the request body is over {self.max_bytes} bytes; send a shorter one",
            request_id,
        )
