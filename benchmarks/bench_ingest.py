"""Ingest throughput at N generated articles, and where its time goes.

    python benchmarks/bench_ingest.py [--n 1000] [--corpus DIR] [--code DIR …]
                                      [--workers N] [--rounds 3] [--out FILE]

Ingests ``gen_corpus.py`` articles (``--n``, seed 7, or ``--corpus``) into a fresh
embedded store, once per round in a fresh child process, for each ``--code`` checkout
(default: this one; give an older worktree beside it to compare). The checkouts are run
in turn within each round, so that a machine shared with other work slows them alike;
the table gives the median. The spaCy model and the word-vector cache are loaded before
the clock starts; ``ingest()`` is timed whole.

The breakdown is the time the main process spends in each stage, from timers wrapped
around the functions ingest calls: reading and parsing the files, waiting on each
``nlp.pipe`` stream (named by the components it runs: with worker processes this is the
wait, not their work), ``SentenceAnalysis.of``, ``extract_facts``, and the chroma
writes (with the word-vector embedding and the record JSON inside them); where the
analysis (spaCy, analyses and facts) runs in a pool of worker processes, the main
process's wait for it. The stages do not overlap; *other* is the rest of ``ingest()``.
CPU seconds are counted for the main process and the worker processes it reaped: unlike
wall time they hardly move with the load of a shared machine, and
``n / max(all / 2, main)`` is the rate two idle cores could give at best.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# Runs in a fresh interpreter with the checkout to measure first on sys.path; prints JSON.
RUNNER = r"""
import functools, json, resource, sys, time
root, corpus, data_dir, vectors_dir, workers = sys.argv[1:6]
# The venv's editable install would import this checkout's packages whatever sys.path
# says: drop its finder so that `root`'s are measured.
sys.meta_path[:] = [f for f in sys.meta_path if "Editable" not in type(f).__name__]
sys.path.insert(0, root)
from pathlib import Path
import spacy.language
import store.analysis, store.embeddings, store.ingest, store.store
from store.nlp import pipeline
from store.lemmas import lemma_stems
from store.vectors import vector_table

assert store.ingest.__file__.startswith(root), store.ingest.__file__
stages = {}

def timed(name, fn):
    @functools.wraps(fn)  # chroma checks an embedding function's signature
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            stages[name] = stages.get(name, 0.0) + time.perf_counter() - start
    return wrapper

def timed_pipe(pipe):
    def wrapper(self, texts, *args, **kwargs):
        off = set(kwargs.get("disable") or ())
        name = "spaCy " + "+".join(p for p in self.pipe_names if p not in off)
        docs = pipe(self, texts, *args, **kwargs)
        step = timed(name, lambda: next(docs, None))
        while (doc := step()) is not None:
            yield doc
    return wrapper

def timed_stream(name, stream):
    def wrapper(*args, **kwargs):
        items = stream(*args, **kwargs)
        step = timed(name, lambda: next(items, None))
        while (item := step()) is not None:
            yield item
    return wrapper

spacy.language.Language.pipe = timed_pipe(spacy.language.Language.pipe)
if hasattr(store.ingest, "_analysed"):  # the analysis in a pool of worker processes
    store.ingest._analysed = timed_stream("waiting on the analysis workers", store.ingest._analysed)
store.ingest._read_files = timed("read and parse files", store.ingest._read_files)
store.ingest.extract_facts = timed("extract_facts", store.ingest.extract_facts)
of = store.analysis.SentenceAnalysis.of.__func__
store.analysis.SentenceAnalysis.of = classmethod(timed("SentenceAnalysis.of", of))
Store = store.store.Store
Store.write_articles = timed("chroma writes", Store.write_articles)
emb = store.embeddings.FrenchWordVectors
emb.__call__ = timed("  of which word-vector embedding", emb.__call__)
store.store.article_payload = timed("  of which record JSON", store.store.article_payload)
Store.lemmas = timed("lemma table", Store.lemmas)

pipeline()
vector_table(cache_dir=Path(vectors_dir))
lemma_stems(Path(vectors_dir))
db = Store.open(Path(data_dir), vectors_dir=Path(vectors_dir))
main0 = resource.getrusage(resource.RUSAGE_SELF)
main0 = main0.ru_utime + main0.ru_stime
workers0 = resource.getrusage(resource.RUSAGE_CHILDREN)
workers0 = workers0.ru_utime + workers0.ru_stime
start = time.perf_counter()
report = store.ingest.ingest(db, [Path(corpus)], workers=int(workers) if workers else None)
seconds = time.perf_counter() - start
# CPU seconds from the clock's start: this process, and the spaCy workers it has reaped.
def cpu(who):
    use = resource.getrusage(who)
    return use.ru_utime + use.ru_stime
print(json.dumps({"seconds": seconds, "added": len(report.added),
                  "failed": len(report.failed), "stages": stages,
                  "cpu_main": cpu(resource.RUSAGE_SELF) - main0,
                  "cpu_workers": cpu(resource.RUSAGE_CHILDREN) - workers0}))
