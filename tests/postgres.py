"""A real PostgreSQL server for the tests that share sessions between replicas: started
from Debian's `postgresql` package on a free loopback port, in a temporary folder, and
stopped after. (`.ci/run` installs the package when the machine lacks it.)"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

_START_TIMEOUT = 60.0


def _binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))), None
    )
    if found is None:
        raise RuntimeError(
            f"PostgreSQL's {name} is not installed: apt-get install postgresql "
            "(the session-sharing tests need a real server)"
        )
    return found


def _as_server_user() -> list[str]:
    # PostgreSQL refuses to run as root: as root, run it as the package's own user.
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@dataclass
class PostgresServer:
    url: str
    folder: Path
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        shutil.rmtree(self.folder, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_postgres() -> PostgresServer:
    """initdb a throwaway cluster and run it on loopback; returned once it accepts
    connections (trust authentication: loopback only). Its folder is made directly under
    the temporary directory, which the server's own user can reach (pytest's are 0700
    and root's), and removed by `stop`."""
    import psycopg

    folder = Path(tempfile.mkdtemp(prefix="assistant-pg-"))
    data, sockets = folder / "pgdata", folder / "sockets"
    sockets.mkdir(parents=True, exist_ok=True)
    runner = _as_server_user()
    if runner:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
    log = folder / "postgres.log"
    subprocess.run(
        [
            *runner,
            _binary("initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                *runner,
                _binary("postgres"),
                "-D",
                str(data),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-k",
                str(sockets),
                "-F",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = PostgresServer(
        f"postgresql://postgres@127.0.0.1:{port}/postgres", folder, process, log
    )
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            psycopg.connect(server.url, connect_timeout=2).close()
            return server
        except psycopg.OperationalError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"PostgreSQL did not start:\n{log.read_text(errors='replace')[-2000:]}")
