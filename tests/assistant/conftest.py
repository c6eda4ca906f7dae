"""One engine over the built-in corpus, shared by the engine tests (opening it costs seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.engine import Engine
from assistant.settings import Settings


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    data_dir: Path = tmp_path_factory.mktemp("engine-data")
    return Engine.open(Settings(data_dir=data_dir))
