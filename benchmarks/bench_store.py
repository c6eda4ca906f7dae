"""Store latency: cold-start search in a fresh process, and in-process search p50/p99.

    python benchmarks/bench_store.py [--data-dir DIR] [--runs 5] [--repeat 10]
                                     [--out benchmarks/results/store.md]

Ingests the built-in corpus into a temporary data directory (or uses ``--data-dir``,
ingesting it first when empty), then
- runs what ``assistant search`` does in a fresh Python process (import the store, open
  it, one hybrid search), ``--runs`` times, and reports the median wall time of the
  whole process and the time spent inside it from the first import to the hits;
- searches in-process for every question of ``tests/data/retrieval_pairs.yaml``,
  ``--repeat`` times after one warm-up pass, for hybrid, BM25 alone and dense alone.
Prints a Markdown table and writes it to ``--out``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PAIRS = ROOT / "tests" / "data" / "retrieval_pairs.yaml"
QUERY = "Qui dirige le Service fédéral de sécurité russe ?"
MODES: dict[str, dict[str, bool]] = {
    "hybrid (default)": {},
    "BM25 alone": {"dense": False},
    "dense alone": {"lexical": False},
}
# Runs in a fresh interpreter; prints the seconds from its first import to the hits.
COLD_SEARCH = """
import sys, time
start = time.perf_counter()
from pathlib import Path
from store.store import Store
store = Store.open(Path(sys.argv[1]), vectors_dir=Path(sys.argv[2]))
hits = store.search(sys.argv[3], k=5)
assert hits, "no hits"
print(time.perf_counter() - start)
"""


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(round(q / 100 * len(ordered) + 0.5))))
    return ordered[rank - 1]


def cold_starts(data_dir: Path, vectors_dir: Path, runs: int) -> list[tuple[float, float]]:
    """(whole process, inside the process) seconds of each fresh-process search."""
    out = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", COLD_SEARCH, str(data_dir), str(vectors_dir), QUERY]
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if done.returncode:
            raise SystemExit(f"cold search failed:\n{done.stderr}")
        out.append((wall, float(done.stdout.strip().splitlines()[-1])))
    return out


def search_latencies(
    store: Any, questions: list[str], mode: dict[str, bool], repeat: int
) -> list[float]:
    """Milliseconds per `store.search(question, k=5)`, after one warm-up pass."""
    for question in questions:
        store.search(question, k=5, **mode)
    out = []
    for _ in range(repeat):
        for question in questions:
            start = time.perf_counter()
            store.search(question, k=5, **mode)
            out.append((time.perf_counter() - start) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, help="store to measure (default: a fresh one)")
    parser.add_argument("--runs", type=int, default=5, help="fresh-process searches")
    parser.add_argument("--repeat", type=int, default=10, help="passes over the questions")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/store.md")
    args = parser.parse_args(argv)

    from store.embeddings import default_cache_dir
    from store.ingest import ingest
    from store.store import Store

    questions = [p["question"] for p in yaml.safe_load(PAIRS.read_text("utf-8"))]
    vectors_dir = default_cache_dir()
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        store = Store.open(data_dir, vectors_dir=vectors_dir)
        built = None
        if store.is_empty():
            start = time.perf_counter()
            ingest(store)
            built = time.perf_counter() - start
        store.snapshot()  # the cold runs read the snapshot cache the first search writes
        cold = cold_starts(data_dir, vectors_dir, args.runs)
        latencies = {
            name: search_latencies(store, questions, mode, args.repeat)
            for name, mode in MODES.items()
        }
        passages = len(store.snapshot().passages)

    command = "python benchmarks/bench_store.py" + "".join(
        f" {flag} {shlex.quote(str(value))}"
        for flag, value, default in [
            ("--data-dir", args.data_dir, None),
            ("--runs", args.runs, 5),
            ("--repeat", args.repeat, 10),
        ]
        if value != default
    )
    walls, insides = [w for w, _ in cold], [i for _, i in cold]
    lines = [
        "# Store benchmark",
        "",
        f"Command: `{command}`  ",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, host: {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]}  ",
        f"Corpus: built-in, {passages} passages"
        + (f", ingested in {built:.1f} s" if built is not None else " (existing store)")
        + f"; {len(questions)} questions × {args.repeat} after one warm-up pass.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| cold search in a fresh process, whole process (median of {args.runs}) "
        f"| {statistics.median(walls):.2f} s |",
        f"| of which import + open + first search (median of {args.runs}) "
        f"| {statistics.median(insides):.2f} s |",
    ]
    for name, values in latencies.items():
        p50, p99 = percentile(values, 50), percentile(values, 99)
        lines.append(
            f"| in-process search, {name}: p50 / p99 / max "
            f"| {p50:.2f} / {p99:.2f} / {max(values):.2f} ms |"
        )
    lines += [
        "",
        f"Cold query: `{QUERY}`. Runs (whole process / inside, s): "
        + ", ".join(f"{w:.2f}/{i:.2f}" for w, i in cold)
        + ".",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
