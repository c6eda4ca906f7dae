"""Scale benchmark: ingest, memory, disk, latency, start-up, freshness and correctness by size.

    python benchmarks/bench_scale.py [--sizes 1000,5000,20000] [--server] [--postgres] [--out FILE]

For each size N: generate ``bench-data/corpus-N`` (gen_corpus.py, seed 7) unless present;
ingest it into a fresh data directory in a child process (throughput, peak RSS); measure
the data directory on disk; answer ``planted.yaml`` in-process (pass rate with
``shared/eval/score.py``'s ``check_turn``, reply latency p50/p99 over repeated passes);
time ``Engine.open`` and ``assistant ask`` in fresh processes (median of --runs); then
time an incremental ingest of 10 new articles (seed 8, renamed ids). ``--server`` repeats
every size against a ``chroma run`` server on loopback (a fresh one per size, stopped
afterwards) and also measures freshness across replicas: two ``assistant serve``
processes on that chroma server, an invented article ingested by a third process
(``assistant ingest``), and the time from the end of that ingest to the first correct
answer from the second server (median of --fresh-runs). ``--postgres`` measures the
server mode again with the article records in PostgreSQL (``server+postgres``: a fresh
server from Debian's ``postgresql`` package per size, as the tests start one); its disk
adds the records table's ``pg_total_relation_size`` (table, TOAST and index) to the
chroma server's directory.

The report opens with issue 16's goals, one table per mode: each figure at every size
measured, the straight line a + b·N fitted to them (least squares), that line at 100,000
articles, and which resource of this machine the lines say runs out first. Then one
Markdown table per figure. Writes ``benchmarks/results/scale.md`` (or --out).
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
from collections.abc import Callable, Iterator
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
TARGET = 100_000  # the archive size the curves are extrapolated to

# Issue 16's goals. "at" is the size a goal is set at (None: at every size).
GOAL_AT = 20_000
GOAL_RATE = 20.0  # articles/s, every size
GOAL_P50, GOAL_P99 = 20.0, 100.0  # ms, at 20,000
GOAL_OPEN = 1.5  # s, Engine.open in a fresh process, every size
GOAL_COLD = 1.5  # s, `assistant ask` in a fresh process, every size
GOAL_RSS = 600.0  # MB, serving peak RSS at 20,000
GOAL_DISK = 100.0  # kB per article (of the generated text), every size
GOAL_FRESH = 2.0  # s, ingest through one process -> answer from another server

# A child's own peak: VmHWM belongs to the memory it maps since its exec, where
# ru_maxrss carries over across fork and exec the RSS of the process that started it (the
# bench's, 666 MB at 5,000 articles, reported as the serving process's before).
HWM = """
def hwm_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
"""

# Runs in a child process so its peak RSS is its own. argv: data_dir host port records paths...
INGEST_SNIPPET = (
    HWM
    + """
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from store.store import Store
from store.ingest import ingest
data_dir, host, port, records, *paths = sys.argv[1:]
store = Store.open(Path(data_dir), host or None, int(port), records_url=records or None)
t1 = time.perf_counter()
report = ingest(store, [Path(p) for p in paths])
t2 = time.perf_counter()
print(json.dumps({
    "import_open_s": t1 - t0, "ingest_s": t2 - t1,
    "added": len(report.added), "updated": len(report.updated), "failed": report.failed,
    "rss_self_kb": hwm_kb(),
    "rss_workers_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""
)

# Engine.open alone in a fresh process (imports timed apart). argv: data_dir host port records
OPEN_SNIPPET = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from assistant.engine import Engine
from assistant.settings import Settings
t1 = time.perf_counter()
data_dir, host, port, records = sys.argv[1:]
kw = {"chroma_host": host, "chroma_port": int(port)} if host else {}
kw |= {"records_url": records} if records else {}
engine = Engine.open(Settings(data_dir=Path(data_dir), **kw))
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "open_s": t2 - t1}))
"""

# Serving memory: open the engine, answer one question, report the peak RSS.
SERVE_SNIPPET = (
    HWM
    + """
