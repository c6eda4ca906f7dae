"""What a turn is: one name per kind, shared by the router, the engine and the Reply.

The built-in intents are a closed list; a tool that declares its own question forms
(tools.base.Tool.rules) brings its own intent, named after the tool. « la suite » is
`more`: the next page of the last list, whose turn then bears that list's intent.
"""

from __future__ import annotations

from typing import Literal, NewType, cast, get_args

BuiltInIntent = Literal[
    "date_lookup",
    "figure_lookup",
    "actor_lookup",
    "place_lookup",
    "search",
    "smalltalk",
    "help",
    "clarify",
    "reset",
    "more",
    "unknown",
]
ToolIntent = NewType("ToolIntent", str)
Intent = BuiltInIntent | ToolIntent
INTENTS: frozenset[str] = frozenset(get_args(BuiltInIntent))
# The tool the `search` intent calls: a passage search is a search.
_SEARCH_TOOL = "passage_search"


def intent_of(name: str) -> Intent:
    """The intent a rule or a tool names: a built-in intent is itself (a lookup tool's
    intent is its own name), the passage search is a search, any other tool's is its own."""
    if name in INTENTS:
        return cast(BuiltInIntent, name)
    return "search" if name == _SEARCH_TOOL else ToolIntent(name)
