"""POST /v1/chat/completions and GET /v1/models: OpenAI-compatible, checked in process for
the session rules and with the official `openai` client against a live server."""

from __future__ import annotations

import json
from typing import Any

import httpx
import openai
import pytest

from tests.api.helpers import TRADE_2017, assert_error
from tests.api.servers import LiveServer

COMPLETIONS = "/v1/chat/completions"


def _user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def _assistant(text: str) -> dict[str, str]:
    return {"role": "assistant", "content": text}


async def _complete(
    client: httpx.AsyncClient, messages: list[dict[str, Any]], **kw: object
) -> httpx.Response:
    return await client.post(COMPLETIONS, json={"model": "any", "messages": messages, **kw})


async def test_a_completion_has_openais_shape_and_the_full_reply(client: httpx.AsyncClient) -> None:
    response = await _complete(client, [_user("Qui est Dmitri Medvedev ?")])
    body = response.json()
    assert body["object"] == "chat.completion" and body["id"].startswith("chatcmpl-")
    assert body["model"] == "vna-assistant"
    choice = body["choices"][0]
    assert choice["message"]["role"] == "assistant" and choice["finish_reason"] == "stop"
    assert "Medvedev" in choice["message"]["content"]
    assert body["reply"]["reply"] == choice["message"]["content"]
    assert body["usage"]["total_tokens"] == (
        body["usage"]["prompt_tokens"] + body["usage"]["completion_tokens"]
    )
    assert response.headers["x-session-id"] == body["reply"]["session_id"]


async def test_the_session_header_carries_the_conversation(client: httpx.AsyncClient) -> None:
    headers = {"X-Session-Id": "oa-header-1"}
    await client.post(COMPLETIONS, json={"messages": [_user(TRADE_2017)]}, headers=headers)
    follow = await client.post(
        COMPLETIONS, json={"messages": [_user("Et en 2012 ?")]}, headers=headers
    )
    assert "2,45 milliards" in follow.json()["choices"][0]["message"]["content"]
    assert follow.headers["x-session-id"] == "oa-header-1"


async def test_the_user_field_carries_the_conversation_when_there_is_no_header(
    client: httpx.AsyncClient,
) -> None:
    await _complete(client, [_user(TRADE_2017)], user="alice@example.org")
    follow = await _complete(client, [_user("Et en 2012 ?")], user="alice@example.org")
    assert "2,45 milliards" in follow.json()["choices"][0]["message"]["content"]
    assert follow.headers["x-session-id"].startswith("user-")


async def test_without_header_or_user_the_history_rebuilds_the_memory(
    client: httpx.AsyncClient,
) -> None:
    first = (await _complete(client, [_user(TRADE_2017)])).json()
    answer = first["choices"][0]["message"]["content"]
    history = [_user(TRADE_2017), _assistant(answer), _user("Et en 2012 ?")]
    follow = await _complete(client, history)
    assert "2,45 milliards" in follow.json()["choices"][0]["message"]["content"]
    session = follow.headers["x-session-id"]
    assert session.startswith("conv-") and session != first["reply"]["session_id"]
    turns = (await client.get(f"/v1/sessions/{session}")).json()["turns"]
    assert [t["message"] for t in turns] == [TRADE_2017, "Et en 2012 ?"]


async def test_two_conversations_with_different_histories_do_not_share_memory(
    client: httpx.AsyncClient,
) -> None:
    a = await _complete(client, [_user("Bonjour"), _assistant("…"), _user("Et en 2012 ?")])
    b = await _complete(client, [_user(TRADE_2017), _assistant("…"), _user("Et en 2012 ?")])
    assert a.headers["x-session-id"] != b.headers["x-session-id"]
    assert a.json()["reply"]["intent"] != "figure_lookup"
    assert b.json()["reply"]["intent"] == "figure_lookup"


async def test_resending_the_same_conversation_does_not_add_a_turn(
    client: httpx.AsyncClient,
) -> None:
    messages = [_user("Qui est Vladimir Putin ?"), _assistant("…"), _user("Quand ?")]
    first = await _complete(client, messages)
    again = await _complete(client, messages)
    assert first.headers["x-session-id"] == again.headers["x-session-id"]
    assert first.json()["choices"][0]["message"] == again.json()["choices"][0]["message"]
    turns = (await client.get(f"/v1/sessions/{first.headers['x-session-id']}")).json()["turns"]
    assert len(turns) == 2


async def test_content_given_as_parts_is_read(client: httpx.AsyncClient) -> None:
    parts = [{"type": "text", "text": "Qui est "}, {"type": "text", "text": "Dmitri Medvedev ?"}]
    response = await _complete(client, [{"role": "user", "content": parts}])
    assert "Medvedev" in response.json()["choices"][0]["message"]["content"]


async def test_system_messages_and_unknown_fields_are_accepted(client: httpx.AsyncClient) -> None:
    messages = [{"role": "system", "content": "Be brief."}, _user("Bonjour")]
    response = await _complete(client, messages, temperature=0.2, tools=[], n=1)
    assert response.status_code == 200