import json, resource, sys
from pathlib import Path
from assistant.engine import Engine
from assistant.settings import Settings
data_dir, host, port, records, question = sys.argv[1:]
kw = {"chroma_host": host, "chroma_port": int(port)} if host else {}
kw |= {"records_url": records} if records else {}
engine = Engine.open(Settings(data_dir=Path(data_dir), **kw))
engine.reply(question)
print(json.dumps({"rss_kb": hwm_kb()}))
"""
)

# The article the freshness measurement ingests: invented people (no corpus uses them),
# one per repetition, each with a role the question "Qui est X ?" must come back with.
FRESH_NAMES = [
    "Tsendiin Otgonbayar",
    "Dorjiin Munkhbat",
    "Gombyn Altangerel",
    "Luvsangiin Enkhtuya",
    "Batyn Oyunchimeg",
    "Sukhiin Erdenebat",
    "Namjilyn Khishigt",
    "Ganbaataryn Solongo",
]
FRESH_ROLE = "Agriculture"
FRESH_ARTICLE = """Le Laos et la Mongolie signent un accord sur le riz numéro {k}

Les deux pays ont conclu un accord commercial sur le riz à Oulan-Bator.

Oulan-Bator, {day} mai (VNA) – Le ministre mongol de l'Agriculture, {name}, a reçu le \
{day} mai à Oulan-Bator son homologue laotien pour signer un accord sur le commerce du riz.

Les échanges de riz entre les deux pays ont atteint {k}2,5 millions de dollars en 2023.

La prochaine réunion aura lieu du 14 au 16 octobre à Vientiane. – VNA
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
    records_db_mb: float = 0.0  # server+postgres: the records table in PostgreSQL
    text_kb: float = 0.0  # mean size of one generated article file
    failed_files: int = 0
    p50: float = 0.0
    p99: float = 0.0
    replies: int = 0
    first_open_s: float = 0.0  # the bench's own Engine.open, first after the ingest
    open_s: float = 0.0  # median of open_runs
    open_runs: list[float] = field(default_factory=list)
    import_s: float = 0.0  # median import time of assistant.engine in those processes
    cold_s: float = 0.0
    cold_runs: list[float] = field(default_factory=list)
    passed: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)
    incr_ingest_s: float = 0.0
    incr_process_s: float = 0.0
    incr_added: int = 0
    # --server only: two `assistant serve` replicas on the chroma server
    replica_ready_s: list[float] = field(default_factory=list)  # fresh data dirs
    replica_rss_mb: float = 0.0  # peak RSS of server B after the freshness runs
    chroma_rss_mb: float = 0.0  # peak RSS of the `chroma run` server
    fresh_runs: list[float] = field(default_factory=list)  # ingest end -> B answers
    fresh_ingest_runs: list[float] = field(default_factory=list)  # `assistant ingest` wall
    fresh_polls: list[int] = field(default_factory=list)
    fresh_a_ok: int = 0  # how many of the new articles server A answered too
    fresh_s: float = 0.0
    wall_s: float = 0.0  # the bench's time for this size and mode, corpus generation included

    @property
    def rate(self) -> float:
        return self.size / self.ingest_s if self.ingest_s else 0.0

    @property
    def store_mb(self) -> float:
        return self.disk_mb + self.server_disk_mb + self.records_db_mb

    @property
    def disk_kb(self) -> float:
        return self.store_mb * 1000 / self.size if self.size else 0.0

    @property
    def ingest_rss_mb(self) -> float:
        """The ingest's peak: its main process and two spaCy workers at their peak."""
        return self.rss_self_mb + 2 * self.rss_workers_mb


# -- curves ----------------------------------------------------------------------------


def fit_line(xs: list[float], ys: list[float]) -> tuple[float, float] | None:
    """Least-squares a + b·x through the points; None without two distinct x."""
    if len(xs) != len(ys) or len(set(xs)) < 2:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    return my - b * mx, b


def at(line: tuple[float, float] | None, x: float) -> float | None:
    return None if line is None else line[0] + line[1] * x


def crossing(line: tuple[float, float] | None, limit: float) -> float | None:
    """The size at which a growing line reaches `limit` (0 if it starts there); None if
    there is no line or it never gets there."""
    if line is None:
        return None
    a, b = line
    if a >= limit:
        return 0.0
    if b <= 0:
        return None
    return (limit - a) / b


def meets(value: float, goal: float, higher_is_better: bool) -> bool:
    return value >= goal if higher_is_better else value <= goal


