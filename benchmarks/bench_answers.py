"""Answer quality on the three development sets, beside a BM25-top-1 sentence baseline.

    python benchmarks/bench_answers.py [--sets dev,archive,piaf] [--failures]
        [--plain] [--keep DIR] [--min dev=1.0 --max-wrong piaf=0.08 ...] [--out FILE]

Each set is scored on a fresh data directory (built-in corpus; built-in corpus plus
``shared/eval/archive``; ``shared/eval/piaf/articles`` alone), in-process, a fresh
session per dialogue, with ``shared/eval/score.py``'s own turn check in ``--strict``
mode (a date, figure or actor answer must state the value before the quoted source).
A *wrong* answer is a turn with ``answered: true`` that fails: counted apart from misses.

The baseline is what a plain search box gives: the top BM25 sentence for the question
(the same store, dense ranking off) passes a turn when it holds one expected string of
every group and comes from the expected article.

``--plain`` asks every question a second time typed plain — lower case, no accents, no
question mark — as set ``SET-plain`` (the same engine): the way people type.

``--keep DIR`` reuses data directories under DIR between runs (for quick iteration;
the benchmark proper always starts fresh). ``--min SET=RATE`` and ``--max-wrong
SET=RATE`` make the exit status 1 when a set falls below / above them (CI uses them).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shlex
import statistics
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"


@dataclass(frozen=True)
class EvalSet:
    name: str
    questions: Path
    articles: tuple[Path, ...]  # ingested after the built-in corpus, or alone
    builtin: bool


SETS = {
    "dev": EvalSet("dev", EVAL / "questions.yaml", (), True),
    "archive": EvalSet("archive", EVAL / "archive_questions.yaml", (EVAL / "archive",), True),
    "piaf": EvalSet("piaf", EVAL / "piaf" / "questions.yaml", (EVAL / "piaf" / "articles",), False),
}


@dataclass
class Outcome:
    name: str
    turns: int = 0
    passed: int = 0
    wrong: int = 0
    baseline: int = 0
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.passed / self.turns if self.turns else 0.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.turns if self.turns else 0.0


def load_score() -> Any:
    """The shared scorer, loaded from its file (it is not a package)."""
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {EVAL / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(round(q / 100 * len(ordered) + 0.5))))
    return ordered[rank - 1]


def open_engine(spec: EvalSet, data_dir: Path) -> Any:
    from assistant.engine import Engine
    from assistant.settings import Settings
    from store.ingest import ingest
    from store.store import Store

    settings = Settings(data_dir=data_dir)
    if not spec.builtin:
        store = Store.open(data_dir)
        if store.is_empty():
            ingest(store, list(spec.articles))
        return Engine(settings, store, _registry())
    engine = Engine.open(settings)
    if spec.articles:
        engine.ingest(list(spec.articles))
    return engine


def _registry() -> Any:
    from tools.registry import Registry

    return Registry.discover()


def baseline_passes(score: Any, engine: Any, turn: dict[str, Any]) -> bool:
    """Whether the top BM25 sentence holds the expected answer (and its article)."""
    groups = turn.get("expect") or []
    if not groups or turn.get("answered") is False:
        return False
    hits = engine.store.search(turn["ask"], k=1, dense=False)
    if not hits:
        return False
    text = score.normalise(hits[0].passage.text)
    if "source" in turn and hits[0].passage.article_id != turn["source"]:
        return False
    return all(any(score.normalise(o) in text for o in group) for group in groups)


def typed_plain(text: str) -> str:
    """A question as typed in a hurry: lower case, no accents, no question mark."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.lower().rstrip(" ?")


def run_set(spec: EvalSet, score: Any, keep: Path | None, plain: bool = False) -> list[Outcome]:
    """The set's outcome as written, and (`plain`) with every question typed plain,
    from one engine."""
    cases = yaml.safe_load(spec.questions.read_text("utf-8")) or []
    with tempfile.TemporaryDirectory(prefix=f"bench-answers-{spec.name}-") as tmp:
        data_dir = (keep / spec.name) if keep else Path(tmp) / "data"
        engine = open_engine(spec, data_dir)
        engine.warm()  # as a server does before it says it is ready
        outcomes = [_replay(spec.name, cases, engine, score, lambda t: t)]
        if plain:
            outcomes.append(_replay(f"{spec.name}-plain", cases, engine, score, typed_plain))
    return outcomes


