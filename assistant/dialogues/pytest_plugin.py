"""pytest plugin: collects `*.dialogue.yaml` files as tests, one per dialogue."""

from __future__ import annotations
