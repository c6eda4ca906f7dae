"""The package's data files read the same through the fast loader as through PyYAML's
own safe loader (the C loader may be absent; then it is the same loader)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from store.yamlfile import read_yaml

ROOT = Path(__file__).resolve().parents[2]
DATA_FILES = sorted(
    p for package in ("assistant", "tools", "store") for p in (ROOT / package).rglob("*.yaml")
)


def test_there_are_data_files_to_check() -> None:
    assert len(DATA_FILES) >= 8


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_data_file_reads_as_the_safe_loader_reads_it(path: Path) -> None:
    assert read_yaml(path) == yaml.safe_load(path.read_text("utf-8"))
