"""Errors to HTTP: one table from exception to status, one JSON body for every failure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.api.schemas import ErrorBody, ErrorDetail
from assistant.errors import (
    ApiError,
    ApiUnavailable,
    AssistantError,
    InvalidMessage,
    InvalidSettings,
    InvalidToolParameters,
    SessionStoreUnavailable,
    UnknownSession,
    UnknownTool,
)
from store.errors import ArticleError, StoreError, UnknownArticle


class EngineUnavailable(AssistantError):
    """The engine is still loading or failed to load; the client should retry later."""


class Unauthorized(AssistantError):
    """A protected route called without the server's API key."""


class BodyTooLarge(AssistantError):
    """A request body over `ASSISTANT_MAX_BODY_BYTES`."""


class UnknownModel(AssistantError):
    """An OpenAI-style request naming a model this server does not serve."""


class MalformedRequest(AssistantError):
    """A body that is not JSON at all, or a header that cannot be read."""


@dataclass(frozen=True)
class PublicError:
    """What a client sees of an exception: the HTTP status and a stable code to branch on."""

    status: int
    code: str


ERRORS: dict[type[BaseException], PublicError] = {
    # assistant.errors
    AssistantError: PublicError(400, "assistant_error"),
    InvalidMessage: PublicError(400, "invalid_message"),
    UnknownSession: PublicError(404, "unknown_session"),
    SessionStoreUnavailable: PublicError(503, "session_store_unavailable"),
    UnknownTool: PublicError(404, "unknown_tool"),
    InvalidToolParameters: PublicError(422, "invalid_tool_parameters"),
    InvalidSettings: PublicError(500, "invalid_settings"),  # the server's own configuration
    # raised by assistant.client; a server relaying another one's failure is a bad gateway
    ApiError: PublicError(502, "api_error"),
    ApiUnavailable: PublicError(503, "api_unavailable"),
    # assistant.api.errors
    EngineUnavailable: PublicError(503, "engine_unavailable"),
    Unauthorized: PublicError(401, "unauthorized"),
    BodyTooLarge: PublicError(413, "body_too_large"),
    UnknownModel: PublicError(404, "unknown_model"),
    MalformedRequest: PublicError(400, "malformed_request"),
    # store.errors
    StoreError: PublicError(503, "store_error"),  # a store that cannot answer (chroma down)
    ArticleError: PublicError(400, "article_error"),
    UnknownArticle: PublicError(404, "unknown_article"),
    # the framework's: a body or parameter of the wrong shape (see MALFORMED_JSON)
    RequestValidationError: PublicError(422, "invalid_request"),
    # anything else is a bug: the middleware logs it and answers this, never a traceback
    Exception: PublicError(500, "internal_error"),
}
"""Every exception the API can meet, with its status and public code: the one place both
are decided. A class missing here answers as its nearest listed ancestor;
`tests/api/test_errors.py` checks that every exception class of the packages is listed."""


MALFORMED_JSON = PublicError(400, "malformed_json")
"""A `RequestValidationError` whose body is not JSON at all: the client sent garbage."""


def public_error(err: BaseException) -> PublicError:
    """The status and code of `err`: its class's entry, else its nearest listed ancestor's."""
    for cls in type(err).__mro__:
        if cls in ERRORS:
            return ERRORS[cls]
    return ERRORS[Exception]


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
    public = public_error(err)
    headers: dict[str, str] = {}
    if public.status == 503:
        headers["Retry-After"] = "5"
    if public.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return error_response(
        request_id_of(request), public.status, public.code, str(err), headers=headers
    )


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
            MALFORMED_JSON.status,
            MALFORMED_JSON.code,
            "the request body is not valid JSON",
            errors,
        )
    where = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors)
    public = public_error(err)
    return error_response(
        request_id_of(request),
        public.status,
        public.code,
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
