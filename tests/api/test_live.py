"""The real thing: `assistant serve --workers 2` in a subprocess on a loopback port."""

from __future__ import annotations

import httpx

from tests.api.servers import LiveServer


def test_the_probes_answer_over_the_network(live_server: LiveServer) -> None:
    assert httpx.get(f"{live_server.url}/healthz").json()["status"] == "ok"
    assert httpx.get(f"{live_server.url}/readyz").json() == {"status": "ready", "ready": True}


def test_a_conversation_survives_being_spread_over_workers(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url) as http:
        session = "live-spread"
        for i in range(8):  # new connections land on either worker
            response = http.post(
                "/v1/chat",
                json={"message": f"Bonjour {i}", "session_id": session},
                headers={"Connection": "close"},
            )
            assert response.status_code == 200
        turns = http.get(f"/v1/sessions/{session}").json()["turns"]
    assert [t["message"] for t in turns] == [f"Bonjour {i}" for i in range(8)]


def test_an_oversized_body_is_refused_over_the_wire(live_server: LiveServer) -> None:
    response = httpx.post(
        f"{live_server.url}/v1/chat",
        content=b"x" * 100_000,
        headers={"content-type": "application/json", "X-Request-Id": "big-1"},
    )
    assert response.status_code == 413
    assert response.headers["x-request-id"] == "big-1"
    assert response.json()["error"]["code"] == "body_too_large"
