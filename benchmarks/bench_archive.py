"""Questions about the archive itself: list precision / recall, and reply speed.

    python benchmarks/bench_archive.py [--lists-only] [--sizes 5000] [--keep DIR] [--out FILE]

**Lists.** Every turn with `items:` in the archive dialogues (``tests/dialogues/archive_*``,
run in CI, so they hold only what the tools get right) and in the known-hard cases of
``benchmarks/data/archive_hard.dialogue.yaml`` (the truth written by hand, misses
included, not run in CI) is replayed in-process; its listed items are compared with the
expected ones (as the dialogue check does: a result's value, with its article where the
case names one). Precision and recall are micro-averaged over the items of all turns.

**Speed.** Overview and "which articles" replies (``Engine.reply``, a fresh session
each, after one warm-up call) on the built-in corpus and on ``bench-data/corpus-N``
(``gen_corpus.py --seed 7``, generated and ingested unless ``--keep`` has it), p50 / p99
over repeated calls.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DIALOGUES = sorted((ROOT / "tests" / "dialogues").glob("archive_*.dialogue.yaml"))
HARD = ROOT / "benchmarks" / "data" / "archive_hard.dialogue.yaml"
GOAL_PRECISION = GOAL_RECALL = 0.95
GOAL_BUILTIN_P99, GOAL_SCALE_P99 = 50.0, 200.0  # ms
REPEATS = 40
BUILTIN_QUESTIONS = {
    "overview": ["De quoi parlent les articles ?", "What is in the archive?"],
    "which articles": [
        "Quels articles parlent de la défense ?",
        "Which articles mention Putin?",
        "Quels articles parlent de la Russie en 2012 ?",
    ],
}
# Words of benchmarks/vocab.yaml, which every generated article draws from.
SCALE_QUESTIONS = {
    "overview": ["De quoi parlent les articles ?", "What is in the archive?"],
    "which articles": [
        "Quels articles parlent du commerce ?",
        "Quels articles parlent de l'agriculture ?",
        "Which articles mention investment?",
    ],
}


@dataclass
class Counts:
    turns: int = 0
    expected: int = 0
    listed: int = 0
    right: int = 0
    failures: list[str] | None = None

    @property
    def precision(self) -> float:
        return self.right / self.listed if self.listed else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def score_lists(paths: list[Path], scratch: Path) -> Counts:
    """Replay the dialogues of these files; count the items of every `items:` turn."""
    from assistant.dialogues.format import load_file
    from assistant.dialogues.match import listed_items
    from assistant.dialogues.runner import EnginePool
    from assistant.settings import Settings

    counter = iter(range(10_000))
    pool = EnginePool(
        lambda name: scratch / f"{name}-{next(counter)}",
        Settings(data_dir=scratch / "shared"),
    )
    counts = Counts(failures=[])
    for path in paths:
        file = load_file(path)
        engine = pool.engine_for(file)
        for dialogue in file.dialogues:
            session: str | None = None
            for number, turn in enumerate(dialogue.case.turns, 1):
                reply = engine.reply(turn.message, session)
                session = reply.session_id
                if turn.items is None:
                    continue
                wanted, got = listed_items(turn.items, reply.model_dump(mode="json"))
                counts.turns += 1
                counts.expected += sum(wanted.values())
                counts.listed += sum(got.values())
                counts.right += sum((wanted & got).values())
                if wanted != got:
                    missing = sorted((wanted - got).elements())
                    extra = sorted((got - wanted).elements())
                    counts.failures.append(
                        f"{path.name}::{dialogue.id}#{number} {turn.ask!r}: "
                        f"missing {missing}, extra {extra}"
                    )
    pool.close()
    return counts


def time_replies(engine: Any, questions: dict[str, list[str]]) -> dict[str, list[float]]:
    """Milliseconds per reply, by kind, each question asked in a fresh session."""
    timings: dict[str, list[float]] = {}
    for kind, asked in questions.items():
        for question in asked:
            engine.reply(question)  # warm-up: builds the catalog once per snapshot
        found = timings.setdefault(kind, [])
        for _ in range(REPEATS):
            for question in asked:
                started = time.perf_counter()
                engine.reply(question)
                found.append((time.perf_counter() - started) * 1000)
    return timings


def scale_engine(n: int, keep: Path | None, scratch: Path) -> tuple[Any, int]:
    """An engine over the built-in corpus plus `bench-data/corpus-N`."""
    import subprocess

    from assistant.engine import Engine
    from assistant.settings import Settings

    corpus = ROOT / "bench-data" / f"corpus-{n}"
    if not (corpus / "planted.yaml").exists():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "gen_corpus.py"),
                "--n",
                str(n),
                "--seed",
                "7",
                "--out",
                str(corpus),
            ],
            check=True,
        )
    data_dir = (keep or scratch) / f"archive-scale-{n}"
    engine = Engine.open(Settings(data_dir=data_dir))
    if len(engine.store.articles()) < n:
        print(f"ingesting {corpus} (once) ...", file=sys.stderr, flush=True)
        engine.ingest([corpus])
    return engine, len(engine.store.articles())


def ok(good: bool) -> str:
    return "yes" if good else "**no**"


def report(
    dialogues: Counts, hard: Counts, speed: list[tuple[str, str, list[float], float]], command: str
) -> str:
    lines = [
        "# Questions about the archive (lists, overview)",
        "",
        f"`{command}` — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python {sys.version.split()[0]}.",
        "",
        "## Listed items: precision and recall (goal ≥ 0.95 both)",
        "",
        "| set | list turns | expected items | listed items | right | precision | recall | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, c in (("archive dialogues (CI)", dialogues), ("known-hard cases", hard)):
        goal = c.precision >= GOAL_PRECISION and c.recall >= GOAL_RECALL
        lines.append(
            f"| {name} | {c.turns} | {c.expected} | {c.listed} | {c.right} | "
            f"{c.precision:.3f} | {c.recall:.3f} | {ok(goal)} |"
        )
    both = Counts(
        dialogues.turns + hard.turns,
        dialogues.expected + hard.expected,
        dialogues.listed + hard.listed,
        dialogues.right + hard.right,
    )
    goal = both.precision >= GOAL_PRECISION and both.recall >= GOAL_RECALL
    lines.append(
        f"| **all** | {both.turns} | {both.expected} | {both.listed} | {both.right} | "
        f"{both.precision:.3f} | {both.recall:.3f} | {ok(goal)} |"
    )
    failures = (dialogues.failures or []) + (hard.failures or [])
    if failures:
        lines += ["", "Lists that differ from the truth:", ""]
        lines += [f"- {f}" for f in failures]
    if speed:
        lines += [
            "",
            "## Reply time (goal p99 ≤ 50 ms built-in, ≤ 200 ms at 5,000 articles)",
            "",
            "| archive | reply | calls | p50 | p99 | goal |",
            "|---|---|---:|---:|---:|---|",
        ]
        for archive, kind, values, limit in speed:
            p99 = percentile(values, 99)
            lines.append(
                f"| {archive} | {kind} | {len(values)} | {statistics.median(values):.1f} ms | "
                f"{p99:.1f} ms | {ok(p99 <= limit)} |"
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists-only", action="store_true", help="precision / recall only")
    parser.add_argument("--sizes", default="5000", help="generated corpus sizes to time")
    parser.add_argument("--keep", type=Path, help="reuse data directories under this folder")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/archive.md")
    args = parser.parse_args()
    command = "python benchmarks/bench_archive.py " + shlex.join(sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="bench-archive-") as tmp:
        scratch = Path(tmp)
        dialogues = score_lists(DIALOGUES, scratch / "dialogues")
        hard = score_lists([HARD], scratch / "hard")
        speed: list[tuple[str, str, list[float], float]] = []
        if not args.lists_only:
            from assistant.engine import Engine
            from assistant.settings import Settings

            data_dir = (args.keep or scratch) / "archive-builtin"
            engine = Engine.open(Settings(data_dir=data_dir))
            for kind, values in time_replies(engine, BUILTIN_QUESTIONS).items():
                speed.append(("built-in (5)", kind, values, GOAL_BUILTIN_P99))
            for n in (int(s) for s in args.sizes.split(",") if s):
                engine, size = scale_engine(n, args.keep, scratch)
                for kind, values in time_replies(engine, SCALE_QUESTIONS).items():
                    speed.append((f"generated ({size})", kind, values, GOAL_SCALE_P99))
    text = report(dialogues, hard, speed, command)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
