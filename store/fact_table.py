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
from typing import TYPE_CHECKING, Any, get_args

import zstandard

from store.analysis_file import packer, stored_dictionary, train_dictionary, unpacker
from store.models import Fact, FactKind

if TYPE_CHECKING:
    from store.passage_table import PassageTable

log = logging.getLogger(__name__)
FILE = "facts.sqlite3"
# What reading a damaged file raises.
_DAMAGED = (sqlite3.Error, zstandard.ZstdError, pickle.UnpicklingError, ValueError, EOFError)
KINDS: tuple[str, ...] = get_args(FactKind)
_KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}
_FIELDS = tuple(f.name for f in dataclasses.fields(Fact))
_KEPT = ("kind", "value", "article_id", "sentence")
_BODY = tuple(name for name in _FIELDS if name not in _KEPT)
_QUOTE = _BODY.index("quote")
# Decoded facts kept per process: a few questions' worth.
CACHE = 50_000
# The compression dictionary is trained on this many facts (as the analyses' is).
DICTIONARY_SAMPLE = 2_000
# An article is its number in the snapshot's article list, a kind its index in KINDS:
# integers keep the rows and their indexes small.
_SCHEMA = (
    "CREATE TABLE dictionary (body BLOB)",
    "CREATE TABLE facts (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, value TEXT NOT NULL,"
    " article INTEGER NOT NULL, sentence INTEGER NOT NULL, body BLOB NOT NULL)",
)
_INDEXES = (
    "CREATE INDEX facts_by_sentence ON facts (article, sentence)",
    "CREATE INDEX facts_by_value ON facts (kind, value)",
)
_INSERT = "INSERT INTO facts (kind, value, article, sentence, body) VALUES (?, ?, ?, ?, ?)"
_COLUMNS = "id, kind, value, article, sentence, body"
# A sentence's text as the snapshot's passages give it (None when they lack it).
TextOf = Callable[[tuple[str, int]], "str | None"]


def _body(fact: Fact, text: str | None) -> bytes:
    body = [getattr(fact, name) for name in _BODY]
    if body[_QUOTE] == text:
        body[_QUOTE] = None
    return pickle.dumps(tuple(body), pickle.HIGHEST_PROTOCOL)


class FactWriter:
    """Writes the facts of a snapshot, article by article in the snapshot's order.
    `dictionary`: the previous snapshot's, when rows are copied from it."""

    def __init__(self, path: Path, dictionary: bytes | None = None) -> None:
        self.path = path
        # (a URI connection: the previous snapshot's file is attached read-only by URI)
        self._db = sqlite3.connect(path.resolve().as_uri(), uri=True)
        self._attached: Path | None = None
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        for statement in _SCHEMA:
            self._db.execute(statement)
        self._dictionary = dictionary
        self._compressor = packer(dictionary) if dictionary is not None else None
        # Rows held until there are enough to train the dictionary on (then written as
        # they come).
        self._pending: list[tuple[int, str, int, int, bytes]] = []

    def add(self, facts: Iterable[Fact], text_of: TextOf, article: int) -> None:
        """One article's facts; `article` is its number in the snapshot."""
        ordered = sorted(facts, key=lambda f: (f.article_id, f.sentence, f.start, f.kind))
        rows = [
            (
                _KIND_CODE[f.kind],
                f.value,
                article,
                f.sentence,
                _body(f, text_of((f.article_id, f.sentence))),
            )
            for f in ordered
        ]
        self._pending += rows
        if self._compressor is not None or len(self._pending) >= DICTIONARY_SAMPLE:
            self._flush()

    def copy(self, previous: FactTable, first: int, last: int, shift: int) -> None:
        """The facts of articles `first` to `last` (their numbers in `previous`) as that
        snapshot stored them, renumbered by `shift`: one statement per run of unchanged
        articles. The writer must have been made with `previous`'s dictionary."""
        if previous.dictionary != self._dictionary:
            raise ValueError("facts are copied only into a file with the same dictionary")
        if self._attached != previous.path:
            if self._attached is not None:
                self._db.commit()  # (no database is detached inside a transaction)
                self._db.execute("DETACH DATABASE previous")
            uri = previous.path.resolve().as_uri() + "?mode=ro&immutable=1"
            self._db.execute("ATTACH DATABASE ? AS previous", (uri,))
            self._attached = previous.path
        self._db.execute(
            "INSERT INTO facts (kind, value, article, sentence, body)"
            " SELECT kind, value, article + ?, sentence, body FROM previous.facts"
            " WHERE article BETWEEN ? AND ? ORDER BY id",
            (shift, first, last),
        )

    def _flush(self) -> None:
        if self._compressor is None:
            self._dictionary = train_dictionary([row[4] for row in self._pending])
            self._compressor = packer(self._dictionary)
        pending, self._pending = self._pending, []
        compress = self._compressor.compress
        self._db.executemany(_INSERT, ((k, v, a, s, compress(b)) for k, v, a, s, b in pending))

    def close(self) -> None:
        try:
            self._flush()
            if self._attached is not None:
                self._db.commit()  # (no database is detached inside a transaction)
                self._db.execute("DETACH DATABASE previous")
            self._db.execute("INSERT INTO dictionary VALUES (?)", (self._dictionary,))
            for statement in _INDEXES:
                self._db.execute(statement)
            self._db.commit()
        finally:
            self._db.close()


