"""The snapshot's facts in a SQLite file, read per sentence, per article, per kind or value.

Every fact of the archive used to be unpickled by every process at start-up (four per
sentence: the largest part of a serving process's memory). A tool asks for the facts of
its candidate sentences, of a person's names or of one kind, so those are indexed
queries here, with the facts decoded kept in a bounded cache. Like the analyses file
(store.analysis_file) the file is written once per snapshot and then opened
`immutable`. A fact's quote is its sentence's text, which the passage table already
holds, so it is stored only when it differs.
"""

from __future__ import annotations

import dataclasses
import logging
import pickle
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from threading import Lock
from typing import Any

from store.models import Fact

log = logging.getLogger(__name__)
FILE = "facts.sqlite3"
_FIELDS = tuple(f.name for f in dataclasses.fields(Fact))
_KEPT = ("kind", "value", "article_id", "sentence")
_BODY = tuple(name for name in _FIELDS if name not in _KEPT)
_QUOTE = _BODY.index("quote")
# Decoded facts kept per process: a few questions' worth.
CACHE = 50_000
_SCHEMA = (
    "CREATE TABLE facts (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, value TEXT NOT NULL,"
    " article_id TEXT NOT NULL, sentence INTEGER NOT NULL, body BLOB NOT NULL)"
)
_INDEXES = (
    "CREATE INDEX facts_by_sentence ON facts (article_id, sentence)",
    "CREATE INDEX facts_by_value ON facts (kind, value)",
)
_INSERT = "INSERT INTO facts (kind, value, article_id, sentence, body) VALUES (?, ?, ?, ?, ?)"
_COLUMNS = "id, kind, value, article_id, sentence, body"
# A sentence's text as the snapshot's passages give it (None when they lack it).
TextOf = Callable[[tuple[str, int]], "str | None"]


def _row(fact: Fact, text: str | None) -> tuple[Any, ...]:
    body = [getattr(fact, name) for name in _BODY]
    if body[_QUOTE] == text:
        body[_QUOTE] = None
    return (
        fact.kind,
        fact.value,
        fact.article_id,
        fact.sentence,
        pickle.dumps(tuple(body), pickle.HIGHEST_PROTOCOL),
    )


class FactWriter:
    """Writes the facts of a snapshot, article by article, in the order they are read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute(_SCHEMA)

    def add(self, facts: Iterable[Fact], text_of: TextOf) -> None:
        """Facts of one article, sorted as the snapshot lists them."""
        ordered = sorted(facts, key=lambda f: (f.article_id, f.sentence, f.start, f.kind))
        self._db.executemany(
            _INSERT, (_row(f, text_of((f.article_id, f.sentence))) for f in ordered)
        )

    def copy(self, previous: FactTable, article_id: str) -> None:
        """An unchanged article's facts, as the previous snapshot stored them."""
        rows = previous.raw_rows(article_id)
        self._db.executemany(_INSERT, rows)

    def close(self) -> None:
        try:
            for statement in _INDEXES:
                self._db.execute(statement)
            self._db.commit()
        finally:
            self._db.close()


class FactTable:
    """The facts of one snapshot, read from its file as the tools ask for them."""

    def __init__(self, path: Path, text_of: TextOf, owned: bool = False) -> None:
        if not path.is_file():
            raise FileNotFoundError(path)
        self.path = path
        self._db = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        self._text_of = text_of
        self._lock = Lock()
        self._cache: dict[int, Fact] = {}
        self._owned = owned  # a table written outside the cache, removed with this object

    def __del__(self) -> None:
        if getattr(self, "_owned", False):
            shutil.rmtree(self.path.parent, ignore_errors=True)

    def _decode(self, row: tuple[Any, ...], keep: bool = True) -> Fact:
        fid, kind, value, article_id, sentence, body = row
        fact = self._cache.get(fid)
        if fact is not None:
            return fact
        values = list(pickle.loads(body))
        if values[_QUOTE] is None:
            values[_QUOTE] = self._text_of((article_id, sentence)) or ""
        fields = dict(zip(_BODY, values, strict=True))
        fields.update(kind=kind, value=value, article_id=article_id, sentence=sentence)
        # Rebuilt without the frozen dataclass's __init__ (twice as quick, same object).
        fact = object.__new__(Fact)
        fact.__dict__.update(fields)
        if keep:
            if len(self._cache) >= CACHE:
                self._cache.clear()
            self._cache[fid] = fact
        return fact

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Fact]:
        return [fact for _, fact in self._query_ids(sql, params)]

    def _query_ids(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[int, Fact]]:
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
            return [(r[0], self._decode(r)) for r in rows]

    def of_sentence(self, key: tuple[str, int]) -> list[Fact]:
        return self._query(
            f"SELECT {_COLUMNS} FROM facts WHERE article_id = ? AND sentence = ? ORDER BY id", key
        )

    def of_article(self, article_id: str, kind: str | None = None) -> list[Fact]:
        if kind is None:
            return self._query(
                f"SELECT {_COLUMNS} FROM facts WHERE article_id = ? ORDER BY id", (article_id,)
            )
        return self._query(
            f"SELECT {_COLUMNS} FROM facts WHERE article_id = ? AND kind = ? ORDER BY id",
            (article_id, kind),
        )

    def of_kind(self, kind: str) -> list[Fact]:
        return self._query(f"SELECT {_COLUMNS} FROM facts WHERE kind = ? ORDER BY id", (kind,))

    def with_values(self, kind: str, values: Iterable[str]) -> list[Fact]:
        """The facts of a kind whose value is one of `values`, in list order."""
        wanted = sorted(set(values))
        found: list[tuple[int, Fact]] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found += self._query_ids(
                f"SELECT {_COLUMNS} FROM facts WHERE kind = ? AND value IN ({marks})",
                (kind, *chunk),
            )
        return [fact for _, fact in sorted(found, key=lambda pair: pair[0])]

    def values(self, kinds: Iterable[str]) -> list[str]:
        """The distinct values of facts of these kinds, in list order of first use."""
        kinds = list(kinds)
        marks = ",".join("?" * len(kinds))
        with self._lock:
            rows = self._db.execute(
                f"SELECT value FROM facts WHERE kind IN ({marks}) GROUP BY value ORDER BY min(id)",
                kinds,
            ).fetchall()
        return [r[0] for r in rows]

    def raw_rows(self, article_id: str) -> list[tuple[Any, ...]]:
        """An article's rows as stored (what the next snapshot copies)."""
        with self._lock:
            return self._db.execute(
                "SELECT kind, value, article_id, sentence, body FROM facts"
                " WHERE article_id = ? ORDER BY id",
                (article_id,),
            ).fetchall()

    def __iter__(self) -> Iterator[Fact]:
        """Every fact, in list order."""
        return self._stream(f"SELECT {_COLUMNS} FROM facts ORDER BY id")

    def iter_kind(self, kind: str) -> Iterator[Fact]:
        """The facts of a kind in list order, read as they are consumed."""
        return self._stream(f"SELECT {_COLUMNS} FROM facts WHERE kind = ? ORDER BY id", (kind,))

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Fact]:
        # A connection of its own, so that lookups go on while this is read; decoded
        # without the cache (a stream over a whole kind would only flush it).
        db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True)
        try:
            for row in db.execute(sql, params):
                yield self._decode(row, keep=False)
        finally:
            db.close()

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM facts").fetchone()[0])

    def __bool__(self) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM facts LIMIT 1").fetchone() is not None
