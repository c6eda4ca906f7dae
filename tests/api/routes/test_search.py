"""GET /v1/search: passages ranked by the hybrid retrieval."""

from __future__ import annotations

import httpx
import pytest

from tests.api.helpers import assert_error


async def test_search_returns_at_most_k_ranked_passages(client: httpx.AsyncClient) -> None:
    body = (await client.get("/v1/search", params={"q": "pétrole et gaz", "k": 3})).json()
    assert body["query"] == "pétrole et gaz" and body["k"] == 3
    assert 1 <= len(body["hits"]) <= 3
    scores = [h["score"] for h in body["hits"]]
    assert scores == sorted(scores, reverse=True)
    assert all(h["article_id"] and h["text"] for h in body["hits"])


async def test_k_defaults_to_five(client: httpx.AsyncClient) -> None:
    body = (await client.get("/v1/search", params={"q": "Russie"})).json()
    assert body["k"] == 5 and len(body["hits"]) == 5


@pytest.mark.parametrize("k", ["0", "51", "-1", "three"])
async def test_k_out_of_range_or_not_a_number_is_a_422(client: httpx.AsyncClient, k: str) -> None:
    assert_error(await client.get("/v1/search", params={"q": "Russie", "k": k}), 422)


async def test_a_missing_query_is_a_422_and_a_blank_one_a_400(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/v1/search"), 422)
    assert_error(await client.get("/v1/search", params={"q": "   "}), 400, "invalid_message")


async def test_an_over_long_query_is_refused(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/v1/search", params={"q": "x" * 2001}), 400, "invalid_message")


async def test_a_period_keeps_only_articles_published_then(client: httpx.AsyncClient) -> None:
    # The built-in articles are `.txt` files, which give no publication date: no article
    # of theirs is inside any period.
    every = (await client.get("/v1/search", params={"q": "Russie"})).json()["hits"]
    assert every and all(h["published"] is None for h in every)
    dated = await client.get("/v1/search", params={"q": "Russie", "from": "2014", "to": "2014"})
    assert dated.status_code == 200 and dated.json()["hits"] == []


@pytest.mark.parametrize(("bound", "status"), [("juin", 422), ("2014-13", 400)])
async def test_a_period_bound_that_is_not_a_date_is_refused(
    client: httpx.AsyncClient, bound: str, status: int
) -> None:
    assert_error(await client.get("/v1/search", params={"q": "Russie", "from": bound}), status)
