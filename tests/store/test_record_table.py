"""Article records in PostgreSQL (`RecordTable`), for a chroma server deployment that has
a database: tested against a real `chroma run` server and a real PostgreSQL server
started for the session (tests/store/conftest.py, tests/postgres.py), not mocks.

The store's own specification (commit semantics, a killed ingest, removal, snapshot
updates) also runs on this backend: the tests of test_index.py and test_ingest.py
parametrized with `WITH_POSTGRES`."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from store.errors import StoreError
from store.ingest import builtin_corpus
from store.models import Article
from store.parse import load_article
from store.record_store import KEPT_IN, POSTGRESQL, RecordTable, pack, unpack
from store.records import article_payload
from store.store import Store
from tests.postgres import PostgresServer
from tests.store.conftest import ChromaServer

A003 = "003_3d485451dd2f1f97"
A004 = "004_5a294bfd1c110c67"
Opener = Callable[..., Store]


@pytest.fixture(scope="module")
def corpus() -> dict[str, Article]:
    return {p.stem: load_article(p) for p in sorted(builtin_corpus().glob("*.txt"))}


@pytest.fixture
def server(scratch_chroma_server: ChromaServer) -> ChromaServer:
    scratch_chroma_server.wipe()
    return scratch_chroma_server


@pytest.fixture
def open_server_store(server: ChromaServer, tmp_path: Path, vectors_dir: Path) -> Opener:
    """Opens the scratch chroma server's store, with or without a records database, as
    a new process would."""

    def open_store(records_url: str | None = None) -> Store:
        return Store.open(
            tmp_path / "data",
            chroma_host=server.host,
            chroma_port=server.port,
            vectors_dir=vectors_dir,
            records_url=records_url,
        )

    return open_store


def rows_of(postgres: PostgresServer, store: Store) -> dict[str, tuple[str, bytes]]:
    """What the table holds for `store`, read with a connection of the test's own."""
    home = store._open_collections()[1].id
    with psycopg.connect(postgres.url) as conn:
        found = conn.execute(
            "SELECT article_id, sha256, body FROM article_records WHERE store = %s", (home,)
        ).fetchall()
    return {aid: (sha, bytes(body)) for aid, sha, body in found}


def test_on_a_chroma_server_with_a_database_the_records_live_in_its_table(
    open_server_store: Opener,
    records_postgres: PostgresServer,
    server: ChromaServer,
    corpus: dict[str, Article],
) -> None:
    store = open_server_store(records_postgres.url)
    store.write_articles([(corpus[A003], [], []), (corpus[A004], [], [])])
    rows = rows_of(records_postgres, store)
    assert sorted(rows) == [A003, A004]
    sha, blob = rows[A004]
    assert sha == corpus[A004].sha256
    assert unpack(blob) == article_payload(corpus[A004], [])
    records = server.client().get_collection("records")
    assert records.count() == 0  # nothing in chroma's string index
    assert (records.metadata or {}).get(KEPT_IN) == POSTGRESQL
    with psycopg.connect(records_postgres.url) as conn:
        storage = conn.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'article_records'::regclass AND attname = 'body'"
        ).fetchone()
    assert storage == ("e",)  # out of line, not compressed again
    fresh = open_server_store(records_postgres.url)
    assert fresh.article(A004).text == corpus[A004].text
    assert {p.article_id for p in fresh.snapshot().passages if p.kind != "related"} == {
        A003,
        A004,
    }


def test_a_batch_of_records_is_written_in_one_transaction(
    open_server_store: Opener, records_postgres: PostgresServer, corpus: dict[str, Article]
) -> None:
    store = open_server_store(records_postgres.url)
    store.write_article(corpus[A004], [])
    before = rows_of(records_postgres, store)
    broken: Any = None  # a row PostgreSQL refuses (sha256 is NOT NULL), after a good one
    with pytest.raises(StoreError, match="article records database failed"):
        store._records.put(
            [(A004, "0" * 64, b"changed"), (A003, broken, pack(article_payload(corpus[A003], [])))]
        )
    assert rows_of(records_postgres, store) == before
    assert open_server_store(records_postgres.url).article(A004).text == corpus[A004].text