async def test_streaming_sends_chunks_that_add_up_to_the_reply(client: httpx.AsyncClient) -> None:
    response = await _complete(
        client,
        [_user("Qui est Dmitri Medvedev ?")],
        stream=True,
        stream_options={"include_usage": True},
    )
    assert response.headers["content-type"].startswith("text/event-stream")
    events = [line[6:] for line in response.text.split("\n\n") if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert len({c["id"] for c in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    assert "Medvedev" in text
    finals = [c for c in chunks if c["choices"] and c["choices"][0]["finish_reason"] == "stop"]
    assert len(finals) == 1
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["total_tokens"] > 0


async def test_a_stream_answers_exactly_what_a_plain_completion_does(
    client: httpx.AsyncClient,
) -> None:
    messages = [_user("Quand Nguyên Phu Trong se rendra-t-il en Russie ?")]
    plain = (await _complete(client, messages, user="plain")).json()
    streamed = await _complete(client, messages, user="streamed", stream=True)
    chunks = [
        json.loads(line[6:]) for line in streamed.text.split("\n\n") if line.startswith("data: {")
    ]
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert text == plain["choices"][0]["message"]["content"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"messages": []}, 422),
        ({"messages": "Bonjour"}, 422),
        ({}, 422),
        ({"messages": [{"content": "Bonjour"}]}, 422),
        ({"messages": [{"role": "user", "content": "   "}]}, 400),
        ({"messages": [{"role": "user", "content": "x" * 2001}]}, 400),
        ({"messages": [_user("Bonjour"), _assistant("Salut")]}, 400),
        ({"messages": [_user("Bonjour")], "stream": "maybe"}, 422),
    ],
)
async def test_bad_completion_requests_are_clear_4xx(
    client: httpx.AsyncClient, body: dict[str, object], status: int
) -> None:
    response = await client.post(COMPLETIONS, json=body)
    assert_error(response, status)


async def test_a_bad_session_header_is_a_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        COMPLETIONS, json={"messages": [_user("Bonjour")]}, headers={"X-Session-Id": "a b"}
    )
    assert_error(response, 422)


async def test_models_lists_the_configured_model(client: httpx.AsyncClient) -> None:
    body = (await client.get("/v1/models")).json()
    assert body["object"] == "list" and [m["id"] for m in body["data"]] == ["vna-assistant"]
    assert (await client.get("/v1/models/vna-assistant")).json()["id"] == "vna-assistant"
    assert_error(await client.get("/v1/models/gpt-4o"), 404, "unknown_model")


# -- the official client against a live server ---------------------------------------


@pytest.fixture
def openai_client(live_server: LiveServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{live_server.url}/v1", api_key="unused", max_retries=0)


def test_the_openai_client_lists_the_model(openai_client: openai.OpenAI) -> None:
    assert [m.id for m in openai_client.models.list()] == ["vna-assistant"]


def test_the_openai_client_gets_a_completion(openai_client: openai.OpenAI) -> None:
    completion = openai_client.chat.completions.create(
        model="vna-assistant",
        messages=[{"role": "user", "content": "Quand Nguyên Phu Trong se rendra-t-il en Russie ?"}],
    )
    assert completion.choices[0].finish_reason == "stop"
    assert "5 au 8 septembre" in (completion.choices[0].message.content or "")
    assert completion.usage is not None and completion.usage.completion_tokens > 0


def test_the_openai_client_streams_a_completion(openai_client: openai.OpenAI) -> None:
    stream = openai_client.chat.completions.create(
        model="vna-assistant",
        messages=[{"role": "user", "content": "Qui est Dmitri Medvedev ?"}],
        stream=True,
    )
    pieces, finish = [], None
    for chunk in stream:
        if chunk.choices:
            pieces.append(chunk.choices[0].delta.content or "")
            finish = chunk.choices[0].finish_reason or finish
    assert "Medvedev" in "".join(pieces) and finish == "stop" and len(pieces) > 2


def test_the_openai_client_follows_a_conversation_by_its_history(
    openai_client: openai.OpenAI,
) -> None:
    first = openai_client.chat.completions.create(
        model="vna-assistant", messages=[{"role": "user", "content": TRADE_2017}]
    )
    follow = openai_client.chat.completions.create(
        model="vna-assistant",
        messages=[
            {"role": "user", "content": TRADE_2017},
            {"role": "assistant", "content": first.choices[0].message.content or ""},
            {"role": "user", "content": "Et en 2012 ?"},
        ],
    )
    assert "2,45 milliards" in (follow.choices[0].message.content or "")


def test_the_openai_client_raises_a_clear_error_for_a_bad_request(
    openai_client: openai.OpenAI,
) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        openai_client.chat.completions.create(
            model="vna-assistant", messages=[{"role": "user", "content": "  "}]
        )
    assert "empty" in str(err.value)