def _replay(name: str, cases: list[dict[str, Any]], engine: Any, score: Any, typed: Any) -> Outcome:
    outcome = Outcome(name)
    for case in cases:
        session_id = None
        for n, original in enumerate(case["turns"], 1):
            turn = {**original, "ask": typed(original["ask"])}
            start = time.perf_counter()
            reply = engine.reply(turn["ask"], session_id)
            outcome.latencies.append((time.perf_counter() - start) * 1000)
            session_id = reply.session_id
            data = reply.model_dump(exclude={"trace"})
            problems = score.check_turn(turn, 200, data, strict=True)
            outcome.turns += 1
            outcome.baseline += baseline_passes(score, engine, turn)
            if problems:
                outcome.wrong += bool(data.get("answered"))
                shown = str(data.get("reply", ""))[:160].replace("\n", " ")
                mark = "WRONG" if data.get("answered") else "miss "
                outcome.failures.append(
                    f"{mark} {case['id']}#{n} {turn['ask']!r}: {'; '.join(problems)} | {shown!r}"
                )
            else:
                outcome.passed += 1
    return outcome


def _limits(values: list[str]) -> dict[str, float]:
    out = {}
    for item in values:
        name, _, rate = item.partition("=")
        out[name] = float(rate)
    return out


def table(outcomes: list[Outcome]) -> list[str]:
    lines = [
        "| set | turns | pass (strict) | wrong answers | BM25 top-1 sentence | reply p50 | p99 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for o in outcomes:
        lines.append(
            f"| {o.name} | {o.turns} | {o.rate:.1%} ({o.passed}) | {o.wrong_rate:.1%} "
            f"({o.wrong}) | {o.baseline / o.turns:.1%} ({o.baseline}) "
            f"| {statistics.median(o.latencies):.2f} ms | {percentile(o.latencies, 99):.2f} ms |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="dev,archive,piaf")
    parser.add_argument("--failures", action="store_true", help="print every failed turn")
    parser.add_argument("--keep", type=Path, help="reuse data directories under this folder")
    parser.add_argument("--min", action="append", default=[], help="SET=RATE lowest pass rate")
    parser.add_argument("--max-wrong", action="append", default=[], help="SET=RATE most wrong")
    parser.add_argument("--out", type=Path, help="write the Markdown results here")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="also ask every question typed plain (lower case, no accents, no '?')",
    )
    args = parser.parse_args()

    score = load_score()
    outcomes = []
    for name in args.sets.split(","):
        for outcome in run_set(SETS[name], score, args.keep, plain=args.plain):
            outcomes.append(outcome)
            if args.failures:
                print("\n".join(outcome.failures))
            print(
                f"{outcome.name}: pass {outcome.rate:.1%} ({outcome.passed}/{outcome.turns}), "
                f"wrong {outcome.wrong}, baseline {outcome.baseline}",
                flush=True,
            )
    lines = table(outcomes)
    print("\n".join(lines))
    if args.out:
        command = "python benchmarks/bench_answers.py " + shlex.join(sys.argv[1:])
        head = [
            "# Answer benchmark",
            "",
            f"Command: `{command.strip()}` (`make bench-answers`)  ",
            f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M UTC}, host: {os.cpu_count()} CPUs, "
            f"Python {sys.version.split()[0]}  ",
            "Each set on a fresh data directory, in-process, `score.py --strict` turn checks; "
            "a wrong answer is `answered: true` yet failing. Baseline: the top BM25 sentence "
            "holds the expected value (and comes from the expected article). Reply times: "
            "each question asked once, in a fresh session, first time (per-sentence caches "
            "cold); the warm in-process latency goal is `bench_engine`'s.",
            "",
        ]
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("\n".join([*head, *lines, ""]), "utf-8")
    status = 0
    by_name = {o.name: o for o in outcomes}
    for name, rate in _limits(args.min).items():
        if name in by_name and by_name[name].rate < rate:
            print(f"{name}: pass rate {by_name[name].rate:.1%} below {rate:.1%}")
            status = 1
    for name, rate in _limits(args.max_wrong).items():
        if name in by_name and by_name[name].wrong_rate > rate:
            print(f"{name}: wrong answers {by_name[name].wrong_rate:.1%} above {rate:.1%}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
