"""The tools over MCP (official SDK, low-level server): the registry's tools with their
JSON schemas, each call run by the engine and answered as JSON text plus structured content.

`python -m assistant.mcp_server` serves stdio; `assistant mcp --http` serves streamable HTTP.
The low-level server is used rather than MCPServer because the tools and their schemas
come from the registry at run time, not from decorated functions.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

import anyio
import mcp_types as types
from mcp.server import Server, ServerRequestContext
from mcp.server.stdio import stdio_server
from mcp.shared.exceptions import MCPError

from assistant.errors import InvalidToolParameters, UnknownTool
from assistant.settings import Settings, get_settings

if TYPE_CHECKING:
    from assistant.engine import Engine

log = logging.getLogger(__name__)

INSTRUCTIONS = (
    "Deterministic lookups over an archive of French news articles: dates, figures, people "
    "and their roles, and passage search. Every result carries the article id and the "
    "sentence it comes from; an empty result means the articles do not say."
)


def _open(settings: Settings) -> Engine:
    from assistant.engine import Engine

    return Engine.open(settings)


def build_server(
    settings: Settings | None = None, opener: Callable[[Settings], Engine] = _open
) -> Server[Engine]:
    """An MCP server whose lifespan opens the engine (in a thread: it may ingest first)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(_: Server[Engine]) -> AsyncIterator[Engine]:
        engine = await anyio.to_thread.run_sync(opener, settings)
        yield engine

    async def list_tools(
        ctx: ServerRequestContext[Engine], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(
            tools=[_describe(tool) for tool in ctx.lifespan_context.registry]
        )

    async def call_tool(
        ctx: ServerRequestContext[Engine], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        engine = ctx.lifespan_context
        try:
            result = await anyio.to_thread.run_sync(
                engine.call_tool, params.name, dict(params.arguments or {})
            )
        except UnknownTool as err:  # a protocol error: the client asked for what is not listed
            raise MCPError(types.INVALID_PARAMS, str(err)) from None
        except InvalidToolParameters as err:  # a tool error, so a model can correct its call
            return types.CallToolResult(content=[types.TextContent(text=str(err))], is_error=True)
        payload = result.model_dump(mode="json")
        return types.CallToolResult(
            content=[types.TextContent(text=json.dumps(payload, ensure_ascii=False))],
            structured_content=payload,
        )

    return Server(
        settings.model_name,
        version=_version(),
        instructions=INSTRUCTIONS,
        lifespan=lifespan,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )


def _version() -> str:
    try:
        return version("vna-assistant")
    except PackageNotFoundError:
        return "0"


def _describe(tool: Any) -> types.Tool:
    function = tool.schema()["function"]
    return types.Tool(
        name=function["name"],
        description=function["description"],
        input_schema=function["parameters"],
        annotations=types.ToolAnnotations(
            read_only_hint=True, idempotent_hint=True, open_world_hint=False
        ),
    )


async def serve_stdio(settings: Settings | None = None) -> None:
    server = build_server(settings)
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


def serve_http(settings: Settings | None = None, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Streamable HTTP at `http://host:port/mcp` (DNS-rebinding protection on loopback)."""
    import uvicorn

    settings = settings or get_settings()
    app = build_server(settings).streamable_http_app(host=host)
    uvicorn.run(app, host=host, port=port, log_level=settings.log_level)


def main() -> None:
    logging.basicConfig(level=logging.WARNING)  # stderr: stdout carries the protocol
    anyio.run(serve_stdio)


if __name__ == "__main__":
    main()
