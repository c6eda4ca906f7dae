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

Each row carries the sha256 of the article it was made from: the store counts an
article as committed only when its chroma marker, its record and its passages agree
on it, so a process killed between two of those writes leaves nothing half-visible.
"""

from __future__ import annotations

import base64
import sqlite3
import zlib
from collections.abc import Callable
from pathlib import Path
from threading import Lock
from typing import Any, Protocol

from store.errors import StoreError

RECORDS = "records"
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
    """Records in a chroma collection, for a chroma server every replica reads."""

    def __init__(self, collection: Callable[[], Any]) -> None:
        self._collection = collection

    def put(self, rows: list[tuple[str, str, bytes]]) -> None:
        if not rows:
            return
        self._collection().upsert(
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
            got = self._collection().get(ids=ids[start : start + _GET_BATCH], include=["metadatas"])
            for aid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
                out[aid] = (str(meta["sha256"]), base64.b64decode(str(meta["body"])))
        return out

    def delete(self, ids: list[str]) -> None:
        if ids:
            self._collection().delete(ids=list(ids))
