"""What every command shares: opening the engine or the store, and printing errors."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

console = Console()
errors = Console(stderr=True)


def fail(message: str, code: int = 2) -> int:
    errors.print(f"[bold red]error:[/] {message}", highlight=False)
    return code


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def open_engine() -> Any:
    from assistant.engine import Engine

    return Engine.open()


def open_store() -> Any:
    from assistant.settings import get_settings
    from store.store import Store

    settings = get_settings()
    return Store.open(
        settings.data_dir,
        settings.chroma_host,
        settings.chroma_port,
        records_url=settings.records_database(),
    )
