"""Errors to HTTP: one table from exception to status, one JSON body for every failure."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.api.schemas import ErrorBody, ErrorDetail
from assistant.errors import AssistantError
from store.errors import ArticleError, StoreError, UnknownArticle


class EngineUnavailable(AssistantError):
    """The engine is still loading or failed to load; the client should retry later."""

    status = 503


class Unauthorized(AssistantError):
    status = 401


class BodyTooLarge(AssistantError):
    status = 413


class UnknownModel(AssistantError):
    status = 404


class MalformedRequest(AssistantError):
    """A body that is not JSON at all, or a header that cannot be read."""


_STORE_STATUS: dict[type[StoreError], int] = {
    UnknownArticle: 404,
    ArticleError: 400,
}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": why}
    for status, why in [
        (400, "The request is well-formed JSON but its content is refused."),
        (401, "A bearer token is required (the server has an API key)."),
        (413, "The body is larger than the server accepts."),
        (422, "The body or a parameter has the wrong shape or type."),
        (503, "The engine is still loading; retry after the `Retry-After` delay."),
    ]
}
"""Statuses every engine-backed route can answer, declared so the OpenAPI spec is honest."""

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such resource."}
}


def status_of(err: Exception) -> int:
    """The HTTP status for an assistant or store error: the one place this is decided."""
    if isinstance(err, AssistantError):
        return int(getattr(err, "status", 400))
    for cls in type(err).__mro__:
        if cls in _STORE_STATUS:
            return _STORE_STATUS[cls]
    return 503  # a store that cannot answer (chroma down, unreadable index)


def code_of(err: Exception) -> str:
    """`UnknownSession` → `unknown_session`: a stable name clients can branch on."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(err).__name__).lower()


def request_id_of(request: Request) -> str:
    return str(getattr(request.state, "request_id", "") or "-")


def error_response(
    request_id: str,
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorBody(
        error=ErrorDetail(code=code, message=message, request_id=request_id, details=details)
    )
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers)


async def handle_domain_error(request: Request, err: Exception) -> JSONResponse:
    """Assistant and store errors: their message is written for the user, so it is passed on."""
    status = status_of(err)
    headers: dict[str, str] = {}
    if status == 503:
        headers["Retry-After"] = "5"
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return error_response(request_id_of(request), status, code_of(err), str(err), headers=headers)


def _clean(error: dict[str, Any]) -> dict[str, Any]:
    """A validation error without the offending input echoed back (it may be huge)."""
    return {
        "loc": list(error.get("loc", ())),
        "msg": str(error.get("msg", "")),
        "type": str(error.get("type", "")),
    }


async def handle_validation_error(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, RequestValidationError)
    errors = [_clean(e) for e in err.errors()]
    if any(e["type"] == "json_invalid" for e in errors):
        return error_response(
            request_id_of(request),
            400,
            "malformed_json",
            "the request body is not valid JSON",
            errors,
        )
    where = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors)
    return error_response(
        request_id_of(request),
        422,
        "invalid_request",
        f"the request does not match the schema ({where})",
        errors,
    )


async def handle_http_error(request: Request, err: Exception) -> JSONResponse:
    """Routing errors (404 on an unknown path, 405) in the same envelope as everything else."""
    assert isinstance(err, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(err.status_code, "http_error")
    return error_response(
        request_id_of(request),
        err.status_code,
        code,
        str(err.detail),
        headers=dict(err.headers or {}),
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(AssistantError, handle_domain_error)
    app.add_exception_handler(StoreError, handle_domain_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
