"""Dotted paths into a reply's JSON (`results[0].value`, `citations[*].kind`) for `check:`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_PATH_PART = re.compile(r"([^.\[\]]+)|\[(-?\d+|\*)\]")


def resolve(data: Any, path: str) -> Iterator[Any]:
    """Values at a dotted path such as `results[0].value` or `citations[*].kind`."""
    parts = parse_path(path)
    current: list[Any] = [data]
    for part in parts:
        step: list[Any] = []
        for value in current:
            step.extend(_step(value, part, path))
        current = step
    if not current:
        raise LookupError("no value there (an empty list?)")
    yield from current


def parse_path(path: str) -> list[str | int]:
    """Split `results[0].value` / `results.0.value` into keys and indexes (`*` kept as text)."""
    parts: list[str | int] = []
    position = 0
    for found in _PATH_PART.finditer(path):
        if found.start() != position and path[position : found.start()] != ".":
            raise ValueError(f"cannot read path {path!r}")
        key, index = found.groups()
        if index is not None:
            parts.append("*" if index == "*" else int(index))
        elif key.lstrip("-").isdigit():
            parts.append(int(key))
        else:
            parts.append(key)
        position = found.end()
    if position != len(path) or not parts:
        raise ValueError(f"cannot read path {path!r}")
    return parts


def _step(value: Any, part: str | int, path: str) -> list[Any]:
    if part == "*":
        if not isinstance(value, list):
            raise LookupError(f"[*] needs a list, found {type(value).__name__}")
        return list(value)
    if isinstance(part, int):
        if not isinstance(value, list):
            raise LookupError(f"[{part}] needs a list, found {type(value).__name__}")
        if not -len(value) <= part < len(value):
            raise LookupError(f"no item [{part}] (the list has {len(value)})")
        return [value[part]]
    if not isinstance(value, dict) or part not in value:
        keys = sorted(value) if isinstance(value, dict) else type(value).__name__
        raise LookupError(f"no key {part!r} (found {keys})")
    return [value[part]]
