"""GET /v1/tools and POST /v1/tools/{name}: the tools, their schemas, and direct calls."""

from __future__ import annotations

import httpx

from tests.api.helpers import assert_error


async def test_tools_are_listed_with_their_schemas_in_both_shapes(
    client: httpx.AsyncClient,
) -> None:
    tools = (await client.get("/v1/tools")).json()
    names = [t["name"] for t in tools]
    assert {"date_lookup", "figure_lookup", "actor_lookup", "passage_search"} <= set(names)
    for tool in tools:
        assert tool["description"] and tool["parameters"]["type"] == "object"
        assert tool["openai"]["type"] == "function"
        assert tool["openai"]["function"]["name"] == tool["name"]
        assert tool["openai"]["function"]["parameters"] == tool["parameters"]


async def test_a_tool_call_returns_results_with_their_sources(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/tools/date_lookup", json={"query": "visite en Russie", "actors": ["Nguyen Phu Trong"]}
    )
    assert response.status_code == 200
    result = response.json()
    assert result["tool"] == "date_lookup"
    assert result["results"][0]["value"] == "--09-05/--09-08"
    assert result["results"][0]["quote"] and result["citations"]


async def test_a_tool_call_without_a_body_uses_the_defaults(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/tools/passage_search")
    assert response.status_code in (200, 422)
    if response.status_code == 422:
        assert_error(response, 422, "invalid_tool_parameters")


async def test_an_unknown_tool_is_a_404_that_says_where_the_list_is(
    client: httpx.AsyncClient,
) -> None:
    error = assert_error(await client.post("/v1/tools/weather", json={}), 404, "unknown_tool")
    assert "weather" in error["message"]


async def test_invalid_tool_parameters_are_a_422_naming_the_parameter(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/v1/tools/date_lookup", json={"k": 0})
    error = assert_error(response, 422, "invalid_tool_parameters")
    assert "k" in error["message"]


async def test_tool_parameters_that_are_not_an_object_are_a_422(client: httpx.AsyncClient) -> None:
    assert_error(await client.post("/v1/tools/date_lookup", json=[1, 2]), 422, "invalid_request")
