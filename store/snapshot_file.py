"""The snapshot's passages, facts and article metadata as one compressed pickle.

A cache file (see store.store), so pickle: the fastest to read back of what the
standard library offers. Facts are stored as plain tuples and rebuilt without going
through the frozen dataclass's `__init__`: for the hundred thousand facts of a
thousand articles that is 1.0 s instead of 2.0 s at start-up. Compressed (zlib level
1, about 6× smaller, read back in a few milliseconds per megabyte).
"""

from __future__ import annotations

import dataclasses
import gc
import pickle
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from store.models import ArticleMeta, Fact
from store.records import Passage

FILE = "snapshot.pickle.z"
_FACT_FIELDS = tuple(f.name for f in dataclasses.fields(Fact))
_PASSAGE_FIELDS = tuple(f.name for f in dataclasses.fields(Passage))


def _fact(row: tuple[Any, ...]) -> Fact:
    fact = object.__new__(Fact)
    fact.__dict__.update(zip(_FACT_FIELDS, row, strict=True))
    return fact


def write_snapshot(
    folder: Path, passages: list[Passage], facts: list[Fact], meta: dict[str, ArticleMeta]
) -> None:
    # Equal strings made one object, which pickle then writes once and reads back shared:
    # every fact of a sentence quotes it, every passage repeats its article's id and title.
    strings: dict[str, str] = {}

    def one(value: Any) -> Any:
        return strings.setdefault(value, value) if isinstance(value, str) else value

    rows = [tuple(one(getattr(f, name)) for name in _FACT_FIELDS) for f in facts]
    shared = [Passage(*(one(getattr(p, name)) for name in _PASSAGE_FIELDS)) for p in passages]
    data = pickle.dumps((shared, rows, meta), pickle.HIGHEST_PROTOCOL)
    (folder / FILE).write_bytes(zlib.compress(data, 1))


def read_snapshot(folder: Path) -> tuple[list[Passage], list[Fact], dict[str, ArticleMeta]]:
    with paused_gc():
        passages, rows, meta = pickle.loads(zlib.decompress((folder / FILE).read_bytes()))
        return passages, [_fact(r) for r in rows], meta


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
