"""`assistant.client`: the typed sync and async clients against a live server."""

from __future__ import annotations

import pytest

from assistant.client import ApiError, ApiUnavailable, AsyncClient, Client
from assistant.errors import AssistantError
from tests.api.servers import LiveServer, free_port, shared_live_server

WHEN = "Quand Nguyên Phu Trong se rendra-t-il en Russie ?"


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> LiveServer:
    return shared_live_server(request, tmp_path_factory)


def test_the_sync_client_covers_every_call(server: LiveServer) -> None:
    with Client(server.url) as client:
        assert client.health().ready
        reply = client.chat(WHEN)
        assert reply.answered and reply.results[0].value == "--09-05/--09-08"
        follow = client.chat("Et qui est Dmitri Medvedev ?", session_id=reply.session_id)
        assert follow.session_id == reply.session_id
        transcript = client.transcript(reply.session_id)
        assert [t.message for t in transcript.turns][0] == WHEN
        client.delete_session(reply.session_id)
        with pytest.raises(ApiError) as gone:
            client.transcript(reply.session_id)
        assert gone.value.status == 404 and gone.value.code == "unknown_session"
        assert "date_lookup" in {t.name for t in client.tools()}
        result = client.call_tool(
            "date_lookup", query="visite en Russie", actors=["Nguyen Phu Trong"]
        )
        assert result.results and result.results[0].value == "--09-05/--09-08"
        articles = client.articles()
        article = client.article(articles[0].article_id)
        assert article.text and article.facts
        hits = client.search("pétrole", k=2)
        assert 1 <= len(hits) <= 2


async def test_the_async_client_covers_every_call(server: LiveServer) -> None:
    async with AsyncClient(server.url) as client:
        assert (await client.health()).ready
        reply = await client.chat(WHEN)
        assert reply.answered
        assert len((await client.transcript(reply.session_id)).turns) == 1
        await client.delete_session(reply.session_id)
        assert len(await client.tools()) >= 4
        assert (await client.call_tool("date_lookup", query="visite")).tool == "date_lookup"
        articles = await client.articles()
        assert (await client.article(articles[-1].article_id)).article_id == articles[-1].article_id
        assert await client.search("Russie", k=1)


def test_an_error_answer_is_an_api_error_with_the_servers_explanation(server: LiveServer) -> None:
    with Client(server.url) as client:
        with pytest.raises(ApiError) as err:
            client.chat("   ")
        assert err.value.status == 400 and err.value.code == "invalid_message"
        assert err.value.request_id and "empty" in str(err.value)
        with pytest.raises(ApiError) as unknown:
            client.call_tool("weather")
        assert unknown.value.status == 404
        with pytest.raises(ApiError) as bad:
            client.call_tool("date_lookup", k=0)
        assert bad.value.status == 422
        with pytest.raises(AssistantError):  # one base for local and remote errors
            client.article("no_such_article")


def test_a_server_that_is_not_there_is_api_unavailable() -> None:
    with Client(f"http://127.0.0.1:{free_port()}", timeout=2) as client:
        with pytest.raises(ApiUnavailable) as err:
            client.health()
        assert "cannot be reached" in str(err.value)


async def test_a_server_that_does_not_answer_in_time_is_api_unavailable(
    server: LiveServer,
) -> None:
    async with AsyncClient(server.url, timeout=0.000_001) as client:
        with pytest.raises(ApiUnavailable) as err:
            await client.chat(WHEN)
        assert "in time" in str(err.value)


def test_the_api_key_is_sent_as_a_bearer_token() -> None:
    import httpx

    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization", ""))
        return httpx.Response(200, json={"status": "ready", "ready": True})

    with Client("http://x", api_key="k1", transport=httpx.MockTransport(handler)) as client:
        client.health()
    assert seen == ["Bearer k1"]
