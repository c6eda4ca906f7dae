"""Where each article's record (its text, sentences, facts and per-sentence analysis) is kept.

Not in chroma's documents: chroma's embedded store copies every document into its
metadata table, indexes that copy, and indexes the document again in a trigram FTS5
table, so a 90 kB JSON record took five times its size on disk for indexes nothing
queries. A record is read whole, by article id, so it is kept as one zlib-compressed
blob (JSON compresses about 7×):

- beside an embedded chroma store, in `<data>/records.sqlite3`, one row per article;
- on a chroma server, which every replica must read, in a collection of its own, the
  blob base64-encoded in one metadata value (chroma's metadata holds no bytes; a value
  is copied once into chroma's string index, and no FTS table), with a one-number
  placeholder embedding, which chroma requires.

- on a chroma server whose deployment names a PostgreSQL database, in a table there
  (`RecordTable`): chroma's string index doubled a record's size on disk, and the
  replicas of such a deployment already share that database.

Each row carries the sha256 of the article it was made from: the store counts an
article as committed only when its chroma marker, its record and its passages agree
on it, so a process killed between two of those writes leaves nothing half-visible.
"""

from __future__ import annotations

import base64
import sqlite3
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from threading import Lock
from typing import Any, Protocol, TypeVar

from store.errors import StoreError

T = TypeVar("T")
RECORDS = "records"
# The chroma records collection's metadata once a process has written records to
# PostgreSQL: a process given no records database then refuses the store, rather than
# read a part of it or write where the others do not look.
KEPT_IN, POSTGRESQL = "records_kept_in", "postgresql"
# zlib's default level: level 9 gains 2 % on these records for twice the time.
LEVEL = 6
_GET_BATCH = 500


def pack(payload: str) -> bytes:
    return zlib.compress(payload.encode("utf-8"), LEVEL)


