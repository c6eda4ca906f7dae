"""The tools over MCP, through the SDK's own client: a stdio subprocess
(`python -m assistant.mcp_server`) and a streamable-HTTP server (`assistant mcp --http`)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from mcp import Client, MCPError, StdioServerParameters
from mcp.types import CallToolResult, TextContent

from tests.api.servers import ROOT, data_dir_copy, free_port, subprocess_env

DATE_QUERY = {"query": "visite en Russie", "actors": ["Nguyen Phu Trong"]}


def _text(result: CallToolResult) -> str:
    content = result.content[0]
    assert isinstance(content, TextContent)
    return content.text


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return data_dir_copy(tmp_path_factory, "mcp")


@pytest.fixture(scope="module")
def stdio_params(data_dir: Path) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "assistant.mcp_server"],
        cwd=ROOT,
        env=subprocess_env(data_dir),
    )


async def test_the_tools_are_listed_with_their_json_schemas(
    stdio_params: StdioServerParameters,
) -> None:
    async with Client(stdio_params) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert {"date_lookup", "figure_lookup", "actor_lookup", "passage_search"} <= set(tools)
    for tool in tools.values():
        assert tool.description and tool.input_schema["type"] == "object"
        assert tool.input_schema.get("properties")
        assert tool.annotations is not None and tool.annotations.read_only_hint


async def test_a_tool_call_returns_json_text_with_the_sources(
    stdio_params: StdioServerParameters,
) -> None:
    async with Client(stdio_params) as client:
        result = await client.call_tool("date_lookup", DATE_QUERY)
        invalid = await client.call_tool("date_lookup", {"k": 0})
        with pytest.raises(MCPError) as unknown:
            await client.call_tool("weather", {})
    assert not result.is_error
    payload = json.loads(_text(result))
    assert payload["tool"] == "date_lookup"
    assert payload["results"][0]["value"] == "--09-05/--09-08"
    assert payload["results"][0]["quote"] and payload["citations"]
    assert result.structured_content == payload
    assert invalid.is_error and "k" in _text(invalid)
    assert "weather" in str(unknown.value)


async def test_the_archive_tools_come_over_mcp_from_their_entry_points(
    stdio_params: StdioServerParameters,
) -> None:
    archive = {"article_list", "article_summary", "archive_overview", "people_list", "timeline"}
    async with Client(stdio_params) as client:
        names = {t.name for t in (await client.list_tools()).tools}
        listed = await client.call_tool("article_list", {"query": "Biélorussie"})
        summary = await client.call_tool("article_summary", {"article": "003"})
    assert archive <= names
    found = json.loads(_text(listed))
    assert [r["value"] for r in found["results"]] == ["001_5f0feb072f1e1255"]
    assert found["citations"][0]["article_id"] == "001_5f0feb072f1e1255"
    sentences = json.loads(_text(summary))["citations"]
    assert 3 <= len(sentences) <= 5 and sentences[0]["kind"] == "lead"


@pytest.fixture(scope="module")
def http_server(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = tmp_path_factory.mktemp("mcp-http") / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli.main", "mcp", "--http", "--port", str(port)],
            cwd=ROOT,
            env=subprocess_env(data_dir),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "the MCP HTTP server did not start"
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


async def test_the_same_tools_are_served_over_streamable_http(http_server: str) -> None:
    async with Client(http_server) as client:
        names = {t.name for t in (await client.list_tools()).tools}
        result = await client.call_tool("date_lookup", DATE_QUERY)
    assert "date_lookup" in names
    assert json.loads(_text(result))["results"][0]["value"] == "--09-05/--09-08"
