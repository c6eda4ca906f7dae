"""YAML loading that remembers where every value came from, for line numbers and edits.

PyYAML's composer keeps start and end marks on each node; the usual `safe_load`
throws them away, so we build the plain data ourselves and keep a path → node map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

PathKey = tuple[str | int, ...]


@dataclass
class Located:
    """Plain data plus, for each path into it, the YAML node and the line of its key.

    `refused` lists what parses as YAML but is refused (a key written twice, a key that
    is not text), as (line, message): such a key is left out and loading goes on, so a
    caller can report it with every other problem of the file."""

    value: Any
    nodes: dict[PathKey, yaml.Node] = field(default_factory=dict)
    key_lines: dict[PathKey, int] = field(default_factory=dict)
    refused: list[tuple[int, str]] = field(default_factory=list)

    def line(self, path: PathKey) -> int | None:
        """The 1-based line of `path`, or of its nearest ancestor that exists in the file."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in self.key_lines:
                return self.key_lines[prefix]
            if prefix in self.nodes:
                return self.nodes[prefix].start_mark.line + 1
        return None


def load_marked(text: str) -> Located:
    """Parse one YAML document into plain data, remembering each node's position."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    located = Located(value=None)
    if root is None:
        return located
    constructor = yaml.SafeLoader("")
    located.value = _build(root, (), located, constructor)
    return located


def _build(node: yaml.Node, path: PathKey, located: Located, constructor: yaml.SafeLoader) -> Any:
    located.nodes[path] = node
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str | int):
                located.refused.append((line, f"keys must be text, not {key!r}"))
                continue
            if key in result:
                first = located.key_lines[(*path, key)]
                located.refused.append(
                    (line, f"key {key!r} appears twice in the same mapping (first on line {first})")
                )
                continue
            located.key_lines[(*path, key)] = line
            result[key] = _build(value_node, (*path, key), located, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), located, constructor) for i, item in enumerate(node.value)]
    return constructor.construct_object(node, deep=True)
