"""What a turn is: one name per kind, shared by the router, the engine and the Reply."""

from __future__ import annotations

from typing import Literal, cast, get_args

Intent = Literal[
    "date_lookup",
    "figure_lookup",
    "actor_lookup",
    "place_lookup",
    "search",
    "smalltalk",
    "help",
    "clarify",
    "reset",
    "unknown",
]
INTENTS: frozenset[str] = frozenset(get_args(Intent))


def intent_of(name: str) -> Intent:
    """The intent a rule or a tool names: a lookup tool's intent is its own name, any other
    tool (passage_search) is a search."""
    return cast(Intent, name) if name in INTENTS else "search"
