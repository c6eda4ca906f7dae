"""The store needs no network: a first run ingests and searches with only loopback reachable."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Any

import pytest

from store.ingest import ingest
from store.store import Store

_LOCAL_NAMES = {"localhost", "ip6-localhost"}


def _is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def block_network(monkeypatch: pytest.MonkeyPatch, attempts: list[str]) -> None:
    """Make every connection or name lookup to a non-loopback host fail, and record it."""

    def refuse(what: str) -> OSError:
        attempts.append(what)
        return OSError(f"network blocked by the test: {what}")

    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex
    create_connection, getaddrinfo = socket.create_connection, socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            raise refuse(f"connect {address}")
        connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            raise refuse(f"connect_ex {address}")
        return connect_ex(self, address)

    def guarded_create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        if not _is_loopback(address[0]):
            raise refuse(f"create_connection {address}")
        return create_connection(address, *args, **kwargs)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback(host if isinstance(host, str) else host.decode()):
            raise refuse(f"getaddrinfo {host}")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "create_connection", guarded_create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)


def test_the_guard_refuses_the_network_and_allows_loopback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attempts: list[str] = []
    block_network(monkeypatch, attempts)
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("93.184.216.34", 80), timeout=1)
    with pytest.raises(OSError, match="blocked"):
        socket.getaddrinfo("example.com", 443)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        socket.create_connection(server.getsockname(), timeout=1).close()
    assert len(attempts) == 2


def test_a_first_run_ingests_and_searches_the_built_in_corpus_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[str] = []
    block_network(monkeypatch, attempts)
    # A fresh data directory and a fresh word-vector cache, as on a new machine.
    store = Store.open(tmp_path / "data", vectors_dir=tmp_path / "vectors")
    report = ingest(store)
    assert report.ok and len(report.added) == 5, report.summary()

    hits = store.search("Qui dirige le Service fédéral de sécurité russe ?", k=5)
    assert any("Alexander Bortnikov" in h.passage.text for h in hits)
    dense = store.search("coopération militaire et défense", k=3, lexical=False)
    assert len(dense) == 3
    reopened = Store.open(tmp_path / "data", vectors_dir=tmp_path / "vectors")
    assert len(reopened.articles()) == 5
    assert attempts == [], f"the store tried to reach the network: {attempts}"


def test_pages_feeds_and_exports_are_read_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, vectors_dir: Path
) -> None:
    """trafilatura, htmldate and feedparser see URLs in every page and feed: none of them
    may fetch one."""
    formats = Path(__file__).resolve().parents[1] / "data" / "formats"
    attempts: list[str] = []
    block_network(monkeypatch, attempts)
    store = Store.open(tmp_path / "data", vectors_dir=vectors_dir)
    paths = [formats / "pages", formats / "feed.rss", formats / "feed.atom"]
    report = ingest(store, [*paths, formats / "export.jsonl"])
    assert len(report.added) >= 10, report.summary()
    assert attempts == [], f"reading the formats tried to reach the network: {attempts}"
