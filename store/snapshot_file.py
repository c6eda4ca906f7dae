"""The snapshot's article metadata and versions as one compressed pickle.

A cache file (see store.store), so pickle: the fastest to read back of what the
standard library offers. It holds one small entry per article (its source's metadata
and the sha256 of the version held); the passages and facts are in files of their own
(store.passage_table, store.fact_table), read as asked for.
"""

from __future__ import annotations

import gc
import pickle
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from store.models import ArticleMeta

FILE = "snapshot.pickle.z"


def write_snapshot(folder: Path, meta: dict[str, ArticleMeta], shas: dict[str, str]) -> None:
    """`shas`: the version of each article the snapshot holds, what the next one is
    updated from."""
    data = pickle.dumps((meta, shas), pickle.HIGHEST_PROTOCOL)
    (folder / FILE).write_bytes(zlib.compress(data, 1))


def read_snapshot(folder: Path) -> tuple[dict[str, ArticleMeta], dict[str, str]]:
    with paused_gc():
        meta, shas = pickle.loads(zlib.decompress((folder / FILE).read_bytes()))
        return meta, shas


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a large structure is built: every collection
    would walk the objects made so far, which doubled the time to read a snapshot."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