"""


def run_once(code: Path, corpus: Path, vectors: Path, workers: int | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as data:
        args = [str(code), str(corpus), data, str(vectors), str(workers or "")]
        done = subprocess.run(
            [sys.executable, "-c", RUNNER, *args],
            cwd=code,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(code)},
        )
    if done.returncode:
        raise SystemExit(f"ingest with {code} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def label(code: Path) -> str:
    commit = subprocess.run(
        ["git", "-C", str(code), "log", "-1", "--format=%h"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(code), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{commit}{'+changes' if dirty else ''} ({code.name})"


def table(codes: list[Path], runs: dict[Path, list[dict[str, Any]]]) -> list[str]:
    names = [label(c) for c in codes]
    lines = ["| | " + " | ".join(names) + " |", "|---|" + "---:|" * len(codes)]

    def median(code: Path, key: str) -> float:
        return statistics.median(r["stages"].get(key, 0.0) for r in runs[code])

    rate = [statistics.median(r["added"] / r["seconds"] for r in runs[c]) for c in codes]
    lines.append("| **articles/s** (median) | " + " | ".join(f"**{x:.1f}**" for x in rate) + " |")

    def cpu(code: Path, key: str) -> float:
        return statistics.median(r[key] for r in runs[code])

    main = [cpu(c, "cpu_main") for c in codes]
    total = [m + cpu(c, "cpu_workers") for m, c in zip(main, codes, strict=True)]
    n = [runs[c][0]["added"] for c in codes]
    lines.append(
        "| CPU s: all processes (main) | "
        + " | ".join(f"{t:.0f} ({m:.0f})" for t, m in zip(total, main, strict=True))
        + " |"
    )
    bound = [k / max(t / 2, m) for k, t, m in zip(n, total, main, strict=True)]
    lines.append(
        "| articles/s two idle cores could give at best (from CPU s) | "
        + " | ".join(f"{b:.1f}" for b in bound)
        + " |"
    )
    lines.append(
        "| ingest() s, each round | "
        + " | ".join(", ".join(f"{r['seconds']:.1f}" for r in runs[c]) for c in codes)
        + " |"
    )
    stages: list[str] = []
    for code in codes:
        for run in runs[code]:
            for key in run["stages"]:
                if key not in stages:
                    stages.append(key)
    # Keep each "of which" line under its parent stage.
    order = [s for s in stages if not s.startswith("  ")]
    for sub in (s for s in stages if s.startswith("  ")):
        order.insert(order.index("chroma writes") + 1, sub)
    for key in order:
        shown = key.replace("  of which", "&nbsp;&nbsp;of which")
        lines.append(f"| {shown} s | " + " | ".join(f"{median(c, key):.1f}" for c in codes) + " |")
    other = [
        statistics.median(
            r["seconds"] - sum(v for k, v in r["stages"].items() if not k.startswith("  "))
            for r in runs[c]
        )
        for c in codes
    ]
    lines.append("| other s | " + " | ".join(f"{x:.1f}" for x in other) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="generated articles (seed 7)")
    parser.add_argument("--corpus", type=Path, help="ingest this folder instead")
    parser.add_argument("--code", type=Path, action="append", help="checkouts to measure")
    parser.add_argument("--workers", type=int, help="ingest's workers (default: its own)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "ingest.md")
    args = parser.parse_args()
    codes = [c.resolve() for c in args.code or [ROOT]]
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / f"corpus-{args.n}"
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "benchmarks" / "gen_corpus.py"),
                    "--n",
                    str(args.n),
                    "--seed",
                    "7",
                    "--out",
                    str(corpus),
                ],
                check=True,
                capture_output=True,
            )
        vectors = Path(tmp) / "vectors"
        runs: dict[Path, list[dict[str, Any]]] = {c: [] for c in codes}
        for round_ in range(args.rounds):
            for code in codes:
                result = run_once(code, corpus, vectors, args.workers)
                runs[code].append(result)
                print(
                    f"round {round_ + 1} {label(code)}: {result['added']} articles in "
                    f"{result['seconds']:.1f} s ({result['added'] / result['seconds']:.1f}/s)",
                    flush=True,
                )
    command = "python benchmarks/bench_ingest.py " + " ".join(sys.argv[1:])
    workers = args.workers or "ingest's default (2 from 150 articles on)"
    out = [
        "# Ingest throughput",
        "",
        f"`{command.strip()}` — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores"
        f" (load {os.getloadavg()[0]:.1f} at the end).",
        "",
        f"{runs[codes[0]][0]['added']} articles "
        f"({f'gen_corpus.py --n {args.n} --seed 7' if args.corpus is None else args.corpus}),"
        f" workers: {workers}; {args.rounds} rounds, the checkouts in turn. Seconds are medians"
        " of the main process's time in each stage (see the module docstring).",
        "",
        *table(codes, runs),
    ]
    text = "\n".join(out) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
