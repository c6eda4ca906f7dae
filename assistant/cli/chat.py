"""`assistant chat`: the Textual terminal chat, over the engine here or a running API."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "chat",
        help="chat in the terminal (a Textual app)",
        description="Chat with the assistant in the terminal. Ctrl+P opens the command "
        "palette, /help lists the commands, Ctrl+Q quits.",
    )
    p.add_argument("--session", default=None, metavar="ID", help="resume this conversation")
    p.add_argument(
        "--api-url",
        default=None,
        metavar="URL",
        help="talk to a running API server (assistant serve) instead of opening the archive here",
    )
    p.add_argument(
        "--api-key", default=None, help="the API key for --api-url (default: ASSISTANT_API_KEY)"
    )
    p.set_defaults(func=run_chat)


def run_chat(args: argparse.Namespace) -> int:
    """Run the app until the person quits; print how to resume the conversation."""
    # The one import from `tui` in `assistant`: this command is the app's entry point.
    from assistant.settings import get_settings
    from tui.app import ChatApp
    from tui.backend import LocalBackend, RemoteBackend

    settings = get_settings()  # a bad setting is an error here, before the app takes the screen
    if args.api_url:
        api_key = args.api_key or settings.api_key_text()
        app = ChatApp(RemoteBackend(args.api_url, api_key=api_key), session_id=args.session)
    else:
        app = ChatApp(
            open_backend=lambda progress: LocalBackend.open(settings, progress),
            session_id=args.session,
        )
    app.run()
    if app.chat.session_id and app.chat.turns:
        print(f"Resume this conversation with: assistant chat --session {app.chat.session_id}")
    return 0
