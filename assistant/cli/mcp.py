"""`assistant mcp`: the tools over the Model Context Protocol (stdio, or streamable HTTP)."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `mcp` on the main CLI's subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "mcp",
        help="serve the tools over MCP (stdio by default)",
        description="Serve the deterministic tools to MCP clients: over stdio (what desktop "
        "agents spawn), or over streamable HTTP at http://HOST:PORT/mcp with --http.",
    )
    parser.add_argument("--http", action="store_true", help="serve streamable HTTP, not stdio")
    parser.add_argument("--host", default="127.0.0.1", help="with --http (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8001, help="with --http (default: %(default)s)")
    parser.set_defaults(func=mcp_command)
    return parser


def mcp_command(args: argparse.Namespace) -> int:
    import anyio

    from assistant import mcp_server
    from assistant.settings import get_settings

    settings = get_settings()  # a bad setting is an error here, before the protocol starts
    if args.http:
        mcp_server.serve_http(settings, host=args.host, port=args.port)
    else:
        anyio.run(mcp_server.serve_stdio, settings)
    return 0
