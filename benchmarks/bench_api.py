"""API load: POST /v1/chat throughput and latency at several concurrencies, against a bare
FastAPI endpoint returning a constant in the same run, on loopback.

    python benchmarks/bench_api.py [--requests 400] [--concurrency 1,16,64] [--repeats 3]
                                   [--workers 1] [--data-dir DIR] [--out FILE]

Starts `assistant serve` (building the built-in corpus into a temporary data directory
unless --data-dir holds one) and a bare uvicorn app with the same worker count, each on a
free loopback port, then drives both with the same bounded asyncio httpx client: at each
concurrency C, C virtual users, each with its own connection and session, walk the
dialogues of ``shared/eval/questions.yaml`` in order until --requests requests are done
(after a warm-up of 2*C on the same connections). Any non-200 answer or transport error
counts as an error. The servers' resident memory per worker is read from /proc after the
load. Prints a Markdown table and writes it to --out (benchmarks/results/api.md). The load
client shares the machine's CPUs with the server: the bare endpoint's numbers show where
the client itself becomes the limit.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT.parent / "shared" / "eval" / "questions.yaml"
FALLBACK_QUESTIONS = ["Bonjour", "Aide", "Qui est le président ?", "Et en 2017 ?"]

BARE_APP = """
import sys
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel

class ChatRequest(BaseModel):
    message: str
    session_id: str | None = None

app = FastAPI()
CONSTANT = {"session_id": "s", "reply": "ok", "lang": "fr", "intent": "smalltalk",
            "tool": None, "answered": True, "results": [], "citations": []}

@app.post("/v1/chat")
async def chat(body: ChatRequest) -> dict:
    return CONSTANT

@app.get("/readyz")
async def readyz() -> dict:
    return {"status": "ready"}

if __name__ == "__main__":
    port, workers = int(sys.argv[1]), int(sys.argv[2])
    uvicorn.run("bare:app", host="127.0.0.1", port=port,
                workers=workers, log_level="warning", access_log=False)
