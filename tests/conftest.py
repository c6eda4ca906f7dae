"""Fixtures shared by every test package.

- `vectors_dir`: the word-vector cache, built once per test session (building it loads
  spaCy and copies 450,000 vectors: seconds, not milliseconds).
- `ingested_store`: the built-in corpus ingested once into a local store. Read-only:
  a test that writes must open its own store in `tmp_path`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from store.store import Store


@pytest.fixture(scope="session")
def vectors_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A word-vector cache directory, filled once per session; pass it to `Store.open`."""
    from store.embeddings import vector_table

    folder = tmp_path_factory.mktemp("vectors")
    vector_table(cache_dir=folder)
    return folder


@pytest.fixture(scope="session")
def ingested_store(tmp_path_factory: pytest.TempPathFactory, vectors_dir: Path) -> Store:
    """A local store holding the built-in corpus (five articles). Do not write to it."""
    from store.ingest import ingest

    store = Store.open(tmp_path_factory.mktemp("ingested"), vectors_dir=vectors_dir)
    report = ingest(store)
    assert report.ok and len(report.added) == 5, report.summary()
    return store
