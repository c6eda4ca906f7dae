"""The package's YAML data files (vocabulary, rules, reply texts), read with libyaml's C
loader when PyYAML was built with it: several tables are read on every cold start, and
the pure-Python loader took most of a cold `assistant ask`'s second."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The file's YAML, as `yaml.safe_load` reads it."""
    return yaml.load(path.read_text("utf-8"), Loader=_Loader)  # noqa: S506 — a safe loader
