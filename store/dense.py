"""Dense search over the snapshot's passage vectors, memory-mapped like its other files.

chroma's embedded HNSW index is loaded whole into every process that queries it (350 MB
at 5,000 articles, growing by 64 kB an article), so the passages' vectors live here, in
the snapshot, as float16 rows, one per passage of the list: a process maps them and
touches the rows it reads.

Up to `EXACT_AT_MOST` candidate passages, a question is compared with every one of them
(a few milliseconds). Beyond, an HNSW graph from `usearch` (a maintained library that
serves its index from a memory map, `view=True`) proposes `OVERSAMPLE` times the depth,
and those are compared exactly. Each passage row keeps a serial from snapshot to
snapshot; the graph is keyed by serials, so the snapshots after the one that built it
link the same file, compare their newer passages (the tail) exactly, and skip the keys
they no longer show. The graph is built again when the tail or the keys no longer shown
grow past a bound, as a search engine merges its segments. A passage's vector is copied
from the previous snapshot when it held the same serial: an update embeds its own
passages only.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from threading import Lock
from typing import Any

import numpy as np

# float16: one row per position of the passage list, or with a graph per position of
# its tail
VECTORS = "dense-vectors.npy"
SERIALS = "passages-serials.npy"  # one per passage row (teasers shown twice included)
# The serials of the positions, sorted, and the position of each.
BY_SERIAL = "dense-serials.npy"
AT_SERIAL = "dense-positions.npy"
HEADER = "dense.json"
GRAPH = "dense.usearch"
GRAPH_KEYS = "dense-graph-keys.npy"  # sorted: every key the graph was built with
TAIL = "dense-tail.npy"  # the positions the graph lacks
DIM = 300
# Candidates compared one by one (6 MB of float16 at most); a graph beyond.
EXACT_AT_MOST = 20_000
OVERSAMPLE = 8
# The graph is built again once the rows it lacks or no longer shows pass this share.
STALE_SHARE = 0.2

Embed = Callable[[Sequence[str]], np.ndarray]


def _lookup(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each value is in the sorted `keys`, and whether it is there at all."""
    if not len(keys):
        return np.zeros(len(values), dtype=np.int64), np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(keys, values), len(keys) - 1)
    return at, keys[at] == values


class SerialWriter:
    """Each passage row's serial, as the passage writer adds rows: a new row gets the
    next one, a copied row keeps its own."""

    def __init__(self, next_serial: int = 0) -> None:
        self._serials: list[np.ndarray] = []
        self.next_serial = next_serial

    def add(self, rows: int) -> None:
        self._serials.append(np.arange(self.next_serial, self.next_serial + rows))
        self.next_serial += rows

    def copy(self, previous: DenseIndex, lo: int, hi: int) -> None:
        """Rows lo to hi of the previous snapshot."""
        self._serials.append(np.asarray(previous.serials[lo:hi], dtype=np.int64))

    def save(self, folder: Path) -> None:
        serials = np.concatenate(self._serials) if self._serials else np.zeros(0, np.int64)
        np.save(folder / SERIALS, serials.astype(np.int64))


