"""Dense search over the snapshot's vectors: exact below a size, a graph above it, and a
graph kept from snapshot to snapshot while it still covers them (store.dense)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from store import dense
from store.dense import DenseIndex, SerialWriter, finish_dense

ROWS = 1_200


def unit_rows(seed: int, n: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(n, dense.DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def clustered(seed: int, n: int, clusters: int = 40) -> np.ndarray:
    """Rows around a few centres, as an archive's sentences are around its topics (random
    directions in 300 dimensions are all about as far apart: no index finds neighbours
    among them, and no question meets them)."""
    centres = unit_rows(seed, clusters)
    vectors = centres[np.arange(n) % clusters] + 0.6 * unit_rows(seed + 1, n)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


TABLE = clustered(1, ROWS)


def embed(texts: Sequence[str]) -> np.ndarray:
    """A text is a row number of TABLE."""
    return TABLE[[int(t) for t in texts]]


# Which TABLE row each position of a written snapshot holds, by folder.
HELD: dict[Path, list[int]] = {}
embedded: list[str] = []


def written(
    folder: Path, rows: list[int], previous: DenseIndex | None = None, copied: int = 0
) -> DenseIndex:
    """A snapshot whose rows are the first `copied` rows of `previous` then the TABLE rows
    `rows`; every row is a position (no teaser shown twice)."""
    folder.mkdir()
    writer = SerialWriter(previous.next_serial if previous else 0)
    held = []
    if previous is not None and copied:
        writer.copy(previous, 0, copied)
        held = HELD[previous._folder][:copied]
    writer.add(len(rows))
    HELD[folder] = held = held + rows
    writer.save(folder)

    def texts(positions: np.ndarray) -> list[str]:
        embedded.extend(str(held[p]) for p in positions)
        return [str(held[p]) for p in positions]

    finish_dense(folder, np.arange(len(held)), texts, embed, writer.next_serial, previous)
    return DenseIndex.load(folder, np.arange(len(held)), len(held))


def brute(vectors: np.ndarray, query: np.ndarray, depth: int, allowed: np.ndarray) -> list[int]:
    scores = vectors.astype(np.float32) @ query
    ranked = [int(i) for i in np.lexsort((np.arange(len(scores)), -scores)) if allowed[i]]
    return ranked[:depth]


def test_exact_search_ranks_every_allowed_passage_by_cosine(tmp_path: Path) -> None:
    index = written(tmp_path / "a", list(range(300)))
    assert not index.header["graph"]
    allowed = np.random.default_rng(2).random(300) < 0.5
    for seed in range(5):
        query = unit_rows(100 + seed, 1)[0]
        stored = np.asarray(index.vectors)
        assert index.nearest(query, 10, None) == brute(stored, query, 10, np.ones(300, bool))
        assert index.nearest(query, 10, allowed) == brute(stored, query, 10, allowed)
    assert index.nearest(unit_rows(9, 1)[0], 10, np.zeros(300, bool)) == []


def test_a_large_snapshot_is_searched_through_its_graph_and_finds_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dense, "EXACT_AT_MOST", 100)
    index = written(tmp_path / "a", list(range(1_000)))
    assert index.header["graph"] and (tmp_path / "a" / dense.GRAPH).is_file()
    assert len(index.vectors) == 0  # every vector is in the graph, read back from it
    stored = index.vectors_of(np.arange(1_000))
    assert np.array_equal(stored, TABLE[:1_000].astype(np.float16))
    everything = np.ones(1_000, dtype=bool)
    for seed in range(10):
        # Near a stored passage, as a question is near the sentences that answer it.
        query = TABLE[seed * 37] + 0.5 * unit_rows(200 + seed, 1)[0]
        query /= np.linalg.norm(query)
        assert index.nearest(query, 10, None) == brute(stored, query, 10, everything)
        # A filter that leaves more than the exact bound still goes through the graph.
        wide = np.arange(1_000) % 3 != 0
        assert index.nearest(query, 10, wide) == brute(stored, query, 10, wide)


def test_the_same_snapshot_always_gets_the_same_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dense, "EXACT_AT_MOST", 100)
    written(tmp_path / "a", list(range(800)))
    written(tmp_path / "b", list(range(800)))
    assert (tmp_path / "a" / dense.GRAPH).read_bytes() == (
        tmp_path / "b" / dense.GRAPH
    ).read_bytes()


def test_the_next_snapshot_keeps_the_graph_and_searches_its_new_rows_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dense, "EXACT_AT_MOST", 100)
    first = written(tmp_path / "a", list(range(1_000)))
    embedded.clear()
    read = []
    vectors_of = first.vectors_of
    monkeypatch.setattr(first, "vectors_of", lambda p: read.append(len(p)) or vectors_of(p))
    # The last 20 rows dropped, 30 new ones: the graph covers most of it still.
    second = written(tmp_path / "b", list(range(1_000, 1_030)), first, copied=980)
    assert sum(read) == 0  # the graph's vectors stay in the graph: none read back
    graph = tmp_path / "b" / dense.GRAPH
    assert graph.stat().st_ino == (tmp_path / "a" / dense.GRAPH).stat().st_ino
    assert second.header["covers"] == 1_000
    # Only the new passages are embedded; the others' vectors are copied.
    assert embedded == [str(r) for r in range(1_000, 1_030)]
    everything = np.arange(1_010)
    assert np.array_equal(
        second.vectors_of(everything), TABLE[HELD[tmp_path / "b"]].astype(np.float16)
    )
    assert len(second.vectors) == 30  # the table holds the tail; the graph, the rest
    for row in (1_000, 1_029):  # a new row is found: it is in the tail
        assert second.nearest(TABLE[row], 1, None) == [980 + row - 1_000]
    # A row no longer shown is never returned, though the graph still holds it.
    found = second.nearest(TABLE[990], 5, None)
    assert len(found) == 5 and 990 not in second.serials[found]
    assert first.nearest(TABLE[990], 1, None) == [990]


def test_a_graph_covering_too_little_of_the_snapshot_is_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dense, "EXACT_AT_MOST", 100)
    first = written(tmp_path / "a", list(range(500)))
    second = written(tmp_path / "b", list(range(500, 1_000)), first, copied=500)
    assert second.header["covers"] == 1_000
    assert (tmp_path / "b" / dense.GRAPH).stat().st_ino != (
        tmp_path / "a" / dense.GRAPH
    ).stat().st_ino
    assert second.nearest(TABLE[700], 1, None) == [700]


def test_vectors_that_do_not_match_the_passages_are_refused(tmp_path: Path) -> None:
    written(tmp_path / "a", list(range(10)))
    with pytest.raises(ValueError, match="do not match"):
        DenseIndex.load(tmp_path / "a", np.arange(11), 11)


def test_the_graph_is_mapped_at_load_and_outlives_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process that puts a newer snapshot in place removes this folder.
    monkeypatch.setattr(dense, "EXACT_AT_MOST", 100)
    index = written(tmp_path / "a", list(range(500)))
    for name in (dense.GRAPH, dense.VECTORS, dense.TAIL):
        (tmp_path / "a" / name).unlink()
    assert index.nearest(TABLE[42], 1, None) == [42]


def test_a_damaged_graph_is_refused_when_the_snapshot_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dense, "EXACT_AT_MOST", 100)
    written(tmp_path / "a", list(range(500)))
    graph = tmp_path / "a" / dense.GRAPH
    graph.write_bytes(graph.read_bytes()[:100])
    with pytest.raises(ValueError):
        DenseIndex.load(tmp_path / "a", np.arange(500), 500)
    graph.unlink()
    with pytest.raises(ValueError):
        DenseIndex.load(tmp_path / "a", np.arange(500), 500)


def test_an_empty_snapshot_shows_no_serial_and_finds_nothing(tmp_path: Path) -> None:
    index = written(tmp_path / "a", [])
    assert index.positions_of(np.array([0, 5])).tolist() == [-1, -1]
    assert index.nearest(TABLE[0], 5, None) == []
