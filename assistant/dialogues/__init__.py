"""Scripted regression dialogues: YAML files of turns and expectations, run against the engine.

The public names are loaded on first use, so that the pytest plugin (imported by
every pytest run in this environment) stays cheap to import.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Dialogue": "format",
    "DialogueFile": "format",
    "DialogueError": "errors",
    "DialogueFileError": "errors",
    "Refused": "errors",
    "RunAborted": "errors",
    "load_file": "format",
    "load_files": "format",
    "normalise": "match",
    "check_turn": "match",
    "EnginePool": "runner",
    "RunReport": "runner",
    "run": "runner",
    "run_dialogue": "runner",
    "select": "runner",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
