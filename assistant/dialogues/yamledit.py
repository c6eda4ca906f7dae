"""Editing dialogue files as text, so comments and layout outside the edited spot survive.

A YAML round-trip through PyYAML would drop every comment; instead we splice new
text over the span of one node, using the marks the composer recorded.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

_TURN_ORDER = (
    "ask", "repeat", "intent", "tool", "answered", "lang",
    "expect", "not_expect", "source", "check", "error",
)  # fmt: skip


def flow(value: Any) -> str:
    """A value as one line of YAML: JSON is valid YAML flow style, escapes included."""
    if isinstance(value, str) and _plain_ok(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _key(text: str) -> str:
    """A mapping key, unquoted when YAML reads it back unchanged (`results[0].value`)."""
    try:
        plain = yaml.safe_load(f"{text}: 0") == {text: 0}
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _plain_ok(text: str) -> bool:
    """Identifiers such as `date_lookup` or an article id read better unquoted."""
    if not text or not all(c.isalnum() or c in "_-" for c in text):
        return False
    return bool(yaml.safe_load(text) == text)  # not `true`, `null`, `12`…


def turn_lines(turn: dict[str, Any]) -> list[str]:
    """A turn mapping, one key per line, in the order a reader expects."""
    order = [k for k in _TURN_ORDER if k in turn] + [k for k in turn if k not in _TURN_ORDER]
    lines = []
    for key in order:
        value = turn[key]
        if key == "ask":
            lines.append(f"ask: {json.dumps(value, ensure_ascii=False)}")
        elif key == "source" and isinstance(value, list) and len(value) == 1:
            lines.append(f"source: {flow(value[0])}")
        elif isinstance(value, dict) and value:
            lines.append(f"{key}:")
            lines.extend(f"  {_key(k)}: {flow(v)}" for k, v in value.items())
        else:
            lines.append(f"{key}: {flow(value)}")
    return lines


def case_lines(case: dict[str, Any]) -> list[str]:
    """A case as a block-sequence item: `- id: …` then its turns."""
    lines = [f"- id: {flow(case['id'])}"]
    for key, value in case.items():
        if key not in ("id", "turns"):
            lines.append(f"  {key}: {flow(value)}")
    lines.append("  turns:")
    for turn in case["turns"]:
        body = turn_lines(turn)
        lines.append(f"    - {body[0]}")
        lines.extend(f"      {line}" for line in body[1:])
    return lines


def node_end(node: yaml.Node) -> int:
    """Where a node's own text ends; a block collection's end mark may swallow later comments."""
    if isinstance(node, yaml.MappingNode) and node.value and node.flow_style is not True:
        return node_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and node.flow_style is not True:
        return node_end(node.value[-1])
    return int(node.end_mark.index)


def replace_node(text: str, node: yaml.Node, lines: list[str]) -> str:
    """Put `lines` where `node` was, indenting continuation lines to the node's column."""
    indent = " " * node.start_mark.column
    new = ("\n" + indent).join(lines)
    return text[: node.start_mark.index] + new + text[node_end(node) :]


def append_to_sequence(text: str, sequence: yaml.SequenceNode, lines: list[str]) -> str:
    """Add an item after the last one of a block sequence, at the same indentation."""
    indent = " " * sequence.start_mark.column
    block = "".join(f"\n{indent}{line}" if line else "\n" for line in lines)
    if not sequence.value:
        raise ValueError("cannot append to an empty sequence")
    end = node_end(sequence.value[-1])
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    return text[:line_end] + "\n" + block + text[line_end:]
