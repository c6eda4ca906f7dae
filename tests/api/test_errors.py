"""The error table: every exception of the packages has one status and public code, and an
internal error is a 500 that names the request id, never a traceback; the log has it."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import re
import uuid

import httpx
import pytest

import assistant
import store
import tools
from assistant.api.app import create_app
from assistant.api.errors import (
    ERRORS,
    MALFORMED_JSON,
    EngineUnavailable,
    PublicError,
    Unauthorized,
    UnknownModel,
    public_error,
)
from assistant.dialogues.errors import DialogueError, DialogueFileError, Refused, RunAborted
from assistant.engine import Engine
from assistant.errors import (
    AssistantError,
    InvalidMessage,
    InvalidToolParameters,
    UnknownSession,
    UnknownTool,
)
from assistant.settings import Settings
from store.errors import ArticleError, StoreError, UnknownArticle
from tests.api.helpers import assert_error


class ExplodingEngine:
    """Stands in for an engine with a bug: every turn raises."""

    def __init__(self, engine: Engine) -> None:
        self.sessions, self.registry, self.store = engine.sessions, engine.registry, engine.store

    def ready(self) -> bool:
        return True

    def reply(self, message: str, session_id: str | None = None) -> None:
        raise ZeroDivisionError("secret internal detail")


async def test_an_internal_error_is_a_500_with_the_request_id_and_no_traceback(
    engine: Engine, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings, engine=ExplodingEngine(engine))  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        with caplog.at_level(logging.ERROR, logger="assistant.api"):
            response = await client.post(
                "/v1/chat", json={"message": "Bonjour"}, headers={"X-Request-Id": "req-500"}
            )
    error = assert_error(response, 500, "internal_error")
    assert error["request_id"] == "req-500" and "req-500" in error["message"]
    assert "secret internal detail" not in response.text
    assert "ZeroDivisionError" not in response.text
    logged = [r for r in caplog.records if "req-500" in r.getMessage()]
    assert logged and logged[0].exc_info is not None


NOT_SERVED: dict[type[BaseException], str] = {
    DialogueError: "the regression-dialogue runner's base error; the CLI and pytest report it",
    DialogueFileError: "a dialogue file the runner cannot load; the CLI prints it",
    Refused: "the runner's record of a refused turn",
    RunAborted: "the runner stopping a run (server unreachable, setup failed)",
}
"""Exception classes of the packages no API route can raise (the API never imports the
dialogue runner), each with the reason; like httpx's exclusions in its own mapping test."""


def _exception_classes_of_the_packages() -> set[type[BaseException]]:
    """Every exception class defined in an `errors` module of assistant, tools or store."""
    found: set[type[BaseException]] = set()
    for package in (assistant, tools, store):
        for module_info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if module_info.name.rsplit(".", 1)[-1] != "errors":
                continue
            module = importlib.import_module(module_info.name)
            found |= {
                value
                for value in vars(module).values()
                if isinstance(value, type)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
            }
    return found


def test_the_walk_finds_the_exceptions_modules_of_the_packages() -> None:
    found = _exception_classes_of_the_packages()
    assert {AssistantError, StoreError, EngineUnavailable, DialogueError} <= found


def test_every_exception_class_of_the_packages_is_in_the_error_table() -> None:
    missing = {
        f"{cls.__module__}.{cls.__name__}"
        for cls in _exception_classes_of_the_packages()
        if cls not in ERRORS and cls not in NOT_SERVED
    }
    assert not missing, f"add these to assistant.api.errors.ERRORS: {sorted(missing)}"


def test_no_exception_left_out_of_the_table_is_one_the_api_handles() -> None:
    handled = [c for c in NOT_SERVED if issubclass(c, AssistantError | StoreError)]
    assert not handled, f"the API's handler catches these, so ERRORS must list them: {handled}"


def test_every_public_code_is_distinct_and_snake_case() -> None:
    codes = [public.code for public in ERRORS.values()] + [MALFORMED_JSON.code]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", code) for code in codes)


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (InvalidMessage("empty"), 400, "invalid_message"),
        (UnknownSession("s"), 404, "unknown_session"),
        (UnknownTool("t"), 404, "unknown_tool"),
        (InvalidToolParameters("k"), 422, "invalid_tool_parameters"),
        (EngineUnavailable("loading"), 503, "engine_unavailable"),
        (Unauthorized("key"), 401, "unauthorized"),
        (UnknownModel("m"), 404, "unknown_model"),
        (UnknownArticle("a"), 404, "unknown_article"),
        (ArticleError("f.txt", "unreadable"), 400, "article_error"),
        (StoreError("chroma is down"), 503, "store_error"),
        (ZeroDivisionError("bug"), 500, "internal_error"),
    ],
)
def test_each_error_maps_to_one_status_and_code(error: Exception, status: int, code: str) -> None:
    assert public_error(error) == PublicError(status, code)


def test_an_unlisted_subclass_answers_as_its_nearest_listed_ancestor() -> None:
    class QuotaExceeded(UnknownTool):  # e.g. a plugin's own refinement
        pass

    assert public_error(QuotaExceeded("t")) == ERRORS[UnknownTool]


async def test_an_unknown_session_is_answered_from_the_table(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/v1/sessions/never-started-{uuid.uuid4().hex}")
    assert_error(response, ERRORS[UnknownSession].status, ERRORS[UnknownSession].code)