class DenseIndex:
    """The nearest passages to a question's vector, among the positions allowed.

    Without a graph, `vectors` holds every position's vector; with one, only the tail's
    (the graph keeps its own float16 copy of the others', which is read back from it:
    two copies were a fifth of the store)."""

    def __init__(
        self, folder: Path, serials: np.ndarray, order: np.ndarray, header: dict[str, Any]
    ) -> None:
        self._folder = folder
        self.serials = serials  # one per passage row
        self._order = order  # position → row
        self.header = header
        self.vectors = _load_vectors(folder)
        self._by_serial = np.load(folder / BY_SERIAL, mmap_mode="r")
        self._at_serial = np.load(folder / AT_SERIAL, mmap_mode="r")
        self._tail = np.load(folder / TAIL, mmap_mode="r") if header.get("graph") else None
        self._graph: Any = None
        self._lock = Lock()
        if self._tail is not None:
            # Mapped now, with the other files: a newer snapshot put in place by another
            # process removes this folder, and a map made before that stays readable.
            self._opened()

    @classmethod
    def load(cls, folder: Path, order: np.ndarray, rows: int) -> DenseIndex:
        header = json.loads((folder / HEADER).read_text("utf-8"))
        serials = np.load(folder / SERIALS, mmap_mode="r")
        index = cls(folder, serials, order, header)
        held = len(order) if index._tail is None else len(index._tail)
        if (
            len(serials) != rows
            or len(index.vectors) != held
            or len(index._by_serial) != len(order)
        ):
            raise ValueError(f"the passage vectors in {folder} do not match its passages")
        return index

    @property
    def next_serial(self) -> int:
        return int(self.header["next_serial"])

    def __len__(self) -> int:
        return len(self._order)

    def positions_of(self, serials: np.ndarray) -> np.ndarray:
        """The position holding each serial, -1 for one this snapshot does not show."""
        at, held = _lookup(np.asarray(self._by_serial), serials)
        out = np.full(len(serials), -1, dtype=np.int64)
        out[held] = np.asarray(self._at_serial)[at[held]]
        return out

    def vectors_of(self, positions: np.ndarray) -> np.ndarray:
        """These positions' vectors (float16), from the table or from the graph."""
        positions = np.asarray(positions, dtype=np.int64)
        if self._tail is None:
            return np.asarray(self.vectors[positions])
        out = np.empty((len(positions), DIM), dtype=np.float16)
        at, in_tail = _lookup(np.asarray(self._tail), positions)
        out[in_tail] = self.vectors[at[in_tail]]
        rest = np.flatnonzero(~in_tail)
        if len(rest):
            keys = np.asarray(self.serials[self._order[positions[rest]]], dtype=np.uint64)
            out[rest] = np.vstack(self._opened().get(keys, dtype=np.float16))
        return out

    def nearest(self, query: np.ndarray, depth: int, allowed: np.ndarray | None) -> list[int]:
        """Up to `depth` allowed positions, nearest first (cosine; ties by position)."""
        query = np.asarray(query, dtype=np.float32)
        candidates = None if allowed is None else np.flatnonzero(allowed)
        count = len(self) if candidates is None else len(candidates)
        if not count or depth <= 0:
            return []
        if self._tail is None or count <= EXACT_AT_MOST:
            positions = candidates if candidates is not None else np.arange(len(self))
            return self._exact(query, positions, depth)
        return self._exact(query, self._proposed(query, depth, allowed), depth)

    def _exact(self, query: np.ndarray, positions: np.ndarray, depth: int) -> list[int]:
        scores = np.empty(len(positions), dtype=np.float32)
        for start in range(0, len(positions), 65_536):
            chunk = positions[start : start + 65_536]
            scores[start : start + len(chunk)] = self.vectors_of(chunk).astype(np.float32) @ query
        best = np.lexsort((positions, -scores))[:depth]
        return [int(p) for p in positions[best]]

    def _proposed(self, query: np.ndarray, depth: int, allowed: np.ndarray | None) -> np.ndarray:
        """The graph's candidates that this snapshot shows and allows, and its tail."""
        graph = self._opened()
        tail = np.asarray(self._tail)
        if allowed is not None:
            tail = tail[allowed[tail]]
        want = OVERSAMPLE * depth
        count = want
        while True:
            found = graph.search(query.astype(np.float16), count)
            positions = self.positions_of(np.asarray(found.keys, dtype=np.int64))
            positions = positions[positions >= 0]
            if allowed is not None:
                positions = positions[allowed[positions]]
            if len(positions) >= want or count >= len(graph):
                break
            count *= 4
        return np.union1d(positions, tail)

    def _opened(self) -> Any:
        with self._lock:
            if self._graph is None:
                from usearch.index import Index

                try:
                    graph = Index.restore(str(self._folder / GRAPH), view=True)
                except (RuntimeError, OSError) as error:  # gone, cut short, not an index
                    raise ValueError(f"cannot open {self._folder / GRAPH}: {error}") from error
                if graph is None:
                    raise ValueError(f"{self._folder / GRAPH} is not a usearch index")
                self._graph = graph
        return self._graph


def _load_vectors(folder: Path) -> np.ndarray:
    vectors = np.load(folder / VECTORS, mmap_mode="r")
    if vectors.ndim != 2 or vectors.shape[1] != DIM or vectors.dtype != np.float16:
        raise ValueError(f"{folder / VECTORS} is not a table of passage vectors")
    return vectors


