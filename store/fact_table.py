"""The snapshot's facts in a SQLite file, read per sentence, per article, per kind or value.

Every fact of the archive used to be unpickled by every process at start-up (four per
sentence: the largest part of a serving process's memory). A tool asks for the facts of
its candidate sentences, of a person's names or of one kind, so those are indexed
queries here, with the facts decoded kept in a bounded cache. Like the analyses file
(store.analysis_file) the file is written once per snapshot and then opened
`immutable`. A fact's quote is its sentence's text, which the passage table already
holds, so it is stored only when it differs.

A fact is filed under its article's label. Labels increase with the article list and
leave gaps (an order-maintenance list, as in Dietz and Sleator), so an update copies the
previous file, deletes the facts of the articles it drops and inserts those it takes
between the others, and never renumbers the archive's facts (a copy of every row by
`INSERT … SELECT` and both indexes built again was most of an update's time). List order
is (label, sentence, id): an article's facts are inserted together, in order.
"""

from __future__ import annotations

import dataclasses
import logging
import pickle
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING, Any, get_args

import numpy as np
import zstandard

from store.analysis_file import packer, stored_dictionary, train_dictionary, unpacker
from store.models import Fact, FactKind

if TYPE_CHECKING:
    from store.passage_table import PassageTable

log = logging.getLogger(__name__)
FILE = "facts.sqlite3"
LABELS = "facts-labels.npy"  # each article's label, by its number (increasing)
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
# The labels of a snapshot built anew are this far apart: twelve articles inserted in
# turn between the same two fit before the file is written again with new labels (a
# wider gap costs bytes in every row and index entry).
LABEL_GAP = 1 << 12
LABEL_LIMIT = 1 << 62
_ORDER = "ORDER BY article, sentence, id"
# An article is its label, a kind its index in KINDS: integers keep the rows and their
# indexes small.
_SCHEMA = (
    "CREATE TABLE dictionary (body BLOB)",
    "CREATE TABLE facts (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, value TEXT NOT NULL,"
    " article INTEGER NOT NULL, sentence INTEGER NOT NULL, body BLOB NOT NULL)",
)
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS facts_by_sentence ON facts (article, sentence)",
    "CREATE INDEX IF NOT EXISTS facts_by_value ON facts (kind, value)",
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


def spread_label(number: int) -> int:
    """The label of the article of this number in a facts file written anew."""
    if (number + 2) * LABEL_GAP >= LABEL_LIMIT:
        raise ValueError(f"too many articles for the facts file: {number + 1}")
    return (number + 1) * LABEL_GAP


