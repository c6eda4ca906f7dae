"""/healthz answers at once, /readyz only once the engine is loaded, /metrics counts."""

from __future__ import annotations

import threading
import time

import httpx
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.engine import Engine
from assistant.settings import Settings
from tests.api.helpers import assert_error


def _gated(engine: Engine, gate: threading.Event):
    def opener(_: Settings) -> Engine:
        gate.wait(30)
        return engine

    return opener


def _wait_ready(client: TestClient) -> None:
    deadline = time.monotonic() + 10
    while client.get("/readyz").status_code != 200:
        assert time.monotonic() < deadline, "never ready"
        time.sleep(0.02)


def test_healthz_answers_while_the_engine_loads_and_readyz_waits_for_it(
    engine: Engine, settings: Settings
) -> None:
    gate = threading.Event()
    app = create_app(settings, opener=_gated(engine, gate))
    with TestClient(app) as client:
        assert client.get("/healthz").json() == {"status": "ok", "ready": False, "detail": None}
        loading = client.get("/readyz")
        assert loading.status_code == 503 and loading.json()["status"] == "loading"
        gate.set()
        _wait_ready(client)
        assert client.get("/readyz").json() == {"status": "ready", "ready": True}


def test_a_chat_request_sent_while_loading_waits_and_is_answered(
    engine: Engine, settings: Settings
) -> None:
    gate = threading.Event()
    app = create_app(settings, opener=_gated(engine, gate))
    with TestClient(app) as client:
        threading.Timer(0.3, gate.set).start()
        started = time.monotonic()
        response = client.post("/v1/chat", json={"message": "Bonjour"})
        assert response.status_code == 200 and time.monotonic() - started >= 0.25


def test_a_request_waiting_longer_than_the_timeout_gets_a_503_to_retry(
    engine: Engine, settings: Settings
) -> None:
    gate = threading.Event()
    quick = settings.model_copy(update={"ready_timeout": 0.2})
    with TestClient(create_app(quick, opener=_gated(engine, gate))) as client:
        response = client.post("/v1/chat", json={"message": "Bonjour"})
        error = assert_error(response, 503, "engine_unavailable")
        assert response.headers["retry-after"] and "loading" in error["message"]
        assert client.get("/healthz").status_code == 200
        gate.set()


def test_an_engine_that_fails_to_load_is_reported_not_hidden(settings: Settings) -> None:
    def broken(_: Settings) -> Engine:
        raise RuntimeError("the index is unreadable")

    with TestClient(create_app(settings, opener=broken)) as client:
        deadline = time.monotonic() + 10
        while client.get("/readyz").json()["status"] == "loading":
            assert time.monotonic() < deadline
            time.sleep(0.02)
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "unreadable" in ready.json()["detail"]
        error = assert_error(client.post("/v1/chat", json={"message": "Bonjour"}), 503)
        assert "failed to load" in error["message"]


async def test_metrics_count_requests_latency_and_replies(client: httpx.AsyncClient) -> None:
    await client.post("/v1/chat", json={"message": "Qui est Dmitri Medvedev ?"})
    await client.post("/v1/chat", json={"message": "   "})
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = response.text
    assert 'assistant_http_requests_total{method="POST",route="/v1/chat",status="200"}' in text
    assert 'assistant_http_requests_total{method="POST",route="/v1/chat",status="400"}' in text
    assert 'assistant_http_request_duration_seconds_bucket{route="/v1/chat",le="+Inf"}' in text
    assert 'assistant_replies_total{intent="actor_lookup",answered="true"}' in text
    ratio = next(line for line in text.splitlines() if line.startswith("assistant_answered_ratio"))
    assert 0.0 < float(ratio.split()[1]) <= 1.0


async def test_openapi_docs_are_served(client: httpx.AsyncClient) -> None:
    assert (await client.get("/docs")).status_code == 200
    spec = (await client.get("/openapi.json")).json()
    assert "/v1/chat" in spec["paths"] and "/v1/chat/completions" in spec["paths"]
