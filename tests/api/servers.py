"""What the API, client and MCP tests share: one engine over the built-in corpus (opened
once: the first ingest costs seconds), copies of its data directory for servers started
in subprocesses, and a live uvicorn server on a free loopback port."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.engine import Engine
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
_cache: dict[str, Any] = {}


def shared_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """One engine per test run, whichever test module asks first."""
    if "engine" not in _cache:
        data_dir = tmp_path_factory.mktemp("api-data")
        _cache["engine"] = Engine.open(Settings(data_dir=data_dir))
    engine: Engine = _cache["engine"]
    return engine


def data_dir_copy(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A fresh data directory holding the shared engine's index but none of its sessions,
    so a server in another process starts without ingesting and without sharing files."""
    source = shared_engine(tmp_path_factory).settings.data_dir
    target = tmp_path_factory.mktemp(name) / "data"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("sessions.sqlite3*", ".*lock"))
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def subprocess_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "CHROMA_"))}
    env.update(ASSISTANT_DATA_DIR=str(data_dir), ASSISTANT_LOG_LEVEL="warning", **extra)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    data_dir: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_server(
    tmp_path_factory: pytest.TempPathFactory,
    workers: int = 1,
    timeout: float = 120.0,
    **env: str,
) -> LiveServer:
    """`assistant serve` in a subprocess on a free loopback port, returned once /readyz is 200."""
    data_dir = data_dir_copy(tmp_path_factory, "live")
    log = data_dir.parent / "server.log"
    for _attempt in range(3):  # another process may take the free port before the server binds
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "assistant.cli.main",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ]
        with open(log, "wb") as out:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=subprocess_env(data_dir, **env),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        server = LiveServer(f"http://127.0.0.1:{port}", process, log, data_dir)
        if _wait_ready(server, timeout):
            return server
        server.stop()
        if "address already in use" not in log.read_text(errors="replace").lower():
            break
    raise RuntimeError(f"the live server did not become ready:\n{log.read_text(errors='replace')}")


def _wait_ready(server: LiveServer, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            if httpx.get(f"{server.url}/readyz", timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    return False


def shared_live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> LiveServer:
    """One live server per test run, stopped when the session ends."""
    if "live" not in _cache:
        server = start_server(tmp_path_factory, workers=2)
        _cache["live"] = server
        request.session.config.add_cleanup(server.stop)
    live: LiveServer = _cache["live"]
    return live
