"""Each sentence's analysis in a SQLite file beside the snapshot, read per sentence.

The reader needs the parse of a few hundred candidate sentences per question, never of
the whole archive: loading every analysis at start-up made opening a store, and a
process's memory, grow with the archive. The file is written once per snapshot (the
folder is replaced as a whole, see store.store) and then only read, so it is opened
`immutable`: no locks, no journal.
"""

from __future__ import annotations

import itertools
import logging
import pickle
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from threading import Lock
from typing import Any, Protocol

import zstandard

from store.analysis import SentenceAnalysis

log = logging.getLogger(__name__)
# What reading a damaged file raises.
_DAMAGED = (
    sqlite3.Error,
    zstandard.ZstdError,
    pickle.UnpicklingError,
    ValueError,
    TypeError,
    EOFError,
    IndexError,
)
FILE = "analyses.sqlite3"
_INSERT = "INSERT OR REPLACE INTO analysis VALUES (?, ?, ?)"
SentenceKey = tuple[str, int]
# Decoded analyses kept per process: a few questions' candidates, not the archive.
CACHE = 20_000
LEVEL = 3
# The compression dictionary is trained on this many analyses, to this size.
DICTIONARY_SAMPLE = 500
DICTIONARY_BYTES = 32_768


def _pickled(analysis: SentenceAnalysis) -> bytes:
    return pickle.dumps(analysis.to_json(), pickle.HIGHEST_PROTOCOL)


def train_dictionary(samples: list[bytes]) -> bytes:
    """A zstd dictionary trained on the first analyses: one sentence alone is too short
    for a compressor to find its repeats (tags, dependency labels), and with it the
    file is half the size. Too few samples to train on (a small archive) are used as
    the dictionary's raw content."""
    try:
        return bytes(zstandard.train_dictionary(DICTIONARY_BYTES, list[Any](samples)).as_bytes())
    except zstandard.ZstdError:
        return b"".join(samples)[-DICTIONARY_BYTES:]


def write_analyses(folder: Path, analyses: Iterable[tuple[SentenceKey, SentenceAnalysis]]) -> None:
    """Write the file from a stream (the analyses are never all held at once)."""
    stream = iter(analyses)
    first = [(key, _pickled(a)) for key, a in itertools.islice(stream, DICTIONARY_SAMPLE)]
    dictionary = train_dictionary([blob for _, blob in first])
    compressor = packer(dictionary)
    rest = ((key, _pickled(a)) for key, a in stream)
    db = sqlite3.connect(folder / FILE)
    try:
        db.execute("CREATE TABLE dictionary (body BLOB)")
        db.execute("INSERT INTO dictionary VALUES (?)", (dictionary,))
        db.execute(
            "CREATE TABLE analysis (article TEXT, sentence INTEGER, body BLOB,"
            " PRIMARY KEY (article, sentence)) WITHOUT ROWID"
        )
        db.executemany(
            _INSERT,
            (
                (aid, index, compressor.compress(blob))
                for (aid, index), blob in itertools.chain(first, rest)
            ),
        )
        db.commit()
    finally:
        db.close()


def packer(dictionary: bytes) -> zstandard.ZstdCompressor:
    return zstandard.ZstdCompressor(
        level=LEVEL, dict_data=zstandard.ZstdCompressionDict(dictionary)
    )


def stored_dictionary(db: sqlite3.Connection) -> bytes:
    return bytes(db.execute("SELECT body FROM dictionary").fetchone()[0])


def unpacker(db: sqlite3.Connection) -> zstandard.ZstdDecompressor:
    dictionary = zstandard.ZstdCompressionDict(stored_dictionary(db))
    return zstandard.ZstdDecompressor(dict_data=dictionary)


def _analysis(data: bytes) -> SentenceAnalysis:
    # Our own cache file, written by this release (the folder name holds its version).
    return SentenceAnalysis.from_json(pickle.loads(data))


class Analyses(Protocol):
    """Sentence key → analysis: a dict while a snapshot is built, its file once saved."""

    def get(self, key: SentenceKey) -> SentenceAnalysis | None: ...

    def items(self) -> Iterable[tuple[SentenceKey, SentenceAnalysis]]: ...


def update_analyses(
    previous: AnalysisFile,
    folder: Path,
    drop: Iterable[str],
    analyses: Iterable[tuple[SentenceKey, SentenceAnalysis]],
) -> None:
    """Write the file of the next snapshot from the previous one: a copy without the
    articles in `drop`, with `analyses` added (compressed with the same dictionary)."""
    target = folder / FILE
    shutil.copyfile(previous.path, target)
    db = sqlite3.connect(target)
    try:
        compressor = packer(stored_dictionary(db))
        db.executemany("DELETE FROM analysis WHERE article = ?", ((aid,) for aid in drop))
        db.executemany(
            _INSERT,
            ((aid, index, compressor.compress(_pickled(a))) for (aid, index), a in analyses),
        )
        db.commit()
    finally:
        db.close()


class AnalysisFile:
    """The analyses of one snapshot, read from its file as the reader asks for them."""

    def __init__(self, folder: Path) -> None:
        path = self.path = folder / FILE
        if not path.is_file():
            raise FileNotFoundError(path)
        self._db = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        self._lock = Lock()
        self._cache: dict[SentenceKey, SentenceAnalysis | None] = {}
        self._unpacker = unpacker(self._db)

    def get(self, key: SentenceKey) -> SentenceAnalysis | None:
        if key in self._cache:
            return self._cache[key]
        try:
            with self._lock:  # neither the connection nor the decompressor is shared
                row = self._db.execute(
                    "SELECT body FROM analysis WHERE article = ? AND sentence = ?", key
                ).fetchone()
                found = self._decode(row[0]) if row else None
        except _DAMAGED:
            # A damaged cache file costs this sentence its parse, never the answer.
            log.warning("cannot read the analysis of %s#%d", *key, exc_info=True)
            found = None
        if len(self._cache) >= CACHE:
            self._cache.clear()
        self._cache[key] = found
        return found

    def items(self) -> Iterator[tuple[SentenceKey, SentenceAnalysis]]:
        """Every analysis, in key order (for what is derived once per snapshot); a
        connection of its own, so that lookups go on while this is read."""
        db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True)
        decoder = unpacker(db)
        try:
            for aid, index, blob in db.execute("SELECT article, sentence, body FROM analysis"):
                yield (aid, index), _analysis(decoder.decompress(blob))
        finally:
            db.close()

    def _decode(self, blob: bytes) -> SentenceAnalysis:
        return _analysis(self._unpacker.decompress(blob))

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM analysis").fetchone()[0])
