"""Tools are found through the `assistant.tools` entry-point group, built-in ones included,
so the plugin path is the one the product itself uses on every run."""

from __future__ import annotations

import logging
from importlib.metadata import entry_points

from tools.base import Tool

GROUP = "assistant.tools"
log = logging.getLogger(__name__)


class Registry:
    def __init__(self, tools: list[Tool] | None = None) -> None:
        self._tools: dict[str, Tool] = {}
        for tool in tools or []:
            self.add(tool)

    @classmethod
    def discover(cls) -> Registry:
        """Every tool under the entry-point group; a broken plugin is logged and skipped."""
        registry = cls()
        for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
            try:
                tool_class = ep.load()
                registry.add(tool_class())
            except Exception as err:  # a third-party plugin must not stop the assistant
                log.warning("tool plugin %s could not be loaded: %s", ep.name, err)
        return registry

    def add(self, tool: Tool) -> None:
        self._tools[tool.name] = tool

    def get(self, name: str) -> Tool | None:
        return self._tools.get(name)

    def names(self) -> list[str]:
        return sorted(self._tools)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._tools[n] for n in self.names())

    def __len__(self) -> int:
        return len(self._tools)
