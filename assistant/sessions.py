"""Conversations kept in SQLite, so a restart loses nothing; old sessions expire."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import UnknownSession
from assistant.memory import Memory

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    message TEXT NOT NULL,
    reply TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (session_id, n)
);
"""


@dataclass
class Session:
    id: str
    memory: Memory = field(default_factory=Memory)
    created: float = 0.0
    updated: float = 0.0


class SessionStore:
    """Session state and transcripts; each turn is written in one transaction."""

    def __init__(self, path: Path, ttl_days: float = 30.0) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._ttl = ttl_days * 86400
        self._local = threading.local()
        # One writer at a time inside this process; SQLite's own locking covers other processes.
        self.lock = threading.RLock()
        with self._db() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL survives a killed process; it skips an fsync per turn.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
        yield conn

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def get(self, session_id: str) -> Session:
        with self._db() as db:
            row = db.execute(
                "SELECT state, created, updated FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
        if row is None or row[2] < time.time() - self._ttl:
            raise UnknownSession(session_id)
        return Session(session_id, Memory.from_state(json.loads(row[0])), row[1], row[2])

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
        with self.lock, self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(
                    "INSERT INTO sessions(id, state, created, updated) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET state = excluded.state, "
                    "updated = excluded.updated",
                    (session.id, state, now, now),
                )
                n = db.execute(
                    "SELECT COALESCE(MAX(n), 0) + 1 FROM turns WHERE session_id = ?", (session.id,)
                ).fetchone()[0]
                db.execute(
                    "INSERT INTO turns(session_id, n, message, reply, at) VALUES (?, ?, ?, ?, ?)",
                    (session.id, n, message, json.dumps(reply, ensure_ascii=False), now),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def transcript(self, session_id: str) -> list[dict[str, Any]]:
        self.get(session_id)
        with self._db() as db:
            rows = db.execute(
                "SELECT n, message, reply, at FROM turns WHERE session_id = ? ORDER BY n",
                (session_id,),
            ).fetchall()
        return [{"n": n, "message": m, "reply": json.loads(r), "at": at} for n, m, r, at in rows]

    def delete(self, session_id: str) -> None:
        self.get(session_id)
        with self.lock, self._db() as db:
            db.execute("DELETE FROM turns WHERE session_id = ?", (session_id,))
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    def expire(self) -> int:
        """Delete sessions idle for longer than the time to live; returns how many."""
        cutoff = time.time() - self._ttl
        with self.lock, self._db() as db:
            old = [r[0] for r in db.execute("SELECT id FROM sessions WHERE updated < ?", (cutoff,))]
            for sid in old:
                db.execute("DELETE FROM turns WHERE session_id = ?", (sid,))
                db.execute("DELETE FROM sessions WHERE id = ?", (sid,))
        return len(old)
