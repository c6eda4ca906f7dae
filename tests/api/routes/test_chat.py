"""POST /v1/chat: a message in, the Reply out; every kind of bad input is a clear 4xx."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from assistant.reply import Reply
from tests.api.helpers import TRADE_2017, assert_error

WHEN = "Quand Nguyên Phu Trong se rendra-t-il en Russie ?"


async def test_a_question_gets_a_cited_reply_in_a_new_session(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/chat", json={"message": WHEN})
    assert response.status_code == 200
    reply = Reply.model_validate(response.json())
    assert reply.session_id and reply.answered and reply.intent == "date_lookup"
    assert reply.results[0].value == "--09-05/--09-08"
    assert reply.citations and reply.citations[0].article_id == reply.results[0].article_id


async def test_each_message_without_a_session_id_starts_its_own_session(
    client: httpx.AsyncClient,
) -> None:
    first = (await client.post("/v1/chat", json={"message": "Bonjour"})).json()
    second = (await client.post("/v1/chat", json={"message": "Bonjour"})).json()
    assert first["session_id"] != second["session_id"]


async def test_a_follow_up_in_the_same_session_keeps_the_subject(client: httpx.AsyncClient) -> None:
    question = TRADE_2017
    first = (await client.post("/v1/chat", json={"message": question})).json()
    follow = await client.post(
        "/v1/chat", json={"message": "Et en 2012 ?", "session_id": first["session_id"]}
    )
    assert follow.json()["intent"] == "figure_lookup"
    assert "2,45 milliards" in follow.json()["results"][0]["text"]


async def test_an_unknown_session_id_given_by_the_client_starts_that_session(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/v1/chat", json={"message": "Bonjour", "session_id": "mine-42"})
    assert response.json()["session_id"] == "mine-42"
    assert (await client.get("/v1/sessions/mine-42")).status_code == 200


async def test_an_english_question_is_answered_in_english(client: httpx.AsyncClient) -> None:
    message = "When will Nguyen Phu Trong visit Russia?"
    reply = (await client.post("/v1/chat", json={"message": message})).json()
    assert reply["lang"] == "en"


@pytest.mark.parametrize("message", ["", "   ", "\n\t "])
async def test_an_empty_or_blank_message_is_refused(
    client: httpx.AsyncClient, message: str
) -> None:
    response = await client.post("/v1/chat", json={"message": message})
    assert response.status_code in (400, 422)
    assert_error(response, response.status_code)


async def test_a_message_over_2000_characters_is_refused_with_the_limit(
    client: httpx.AsyncClient,
) -> None:
    error = assert_error(await client.post("/v1/chat", json={"message": "x" * 2001}), 400)
    assert error["code"] == "invalid_message" and "2,000" in error["message"]


async def test_a_message_of_exactly_2000_characters_is_answered(client: httpx.AsyncClient) -> None:
    message = ("visite en Russie " * 200)[:1999] + "?"
    assert len(message) == 2000
    response = await client.post("/v1/chat", json={"message": message})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"message": 42},
        {"message": ["Bonjour"]},
        {"message": None},
        {},
        {"message": "Bonjour", "session_id": 7},
        {"message": "Bonjour", "session_id": "has space"},
        {"message": "Bonjour", "session_id": "../etc"},
        {"message": "Bonjour", "unknown": True},
        ["Bonjour"],
        "Bonjour",
    ],
)
async def test_a_body_of_the_wrong_shape_is_a_422_naming_the_field(
    client: httpx.AsyncClient, body: object
) -> None:
    error = assert_error(await client.post("/v1/chat", json=body), 422, "invalid_request")
    assert error["details"] and all("loc" in d and "msg" in d for d in error["details"])


@pytest.mark.parametrize("raw", [b"{", b"{'message': 'x'}", b"not json", b'{"message": "x",}'])
async def test_malformed_json_is_a_400(client: httpx.AsyncClient, raw: bytes) -> None:
    response = await client.post(
        "/v1/chat", content=raw, headers={"content-type": "application/json"}
    )
    assert_error(response, 400, "malformed_json")


async def test_a_body_over_the_size_limit_is_refused_before_parsing(
    client: httpx.AsyncClient,
) -> None:
    raw = b'{"message": "' + b"x" * 70_000 + b'"}'
    response = await client.post(
        "/v1/chat", content=raw, headers={"content-type": "application/json"}
    )
    assert_error(response, 413, "body_too_large")


async def test_a_chunked_body_over_the_size_limit_is_refused_too(
    client: httpx.AsyncClient,
) -> None:
    async def chunks():  # no Content-Length: the limit is enforced while reading
        for _ in range(20):
            yield b"x" * 4096

    response = await client.post(
        "/v1/chat", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_error(response, 413, "body_too_large")


async def test_a_non_numeric_content_length_is_a_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/chat",
        content=b"{}",
        headers={"content-type": "application/json", "content-length": "lots"},
    )
    assert_error(response, 400, "malformed_request")


async def test_every_response_has_a_request_id_and_a_given_one_is_echoed(
    client: httpx.AsyncClient,
) -> None:
    ok = await client.post("/v1/chat", json={"message": "Bonjour"})
    assert len(ok.headers["x-request-id"]) >= 16
    echoed = await client.post(
        "/v1/chat", json={"message": ""}, headers={"X-Request-Id": "trace-abc.123"}
    )
    assert echoed.headers["x-request-id"] == "trace-abc.123"
    assert echoed.json()["error"]["request_id"] == "trace-abc.123"


async def test_an_unusable_request_id_is_replaced_not_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz", headers={"X-Request-Id": "bad id\twith spaces"})
    assert response.headers["x-request-id"] != "bad id\twith spaces"


async def test_concurrent_turns_in_one_session_are_serialised(client: httpx.AsyncClient) -> None:
    session = "concurrent-session"
    questions = [f"Qui est Dmitri Medvedev ? ({i})" for i in range(24)]
    responses = await asyncio.gather(
        *(client.post("/v1/chat", json={"message": q, "session_id": session}) for q in questions)
    )
    assert all(r.status_code == 200 for r in responses)
    turns = (await client.get(f"/v1/sessions/{session}")).json()["turns"]
    assert [t["n"] for t in turns] == list(range(1, 25))
    assert sorted(t["message"] for t in turns) == sorted(questions)


async def test_an_unknown_path_is_a_404_in_the_same_envelope(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/v1/nothing-here"), 404, "not_found")


async def test_a_wrong_method_is_a_405_in_the_same_envelope(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/v1/chat"), 405, "method_not_allowed")