def run_out_sentence(limits: dict[str, float | None], target: int = TARGET) -> str:
    """Name the resource whose fitted curve reaches this machine's capacity first.

    `limits` maps a resource (with its capacity, e.g. "memory (24 GB)") to the size at
    which it runs out, or None when its curve never gets there."""
    known = sorted((n, name) for name, n in limits.items() if n is not None)
    if not known:
        return "By these lines no resource of this machine runs out: none of them grows."
    n, name = known[0]
    when = "already at the sizes measured" if n <= 0 else f"at about {n:,.0f} articles"
    rest = "; ".join(f"{other} at about {m:,.0f}" for m, other in known[1:])
    verdict = "before" if n <= target else "only after"
    never = [name for name, m in limits.items() if m is None]
    tail = f" ({rest})" if rest else ""
    tail += f"; {', '.join(never)}: not reached by these lines" if never else ""
    return f"{name} runs out first, {when}, {verdict} {target:,}{tail}."


# -- measuring -------------------------------------------------------------------------


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


def run_ingest(
    data_dir: Path, host: str, port: int, paths: list[Path], records: str = ""
) -> dict[str, Any]:
    start = time.perf_counter()
    proc = subprocess.run(
        [str(PYTHON), "-c", INGEST_SNIPPET, str(data_dir), host, str(port), records,
         *map(str, paths)],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"ingest failed: {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_s"] = elapsed
    return result