def unpack(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


class RecordStore(Protocol):
    def put(self, rows: list[tuple[str, str, bytes]]) -> None:
        """Write (article id, sha256, blob) rows, replacing those with the same id."""

    def get(self, ids: list[str]) -> dict[str, tuple[str, bytes]]:
        """Article id → (sha256, blob), for the ids that have a record."""

    def delete(self, ids: list[str]) -> None: ...


class RecordFile:
    """Records in a SQLite file (WAL: ingest writes while servers read)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._db: sqlite3.Connection | None = None
        self._lock = Lock()

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                self._path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self._path, timeout=30.0, check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS record ("
                    " id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, body BLOB NOT NULL)"
                )
                db.commit()
            except sqlite3.Error as err:
                raise StoreError(f"cannot open the article records at {self._path}: {err}") from err
            self._db = db
        return self._db

    def put(self, rows: list[tuple[str, str, bytes]]) -> None:
        with self._lock:
            db = self._connect()
            with db:
                db.executemany(
                    "INSERT OR REPLACE INTO record (id, sha256, body) VALUES (?, ?, ?)", rows
                )

    def get(self, ids: list[str]) -> dict[str, tuple[str, bytes]]:
        out: dict[str, tuple[str, bytes]] = {}
        with self._lock:
            db = self._connect()
            for start in range(0, len(ids), _GET_BATCH):
                chunk = ids[start : start + _GET_BATCH]
                marks = ",".join("?" * len(chunk))
                for aid, sha, body in db.execute(
                    f"SELECT id, sha256, body FROM record WHERE id IN ({marks})", chunk
                ):
                    out[aid] = (sha, body)
        return out

    def delete(self, ids: list[str]) -> None:
        with self._lock:
            db = self._connect()
            with db:
                db.executemany("DELETE FROM record WHERE id = ?", [(i,) for i in ids])


class RecordCollection:
    """Records in a chroma collection, for a chroma server every replica reads.

    `legacy`: the collection is only what a `RecordTable` falls back on, so a store
    whose records have moved to PostgreSQL is no error."""

    def __init__(self, collection: Callable[[], Any], legacy: bool = False) -> None:
        self._collection = collection
        self._legacy = legacy

    def _open(self) -> Any:
        collection = self._collection()
        if not self._legacy and (collection.metadata or {}).get(KEPT_IN) == POSTGRESQL:
            raise StoreError(
                "this store keeps its article records in a PostgreSQL database, and this "
                "process was given none: open it with the records database of the "
                "processes that wrote it"
            )
        return collection

    def put(self, rows: list[tuple[str, str, bytes]]) -> None:
        if not rows:
            return
        self._open().upsert(
            ids=[aid for aid, _, _ in rows],
            metadatas=[
                {"sha256": sha, "body": base64.b64encode(blob).decode("ascii")}
                for _, sha, blob in rows
            ],
            embeddings=[[1.0] for _ in rows],
        )

    def get(self, ids: list[str]) -> dict[str, tuple[str, bytes]]:
        out: dict[str, tuple[str, bytes]] = {}
        for start in range(0, len(ids), _GET_BATCH):
            got = self._open().get(ids=ids[start : start + _GET_BATCH], include=["metadatas"])
            for aid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
                out[aid] = (str(meta["sha256"]), base64.b64decode(str(meta["body"])))
        return out

    def delete(self, ids: list[str]) -> None:
        if ids:
            self._open().delete(ids=list(ids))


_TABLE = "article_records"
_SCHEMA = [
    f"""CREATE TABLE {_TABLE} (
    store UUID NOT NULL,
    article_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    body BYTEA NOT NULL,
    PRIMARY KEY (store, article_id)
)""",
    # Out of line and not compressed again: zlib has done it, pglz would only try.
    f"ALTER TABLE {_TABLE} ALTER COLUMN body SET STORAGE EXTERNAL",
]
_SCHEMA_LOCK = 0x5EC0_4D55  # any constant: the advisory lock the table is created under
APPLICATION = "vna-assistant-records"  # how its connections show in pg_stat_activity


class RecordTable:
    """Records in a PostgreSQL table, for a chroma server deployment that has a database.

    Rows are keyed by the chroma records collection's id as well as the article's, so
    two stores (two chroma servers, staging and production) sharing one database never
    read each other's records. A store that kept its records in that collection is still
    read: an id not in the table is looked for there, and an article written again moves
    to the table (its chroma copy is deleted once the table has it).

    One connection per thread, opened on first use; a connection found broken (the
    server restarted, or dropped it) is opened again once, since every statement here
    may safely run twice. Every failure is a `StoreError`.
    """

    def __init__(self, url: str, collection: Callable[[], Any]) -> None:
        self._url = url
        self._collection = collection
        self._legacy = RecordCollection(collection, legacy=True)
        self._local = threading.local()
        self._lock = Lock()
        self._schema_ready = False
        self._marked = False

    def _psycopg(self) -> Any:
        try:
            import psycopg
        except ImportError as err:  # an optional extra
            raise StoreError(
                "the article records are kept in PostgreSQL, but psycopg is not "
                "installed: pip install 'vna-assistant[postgres]'"
            ) from err
        return psycopg

    def _conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is not None and not conn.closed:
            return conn
        psycopg = self._psycopg()
        try:
            conn = psycopg.connect(
                self._url, autocommit=True, connect_timeout=10, application_name=APPLICATION
            )
        except psycopg.Error as err:
            raise StoreError(
                f"cannot connect to the article records database: {_one_line(err)}"
            ) from None
        try:
            with self._lock:
                if not self._schema_ready:
                    self._create(conn)
                    self._schema_ready = True
        except psycopg.Error as err:
            conn.close()
            raise StoreError(f"cannot create the article records table: {_one_line(err)}") from None
        self._local.conn = conn
        return conn

    @staticmethod
    def _create(conn: Any) -> None:
        # Replicas starting together would race on CREATE TABLE (IF NOT EXISTS is not
        # atomic in PostgreSQL): one at a time, under a transaction-scoped advisory lock.
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            if conn.execute("SELECT to_regclass(%s)", (_TABLE,)).fetchone()[0] is None:
                for statement in _SCHEMA:
                    conn.execute(statement)

    def _run(self, work: Callable[[Any], T]) -> T:
        """`work` on this thread's connection, run again once on a new one if that
        connection turns out to be lost."""
        psycopg = self._psycopg()
        for last in (False, True):
            conn = self._conn()
            try:
                return work(conn)
            except psycopg.Error as err:
                if conn.broken:
                    self._local.conn = None
                if last or not conn.broken:
                    raise StoreError(
                        f"the article records database failed: {_one_line(err)}"
                    ) from None
        raise AssertionError("unreachable")

    def _execute(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        def run(conn: Any) -> list[tuple[Any, ...]]:
            cur = conn.execute(sql, params)
            return list(cur.fetchall()) if cur.description else []

        return self._run(run)

    def _store(self, writing: bool = False) -> Any:
        """The id of this store's chroma records collection, which keys its rows; marked
        there as kept in PostgreSQL before the first record is written."""
        collection = self._collection()
        if writing and not self._marked:
            metadata = dict(collection.metadata or {})
            if metadata.get(KEPT_IN) != POSTGRESQL:
                collection.modify(metadata={**metadata, KEPT_IN: POSTGRESQL})
            self._marked = True
        return collection.id

    def put(self, rows: list[tuple[str, str, bytes]]) -> None:
        """One transaction for the batch: all of its rows or none."""
        if not rows:
            return
        store = self._store(writing=True)

        def upsert(conn: Any) -> None:
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {_TABLE} (store, article_id, sha256, body) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (store, article_id) DO UPDATE "
                    "SET sha256 = EXCLUDED.sha256, body = EXCLUDED.body",
                    [(store, aid, sha, blob) for aid, sha, blob in rows],
                )

        self._run(upsert)
        self._legacy.delete([aid for aid, _, _ in rows])

    def get(self, ids: list[str]) -> dict[str, tuple[str, bytes]]:
        if not ids:
            return {}
        store = self._store()
        out: dict[str, tuple[str, bytes]] = {}
        for start in range(0, len(ids), _GET_BATCH):
            chunk = ids[start : start + _GET_BATCH]
            found = self._execute(
                f"SELECT article_id, sha256, body FROM {_TABLE} "
                "WHERE store = %s AND article_id = ANY(%s)",
                (store, chunk),
            )
            out.update((aid, (sha, bytes(body))) for aid, sha, body in found)
        missing = [aid for aid in ids if aid not in out]
        if missing:
            out.update(self._legacy.get(missing))
        return out

    def delete(self, ids: list[str]) -> None:
        if not ids:
            return
        store = self._store()
        self._execute(
            f"DELETE FROM {_TABLE} WHERE store = %s AND article_id = ANY(%s)", (store, list(ids))
        )
        self._legacy.delete(ids)


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())