def fit_labels(order: Sequence[str], kept: Mapping[str, int]) -> dict[str, int] | None:
    """Labels for the articles of `order` (in list order): those of `kept` as they are,
    the others spread in the gaps between them; None when a gap is too narrow (the
    facts are then written again with `spread_label`)."""
    out: dict[str, int] = {}
    waiting: list[str] = []
    low = 0

    def place(high: int | None) -> bool:
        m = len(waiting)
        if high is None:
            labels = [low + LABEL_GAP * (j + 1) for j in range(m)]
            if labels and labels[-1] >= LABEL_LIMIT:
                return False
        else:
            if high - low < m + 1:
                return False
            labels = [low + (high - low) * (j + 1) // (m + 1) for j in range(m)]
        out.update(zip(waiting, labels, strict=True))
        waiting.clear()
        return True

    for aid in order:
        label = kept.get(aid)
        if label is None:
            waiting.append(aid)
            continue
        if label <= low or not place(label):
            return None
        out[aid] = low = label
    return out if place(None) else None


class FactWriter:
    """Writes the facts of a snapshot, article by article (`add`, `copy`), or patches a
    copy of the previous snapshot's file (`patched`, `drop`, `add`).
    `dictionary`: the previous snapshot's, when rows are copied from it."""

    def __init__(self, path: Path, dictionary: bytes | None = None, new: bool = True) -> None:
        self.path = path
        # (a URI connection: the previous snapshot's file is attached read-only by URI)
        self._db = sqlite3.connect(path.resolve().as_uri(), uri=True)
        self._attached: Path | None = None
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._new = new
        if new:
            for statement in _SCHEMA:
                self._db.execute(statement)
        self._dictionary = dictionary
        self._compressor = packer(dictionary) if dictionary is not None else None
        # Rows held until there are enough to train the dictionary on (then written as
        # they come).
        self._pending: list[tuple[int, str, int, int, bytes]] = []
        self._labels: set[int] = set()

    @classmethod
    def patched(cls, path: Path, previous: FactTable) -> FactWriter:
        """A copy of `previous`'s file to `drop` articles from and `add` others to."""
        shutil.copyfile(previous.path, path)
        writer = cls(path, previous.dictionary, new=False)
        writer._labels = {int(label) for label in previous.labels}
        return writer

    def drop(self, label: int) -> None:
        """Delete the facts of an article (by its label) from a patched file."""
        if self._new:
            raise ValueError("facts are dropped only from a patched file")
        self._db.execute("DELETE FROM facts WHERE article = ?", (label,))
        self._labels.discard(label)

    def add(self, facts: Iterable[Fact], text_of: TextOf, label: int) -> None:
        """One article's facts, under its label."""
        if label in self._labels or not 0 < label < LABEL_LIMIT:
            raise ValueError(f"label {label} is taken or out of range")
        ordered = sorted(facts, key=lambda f: (f.article_id, f.sentence, f.start, f.kind))
        rows = [
            (
                _KIND_CODE[f.kind],
                f.value,
                label,
                f.sentence,
                _body(f, text_of((f.article_id, f.sentence))),
            )
            for f in ordered
        ]
        self._labels.add(label)
        self._pending += rows
        if self._compressor is not None or len(self._pending) >= DICTIONARY_SAMPLE:
            self._flush()

    def copy(self, previous: FactTable, moved: Sequence[tuple[int, int]]) -> None:
        """The facts of articles of `previous` as it stored them, each moved from its
        label there to a new one ((old, new) pairs): one statement per run of unchanged
        articles. The writer must have been made with `previous`'s dictionary."""
        if previous.dictionary != self._dictionary:
            raise ValueError("facts are copied only into a file with the same dictionary")
        if self._labels.intersection(new for _, new in moved):
            raise ValueError("a label is taken")
        if self._attached != previous.path:
            if self._attached is not None:
                self._db.commit()  # (no database is detached inside a transaction)
                self._db.execute("DETACH DATABASE previous")
            uri = previous.path.resolve().as_uri() + "?mode=ro&immutable=1"
            self._db.execute("ATTACH DATABASE ? AS previous", (uri,))
            self._attached = previous.path
        self._db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS moved (old INTEGER PRIMARY KEY, new INTEGER)"
        )
        self._db.execute("DELETE FROM moved")
        self._db.executemany("INSERT INTO moved VALUES (?, ?)", moved)
        self._db.execute(
            "INSERT INTO facts (kind, value, article, sentence, body)"
            " SELECT f.kind, f.value, m.new, f.sentence, f.body"
            " FROM moved AS m JOIN previous.facts AS f ON f.article = m.old"
            " ORDER BY m.new, f.sentence, f.id"
        )
        self._labels.update(new for _, new in moved)

    def _flush(self) -> None:
        if self._compressor is None:
            self._dictionary = train_dictionary([row[4] for row in self._pending])
            self._compressor = packer(self._dictionary)
        pending, self._pending = self._pending, []
        compress = self._compressor.compress
        self._db.executemany(_INSERT, ((k, v, a, s, compress(b)) for k, v, a, s, b in pending))

    def close(self) -> None:
        """Write what is held, the indexes and the labels file beside."""
        try:
            self._flush()
            if self._attached is not None:
                self._db.commit()  # (no database is detached inside a transaction)
                self._db.execute("DETACH DATABASE previous")
            if self._new:
                self._db.execute("INSERT INTO dictionary VALUES (?)", (self._dictionary,))
            for statement in _INDEXES:
                self._db.execute(statement)
            self._db.commit()
        finally:
            self._db.close()
        np.save(self.path.with_name(LABELS), np.array(sorted(self._labels), dtype=np.int64))


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
        self.labels = np.load(path.with_name(LABELS), mmap_mode="r")
        if len(self.labels) != len(self._articles) or np.any(np.diff(self.labels) <= 0):
            raise ValueError(f"the fact labels in {path.parent} do not fit its articles")
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
        number = int(np.searchsorted(self.labels, article))
        if number >= len(self.labels) or self.labels[number] != article:
            raise ValueError(f"a fact filed under no article's label: {article}")
        article_id = self._articles[number]
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

    def _query_ids(
        self, sql: str, params: Sequence[Any] = ()
    ) -> list[tuple[tuple[int, int, int], Fact]]:
        """The facts found, each with its place in list order."""
        try:
            with self._lock:
                rows = self._db.execute(sql, params).fetchall()
                return [((r[3], r[4], r[0]), self._decode(r)) for r in rows]
        except _DAMAGED:
            # A damaged cache file costs this lookup its facts, never the answer (as a
            # damaged analysis costs its sentence its parse).
            log.warning("cannot read facts from %s", self.path, exc_info=True)
            return []

    def label_of(self, article_id: str) -> int | None:
        """An article's label (what its facts are filed under), None when not held."""
        number = self._passages.article_number(article_id)
        return None if number is None else int(self.labels[number])

    def of_sentence(self, key: tuple[str, int]) -> list[Fact]:
        article = self.label_of(key[0])
        if article is None:
            return []
        return self._query(
            f"SELECT {_COLUMNS} FROM facts WHERE article = ? AND sentence = ? ORDER BY id",
            (article, key[1]),
        )

    def of_article(self, article_id: str, kind: str | None = None) -> list[Fact]:
        article = self.label_of(article_id)
        if article is None or (kind is not None and kind not in _KIND_CODE):
            return []
        if kind is None:
            return self._query(
                f"SELECT {_COLUMNS} FROM facts WHERE article = ? {_ORDER}", (article,)
            )
        return self._query(
            f"SELECT {_COLUMNS} FROM facts WHERE article = ? AND kind = ? {_ORDER}",
            (article, _KIND_CODE[kind]),
        )

    def of_kind(self, kind: str) -> list[Fact]:
        if kind not in _KIND_CODE:
            return []
        return self._query(
            f"SELECT {_COLUMNS} FROM facts WHERE kind = ? {_ORDER}", (_KIND_CODE[kind],)
        )

    def with_values(self, kind: str, values: Iterable[str]) -> list[Fact]:
        """The facts of a kind whose value is one of `values`, in list order."""
        if kind not in _KIND_CODE:
            return []
        wanted = sorted(set(values))
        found: list[tuple[tuple[int, int, int], Fact]] = []
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
                "SELECT value FROM (SELECT value, article, sentence, id, row_number() OVER"
                f" (PARTITION BY value {_ORDER}) AS n FROM facts WHERE kind IN ({marks}))"
                f" WHERE n = 1 {_ORDER}",
                codes,
            ).fetchall()
        return [r[0] for r in rows]

    def __iter__(self) -> Iterator[Fact]:
        """Every fact, in list order."""
        return self._stream(f"SELECT {_COLUMNS} FROM facts {_ORDER}")

    def iter_kind(self, kind: str, quotes: bool = True) -> Iterator[Fact]:
        """The facts of a kind in list order, read as they are consumed; without
        `quotes`, each fact's quote is left empty (for counting over a whole kind, which
        then reads no sentence's text)."""
        if kind not in _KIND_CODE:
            return iter(())
        return self._stream(
            f"SELECT {_COLUMNS} FROM facts WHERE kind = ? {_ORDER}",
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
