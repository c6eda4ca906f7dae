"""Retrieval quality: recall@1 and recall@5 of BM25, dense and hybrid search on the corpus.

    python benchmarks/bench_retrieval.py [--data-dir DIR] [--out benchmarks/results/retrieval.md]

Asks every question of ``tests/data/retrieval_pairs.yaml`` with ``Store.search`` three
ways: BM25 alone (``dense=False``), dense alone (``lexical=False``) and hybrid (the
default). A question is answered at k when one of the first k passages contains the
pair's expected substring. The built-in corpus is ingested into a temporary data
directory, or into ``--data-dir`` (pass ``"$ASSISTANT_DATA_DIR"`` to measure the
assistant's own store; it is ingested first when empty). Prints a Markdown table and
the questions each mode misses, and writes both to ``--out``.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PAIRS = ROOT / "tests" / "data" / "retrieval_pairs.yaml"
MODES: dict[str, dict[str, bool]] = {
    "BM25 alone": {"dense": False},
    "dense alone": {"lexical": False},
    "hybrid (default)": {},
}
GOAL_RECALL_AT_5 = 0.95


@dataclass
class Score:
    mode: str
    at1: int = 0
    at5: int = 0
    reciprocal: float = 0.0
    missed: list[dict[str, Any]] = field(default_factory=list)


def rank_of(store: Any, pair: dict[str, Any], mode: dict[str, bool], k: int) -> int | None:
    """1-based rank of the first passage holding the expected text, None if not in the top k."""
    hits = store.search(pair["question"], k=k, **mode)
    return next((i + 1 for i, h in enumerate(hits) if pair["expected"] in h.passage.text), None)


def evaluate(store: Any, pairs: list[dict[str, Any]]) -> list[Score]:
    scores = []
    for name, mode in MODES.items():
        score = Score(name)
        for pair in pairs:
            rank = rank_of(store, pair, mode, 5)
            score.at1 += rank == 1
            score.at5 += rank is not None
            score.reciprocal += 1 / rank if rank else 0.0
            if rank is None:
                score.missed.append(pair)
        scores.append(score)
    return scores


def report(scores: list[Score], pairs: list[dict[str, Any]], context: str) -> str:
    n = len(pairs)
    lines = [
        "# Retrieval benchmark",
        "",
        context,
        "",
        "| retriever | recall@1 | recall@5 | MRR@5 |",
        "|---|---:|---:|---:|",
    ]
    for s in scores:
        lines.append(
            f"| {s.mode} | {s.at1 / n:.2f} ({s.at1}/{n}) | {s.at5 / n:.2f} ({s.at5}/{n}) "
            f"| {s.reciprocal / n:.2f} |"
        )
    hybrid = scores[-1]
    others = scores[:-1]
    met = hybrid.at5 / n >= GOAL_RECALL_AT_5 and all(hybrid.at5 > s.at5 for s in others)
    lines += [
        "",
        f"Goal: hybrid recall@5 ≥ {GOAL_RECALL_AT_5} and above either retriever alone: "
        + ("**met**." if met else "**missed**."),
        "",
        "## Questions not answered in the top 5",
    ]
    for s in scores:
        lines += ["", f"**{s.mode}** ({len(s.missed)}):"]
        lines += [f"- {p['question']} → `{p['expected']}` ({p['article']})" for p in s.missed]
    return "\n".join(lines) + "\n"


def open_store(data_dir: Path) -> tuple[Any, float | None]:
    """The store in `data_dir`, ingesting the built-in corpus when it is empty."""
    from store.embeddings import default_cache_dir
    from store.ingest import ingest
    from store.store import Store

    store = Store.open(data_dir, vectors_dir=default_cache_dir())
    if not store.is_empty():
        return store, None
    start = time.perf_counter()
    result = ingest(store)
    if not result.ok:
        raise SystemExit(f"ingest failed: {result.failed}")
    return store, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, help="store to measure (default: a fresh one)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/retrieval.md")
    args = parser.parse_args(argv)

    pairs = yaml.safe_load(PAIRS.read_text("utf-8"))
    with tempfile.TemporaryDirectory(prefix="bench-retrieval-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        store, built = open_store(data_dir)
        scores = evaluate(store, pairs)
    english = sum(1 for p in pairs if p.get("lang") == "en")
    command = "python benchmarks/bench_retrieval.py" + (
        f" --data-dir {shlex.quote(str(args.data_dir))}" if args.data_dir else ""
    )
    context = (
        f"Command: `{command}`  \n"
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python {sys.version.split()[0]}  \n"
        f"Corpus: {len(store.articles())} articles, {len(store.snapshot().passages)} passages"
        + (f", ingested in {built:.1f} s" if built is not None else " (existing store)")
        + f"  \nPairs: {len(pairs)} from `tests/data/retrieval_pairs.yaml` ({english} in English);"
        " a hit is a returned passage containing the expected substring."
    )
    text = report(scores, pairs, context)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
