"""An internal error is a 500 that names the request id, never a traceback; the log has it."""

from __future__ import annotations

import logging

import httpx
import pytest

from assistant.api.app import create_app
from assistant.api.errors import status_of
from assistant.engine import Engine
from assistant.errors import InvalidMessage, InvalidToolParameters, UnknownSession, UnknownTool
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


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (InvalidMessage("empty"), 400),
        (UnknownSession("s"), 404),
        (UnknownTool("t"), 404),
        (InvalidToolParameters("k"), 422),
        (UnknownArticle("a"), 404),
        (ArticleError("f.txt", "unreadable"), 400),
        (StoreError("chroma is down"), 503),
    ],
)
def test_each_assistant_and_store_error_maps_to_one_status(error: Exception, status: int) -> None:
    assert status_of(error) == status
