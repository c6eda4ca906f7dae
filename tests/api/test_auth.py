"""Optional bearer-token auth, and CORS for browser front ends."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from assistant.api.app import create_app
from assistant.engine import Engine
from assistant.settings import Settings
from tests.api.helpers import assert_error

KEY = "s3cret-key"


@pytest.fixture(scope="module")
def guarded_app(engine: Engine, settings: Settings) -> FastAPI:
    guarded = Settings(
        data_dir=settings.data_dir,
        api_key=KEY,
        cors_origins="https://chat.example.org, http://localhost:3000",
    )
    return create_app(guarded, engine=engine)


@pytest.fixture
async def guarded(guarded_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=guarded_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        yield client


PROTECTED = [
    ("POST", "/v1/chat", {"message": "Bonjour"}),
    ("GET", "/v1/sessions/any-session", None),
    ("DELETE", "/v1/sessions/any-session", None),
    ("GET", "/v1/tools", None),
    ("POST", "/v1/tools/date_lookup", {}),
    ("GET", "/v1/articles", None),
    ("GET", "/v1/articles/any", None),
    ("GET", "/v1/search?q=Russie", None),
    ("GET", "/v1/models", None),
    ("POST", "/v1/chat/completions", {"messages": [{"role": "user", "content": "Bonjour"}]}),
    ("POST", "/webhooks/rest/webhook", {"sender": "s", "message": "Bonjour"}),
    ("GET", "/metrics", None),
]


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
async def test_every_route_but_the_probes_needs_the_key(
    guarded: httpx.AsyncClient, method: str, path: str, body: object
) -> None:
    response = await guarded.request(method, path, json=body)
    error = assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer" and "Bearer" in error["message"]
    wrong = await guarded.request(
        method, path, json=body, headers={"Authorization": "Bearer wrong"}
    )
    assert_error(wrong, 401)
    right = await guarded.request(
        method, path, json=body, headers={"Authorization": f"Bearer {KEY}"}
    )
    assert right.status_code != 401


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
async def test_the_probes_need_no_key(guarded: httpx.AsyncClient, path: str) -> None:
    assert (await guarded.get(path)).status_code == 200


async def test_without_a_configured_key_no_header_is_needed(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/tools")).status_code == 200


async def test_an_allowed_origin_gets_cors_headers_and_a_preflight_passes(
    guarded: httpx.AsyncClient,
) -> None:
    preflight = await guarded.options(
        "/v1/chat",
        headers={
            "Origin": "https://chat.example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://chat.example.org"
    response = await guarded.get("/healthz", headers={"Origin": "http://localhost:3000"})
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


async def test_an_unknown_origin_gets_no_cors_headers(guarded: httpx.AsyncClient) -> None:
    response = await guarded.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