def test_a_store_with_its_records_in_chroma_is_read_and_moved_as_articles_are_written(
    open_server_store: Opener,
    records_postgres: PostgresServer,
    server: ChromaServer,
    corpus: dict[str, Article],
) -> None:
    # Fall back, not migrate: what is in the chroma collection is read there until the
    # article is written again, which moves its record to the table.
    legacy = open_server_store()
    legacy.write_articles([(corpus[A003], [], []), (corpus[A004], [], [])])
    records = server.client().get_collection("records")
    assert records.count() == 2
    moved = open_server_store(records_postgres.url)
    assert moved.article(A003).text == corpus[A003].text
    assert {p.article_id for p in moved.snapshot().passages if p.kind != "related"} == {
        A003,
        A004,
    }
    assert rows_of(records_postgres, moved) == {}  # reading moves nothing
    moved.write_article(corpus[A003], [])
    assert sorted(rows_of(records_postgres, moved)) == [A003]
    assert records.get(include=[])["ids"] == [A004]
    fresh = open_server_store(records_postgres.url)
    assert [fresh.article(aid).text for aid in (A003, A004)] == [
        corpus[A003].text,
        corpus[A004].text,
    ]
    fresh.remove_article(A004)
    assert records.count() == 0
    with pytest.raises(StoreError, match="keeps its article records in a PostgreSQL database"):
        open_server_store().article(A003)  # a process without the database refuses


def test_two_stores_sharing_one_database_keep_their_own_records(
    records_postgres: PostgresServer, server: ChromaServer
) -> None:
    client = server.client()
    one, two = (
        RecordTable(records_postgres.url, lambda name=name: client.get_or_create_collection(name))
        for name in ("records-one", "records-two")
    )
    one.put([("48219", "a" * 64, b"one")])
    two.put([("48219", "b" * 64, b"two")])
    assert one.get(["48219"]) == {"48219": ("a" * 64, b"one")}
    assert two.get(["48219", "48220"]) == {"48219": ("b" * 64, b"two")}
    one.delete(["48219"])
    assert one.get(["48219"]) == {}
    assert two.get(["48219"]) == {"48219": ("b" * 64, b"two")}


def table_on(url: str, server: ChromaServer) -> RecordTable:
    client = server.client()
    return RecordTable(url, lambda: client.get_or_create_collection("records"))


def test_a_lost_connection_is_opened_again(
    records_postgres: PostgresServer, server: ChromaServer
) -> None:
    table = table_on(records_postgres.url, server)
    table.put([("48219", "a" * 64, b"blob")])
    with psycopg.connect(records_postgres.url, autocommit=True) as admin:
        # What a restart of the server, or a proxy closing idle connections, does.
        killed = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'vna-assistant-records'"
        ).fetchall()
    assert killed
    assert table.get(["48219"]) == {"48219": ("a" * 64, b"blob")}


def test_each_thread_has_a_connection_of_its_own(
    records_postgres: PostgresServer, server: ChromaServer
) -> None:
    table = table_on(records_postgres.url, server)
    table.put([("48219", "a" * 64, b"blob")])
    threads = 3
    together = threading.Barrier(threads)
    got: list[dict[str, tuple[str, bytes]]] = []
    backends: list[int] = []

    def read() -> None:
        got.append(table.get(["48219"]))
        backends.append(table._execute("SELECT pg_backend_pid()", ())[0][0])
        together.wait(timeout=30)  # all alive at once, each holding its connection

    workers = [threading.Thread(target=read) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert got == [{"48219": ("a" * 64, b"blob")}] * threads
    main = table._execute("SELECT pg_backend_pid()", ())[0][0]
    assert len({*backends, main}) == threads + 1


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://nobody@127.0.0.1:1/none", "Connection refused"),
        ("{server}/no_such_database", 'database "no_such_database" does not exist'),
        ("postgresql://postgres@127.0.0.1:port/postgres", "port"),
    ],
)
def test_a_wrong_or_unreachable_records_database_is_a_clear_store_error(
    records_postgres: PostgresServer, server: ChromaServer, url: str, says: str
) -> None:
    url = url.format(server=records_postgres.url.rsplit("/", 1)[0])
    with pytest.raises(StoreError, match="cannot connect to the article records database") as err:
        table_on(url, server).get(["48219"])
    assert says in str(err.value) and "\n" not in str(err.value)


def test_without_psycopg_the_error_says_what_to_install(
    records_postgres: PostgresServer, server: ChromaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # what an install without the extra has
    with pytest.raises(StoreError, match=r"pip install 'vna-assistant\[postgres\]'"):
        table_on(records_postgres.url, server).get(["48219"])
