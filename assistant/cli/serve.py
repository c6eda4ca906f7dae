"""`assistant serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import argparse
from typing import Any

APP_FACTORY = "assistant.api.app:create_app"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `serve` on the main CLI's subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="serve the HTTP API (chat, tools, articles, OpenAI and Rasa channels)",
        description="Serve the HTTP API. /healthz answers at once; /readyz once the engine "
        "is loaded (the first start indexes the built-in corpus). OpenAPI docs at /docs.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="interface to bind (default: %(default)s)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes, each with its own engine (default: %(default)s)",
    )
    parser.set_defaults(func=serve_command)
    return parser


def serve_command(args: argparse.Namespace) -> int:
    import uvicorn

    from assistant.cli.common import fail
    from assistant.settings import get_settings

    if args.workers < 1:
        return fail("--workers must be at least 1")
    settings = get_settings()  # each worker reads them again; a bad one stops us here first
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=settings.log_level,
        access_log=False,  # /metrics counts requests; an access log line each costs throughput
    )
    return 0
