"""POST /webhooks/rest/webhook: Rasa's REST channel, sender as the conversation."""

from __future__ import annotations

import httpx

from tests.api.helpers import TRADE_2017, assert_error

WEBHOOK = "/webhooks/rest/webhook"


async def test_the_reply_has_rasas_shape(client: httpx.AsyncClient) -> None:
    body = {"sender": "user@example.org", "message": "Qui est Dmitri Medvedev ?"}
    messages = (await client.post(WEBHOOK, json=body)).json()
    assert isinstance(messages, list) and len(messages) == 1
    assert messages[0]["recipient_id"] == "user@example.org"
    assert "Medvedev" in messages[0]["text"]


async def test_the_sender_is_the_conversation(client: httpx.AsyncClient) -> None:
    question = TRADE_2017
    await client.post(WEBHOOK, json={"sender": "rasa-follow", "message": question})
    follow = await client.post(WEBHOOK, json={"sender": "rasa-follow", "message": "Et en 2012 ?"})
    assert "2,45 milliards" in follow.json()[0]["text"]
    assert len((await client.get("/v1/sessions/rasa-follow")).json()["turns"]) == 2


async def test_suggestions_become_buttons(client: httpx.AsyncClient) -> None:
    body = {"sender": "rasa-help", "message": "Quelle est la couleur du ciel sur Mars ?"}
    message = (await client.post(WEBHOOK, json=body)).json()[0]
    if "buttons" in message:
        assert all(b["title"] == b["payload"] for b in message["buttons"])


async def test_a_blank_message_or_missing_sender_is_refused(client: httpx.AsyncClient) -> None:
    assert_error(await client.post(WEBHOOK, json={"sender": "s", "message": "  "}), 400)
    assert_error(await client.post(WEBHOOK, json={"message": "Bonjour"}), 422)


async def test_the_channel_answers_a_status_check(client: httpx.AsyncClient) -> None:
    assert (await client.get("/webhooks/rest/")).json() == {"status": "ok"}
