"""Scale benchmark: ingest, memory, disk, latency, cold start and correctness by corpus size.

    python benchmarks/bench_scale.py [--sizes 5,500,5000] [--server] [--out FILE]

For each size N: generate ``bench-data/corpus-N`` (gen_corpus.py, seed 7) unless present;
ingest it into a fresh data directory in a child process (throughput, peak RSS); measure
the data directory on disk; answer ``planted.yaml`` in-process (pass rate with
``shared/eval/score.py``'s ``check_turn``, reply latency p50/p99 over repeated passes);
time ``assistant ask`` in a fresh process; then time an incremental ingest of 10 new
articles (seed 8, renamed ids). ``--server`` repeats every size against a ``chroma run``
server on loopback (a fresh one per size, stopped afterwards).
Writes one Markdown table per figure to ``benchmarks/results/scale.md``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DATA = ROOT / "bench-data"
PYTHON = ROOT / ".venv" / "bin" / "python"
ASSISTANT = ROOT / ".venv" / "bin" / "assistant"
CHROMA = ROOT / ".venv" / "bin" / "chroma"
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
SEED, EXTRA_SEED, EXTRA_N = 7, 8, 10

GOAL_RATE = 20.0  # articles/s
GOAL_P50, GOAL_P99 = 20.0, 60.0  # ms at 5,000 articles
GOAL_COLD = 2.0  # s

# Runs in a child process so its peak RSS is its own. argv: data_dir host port paths...
INGEST_SNIPPET = """
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from store.store import Store
from store.ingest import ingest
data_dir, host, port, *paths = sys.argv[1:]
store = Store.open(Path(data_dir), host or None, int(port))
t1 = time.perf_counter()
report = ingest(store, [Path(p) for p in paths])
t2 = time.perf_counter()
print(json.dumps({
    "import_open_s": t1 - t0, "ingest_s": t2 - t1,
    "added": len(report.added), "updated": len(report.updated), "failed": report.failed,
    "rss_self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "rss_workers_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""

# Serving memory: open the engine, answer one question, report the peak RSS.
SERVE_SNIPPET = """
import json, resource, sys
from pathlib import Path
from assistant.engine import Engine
from assistant.settings import Settings
data_dir, host, port, question = sys.argv[1:]
kw = {"chroma_host": host, "chroma_port": int(port)} if host else {}
engine = Engine.open(Settings(data_dir=Path(data_dir), **kw))
engine.reply(question)
print(json.dumps({"rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


@dataclass
class Row:
    size: int
    mode: str
    ingest_s: float = 0.0
    process_s: float = 0.0
    rss_self_mb: float = 0.0
    rss_workers_mb: float = 0.0
    serve_rss_mb: float = 0.0
    disk_mb: float = 0.0
    server_disk_mb: float = 0.0
    failed_files: int = 0
    p50: float = 0.0
    p99: float = 0.0
    replies: int = 0
    open_s: float = 0.0
    cold_s: float = 0.0
    cold_runs: list[float] = field(default_factory=list)
    passed: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)
    incr_ingest_s: float = 0.0
    incr_process_s: float = 0.0
    incr_added: int = 0

    @property
    def rate(self) -> float:
        return self.size / self.ingest_s if self.ingest_s else 0.0


def load_module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(round(q / 100 * len(ordered) + 0.5))))
    return ordered[rank - 1]


def du_mb(path: Path) -> float:
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return total / 1e6


def ensure_corpus(n: int) -> Path:
    """bench-data/corpus-N, generated with seed 7 unless a complete one is there."""
    out = BENCH_DATA / f"corpus-{n}"
    if (out / "planted.yaml").exists() and len(list(out.glob("*.txt"))) == n:
        return out
    subprocess.run(
        [str(PYTHON), str(ROOT / "benchmarks/gen_corpus.py"), "--n", str(n), "--seed", str(SEED),
         "--out", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    return out


def extra_articles(tmp: Path) -> Path:
    """10 new articles: seed 8, non-planted indices 5..14, ids renamed to 9xxxx_… ."""
    src = tmp / "extra-src"
    subprocess.run(
        [str(PYTHON), str(ROOT / "benchmarks/gen_corpus.py"), "--n", str(EXTRA_N + 5),
         "--seed", str(EXTRA_SEED), "--out", str(src)],
        check=True, capture_output=True,
    )  # fmt: skip
    dst = tmp / "extra"
    dst.mkdir()
    for path in sorted(src.glob("*.txt"))[5:]:
        shutil.copy(path, dst / ("9" + path.name[1:]))
    return dst


def run_ingest(data_dir: Path, host: str, port: int, paths: list[Path]) -> dict[str, Any]:
    start = time.perf_counter()
    proc = subprocess.run(
        [str(PYTHON), "-c", INGEST_SNIPPET, str(data_dir), host, str(port), *map(str, paths)],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"ingest failed: {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_s"] = elapsed
    return result


def chroma_env(host: str, port: int) -> dict[str, str]:
    return {"CHROMA_HOST": host, "CHROMA_PORT": str(port)} if host else {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def chroma_server(path: Path) -> Iterator[int]:
    """A `chroma run` server on loopback for the duration of the block."""
    port = free_port()
    log = open(path.parent / f"chroma-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("chroma server did not start") from None
                time.sleep(0.3)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def measure(
    n: int, mode: str, tmp: Path, repeat: int, runs: int, host: str = "", port: int = 8000
) -> Row:
    from assistant.engine import Engine
    from assistant.settings import Settings

    check_turn = load_module("score", SCORE).check_turn
    row = Row(n, mode)
    corpus = ensure_corpus(n)
    data_dir = tmp / f"data-{mode}-{n}"
    print(f"[{n} {mode}] ingesting {corpus} ...", file=sys.stderr, flush=True)
    got = run_ingest(data_dir, host, port, [corpus])
    row.ingest_s, row.process_s = got["ingest_s"], got["process_s"]
    row.rss_self_mb, row.rss_workers_mb = got["rss_self_kb"] / 1024, got["rss_workers_kb"] / 1024
    row.failed_files = len(got["failed"])
    row.disk_mb = du_mb(data_dir)
    print(f"[{n} {mode}] ingested in {row.ingest_s:.1f}s", file=sys.stderr, flush=True)

    cases = yaml.safe_load((corpus / "planted.yaml").read_text(encoding="utf-8")) or []
    kw = {"chroma_host": host, "chroma_port": port} if host else {}
    start = time.perf_counter()
    engine = Engine.open(Settings(data_dir=data_dir, **kw))
    row.open_s = time.perf_counter() - start
    # correctness (first pass, which is also the warm-up)
    for case in cases:
        session_id = None
        for i, turn in enumerate(case["turns"], 1):
            reply = engine.reply(turn["ask"], session_id)
            session_id = reply.session_id
            problems = check_turn(turn, 200, reply.model_dump(mode="json"))
            row.total += 1
            if problems:
                shown = reply.reply[:140].replace("\n", " ")
                row.failures.append(
                    f"{case['id']}#{i} {turn['ask']!r}: {'; '.join(problems)} | reply: {shown!r}"
                )
            else:
                row.passed += 1
    lat: list[float] = []
    for _ in range(repeat):
        for case in cases:
            session_id = None
            for turn in case["turns"]:
                t = time.perf_counter()
                session_id = engine.reply(turn["ask"], session_id).session_id
                lat.append((time.perf_counter() - t) * 1000)
    row.p50, row.p99, row.replies = statistics.median(lat), percentile(lat, 99), len(lat)
    del engine

    question = cases[0]["turns"][0]["ask"]
    env = os.environ | {"ASSISTANT_DATA_DIR": str(data_dir)} | chroma_env(host, port)
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([str(ASSISTANT), "ask", question], env=env, capture_output=True, check=True)
        row.cold_runs.append(time.perf_counter() - t)
    row.cold_s = statistics.median(row.cold_runs)
    serve = subprocess.run(
        [str(PYTHON), "-c", SERVE_SNIPPET, str(data_dir), host, str(port), question],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    row.serve_rss_mb = json.loads(serve.stdout.strip().splitlines()[-1])["rss_kb"] / 1024

    extra = extra_articles(tmp / f"extra-{mode}-{n}")
    got = run_ingest(data_dir, host, port, [extra])
    row.incr_ingest_s, row.incr_process_s, row.incr_added = (
        got["ingest_s"],
        got["process_s"],
        got["added"],
    )
    print(f"[{n} {mode}] done: {row}", file=sys.stderr, flush=True)
    return row


def ok(good: bool) -> str:
    return "met" if good else "**MISSED**"


def report(rows: list[Row], command: str, notes: list[str]) -> str:
    def label(r: Row) -> str:
        return f"{r.size:,} ({r.mode})"

    out = [
        "# Scale benchmark",
        "",
        f"Command: `{command}`  ",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M UTC}; host: {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]}. Corpus: `benchmarks/gen_corpus.py --seed {SEED}`; "
        "questions: the corpus's `planted.yaml`.",
        "",
        "## Ingest throughput (goal ≥ 20 articles/s)",
        "",
        "| articles | ingest() time | articles/s | child process wall | failed files | goal |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        out.append(
            f"| {label(r)} | {r.ingest_s:.1f} s | {r.rate:.1f} | {r.process_s:.1f} s "
            f"| {r.failed_files} | {ok(r.rate >= GOAL_RATE)} |"
        )
    out += [
        "",
        "## Peak memory (goal: growing no faster than the corpus)",
        "",
        "| articles | ingest peak RSS (main) | ingest peak RSS (largest NER worker) "
        "| engine serving peak RSS | RSS growth vs smallest | corpus growth |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    base = {m: next(r for r in rows if r.mode == m) for m in {r.mode for r in rows}}
    for r in rows:
        b = base[r.mode]
        growth = r.serve_rss_mb / b.serve_rss_mb if b.serve_rss_mb else 0
        out.append(
            f"| {label(r)} | {r.rss_self_mb:.0f} MB | {r.rss_workers_mb:.0f} MB "
            f"| {r.serve_rss_mb:.0f} MB | ×{growth:.2f} | ×{r.size / b.size:g} |"
        )
    out += [
        "",
        "## Store size on disk",
        "",
        "| articles | data dir | chroma server dir | per article |",
        "|---|---:|---:|---:|",
    ]
    for r in rows:
        total = r.disk_mb + r.server_disk_mb
        server = f"{r.server_disk_mb:.1f} MB" if r.mode == "server" else "–"
        out.append(
            f"| {label(r)} | {r.disk_mb:.1f} MB | {server} | {total * 1000 / r.size:.0f} kB |"
        )
    out += [
        "",
        f"## Reply latency, in-process (goal at 5,000: p50 ≤ {GOAL_P50:g} ms, "
        f"p99 ≤ {GOAL_P99:g} ms)",
        "",
        "| articles | replies | p50 | p99 | Engine.open | goal |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        good = r.p50 <= GOAL_P50 and r.p99 <= GOAL_P99
        out.append(
            f"| {label(r)} | {r.replies} | {r.p50:.2f} ms | {r.p99:.2f} ms | {r.open_s:.2f} s "
            f"| {ok(good)}{'' if r.size >= 5000 else ' (goal is set at 5,000)'} |"
        )
    out += [
        "",
        f"## `assistant ask` cold start (goal ≤ {GOAL_COLD:g} s)",
        "",
        "| articles | median | runs | goal |",
        "|---|---:|---|---|",
    ]
    for r in rows:
        runs = ", ".join(f"{t:.2f}" for t in r.cold_runs)
        out.append(f"| {label(r)} | {r.cold_s:.2f} s | {runs} | {ok(r.cold_s <= GOAL_COLD)} |")
    out += [
        "",
        "## Correctness: planted.yaml through the engine (score.py `check_turn`)",
        "",
        "| articles | passed | pass rate |",
        "|---|---:|---:|",
    ]
    for r in rows:
        out.append(f"| {label(r)} | {r.passed}/{r.total} | {r.passed / max(r.total, 1):.1%} |")
    for r in rows:
        if r.failures:
            out += ["", f"Failing turns at {label(r)}:", ""]
            out += [f"- {f}" for f in r.failures]
    out += [
        "",
        f"## Incremental ingest: {EXTRA_N} new articles into the built store",
        "",
        "| articles | added | ingest() time | child process wall | full ingest() time | ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = r.incr_ingest_s / r.ingest_s if r.ingest_s else 0
        out.append(
            f"| {label(r)} | {r.incr_added} | {r.incr_ingest_s:.1f} s | {r.incr_process_s:.1f} s "
            f"| {r.ingest_s:.1f} s | {ratio:.1%} |"
        )
    if notes:
        out += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,500,5000", help="comma-separated corpus sizes")
    parser.add_argument("--server", action="store_true", help="also run against a chroma server")
    parser.add_argument("--repeat", type=int, default=20, help="latency passes over planted.yaml")
    parser.add_argument("--runs", type=int, default=3, help="cold-start runs per size")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/scale.md")
    parser.add_argument("--note", action="append", default=[], help="a note for the report")
    parser.add_argument("--server-only", action="store_true", help="skip the embedded runs")
    parser.add_argument("--save-rows", type=Path, help="write the measured rows as JSON here")
    parser.add_argument(
        "--include", type=Path, action="append", default=[],
        help="rows saved by an earlier --save-rows run to report with these",
    )  # fmt: skip
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    command = "python benchmarks/bench_scale.py " + shlex.join(sys.argv[1:])

    rows: list[Row] = []
    for path in args.include:
        rows += [Row(**r) for r in json.loads(path.read_text(encoding="utf-8"))]
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp_name:
        tmp = Path(tmp_name)
        for n in sizes if not args.server_only else []:
            rows.append(measure(n, "embedded", tmp, args.repeat, args.runs))
            print(report(rows, command.strip(), args.note), file=sys.stderr)
        if args.server or args.server_only:
            for n in sizes:
                server_dir = tmp / f"chroma-server-{n}"
                with chroma_server(server_dir) as port:
                    row = measure(n, "server", tmp, args.repeat, args.runs, "127.0.0.1", port)
                row.server_disk_mb = du_mb(server_dir)
                rows.append(row)
                print(report(rows, command.strip(), args.note), file=sys.stderr)
    if args.save_rows:
        args.save_rows.write_text(json.dumps([asdict(r) for r in rows]), encoding="utf-8")
    text = report(rows, command.strip(), args.note)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