"""


# -- servers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    ready_after: float = 0.0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def worker_pids(self) -> list[int]:
        """uvicorn's worker processes, or the server process itself when it has none."""
        children: list[int] = []
        task_dir = Path(f"/proc/{self.process.pid}/task")
        for task in task_dir.iterdir() if task_dir.exists() else []:
            text = (task / "children").read_text().split()
            children.extend(int(pid) for pid in text)
        # With --workers > 1 the parent also starts a multiprocessing resource tracker.
        workers = [pid for pid in children if "resource_tracker" not in _cmdline(pid)]
        return workers or [self.process.pid]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def rss_mib(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of a process, MiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def start(
    name: str, argv: list[str], port: int, env: dict[str, str], cwd: Path, timeout: float = 300.0
) -> Server:
    log = open(cwd / f"{name}.log", "wb")  # noqa: SIM115 - kept open for the server's life
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(name, f"http://127.0.0.1:{port}", process)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {(cwd / f'{name}.log').read_text()[-2000:]}")
        try:
            if httpx.get(f"{server.url}/readyz", timeout=2).status_code == 200:
                server.ready_after = time.perf_counter() - started
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{name} was not ready after {timeout:.0f} s")


# -- load ------------------------------------------------------------------------------


@dataclass
class Run:
    concurrency: int
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        rank = max(1, min(len(ordered), int(round(q / 100 * len(ordered) + 0.5))))
        return ordered[rank - 1]


def questions() -> list[list[str]]:
    """Dialogues (lists of turns) to replay; each virtual user walks them in order."""
    if not QUESTIONS.exists():
        return [FALLBACK_QUESTIONS]
    cases: list[dict[str, Any]] = yaml.safe_load(QUESTIONS.read_text("utf-8")) or []
    return [[t["ask"] for t in case["turns"]] for case in cases] or [FALLBACK_QUESTIONS]


async def load(
    clients: list[httpx.AsyncClient], total: int, dialogues: list[list[str]], tag: str
) -> Run:
    """One virtual user per client, each with its own session, sharing `total` requests."""
    run = Run(len(clients))
    remaining = total

    async def user(number: int, http: httpx.AsyncClient) -> None:
        nonlocal remaining
        dialogue_index, turn = number % len(dialogues), 0
        session = f"bench-{tag}-{len(clients)}-{number}-0"
        while remaining > 0:
            remaining -= 1
            dialogue = dialogues[dialogue_index]
            body = {"message": dialogue[turn], "session_id": session}
            began = time.perf_counter()
            try:
                response = await http.post("/v1/chat", json=body)
                ok = response.status_code == 200
                problem = f"HTTP {response.status_code}: {response.text[:200]}"
            except httpx.HTTPError as err:
                ok, problem = False, f"{type(err).__name__}: {err}"
            if ok:
                run.latencies_ms.append((time.perf_counter() - began) * 1000)
            else:
                run.errors += 1
                run.first_error = run.first_error or problem
            turn += 1
            if turn == len(dialogue):  # next dialogue, in a fresh session
                dialogue_index, turn = (dialogue_index + 1) % len(dialogues), 0
                session = f"bench-{tag}-{len(clients)}-{number}-{time.perf_counter_ns()}"

    began = time.perf_counter()
    await asyncio.gather(*(user(i, http) for i, http in enumerate(clients)))
    run.seconds = time.perf_counter() - began
    return run


async def warm_then_load(
    url: str, concurrency: int, total: int, dialogues: list[list[str]], tag: str
) -> Run:
    """Each virtual user has its own client and keep-alive connection: one shared pool of
    64 connections costs the client more CPU than the server it measures. The warm-up
    opens the connections, so the run measures requests, not connection set-up."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(
                httpx.AsyncClient(base_url=url, limits=limits, timeout=120)
            )
            for _ in range(concurrency)
        ]
        await load(clients, 2 * concurrency, dialogues, f"warm-{tag}")
        return await load(clients, total, dialogues, tag)


def measure(
    servers: list[Server], levels: list[int], requests: int, repeats: int
) -> list[list[Run]]:
    """Per server, one run per level: the median (by throughput) of `repeats` runs. Servers
    take turns at each level, so both see the same background load on a shared host."""
    dialogues = questions()
    results: list[list[Run]] = [[] for _ in servers]
    for concurrency in levels:
        total = max(requests, 10 * concurrency)
        tries: list[list[Run]] = [[] for _ in servers]
        for repeat in range(repeats):
            for index, server in enumerate(servers):
                run = warm_then_load(server.url, concurrency, total, dialogues, f"{index}-{repeat}")
                tries[index].append(asyncio.run(run))
        for index, runs in enumerate(tries):
            runs.sort(key=lambda r: r.throughput)
            median = runs[len(runs) // 2]
            median.errors = sum(r.errors for r in runs)
            median.first_error = next((r.first_error for r in runs if r.errors), "")
            results[index].append(median)
    return results


# -- report ----------------------------------------------------------------------------


def table(assistant: list[Run], bare: list[Run]) -> list[str]:
    lines = [
        "| concurrency | requests | assistant req/s | p50 ms | p99 ms | errors "
        "| bare req/s | bare p50 ms | bare p99 ms | bare errors | throughput ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for a, b in zip(assistant, bare, strict=True):
        ratio = a.throughput / b.throughput if b.throughput else float("nan")
        lines.append(
            f"| {a.concurrency} | {len(a.latencies_ms) + a.errors} | {a.throughput:,.0f} "
            f"| {a.percentile(50):.1f} | {a.percentile(99):.1f} | {a.errors} "
            f"| {b.throughput:,.0f} | {b.percentile(50):.1f} | {b.percentile(99):.1f} "
            f"| {b.errors} | {ratio:.2f} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per concurrency")
    parser.add_argument("--concurrency", default="1,16,64", help="comma-separated levels")
    parser.add_argument("--repeats", type=int, default=3, help="runs per level; the median counts")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers per server")
    parser.add_argument("--data-dir", type=Path, help="reuse this data directory")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/api.md")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]

    scratch = Path(tempfile.mkdtemp(prefix="bench-api-"))
    data_dir = args.data_dir or scratch / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env |= {
        "ASSISTANT_DATA_DIR": str(data_dir),
        "ASSISTANT_LOG_LEVEL": "warning",
        "PYTHONPATH": str(ROOT),
    }
    (scratch / "bare.py").write_text(BARE_APP)

    load_before = os.getloadavg()[0]
    serve = [sys.executable, "-m", "assistant.cli.main", "serve", "--workers", str(args.workers)]
    build_seconds = None
    if args.data_dir is None:  # build the index first, so the measured workers did not ingest
        port = free_port()
        builder = start("build", [*serve, "--port", str(port)], port, env, scratch)
        builder.stop()
        build_seconds = builder.ready_after
    port = free_port()
    assistant = start("assistant", [*serve, "--port", str(port)], port, env, scratch)
    bare_port = free_port()
    bare = start(
        "bare",
        [sys.executable, str(scratch / "bare.py"), str(bare_port), str(args.workers)],
        bare_port,
        env | {"PYTHONPATH": str(scratch)},
        scratch,
    )
    try:
        print(f"assistant ready after {assistant.ready_after:.1f} s; measuring…", file=sys.stderr)
        assistant_runs, bare_runs = measure([assistant, bare], levels, args.requests, args.repeats)
        memory = [(pid, *rss_mib(pid)) for pid in assistant.worker_pids()]
        bare_memory = [rss_mib(pid)[0] for pid in bare.worker_pids()]
    finally:
        assistant.stop()
        bare.stop()

    errors = sum(r.errors for r in assistant_runs + bare_runs)
    report = [
        "# API benchmark",
        "",
        f"Command: `python benchmarks/bench_api.py --requests {args.requests} --concurrency "
        f"{args.concurrency} --repeats {args.repeats} --workers {args.workers}` "
        "(`make bench-api`)  ",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, host: {os.cpu_count()} CPUs, Python "
        f"{sys.version.split()[0]}, load client on the same host (loopback), load average "
        f"{load_before:.1f} before the run  ",
        f"Server: `assistant serve --workers {args.workers}` over the built-in corpus, ready "
        f"{assistant.ready_after:.1f} s after start"
        + (
            f" (the index, built by a first start, took {build_seconds:.1f} s)"
            if build_seconds is not None
            else ""
        )
        + "; each virtual user "
        "has its own session and replays the dev dialogues in order.  ",
        "Bare: a FastAPI app with the same worker count whose POST /v1/chat validates the "
        "same body and returns a constant.",
        "",
        *table(assistant_runs, bare_runs),
        "",
        "Each row: the median of the runs by throughput (the two servers take turns, so they "
        "share the same background load); errors are summed over all runs. Throughput "
        "ratio = assistant req/s ÷ bare req/s at the same concurrency.  ",
        "Memory per assistant worker after the load: "
        + ", ".join(f"{rss:.0f} MiB resident (peak {peak:.0f} MiB)" for _, rss, peak in memory)
        + f"; bare worker: {statistics.mean(bare_memory):.0f} MiB.  ",
        f"Errors: {errors}"
        + (
            f" (first: {next(r.first_error for r in assistant_runs + bare_runs if r.errors)})"
            if errors
            else " — every request answered 200."
        ),
    ]
    text = "\n".join(report) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
