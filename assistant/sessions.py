"""Conversations kept in a database, so a restart loses nothing; old sessions expire.

The embedded default is a SQLite file in the data directory. With
`ASSISTANT_SESSIONS_URL` set to a PostgreSQL URL, every replica of the API writes its
sessions there, so a follow-up may land on any of them. Both speak the same SQL: the
store below is written once, over a small connection adapter for each database.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from assistant.errors import SessionStoreUnavailable, UnknownSession
from assistant.memory import Memory

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    created DOUBLE PRECISION NOT NULL,
    updated DOUBLE PRECISION NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    message TEXT NOT NULL,
    reply TEXT NOT NULL,
    at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (session_id, n)
)""",
    "CREATE INDEX IF NOT EXISTS sessions_updated ON sessions(updated)",
]
_SCHEMA_LOCK = 0x5E55_1085  # any constant: the advisory lock the schema is created under


@dataclass
class Session:
    id: str
    memory: Memory = field(default_factory=Memory)
    created: float = 0.0
    updated: float = 0.0


class _Connection(Protocol):
    """What the store needs of a database: statements with `?` parameters, and
    transactions (a turn's state and transcript are written in one)."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def transaction(self) -> Any: ...

    def create(self, schema: Sequence[str]) -> None: ...


class _Sqlite:
    """SQLite in WAL mode, one connection per thread."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL survives a killed process; it skips an fsync per turn.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
        return conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._conn().execute(sql, tuple(params)).fetchall()

    def create(self, schema: Sequence[str]) -> None:
        for statement in schema:
            self.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


class _Postgres:
    """PostgreSQL through psycopg, one connection per thread, reconnected when lost."""

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as err:  # an optional extra
            raise SessionStoreUnavailable(
                "ASSISTANT_SESSIONS_URL names a PostgreSQL database, but psycopg is not "
                "installed: pip install 'vna-assistant[postgres]'"
            ) from err
        self._psycopg = psycopg
        self._url = url
        self._local = threading.local()
        self._conn()  # fail at start-up, not on the first question

    def _conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            try:
                conn = self._psycopg.connect(self._url, autocommit=True, connect_timeout=10)
            except self._psycopg.Error as err:
                raise SessionStoreUnavailable(
                    f"cannot reach the session database: {str(err).strip()}"
                ) from None
            self._local.conn = conn
        return conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            cur = self._conn().execute(sql.replace("?", "%s"), tuple(params))
            return list(cur.fetchall()) if cur.description else []
        except self._psycopg.OperationalError as err:
            self._local.conn = None  # reconnect on the next call
            raise SessionStoreUnavailable(f"the session database failed: {err}") from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._conn().transaction():
            yield

    def create(self, schema: Sequence[str]) -> None:
        # Replicas starting together would race on CREATE TABLE IF NOT EXISTS (it is not
        # atomic in PostgreSQL): one at a time, under a transaction-scoped advisory lock.
        with self.transaction():
            self.execute("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK,))
            for statement in schema:
                self.execute(statement)


class SessionStore:
    """Session state and transcripts; each turn is written in one transaction."""

    def __init__(self, path: Path, ttl_days: float = 30.0, url: str | None = None) -> None:
        self._db: _Connection = _Postgres(url) if url else _Sqlite(path)
        self._ttl = ttl_days * 86400
        # One writer at a time inside this process; the database's own locking covers
        # other processes (a turn upserts its session row first, which locks it).
        self.lock = threading.RLock()
        self._db.create(_SCHEMA)

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def get(self, session_id: str) -> Session:
        rows = self._db.execute(
            "SELECT state, created, updated FROM sessions WHERE id = ?", (session_id,)
        )
        if not rows or rows[0][2] < time.time() - self._ttl:
            raise UnknownSession(session_id)
        state, created, updated = rows[0]
        return Session(session_id, Memory.from_state(json.loads(state)), created, updated)

    def exists(self, session_id: str) -> bool:
        try:
            self.get(session_id)
        except UnknownSession:
            return False
        return True

    def save_turn(self, session: Session, message: str, reply: dict[str, Any]) -> None:
        """Store the new state and the turn together: both or neither."""
        now = time.time()
        state = json.dumps(session.memory.to_state(), ensure_ascii=False)
        with self.lock, self._db.transaction():
            self._db.execute(
                "INSERT INTO sessions(id, state, created, updated) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET state = excluded.state, "
                "updated = excluded.updated",
                (session.id, state, now, now),
            )
            n = self._db.execute(
                "SELECT COALESCE(MAX(n), 0) + 1 FROM turns WHERE session_id = ?", (session.id,)
            )[0][0]
            self._db.execute(
                "INSERT INTO turns(session_id, n, message, reply, at) VALUES (?, ?, ?, ?, ?)",
                (session.id, n, message, json.dumps(reply, ensure_ascii=False), now),
            )

    def transcript(self, session_id: str) -> list[dict[str, Any]]:
        self.get(session_id)
        rows = self._db.execute(
            "SELECT n, message, reply, at FROM turns WHERE session_id = ? ORDER BY n",
            (session_id,),
        )
        return [{"n": n, "message": m, "reply": json.loads(r), "at": at} for n, m, r, at in rows]

    def delete(self, session_id: str) -> None:
        self.get(session_id)
        with self.lock, self._db.transaction():
            self._db.execute("DELETE FROM turns WHERE session_id = ?", (session_id,))
            self._db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    def expire(self) -> int:
        """Delete sessions idle for longer than the time to live; returns how many."""
        cutoff = time.time() - self._ttl
        with self.lock, self._db.transaction():
            rows = self._db.execute("SELECT id FROM sessions WHERE updated < ?", (cutoff,))
            old = [r[0] for r in rows]
            for sid in old:
                self._db.execute("DELETE FROM turns WHERE session_id = ?", (sid,))
                self._db.execute("DELETE FROM sessions WHERE id = ?", (sid,))
        return len(old)
