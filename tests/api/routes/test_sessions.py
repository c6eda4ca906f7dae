"""GET and DELETE /v1/sessions/{id}: the transcript, and forgetting a conversation."""

from __future__ import annotations

import httpx

from tests.api.helpers import assert_error


async def test_a_transcript_lists_every_turn_in_order(client: httpx.AsyncClient) -> None:
    first = (await client.post("/v1/chat", json={"message": "Bonjour"})).json()
    session = first["session_id"]
    body = {"message": "Qui est Dmitri Medvedev ?", "session_id": session}
    await client.post("/v1/chat", json=body)
    body = (await client.get(f"/v1/sessions/{session}")).json()
    assert body["session_id"] == session
    assert [t["message"] for t in body["turns"]] == ["Bonjour", "Qui est Dmitri Medvedev ?"]
    assert body["turns"][0]["reply"]["reply"] == first["reply"]
    assert "trace" not in body["turns"][0]["reply"] or body["turns"][0]["reply"]["trace"] is None


async def test_a_deleted_session_is_gone(client: httpx.AsyncClient) -> None:
    session = (await client.post("/v1/chat", json={"message": "Bonjour"})).json()["session_id"]
    deleted = await client.delete(f"/v1/sessions/{session}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert_error(await client.get(f"/v1/sessions/{session}"), 404, "unknown_session")


async def test_an_unknown_session_is_a_404_on_get_and_delete(client: httpx.AsyncClient) -> None:
    error = assert_error(await client.get("/v1/sessions/never-seen"), 404, "unknown_session")
    assert "never-seen" in error["message"]
    assert_error(await client.delete("/v1/sessions/never-seen"), 404, "unknown_session")


async def test_a_session_id_that_cannot_be_one_is_a_422(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/v1/sessions/" + "x" * 200), 422)
    assert_error(await client.get("/v1/sessions/bad%20id"), 422)
