"""Engine latency: in-process reply p50/p99 and CLI cold starts, on the built-in corpus.

    python benchmarks/bench_engine.py [--repeat 30] [--runs 5] [--out benchmarks/results/engine.md]

Builds the built-in corpus into a temporary data directory, then
- replies in-process to every question of ``shared/eval/questions.yaml`` (each dialogue
  asked ``--repeat`` times, a fresh session per dialogue, after one warm-up pass);
- runs ``assistant ask`` and ``assistant search`` in fresh processes against the built
  directory (median of ``--runs`` runs each).
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
SHARED = ROOT.parent / "shared"
QUESTIONS = SHARED / "eval" / "questions.yaml"
ASSISTANT = ROOT / ".venv" / "bin" / "assistant"
ASK_QUESTION = "Qui est Sergey Shoigu ?"
SEARCH_QUERY = "partenariat stratégique intégral"

# Issue 12 (the general reader): reply p50 ≤ 5 ms, p99 ≤ 20 ms; ingest of the built-in
# corpus no slower than twice the code before it (`--baseline`).
GOALS = {"p50": 5.0, "p99": 20.0, "ask": 1.5, "search": 1.5, "ingest_ratio": 2.0}
_INGEST = (
    "import sys, time; from pathlib import Path; from assistant.engine import Engine; "
    "from assistant.settings import Settings; t = time.perf_counter(); "
    "Engine.open(Settings(data_dir=Path(sys.argv[1]))); print(time.perf_counter() - t)"
)


def ingest_seconds(code: Path, runs: int) -> list[float]:
    """Seconds to build the built-in corpus's index from scratch with the code at `code`
    (a checkout of this repository), one fresh process and data directory per run."""
    out = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
            env = {**os.environ, "PYTHONPATH": str(code)}
            run = subprocess.run(
                [sys.executable, "-c", _INGEST, str(Path(tmp) / "data")],
                cwd=code,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            out.append(float(run.stdout.strip().splitlines()[-1]))
    return out


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(round(q / 100 * len(ordered) + 0.5))))
    return ordered[rank - 1]


def load_cases(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def reply_latencies(
    engine: Any, cases: list[dict[str, Any]], repeat: int, inner: list[float] | None = None
) -> list[float]:
    """Milliseconds per turn, each dialogue replayed `repeat` times in a fresh session.

    `inner` collects the engine's own timing of understand+tool+render (reply.trace["ms"]),
    i.e. the reply without the session load/save in SQLite.
    """
    out: list[float] = []
    for _ in range(repeat):
        for case in cases:
            session_id = None
            for turn in case["turns"]:
                start = time.perf_counter()
                reply = engine.reply(turn["ask"], session_id)
                out.append((time.perf_counter() - start) * 1000)
                if inner is not None and reply.trace:
                    inner.append(float(reply.trace["ms"]))
                session_id = reply.session_id
    return out


def cold_start(argv: list[str], data_dir: Path, runs: int, env: dict[str, str] | None = None):
    """Median wall seconds of `argv` in a fresh process, and all the run times."""
    # A cold start as an installed package has it: byte code written once and reused (a
    # shell with PYTHONDONTWRITEBYTECODE would compile every module on every start).
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environ |= {"ASSISTANT_DATA_DIR": str(data_dir)} | (env or {})
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(argv, env=environ, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise RuntimeError(
                f"{shlex.join(argv)} failed ({proc.returncode}): {proc.stderr[-500:]}"
            )
    return statistics.median(times), times


def verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else "**MISSED**"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="times each dialogue is asked")
    parser.add_argument("--runs", type=int, default=5, help="cold-start runs per command")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/engine.md")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a checkout of an earlier commit: its ingest is timed beside this one's",
    )
    args = parser.parse_args()

    from assistant.engine import Engine
    from assistant.settings import Settings

    cases = load_cases(QUESTIONS)
    with tempfile.TemporaryDirectory(prefix="bench-engine-") as tmp:
        data_dir = Path(tmp) / "data"
        start = time.perf_counter()
        engine = Engine.open(Settings(data_dir=data_dir))
        build_s = time.perf_counter() - start
        reply_latencies(engine, cases, 1)  # warm-up
        inner: list[float] = []
        lat = reply_latencies(engine, cases, args.repeat, inner)
        p50, p99 = statistics.median(lat), percentile(lat, 99)
        del engine
        ask_s, ask_runs = cold_start([str(ASSISTANT), "ask", ASK_QUESTION], data_dir, args.runs)
        search_s, search_runs = cold_start(
            [str(ASSISTANT), "search", SEARCH_QUERY], data_dir, args.runs
        )

    turns = sum(len(c["turns"]) for c in cases)
    command = "python benchmarks/bench_engine.py " + shlex.join(sys.argv[1:])
    lines = [
        "# Engine benchmark",
        "",
        f"Command: `{command.strip()}` (`make bench-engine`)  ",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M UTC}, host: {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]}  ",
        f"Corpus: built-in ({len(list((ROOT / 'store/corpus').glob('*.txt')))} articles), "
        f"index built in {build_s:.1f} s; questions: {QUESTIONS.name} "
        f"({len(cases)} dialogues, {turns} turns) × {args.repeat} after one warm-up pass "
        f"= {len(lat)} replies, fresh session per dialogue.",
        "",
        "| measure | value | goal | verdict |",
        "|---|---:|---:|---|",
        f"| reply p50 (in-process) | {p50:.2f} ms | ≤ {GOALS['p50']:g} ms "
        f"| {verdict(p50, GOALS['p50'])} |",
        f"| reply p99 (in-process) | {p99:.2f} ms | ≤ {GOALS['p99']:g} ms "
        f"| {verdict(p99, GOALS['p99'])} |",
        f"| reply max (in-process) | {max(lat):.2f} ms | – | – |",
        f"| of which understand+tool+render (trace ms) p50 / p99 "
        f"| {statistics.median(inner):.2f} / {percentile(inner, 99):.2f} ms | – | – |",
        f'| `assistant ask "{ASK_QUESTION}"` cold start (median of {args.runs}) '
        f"| {ask_s:.2f} s | ≤ {GOALS['ask']:g} s | {verdict(ask_s, GOALS['ask'])} |",
        f'| `assistant search "{SEARCH_QUERY}"` cold start (median of {args.runs}) '
        f"| {search_s:.2f} s | ≤ {GOALS['search']:g} s | {verdict(search_s, GOALS['search'])} |",
        "",
        f"Cold-start runs (s): ask {', '.join(f'{t:.2f}' for t in ask_runs)}; "
        f"search {', '.join(f'{t:.2f}' for t in search_runs)}.",
        "",
    ]
    if args.baseline:
        # Alternate the two codes so that both see the same load on this shared machine.
        mine: list[float] = []
        theirs: list[float] = []
        for _ in range(args.runs):
            mine += ingest_seconds(ROOT, 1)
            theirs += ingest_seconds(args.baseline, 1)
        ratio = statistics.median(mine) / statistics.median(theirs)
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=args.baseline,
            capture_output=True,
            text=True,
        ).stdout.strip()
        lines[-1:-1] = [
            "",
            f"Ingest of the built-in corpus from scratch, fresh process each (median of "
            f"{args.runs}, alternating): {statistics.median(mine):.2f} s here, "
            f"{statistics.median(theirs):.2f} s at {rev or args.baseline} before the "
            f"general reader: ×{ratio:.2f} (goal ≤ ×{GOALS['ingest_ratio']:g}, "
            f"{verdict(ratio, GOALS['ingest_ratio'])}). Runs (s): here "
            f"{', '.join(f'{t:.2f}' for t in mine)}; "
            f"before {', '.join(f'{t:.2f}' for t in theirs)}.",
        ]
    table = "\n".join(lines)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
