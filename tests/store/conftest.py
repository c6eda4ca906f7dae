"""Store fixtures: the same index and ingest tests run on the embedded chroma and on a server.

Tests that take `backend` (or a fixture built on it) run twice: `local` is a
`PersistentClient` in a temporary data directory, `server` a real `chroma run`
subprocess reached over HTTP on loopback. Two servers are started per session:
one holds the read-only ingested corpus, the other is wiped before each test
that writes (server collections outlive a test's temporary directory). A test that
writes may also run on `postgres` (`@pytest.mark.parametrize("backend", WITH_POSTGRES)`):
the scratch chroma server with the article records in a real PostgreSQL server
(tests/postgres.py), started once per session.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from store.ingest import builtin_corpus, ingest
from store.store import Store
from tests.postgres import PostgresServer, start_postgres

BACKENDS = ["local", "server"]
WITH_POSTGRES = [*BACKENDS, "postgres"]
_CHROMA = Path(sys.executable).with_name("chroma")
_START_TIMEOUT = 60.0


@dataclass
class ChromaServer:
    """A `chroma run` subprocess listening on 127.0.0.1."""

    host: str
    port: int
    path: Path
    process: subprocess.Popen[bytes]
    log: Path

    def client(self) -> Any:
        import chromadb
        from chromadb.config import Settings

        return chromadb.HttpClient(
            host=self.host, port=self.port, settings=Settings(anonymized_telemetry=False)
        )

    def wipe(self) -> None:
        """Delete every collection, so the next store opened on the server starts empty."""
        client = self.client()
        for collection in client.list_collections():
            client.delete_collection(collection.name)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_chroma_server(folder: Path) -> ChromaServer:
    """Start `chroma run` on a free loopback port and wait for its heartbeat."""
    host, port = "127.0.0.1", free_port()
    log = folder / "chroma.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                str(_CHROMA),
                "run",
                "--path",
                str(folder / "db"),
                "--host",
                host,
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = ChromaServer(host, port, folder, process, log)
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(f"http://{host}:{port}/api/v2/heartbeat", timeout=1.0).is_success:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"chroma server did not start on {host}:{port}:\n{log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """A chroma server holding the read-only ingested corpus (see `read_store`)."""
    server = start_chroma_server(tmp_path_factory.mktemp("chroma-read"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def scratch_chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """A chroma server for tests that write; `open_store` wipes it before each test."""
    server = start_chroma_server(tmp_path_factory.mktemp("chroma-scratch"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def records_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the article records of the `postgres` backend."""
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def server_ingested_store(
    chroma_server: ChromaServer, tmp_path_factory: pytest.TempPathFactory, vectors_dir: Path
) -> Store:
    """The built-in corpus ingested once into the `chroma_server`. Do not write to it."""
    store = Store.open(
        tmp_path_factory.mktemp("server-ingested"),
        chroma_host=chroma_server.host,
        chroma_port=chroma_server.port,
        vectors_dir=vectors_dir,
    )
    report = ingest(store)
    assert report.ok and len(report.added) == 5, report.summary()
    return store


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def read_store(backend: str, request: pytest.FixtureRequest) -> Store:
    """The built-in corpus, already ingested, on each backend. Read-only."""
    if backend == "local":
        return request.getfixturevalue("ingested_store")  # type: ignore[no-any-return]
    return request.getfixturevalue("server_ingested_store")  # type: ignore[no-any-return]


OpenStore = Callable[[], Store]


@pytest.fixture
def open_store(
    backend: str, tmp_path: Path, vectors_dir: Path, request: pytest.FixtureRequest
) -> OpenStore:
    """Opens a store that starts empty for this test; each call opens the same storage again,
    as a new process would."""
    data_dir = tmp_path / "data"
    if backend == "local":
        return lambda: Store.open(data_dir, vectors_dir=vectors_dir)
    server: ChromaServer = request.getfixturevalue("scratch_chroma_server")
    server.wipe()
    url = records_url(backend, request)
    return lambda: Store.open(
        data_dir,
        chroma_host=server.host,
        chroma_port=server.port,
        vectors_dir=vectors_dir,
        records_url=url,
    )


def records_url(backend: str, request: pytest.FixtureRequest) -> str | None:
    """The records database of the `postgres` backend (None for the others). The rows of
    a wiped chroma server's store are keyed by its new records collection: none is seen."""
    if backend != "postgres":
        return None
    server: PostgresServer = request.getfixturevalue("records_postgres")
    return server.url


@pytest.fixture
def raw_client(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[], Any]:
    """Opens a chroma client of the `open_store` storage of its own."""

    def client() -> Any:
        if backend == "local":
            import chromadb
            from chromadb.config import Settings

            return chromadb.PersistentClient(
                path=str(tmp_path / "data" / "chroma"),
                settings=Settings(anonymized_telemetry=False),
            )
        return request.getfixturevalue("scratch_chroma_server").client()

    return client


@pytest.fixture
def raw_collection(raw_client: Callable[[], Any]) -> Callable[[str], Any]:
    """Opens a chroma collection of the `open_store` storage with a client of its own."""

    def collection(name: str) -> Any:
        return raw_client().get_collection(name)

    return collection


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A writable copy of the built-in corpus (the installed files are read-only)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for source in sorted(builtin_corpus().glob("*.txt")):
        target = folder / source.name
        shutil.copyfile(source, target)
        target.chmod(0o644)
    return folder