def child_json(snippet: str, *args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [str(PYTHON), "-c", snippet, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"child process failed: {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def clean_env(
    data_dir: Path, host: str = "", port: int = 8000, records: str = ""
) -> dict[str, str]:
    """This environment without ASSISTANT_* / CHROMA_*, then the data dir, chroma's and
    the records database."""
    # PYTHONDONTWRITEBYTECODE dropped: a cold start as an installed package has it, byte
    # code compiled once.
    skip = ("ASSISTANT_", "CHROMA_", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env |= {"ASSISTANT_DATA_DIR": str(data_dir), "ASSISTANT_LOG_LEVEL": "warning"}
    env |= {"ASSISTANT_RECORDS_URL": records} if records else {}
    return env | ({"CHROMA_HOST": host, "CHROMA_PORT": str(port)} if host else {})


def records_table_mb(records: str) -> float:
    """The records table in PostgreSQL, with its TOAST table and its index, MB."""
    if not records:
        return 0.0
    import psycopg

    with psycopg.connect(records) as conn:
        row = conn.execute("SELECT pg_total_relation_size('article_records')").fetchone()
    return int(row[0]) / 1e6 if row else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def peak_rss_mb(pid: int) -> float:
    """VmHWM of a live process, MB (0 when it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def chroma_server(path: Path) -> Iterator[tuple[int, int]]:
    """A `chroma run` server on loopback for the duration of the block: (port, pid)."""
    port = free_port()
    path.mkdir(parents=True, exist_ok=True)
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
        yield port, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextmanager
def served_store(folder: Path, n: int, postgres: bool) -> Iterator[tuple[int, int, Path, str]]:
    """A fresh `chroma run` server for size `n`, and with `postgres` a fresh PostgreSQL
    for its records: (chroma port, chroma pid, chroma's directory, records URL or "")."""
    server_dir = folder / f"chroma-server-{n}"
    with chroma_server(server_dir) as (port, pid):
        if not postgres:
            yield port, pid, server_dir, ""
            return
        from tests.postgres import start_postgres

        database = start_postgres()
        try:
            yield port, pid, server_dir, database.url
        finally:
            database.stop()


def measure(
    n: int,
    mode: str,
    tmp: Path,
    repeat: int,
    runs: int,
    host: str = "",
    port: int = 8000,
    server_dir: Path | None = None,
    records: str = "",
) -> Row:
    from assistant.engine import Engine
    from assistant.settings import Settings

    check_turn = load_module("score", SCORE).check_turn
    row = Row(n, mode)
    corpus = ensure_corpus(n)
    row.text_kb = sum(p.stat().st_size for p in corpus.glob("*.txt")) / n / 1000
    data_dir = tmp / f"data-{mode}-{n}"
    print(f"[{n} {mode}] ingesting {corpus} ...", file=sys.stderr, flush=True)
    got = run_ingest(data_dir, host, port, [corpus], records)
    row.ingest_s, row.process_s = got["ingest_s"], got["process_s"]
    row.rss_self_mb, row.rss_workers_mb = got["rss_self_kb"] / 1024, got["rss_workers_kb"] / 1024
    row.failed_files = len(got["failed"])
    row.records_db_mb = records_table_mb(records)
    print(f"[{n} {mode}] ingested in {row.ingest_s:.1f}s", file=sys.stderr, flush=True)

    cases = yaml.safe_load((corpus / "planted.yaml").read_text(encoding="utf-8")) or []
    start = time.perf_counter()
    engine = Engine.open(
        Settings(
            data_dir=data_dir,
            chroma_host=host or None,
            chroma_port=port,
            records_url=records or None,
        )
    )
    row.first_open_s = time.perf_counter() - start
    # On disk once the first open has built the snapshot and what is derived from it:
    # every index included (measured before it, the snapshot's files were left out).
    row.disk_mb = du_mb(data_dir)
    row.server_disk_mb = du_mb(server_dir) if server_dir else 0.0
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

    imports: list[float] = []
    for _ in range(runs):
        opened = child_json(OPEN_SNIPPET, str(data_dir), host, str(port), records)
        row.open_runs.append(opened["open_s"])
        imports.append(opened["import_s"])
    row.open_s, row.import_s = statistics.median(row.open_runs), statistics.median(imports)
    question = cases[0]["turns"][0]["ask"]
    env = clean_env(data_dir, host, port, records)
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([str(ASSISTANT), "ask", question], env=env, capture_output=True, check=True)
        row.cold_runs.append(time.perf_counter() - t)
    row.cold_s = statistics.median(row.cold_runs)
    serve = child_json(SERVE_SNIPPET, str(data_dir), host, str(port), records, question)
    row.serve_rss_mb = serve["rss_kb"] / 1024

    extra = extra_articles(tmp / f"extra-{mode}-{n}")
    got = run_ingest(data_dir, host, port, [extra], records)
    row.incr_ingest_s, row.incr_process_s, row.incr_added = (
        got["ingest_s"],
        got["process_s"],
        got["added"],
    )
    print(f"[{n} {mode}] measured in-process and cold", file=sys.stderr, flush=True)
    return row


def correct(reply: dict[str, Any], name: str) -> bool:
    """The reply to « Qui est <name> ? » names the role the fresh article gives."""
    text = json.dumps(reply, ensure_ascii=False)
    return bool(reply.get("answered")) and FRESH_ROLE in text and name.split()[-1] in text


def measure_freshness(
    row: Row, tmp: Path, host: str, port: int, fresh_runs: int, timeout: float, records: str = ""
) -> None:
    """Two `assistant serve` replicas (A, B) on the chroma server, each with a fresh data
    directory; per run, a new article ingested by `assistant ingest` in a third process,
    then server B asked about it until it answers right: the time from the end of that
    ingest to B's first correct answer. Server A is asked once afterwards."""
    import httpx

    bench_api = load_module("bench_api", ROOT / "benchmarks" / "bench_api.py")
    work = tmp / f"fresh-{row.mode}-{row.size}"
    work.mkdir()
    servers = []
    try:
        for name in ("A", "B"):
            server_port = free_port()
            argv = [str(ASSISTANT), "serve", "--host", "127.0.0.1", "--port", str(server_port)]
            env = clean_env(work / f"data-{name}", host, port, records)
            print(f"[{row.size} {row.mode}] starting replica {name} ...", file=sys.stderr,
                  flush=True)  # fmt: skip
            servers.append(bench_api.start(name, argv, server_port, env, work, timeout=timeout))
            row.replica_ready_s.append(servers[-1].ready_after)
        a, b = servers

        def ask(server: Any, message: str) -> dict[str, Any]:
            response = httpx.post(
                f"{server.url}/v1/chat", json={"message": message}, timeout=timeout
            )
            response.raise_for_status()
            result: dict[str, Any] = response.json()
            return result

        for k in range(fresh_runs):
            name = FRESH_NAMES[k % len(FRESH_NAMES)]
            question = f"Qui est {name} ?"
            if correct(ask(b, question), name) or correct(ask(a, question), name):
                raise RuntimeError(f"{name} is answered before its article is ingested")
            folder = work / f"article-{k}"
            folder.mkdir()
            article = FRESH_ARTICLE.format(k=k + 1, day=k % 27 + 1, name=name)
            (folder / f"9999{k}_{k:016x}.txt").write_text(article, encoding="utf-8")
            started = time.perf_counter()
            done = subprocess.run(
                [str(ASSISTANT), "ingest", str(folder)],
                env=clean_env(work / "data-ingester", host, port, records),
                capture_output=True, text=True, check=False, timeout=timeout,
            )  # fmt: skip
            ended = time.perf_counter()
            if done.returncode != 0:
                raise RuntimeError(f"assistant ingest failed: {done.stderr[-2000:]}")
            polls = 0
            while True:
                polls += 1
                if correct(ask(b, question), name):
                    break
                if time.perf_counter() - ended > timeout:
                    raise RuntimeError(f"server B never answered {question!r}")
                time.sleep(0.05)
            row.fresh_runs.append(time.perf_counter() - ended)
            row.fresh_ingest_runs.append(ended - started)
            row.fresh_polls.append(polls)
            row.fresh_a_ok += correct(ask(a, question), name)
            print(
                f"[{row.size} {row.mode}] fresh run {k + 1}: {row.fresh_runs[-1]:.2f} s, "
                f"{polls} polls",
                file=sys.stderr,
                flush=True,
            )
        row.fresh_s = statistics.median(row.fresh_runs)
        row.replica_rss_mb = max(peak_rss_mb(pid) for pid in b.worker_pids())
    finally:
        for server in servers:
            server.stop()


# -- report ----------------------------------------------------------------------------


def ok(good: bool) -> str:
    return "met" if good else "**MISSED**"


@dataclass
class Figure:
    """One line of the goals table: how to read it from a row, and its goal."""

    name: str
    unit: str
    get: Callable[[Row], float]
    goal: float | None = None
    higher_is_better: bool = False
    goal_at: int | None = None  # None: the goal holds at every size
    server_only: bool = False
    digits: int = 2

    def fmt(self, value: float | None) -> str:
        if value is None:
            return "–"
        return f"{value:,.{self.digits}f} {self.unit}".strip()

    def goal_text(self) -> str:
        if self.goal is None:
            return "–"
        sign = "≥" if self.higher_is_better else "≤"
        where = f" at {self.goal_at:,}" if self.goal_at else ""
        return f"{sign} {self.fmt(self.goal)}{where}"

    def missed(self, value: float | None, size: int | None) -> bool:
        """Whether a value misses the goal at that size (None: the extrapolated value)."""
        if value is None or self.goal is None:
            return False
        if size is not None and self.goal_at is not None and size < self.goal_at:
            return False  # the goal is set at a larger size
        return not meets(value, self.goal, self.higher_is_better)


FIGURES = [
    Figure("`Engine.open`, fresh process (median)", "s", lambda r: r.open_s, GOAL_OPEN),
    Figure("cold `assistant ask` (median)", "s", lambda r: r.cold_s, GOAL_COLD),
    Figure("serving peak RSS (engine + one reply)", "MB", lambda r: r.serve_rss_mb, GOAL_RSS,
           goal_at=GOAL_AT, digits=0),
    Figure("reply p50, in-process", "ms", lambda r: r.p50, GOAL_P50, goal_at=GOAL_AT),
    Figure("reply p99, in-process", "ms", lambda r: r.p99, GOAL_P99, goal_at=GOAL_AT),
    Figure("ingest rate", "articles/s", lambda r: r.rate, GOAL_RATE, higher_is_better=True,
           digits=1),
    Figure("disk per article (generated text)", "kB", lambda r: r.disk_kb, GOAL_DISK, digits=0),
    Figure("mean generated text per article", "kB", lambda r: r.text_kb, digits=1),
    Figure("disk per article, scaled to 8 kB of text", "kB",
           lambda r: r.disk_kb * 8 / r.text_kb if r.text_kb else 0.0, GOAL_DISK, digits=0),
    Figure("ingest on one process → answer on another server (median)", "s",
           lambda r: r.fresh_s, GOAL_FRESH, server_only=True),
    Figure("replica ready, fresh data dir (slower of two)", "s",
           lambda r: max(r.replica_ready_s, default=0.0), server_only=True, digits=1),
    Figure("`assistant serve` replica peak RSS", "MB", lambda r: r.replica_rss_mb,
           server_only=True, digits=0),
    Figure("`chroma run` server peak RSS", "MB", lambda r: r.chroma_rss_mb, server_only=True,
           digits=0),
    Figure("ingest peak RSS (main + 2 workers)", "MB", lambda r: r.ingest_rss_mb, digits=0),
    Figure("store on disk", "MB", lambda r: r.store_mb, digits=0),
    Figure("full ingest time", "s", lambda r: r.ingest_s, digits=0),
    Figure("this bench's run time for the size", "s", lambda r: r.wall_s, digits=0),
]  # fmt: skip


def goals_table(rows: list[Row], mode: str, target: int = TARGET) -> list[str]:
    """The goals of issue 16 for one mode: every size measured, the fitted line, and the
    line's value at `target` articles."""
    mine = sorted((r for r in rows if r.mode == mode), key=lambda r: r.size)
    if not mine:
        return []
    sizes = [f"{r.size:,}" for r in mine]
    out = [
        f"| figure | goal | {' | '.join(sizes)} | fit a + b·N | at {target:,} (extrapolated) |",
        "|---|---|" + "---:|" * len(mine) + "---|---:|",
    ]
    for figure in FIGURES:
        if figure.server_only and not mode.startswith("server"):
            continue
        values = [figure.get(r) for r in mine]
        cells = [
            figure.fmt(v) + (" ✗" if figure.missed(v, r.size) else "")
            for v, r in zip(values, mine, strict=True)
        ]
        line = fit_line([float(r.size) for r in mine], values)
        where = at(line, target)
        fit = "–" if line is None else f"{line[0]:,.4g} + {line[1]:.4g}·N"
        if where is not None and where < 0:  # a falling line: noise, or fixed costs
            far = "– (the line falls below 0)"
        else:
            far = figure.fmt(where) + (" ✗" if figure.missed(where, None) else "")
        out.append(
            f"| {figure.name} | {figure.goal_text()} | {' | '.join(cells)} | {fit} | {far} |"
        )
    return out


def machine() -> tuple[float, float]:
    """This machine's memory and the free disk under bench-data, in MB."""
    memory = 0.0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = int(line.split()[1]) / 1024
    where = BENCH_DATA if BENCH_DATA.exists() else ROOT
    return memory, shutil.disk_usage(where).free / 1e6


def run_out(rows: list[Row], mode: str, memory_mb: float, disk_mb: float) -> str:
    mine = [r for r in rows if r.mode == mode]
    xs = [float(r.size) for r in mine]
    if len(set(xs)) < 2:
        return "One size measured: no line to extrapolate, so nothing said of what runs out."

    def limit(get: Callable[[Row], float], capacity: float) -> float | None:
        return crossing(fit_line(xs, [get(r) for r in mine]), capacity)

    # Memory: whichever single process reaches the machine's memory first.
    serving = [limit(lambda r: r.serve_rss_mb, memory_mb), limit(lambda r: r.ingest_rss_mb,
               memory_mb)]  # fmt: skip
    if mode.startswith("server"):
        serving.append(limit(lambda r: r.chroma_rss_mb, memory_mb))
    known = [n for n in serving if n is not None]
    gb = memory_mb / 1024
    limits = {
        f"memory ({gb:.0f} GB, by one serving, ingesting or chroma process)": min(known)
        if known
        else None,
        f"disk ({disk_mb / 1e3:,.0f} GB free)": limit(lambda r: r.store_mb, disk_mb),
    }
    hours = at(fit_line(xs, [r.ingest_s for r in mine]), TARGET)
    cpu = (
        f" The 2 cores: ingesting {TARGET:,} articles takes about {hours / 3600:.1f} h by the "
        "ingest-time line."
        if hours
        else ""
    )
    return run_out_sentence(limits) + cpu


def report(rows: list[Row], command: str, notes: list[str]) -> str:
    def label(r: Row) -> str:
        return f"{r.size:,} ({r.mode})"

    memory_mb, disk_free_mb = machine()
    out = [
        "# Scale benchmark",
        "",
        f"Command: `{command}`  ",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M UTC}; host: {os.cpu_count()} CPUs, "
        f"{memory_mb / 1024:.0f} GB RAM, {disk_free_mb / 1e3:,.0f} GB disk free, "
        f"Python {sys.version.split()[0]}. Corpus: `benchmarks/gen_corpus.py --seed {SEED}`; "
        "questions: the corpus's `planted.yaml`.",
        "",
        "## Issue 16's goals, and the curves at 100,000 articles",
        "",
        "Each figure at every size measured (✗: misses its goal at a size where the goal "
        "holds), the straight line a + b·N fitted to the sizes measured (least squares; "
        "with two sizes the line through them), and that line at 100,000 articles. A line "
        "through small sizes is dominated by fixed costs (model loading, start-up): its "
        "slope only means something from 1,000 articles on. Timings are medians of "
        "--runs fresh processes on a shared 2-core machine.",
    ]
    for mode in ("embedded", "server", "server+postgres"):
        table = goals_table(rows, mode)
        if table:
            out += ["", f"### {mode}", "", *table, "", run_out(rows, mode, memory_mb, disk_free_mb)]
    out += [
        "",
        f"## Ingest throughput (goal ≥ {GOAL_RATE:g} articles/s)",
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
        f"## Peak memory (goal: serving ≤ {GOAL_RSS:g} MB at {GOAL_AT:,})",
        "",
        "| articles | ingest peak RSS (main) | ingest peak RSS (largest NER worker) "
        "| engine serving peak RSS | RSS growth vs smallest | corpus growth | goal |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    base = {
        m: min((r for r in rows if r.mode == m), key=lambda r: r.size)
        for m in {r.mode for r in rows}
    }
    for r in rows:
        b = base[r.mode]
        growth = r.serve_rss_mb / b.serve_rss_mb if b.serve_rss_mb else 0
        goal = ok(r.serve_rss_mb <= GOAL_RSS) if r.size >= GOAL_AT else f"(set at {GOAL_AT:,})"
        out.append(
            f"| {label(r)} | {r.rss_self_mb:.0f} MB | {r.rss_workers_mb:.0f} MB "
            f"| {r.serve_rss_mb:.0f} MB | ×{growth:.2f} | ×{r.size / b.size:g} | {goal} |"
        )
    out += [
        "",
        f"## Store size on disk (goal ≤ {GOAL_DISK:g} kB per article)",
        "",
        "| articles | data dir | chroma server dir | PostgreSQL records table | per article "
        "| mean text per article | per article, scaled to 8 kB of text | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        server = f"{r.server_disk_mb:.1f} MB" if r.mode.startswith("server") else "–"
        table = f"{r.records_db_mb:.1f} MB" if r.mode == "server+postgres" else "–"
        scaled = r.disk_kb * 8 / r.text_kb if r.text_kb else 0.0
        out.append(
            f"| {label(r)} | {r.disk_mb:.1f} MB | {server} | {table} | {r.disk_kb:.0f} kB "
            f"| {r.text_kb:.1f} kB | {scaled:.0f} kB | {ok(r.disk_kb <= GOAL_DISK)} |"
        )
    out += [
        "",
        f"## Reply latency, in-process (goal at {GOAL_AT:,}: p50 ≤ {GOAL_P50:g} ms, "
        f"p99 ≤ {GOAL_P99:g} ms)",
        "",
        "| articles | replies | p50 | p99 | goal |",
        "|---|---:|---:|---:|---|",
    ]
    for r in rows:
        good = r.p50 <= GOAL_P50 and r.p99 <= GOAL_P99
        note = "" if r.size >= GOAL_AT else f" (goal is set at {GOAL_AT:,})"
        out.append(
            f"| {label(r)} | {r.replies} | {r.p50:.2f} ms | {r.p99:.2f} ms | {ok(good)}{note} |"
        )
    out += [
        "",
        f"## Start-up: `Engine.open` and `assistant ask` in fresh processes "
        f"(goal ≤ {GOAL_OPEN:g} s each)",
        "",
        "`Engine.open` is timed inside a fresh process after its imports (timed apart); the "
        "cold ask is the whole `assistant ask` process, wall time. Both find the snapshot "
        "cache the bench's own first open wrote (its time in the last column).",
        "",
        "| articles | Engine.open (median) | runs | imports | goal | `assistant ask` (median) "
        "| runs | goal | first open after the ingest |",
        "|---|---:|---|---:|---|---:|---|---|---:|",
    ]
    for r in rows:
        opens = ", ".join(f"{t:.2f}" for t in r.open_runs)
        runs = ", ".join(f"{t:.2f}" for t in r.cold_runs)
        out.append(
            f"| {label(r)} | {r.open_s:.2f} s | {opens} | {r.import_s:.2f} s "
            f"| {ok(r.open_s <= GOAL_OPEN)} | {r.cold_s:.2f} s | {runs} "
            f"| {ok(r.cold_s <= GOAL_COLD)} | {r.first_open_s:.2f} s |"
        )
    served = [r for r in rows if r.fresh_runs]
    if served:
        out += [
            "",
            f"## Freshness across replicas (goal ≤ {GOAL_FRESH:g} s)",
            "",
            "Two `assistant serve` processes (A, B) on the size's `chroma run` server, each "
            "with its own fresh data directory; per run an invented one-article file "
            "(« Qui est <name> ? » answers with the role it gives) is ingested by "
            "`assistant ingest` in a third process, then B is asked every 50 ms from the end "
            "of that process until it answers right. One poll means B's first request "
            "after the ingest already answered: the time is that request's, which waits for "
            "B to see the store's new generation and re-read the store.",
            "",
            "| articles | ingest end → B answers (median) | runs | polls | "
            "`assistant ingest` wall | A answers too | replicas ready after | goal |",
            "|---|---:|---|---|---|---:|---|---|",
        ]
        for r in served:
            fresh = ", ".join(f"{t:.2f}" for t in r.fresh_runs)
            polls = ", ".join(map(str, r.fresh_polls))
            walls = ", ".join(f"{t:.1f}" for t in r.fresh_ingest_runs)
            ready = ", ".join(f"{t:.1f} s" for t in r.replica_ready_s)
            out.append(
                f"| {label(r)} | {r.fresh_s:.2f} s | {fresh} | {polls} | {walls} s "
                f"| {r.fresh_a_ok}/{len(r.fresh_runs)} | {ready} | {ok(r.fresh_s <= GOAL_FRESH)} |"
            )
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
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="comma-separated corpus sizes")
    parser.add_argument("--server", action="store_true", help="also run against a chroma server")
    parser.add_argument(
        "--postgres", action="store_true",
        help="also run against a chroma server with the article records in PostgreSQL",
    )  # fmt: skip
    parser.add_argument("--repeat", type=int, default=20, help="latency passes over planted.yaml")
    parser.add_argument("--runs", type=int, default=3, help="fresh-process start-up runs per size")
    parser.add_argument("--fresh-runs", type=int, default=3, help="freshness runs per size")
    parser.add_argument(
        "--timeout", type=float, default=1800.0,
        help="seconds a replica may take to be ready, or to answer a new article",
    )  # fmt: skip
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
    if not SCORE.exists():
        parser.error(f"{SCORE} (the planted questions' scorer) is not there")

    rows: list[Row] = []
    for path in args.include:
        rows += [Row(**r) for r in json.loads(path.read_text(encoding="utf-8"))]

    def save() -> None:  # after every size, so a long run that fails keeps what it measured
        print(report(rows, command.strip(), args.note), file=sys.stderr)
        if args.save_rows:
            args.save_rows.write_text(json.dumps([asdict(r) for r in rows]), encoding="utf-8")

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp_name:
        tmp = Path(tmp_name)
        for n in sizes if not args.server_only else []:
            started = time.perf_counter()
            rows.append(measure(n, "embedded", tmp, args.repeat, args.runs))
            rows[-1].wall_s = time.perf_counter() - started
            print(f"[{n} embedded] took {rows[-1].wall_s:.0f} s", file=sys.stderr)
            save()
        modes = ["server"] if args.server or args.server_only else []
        modes += ["server+postgres"] if args.postgres else []
        for mode in modes:
            for n in sizes:
                started = time.perf_counter()
                with served_store(tmp / mode, n, mode == "server+postgres") as (
                    port, pid, server_dir, records,
                ):  # fmt: skip
                    row = measure(
                        n, mode, tmp, args.repeat, args.runs, "127.0.0.1", port, server_dir,
                        records,
                    )  # fmt: skip
                    measure_freshness(
                        row, tmp, "127.0.0.1", port, args.fresh_runs, args.timeout, records
                    )
                    row.chroma_rss_mb = peak_rss_mb(pid)
                row.wall_s = time.perf_counter() - started
                rows.append(row)
                print(f"[{n} {mode}] took {row.wall_s:.0f} s", file=sys.stderr)
                save()
    text = report(rows, command.strip(), args.note)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
