"""The snapshot's passages (by page), facts, article metadata and versions as one compressed pickle.

A cache file (see store.store), so pickle: the fastest to read back of what the
standard library offers. Facts are stored as plain tuples and rebuilt without going
through the frozen dataclass's `__init__`: for the hundred thousand facts of a
thousand articles that is 1.0 s instead of 2.0 s at start-up. Compressed (zlib level
1, about 6× smaller, read back in a few milliseconds per megabyte).
"""

from __future__ import annotations

import dataclasses
import gc
import operator
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


def _fact(row: tuple[Any, ...]) -> Fact:
    fact = object.__new__(Fact)
    fact.__dict__.update(zip(_FACT_FIELDS, row, strict=True))
    return fact


def write_snapshot(
    folder: Path,
    pages: dict[str, list[Passage]],
    facts: list[Fact],
    meta: dict[str, ArticleMeta],
    shas: dict[str, str],
) -> None:
    """`pages`: each article's passages as it shows them (teasers included); `shas`: the
    version of each article the snapshot holds, what the next one is updated from."""
    # Pickle writes an object seen before as a reference: the strings facts share (their
    # sentence's quote, their article's id, interned as records are read) are written once.
    row = operator.attrgetter(*_FACT_FIELDS)
    rows = [row(f) for f in facts]
    data = pickle.dumps((pages, rows, meta, shas), pickle.HIGHEST_PROTOCOL)
    (folder / FILE).write_bytes(zlib.compress(data, 1))


def read_snapshot(
    folder: Path,
) -> tuple[dict[str, list[Passage]], list[Fact], dict[str, ArticleMeta], dict[str, str]]:
    with paused_gc():
        pages, rows, meta, shas = pickle.loads(zlib.decompress((folder / FILE).read_bytes()))
        return pages, [_fact(r) for r in rows], meta, shas


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