def finish_dense(
    folder: Path,
    order: np.ndarray,
    texts: Callable[[np.ndarray], list[str]],
    embed: Embed,
    next_serial: int,
    previous: DenseIndex | None,
) -> None:
    """Write what dense search needs beside the rows' serials: the serials' positions;
    when the snapshot is large enough, the graph (the previous one's, linked, while it
    still covers enough) and the positions it lacks; and the vectors the graph lacks
    (every position's without a graph): the previous snapshot's when it showed the same
    serial, else embedded from the position's text, `texts(positions)`."""
    serials = np.load(folder / SERIALS)
    shown = np.asarray(serials[order], dtype=np.int64)
    sorter = np.argsort(shown, kind="stable")
    np.save(folder / BY_SERIAL, shown[sorter])
    np.save(folder / AT_SERIAL, sorter.astype(np.int64))
    before = previous.positions_of(shown) if previous is not None else np.full(len(shown), -1)
    header: dict[str, Any] = {"next_serial": next_serial, "graph": False, "covers": 0}
    covers = _reused(folder, previous, shown) if len(order) > EXACT_AT_MOST else None
    if covers is None:  # every vector is needed: for the table, or for a new graph
        every = folder / f"all-{VECTORS}"
        vectors = np.lib.format.open_memmap(
            every, mode="w+", dtype=np.float16, shape=(len(order), DIM)
        )
        _fill(vectors, np.arange(len(order)), before, previous, texts, embed)
        vectors.flush()
        if len(order) <= EXACT_AT_MOST:
            del vectors
            os.replace(every, folder / VECTORS)
        else:
            covers = _build_graph(folder, shown, vectors)
            del vectors
            every.unlink()
            np.save(folder / TAIL, np.zeros(0, dtype=np.int64))
            np.save(folder / VECTORS, np.zeros((0, DIM), dtype=np.float16))
            header.update(graph=True, covers=covers)
    else:  # the previous graph, linked: the table holds the positions it lacks
        _, in_graph = _lookup(np.load(folder / GRAPH_KEYS), shown)
        tail = np.flatnonzero(~in_graph).astype(np.int64)
        lacked = np.zeros((len(tail), DIM), dtype=np.float16)
        _fill(lacked, tail, before, previous, texts, embed)
        np.save(folder / TAIL, tail)
        np.save(folder / VECTORS, lacked)
        header.update(graph=True, covers=covers)
    (folder / HEADER).write_text(json.dumps(header), "utf-8")


def _fill(
    out: np.ndarray,
    positions: np.ndarray,
    before: np.ndarray,
    previous: DenseIndex | None,
    texts: Callable[[np.ndarray], list[str]],
    embed: Embed,
) -> None:
    """out[i] = the vector of positions[i]: copied from the previous snapshot, where it
    was at before[positions[i]], or embedded."""
    was = before[positions]
    kept = np.flatnonzero(was >= 0)
    if previous is not None:
        for start in range(0, len(kept), 65_536):
            chunk = kept[start : start + 65_536]
            out[chunk] = previous.vectors_of(was[chunk])
    new = np.flatnonzero(was < 0)
    for start in range(0, len(new), 4_096):
        chunk = new[start : start + 4_096]
        out[chunk] = np.asarray(embed(texts(positions[chunk])), dtype=np.float16)


def _reused(folder: Path, previous: DenseIndex | None, shown: np.ndarray) -> int | None:
    """Link the previous snapshot's graph here when it still holds most of what this one
    shows and little it no longer does; the number of keys it was built with, or None."""
    if previous is None or not previous.header.get("graph"):
        return None
    built = int(previous.header["covers"])
    source = previous._folder
    held = int(_lookup(np.load(source / GRAPH_KEYS), shown)[1].sum())
    tail, dead = len(shown) - held, built - held
    if tail > EXACT_AT_MOST // 2 or max(tail, dead) > STALE_SHARE * built:
        return None
    for name in (GRAPH, GRAPH_KEYS):
        try:
            os.link(source / name, folder / name)
        except OSError:  # another file system, or links refused: a copy
            shutil.copyfile(source / name, folder / name)
    return built


def _build_graph(folder: Path, shown: np.ndarray, vectors: np.ndarray) -> int:
    from usearch.index import Index

    graph = Index(ndim=DIM, metric="cos", dtype="f16")
    for start in range(0, len(shown), 65_536):
        keys = np.asarray(shown[start : start + 65_536], dtype=np.uint64)
        # One thread: the same snapshot always gives the same graph, so every replica
        # gives the same answer.
        graph.add(keys, np.asarray(vectors[start : start + 65_536]), threads=1)
    graph.save(str(folder / GRAPH))
    np.save(folder / GRAPH_KEYS, np.sort(shown))
    return len(shown)
