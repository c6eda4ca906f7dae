"""The `assistant` command: one subcommand per module, assembled here."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

# Subcommand modules; each has `add_parser(subparsers)` or `add_parsers(subparsers)`.
_MODULES = ("store_cmds", "turns", "chat", "serve", "mcp", "dialogues")
# Which module owns which command, so one command imports only what it needs
# (start-up time is part of every `assistant ask`).
_OWNER = {
    "ingest": "store_cmds",
    "articles": "store_cmds",
    "search": "store_cmds",
    "extract": "store_cmds",
    "ask": "turns",
    "explain": "turns",
    "tools": "turns",
    "tool": "turns",
    "chat": "chat",
    "serve": "serve",
    "mcp": "mcp",
    "dialogues": "dialogues",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="Answers questions about a news archive, exactly and with its sources.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [_OWNER[command]] if command in _OWNER else list(_MODULES)
    for name in modules:
        try:
            module = importlib.import_module(f"assistant.cli.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"assistant.cli.{name}":
                raise
            continue
        register = getattr(module, "add_parsers", None) or module.add_parser
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # the last line of defence: a message, never a traceback
        from assistant.errors import InvalidSettings
        from store.errors import StoreError

        if isinstance(err, InvalidSettings):
            print(f"error: {err}", file=sys.stderr)
            return 2

        kind = "store error" if isinstance(err, StoreError) else "unexpected error"
        print(f"error: {kind}: {err}", file=sys.stderr)
        logging.getLogger("assistant").debug("details", exc_info=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