class FactTable:
    """The facts of one snapshot, read from its file as the tools ask for them."""

    def __init__(self, path: Path, passages: PassageTable, owned: bool = False) -> None:
        if not path.is_file():
            raise FileNotFoundError(path)
        self.path = path
        self._db = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        self._passages = passages
        self._articles = passages.articles
        self.dictionary = stored_dictionary(self._db)
        self._decoder = unpacker(self._db)
        self._lock = Lock()
        self._cache: dict[int, Fact] = {}
        self._owned = owned  # a table written outside the cache, removed with this object

    def __del__(self) -> None:
        if getattr(self, "_owned", False):
            shutil.rmtree(self.path.parent, ignore_errors=True)

    def _decode(
        self, row: tuple[Any, ...], keep: bool = True, decoder: Any = None, quote: bool = True
    ) -> Fact:
        fid, kind, value, article, sentence, body = row
        fact = self._cache.get(fid)
        if fact is not None:
            return fact
        article_id = self._articles[article]
        values = list(pickle.loads((decoder or self._decoder).decompress(body)))
        if values[_QUOTE] is None:
            text = self._passages.text_of((article_id, sentence)) if quote else None
            values[_QUOTE] = text or ""
        fields = dict(zip(_BODY, values, strict=True))
        fields.update(kind=KINDS[kind], value=value, article_id=article_id, sentence=sentence)
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
        try:
            with self._lock:
                rows = self._db.execute(sql, params).fetchall()
                return [(r[0], self._decode(r)) for r in rows]
        except _DAMAGED:
            # A damaged cache file costs this lookup its facts, never the answer (as a
            # damaged analysis costs its sentence its parse).
            log.warning("cannot read facts from %s", self.path, exc_info=True)
            return []

    def of_sentence(self, key: tuple[str, int]) -> list[Fact]:
        article = self._passages.article_number(key[0])
        if article is None:
            return []
        return self._query(
            f"SELECT {_COLUMNS} FROM facts WHERE article = ? AND sentence = ? ORDER BY id",
            (article, key[1]),
        )

    def of_article(self, article_id: str, kind: str | None = None) -> list[Fact]:
        article = self._passages.article_number(article_id)
        if article is None or (kind is not None and kind not in _KIND_CODE):
            return []
        if kind is None:
            return self._query(
                f"SELECT {_COLUMNS} FROM facts WHERE article = ? ORDER BY id", (article,)
            )
        return self._query(
            f"SELECT {_COLUMNS} FROM facts WHERE article = ? AND kind = ? ORDER BY id",
            (article, _KIND_CODE[kind]),
        )

    def of_kind(self, kind: str) -> list[Fact]:
        if kind not in _KIND_CODE:
            return []
        return self._query(
            f"SELECT {_COLUMNS} FROM facts WHERE kind = ? ORDER BY id", (_KIND_CODE[kind],)
        )

    def with_values(self, kind: str, values: Iterable[str]) -> list[Fact]:
        """The facts of a kind whose value is one of `values`, in list order."""
        if kind not in _KIND_CODE:
            return []
        wanted = sorted(set(values))
        found: list[tuple[int, Fact]] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found += self._query_ids(
                f"SELECT {_COLUMNS} FROM facts WHERE kind = ? AND value IN ({marks})",
                (_KIND_CODE[kind], *chunk),
            )
        return [fact for _, fact in sorted(found, key=lambda pair: pair[0])]

    def values(self, kinds: Iterable[str]) -> list[str]:
        """The distinct values of facts of these kinds, in list order of first use."""
        codes = [_KIND_CODE[k] for k in kinds if k in _KIND_CODE]
        marks = ",".join("?" * len(codes))
        with self._lock:
            rows = self._db.execute(
                f"SELECT value FROM facts WHERE kind IN ({marks}) GROUP BY value ORDER BY min(id)",
                codes,
            ).fetchall()
        return [r[0] for r in rows]

    def placed(self, kind: str) -> list[tuple[str, str, int]]:
        """(value, article id, sentence) of every fact of a kind, in list order, read
        from the columns without decoding a fact (what counting names and places needs)."""
        if kind not in _KIND_CODE:
            return []
        with self._lock:
            rows = self._db.execute(
                "SELECT value, article, sentence FROM facts WHERE kind = ? ORDER BY id",
                (_KIND_CODE[kind],),
            ).fetchall()
        articles = self._articles
        return [(value, articles[article], sentence) for value, article, sentence in rows]

    def __iter__(self) -> Iterator[Fact]:
        """Every fact, in list order."""
        return self._stream(f"SELECT {_COLUMNS} FROM facts ORDER BY id")

    def iter_kind(self, kind: str, quotes: bool = True) -> Iterator[Fact]:
        """The facts of a kind in list order, read as they are consumed; without
        `quotes`, each fact's quote is left empty (for counting over a whole kind, which
        then reads no sentence's text)."""
        if kind not in _KIND_CODE:
            return iter(())
        return self._stream(
            f"SELECT {_COLUMNS} FROM facts WHERE kind = ? ORDER BY id",
            (_KIND_CODE[kind],),
            quotes,
        )

    def _stream(self, sql: str, params: Sequence[Any] = (), quotes: bool = True) -> Iterator[Fact]:
        # A connection of its own, so that lookups go on while this is read; decoded
        # without the cache (a stream over a whole kind would only flush it).
        db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True)
        decoder = unpacker(db)
        try:
            for row in db.execute(sql, params):
                yield self._decode(row, keep=False, decoder=decoder, quote=quotes)
        finally:
            db.close()

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM facts").fetchone()[0])

    def __bool__(self) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM facts LIMIT 1").fetchone() is not None
