"""How the last reply was made: intent, rule, slots, the tool call and its time."""

from __future__ import annotations

import json
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from assistant.reply import Reply

EMPTY = "### Trace\n\nAsk a question to see how it is answered."
_ORDER = ("intent", "rule", "slots", "tool", "call", "tool_call", "arguments", "timing", "ms")


def _value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def trace_markdown(message: str, reply: Reply | None, trace: dict[str, Any] | None) -> str:
    """The trace as Markdown: known fields first, then whatever else the engine reported."""
    lines = ["### Trace", "", f"**Question** {message}", ""]
    data: dict[str, Any] = dict(trace or {})
    if reply is not None:
        data.setdefault("intent", reply.intent)
        data.setdefault("tool", reply.tool)
    keys = [k for k in _ORDER if k in data] + sorted(k for k in data if k not in _ORDER)
    for key in keys:
        value = data[key]
        if isinstance(value, dict) and value:
            lines.append(f"**{key}**")
            lines.extend(f"- {k}: `{_value(v)}`" for k, v in value.items())
        else:
            lines.append(f"**{key}** `{_value(value)}`")
        lines.append("")
    if trace is None:
        lines.append("_No trace from the assistant for this reply._")
    return "\n".join(lines)


class TracePanel(VerticalScroll, can_focus=False):
    """Hidden until toggled; shows the trace of the last reply."""

    shown = EMPTY
    """The Markdown on display."""

    def compose(self) -> ComposeResult:
        yield Markdown(EMPTY, id="trace-text")

    async def clear(self) -> None:
        await self._show(EMPTY)

    async def show_trace(
        self, message: str, reply: Reply | None, trace: dict[str, Any] | None
    ) -> None:
        await self._show(trace_markdown(message, reply, trace))

    async def _show(self, markdown: str) -> None:
        self.shown = markdown
        await self.query_one("#trace-text", Markdown).update(markdown)
