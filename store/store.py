"""The store of articles (chromadb and the records beside it), and the snapshot read
from it.

An article is written as its record (text, sentences, facts and analyses as one blob),
then committed by its marker in chroma's `articles` collection; it counts only when
both carry the same sha256, so a process killed half-way never leaves a half article
visible.

Everything else (the passage list, the facts, the BM25 postings, the passages' vectors
and their dense graph) is derived from the records into a snapshot cached on disk under
a signature of the indexed articles (see docs/storage.md).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
import sqlite3
import tempfile
import time
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock
from typing import Any, TypeVar, cast

import numpy as np

from store.analysis import SentenceAnalysis
from store.analysis_file import Analyses, AnalysisFile, update_analyses, write_analyses
from store.dense import DenseIndex, Embed, SerialWriter, finish_dense
from store.errors import StoreError, UnknownArticle
from store.fact_table import FILE as FACTS_FILE
from store.fact_table import FactTable, FactWriter, fit_labels, spread_label
from store.formats.metadata import within
from store.models import Article, ArticleMeta, Fact
from store.passage_table import KINDS, RELATED, PassageTable, PassageWriter
from store.record_store import (
    RECORDS,
    RecordCollection,
    RecordFile,
    RecordStore,
    RecordTable,
    pack,
    unpack,
)
from store.records import (
    Passage,
    StoredArticle,
    article_from_record,
    article_metadata,
    article_payload,
    meta_from_metadata,
    passages_of,
)
from store.search import DENSE_WEIGHT, RELATED_WEIGHT, Lexical, rrf
from store.search import fold as fold_place
from store.snapshot_file import read_snapshot, write_snapshot
from store.tallies import FILE as TALLIES_FILE
from store.tallies import Tallies, of_article

log = logging.getLogger(__name__)
T = TypeVar("T")
PASSAGES = "passages"
ARTICLES = "articles"
SEARCH_DEPTH = 50
SNAPSHOT_VERSION = 16
# A snapshot is updated from the previous one when at most this many articles (or a
# quarter of the archive) changed, else built again from every record.
UPDATE_AT_MOST = 50
# Where a chroma server keeps the store's generation (the articles collection's metadata),
# and how long a process trusts the one it read: another server's ingest is seen that late.
GENERATION_KEY = "generation"
SERVER_GENERATION_TTL = 0.5
SERVER_TIMEOUT = 10.0  # seconds one read of the generation may take
# What reading a cache pickle raises when the file is damaged or was written by another
# release (a class renamed, moved or given new fields): the cache is then rebuilt.
_UNREADABLE = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    ValueError,
    KeyError,
    TypeError,
    zlib.error,
    sqlite3.Error,
)


@dataclass(frozen=True)
class ArticleInfo:
    article_id: str
    title: str
    sha256: str
    source: str
    sentences: int
    published: str | None = None
    url: str | None = None
    author: str | None = None
    format: str = "txt"
    encoding: str = "utf-8"
    content_key: str = ""


@dataclass(frozen=True)
class Hit:
    """A passage found by search, with its fused score and the rank in each retriever."""

    passage: Passage
    score: float
    lexical_rank: int | None
    dense_rank: int | None
    published: str | None = None  # the article's publication date, when its source gives it


@dataclass
class Snapshot:
    """What the tools read: every committed passage and fact (memory-mapped columns and
    an indexed file, read as asked for), the parse of each sentence (by article and
    sentence index, read from disk as asked for), the BM25 index, and what each
    article's source says about it (publication date, URL, author)."""

    signature: str
    passages: PassageTable
    facts: FactTable
    lexical: Lexical
    analyses: Analyses
    dense: DenseIndex
    meta: dict[str, ArticleMeta] = field(default_factory=dict)
    # The version of each article held: what the next snapshot is updated from.
    shas: dict[str, str] = field(default_factory=dict)
    # Where its files are (the tallies are read from there when first asked for).
    folder: Path | None = None
    _tallies: Tallies | None = field(default=None, repr=False)

    def tallies(self, copy: bool = False) -> Tallies:
        """The counts over its articles (see store.tallies): read once, then kept; with
        `copy`, a copy of its own to update (read again while the folder is there)."""
        if copy and self.folder is not None and (self.folder / TALLIES_FILE).exists():
            return Tallies.load(self.folder)
        if self._tallies is None:
            if self.folder is None:
                raise ValueError("this snapshot has no folder to read its tallies from")
            self._tallies = Tallies.load(self.folder)
        return deepcopy(self._tallies) if copy else self._tallies


class _Builder:
    """A snapshot being written into a folder, article by article in id order: its
    passages, facts and metadata (the analyses stream into their own file). Made from
    `previous` when its unchanged articles are copied from it, never read back one by
    one: their passages in runs, as arrays; the facts file whole, then patched (or,
    without `labels`, in runs, one SQL statement per run); the BM25 postings merged."""

    def __init__(
        self,
        folder: Path,
        embed: Embed,
        previous: Snapshot | None = None,
        labels: dict[str, int] | None = None,
    ) -> None:
        self.folder = folder
        self.passages = PassageWriter()
        self._embed = embed
        self.serials = SerialWriter(previous.dense.next_serial if previous is not None else 0)
        self._previous = previous
        # With `labels` (each article's, see store.fact_table), the previous facts file is
        # copied and patched; else the facts are written anew under labels spread evenly.
        self._labels = labels
        if previous is not None and labels is not None:
            self.facts = FactWriter.patched(folder / FACTS_FILE, previous.facts)
        else:
            dictionary = previous.facts.dictionary if previous is not None else None
            self.facts = FactWriter(folder / FACTS_FILE, dictionary)
        self.metas: dict[str, ArticleMeta] = {}
        self.shas: dict[str, str] = {}
        self._run: list[int] = []  # numbers in `previous` of the articles waiting to be copied
        # The previous snapshot's counts, less the articles dropped, plus those taken.
        self.tallies = Tallies() if previous is None else previous.tallies(copy=True)
        self._lost_places: set[str] = set()

    def drop(self, aid: str) -> None:
        """Take away the counts of an article of the previous snapshot that this one
        removes or holds in a new version (before that version is taken)."""
        previous = self._previous
        assert previous is not None
        share = of_article(
            aid,
            previous.passages.page(aid),
            lambda sentence: previous.analyses.get((aid, sentence)),
            previous.facts.of_article(aid),
        )
        self._lost_places |= self.tallies.remove(share)
        label = previous.facts.label_of(aid)
        if self._labels is not None and label is not None:
            self.facts.drop(label)

    def take(self, stored: StoredArticle) -> Iterator[tuple[tuple[str, int], SentenceAnalysis]]:
        """Add a committed article; yields its analyses."""
        self._copy_run()
        aid = stored.article_id
        page = passages_of(stored)
        label = self._labels[aid] if self._labels is not None else spread_label(len(self.shas))
        self.facts.add(stored.facts, _texts_of(page), label)
        self.passages.add_page(aid, stored.title, page)
        self.serials.add(len(page))
        self.metas[aid] = stored.meta
        self.shas[aid] = stored.sha256
        analyses = dict(zip((s.index for s in stored.sentences), stored.analyses, strict=False))
        self.tallies.add(of_article(aid, page, analyses.get, stored.facts))
        for index, analysis in analyses.items():
            yield (aid, index), analysis

    def copy(self, aid: str) -> None:
        """Add an article unchanged since the previous snapshot, as that one holds it."""
        previous = self._previous
        assert previous is not None
        number = previous.passages.article_number(aid)
        if number is None:
            raise ValueError(f"{aid!r} is not in the previous snapshot")
        if self._run and number != self._run[-1] + 1:
            self._copy_run()
        self._run.append(number)
        if aid in previous.meta:
            self.metas[aid] = previous.meta[aid]
        self.shas[aid] = previous.shas[aid]

    def _copy_run(self) -> None:
        if not self._run or self._previous is None:
            return
        first, last = self._run[0], self._run[-1]
        if self._labels is None:  # (a patched file holds them already)
            shift = len(self.passages.articles) - first
            labels = self._previous.facts.labels
            moved = [(int(labels[n]), spread_label(n + shift)) for n in range(first, last + 1)]
            self.facts.copy(self._previous.facts, moved)
        lo, hi = self.passages.copy_pages(self._previous.passages, first, last)
        self.serials.copy(self._previous.dense, lo, hi)
        self._run = []

    def finish(self) -> None:
        """Everything written but the analyses; the BM25 index built over the passages."""
        self._copy_run()
        self.facts.close()
        self.serials.save(self.folder)
        self.passages.save(self.folder)
        table = PassageTable.load(self.folder)
        if self._previous is None:
            lexical = Lexical.of_terms(list(table.terms()))
        else:
            old_of_new = self.passages.previous_positions(self._previous.passages)
            fresh = table.terms_at(np.nonzero(old_of_new < 0)[0].tolist())
            lexical = Lexical.updated(self._previous.lexical, old_of_new, fresh)
        lexical.save(self.folder)
        finish_dense(
            self.folder,
            table.order,
            table.texts_at,
            self._embed,
            self.serials.next_serial,
            self._previous.dense if self._previous is not None else None,
        )
        self._first_places_again(table)
        self.tallies.save(self.folder)
        write_snapshot(self.folder, self.metas, self.shas)

    def _first_places_again(self, table: PassageTable) -> None:
        """The first mention of each place whose first mention was in a dropped article,
        found among the new snapshot's facts (in article order)."""
        held = [
            (place, form) for place, form in self.tallies.place_forms if place in self._lost_places
        ]
        if not held:  # (none of them named any more)
            return
        lost = {place for place, _ in held}
        forms = [form for _, form in held]
        facts = FactTable(self.folder / FACTS_FILE, table)
        for fact in facts.with_values("place", forms):
            place = fold_place(fact.value).strip()
            if place in lost:
                self.tallies.first_place[place] = (fact.article_id, fact.value)
                lost.discard(place)


def _texts_of(page: list[Passage]) -> Callable[[tuple[str, int]], str | None]:
    texts = {p.sentence: p.text for p in page}
    return lambda key: texts.get(key[1])


def _signature_of(markers: dict[str, str]) -> str:
    digest = hashlib.sha256(f"v{SNAPSHOT_VERSION}".encode())
    for aid, sha in sorted(markers.items()):
        digest.update(f"{aid}:{sha};".encode())
    return digest.hexdigest()[:24]


def _published(snap: Snapshot, article_id: str) -> str | None:
    meta = snap.meta.get(article_id)
    return meta.published if meta else None


def _read_snapshot(signature: str, folder: Path, owned: bool = False) -> Snapshot:
    meta, shas = read_snapshot(folder)
    passages = PassageTable.load(folder)
    facts = FactTable(folder / FACTS_FILE, passages, owned=owned)
    lexical = Lexical.load(folder, len(passages))
    analyses = AnalysisFile(folder)
    dense = DenseIndex.load(folder, passages.order, len(passages.rows))
    if not (folder / TALLIES_FILE).is_file():  # a folder left half-written, or damaged
        raise FileNotFoundError(folder / TALLIES_FILE)
    return Snapshot(signature, passages, facts, lexical, analyses, dense, meta, shas, folder)


class Store:
    """Articles in chromadb and their records, with hybrid search over their snapshot."""

    def __init__(
        self,
        connect: Callable[[], Any],
        cache_dir: Path,
        vectors_dir: Path | None = None,
        local_db: Path | None = None,
        records_file: Path | None = None,
        records_url: str | None = None,
        server: tuple[str, int] | None = None,
    ) -> None:
        # A chroma server's address, for reading its generation without chroma's client.
        self._server = server
        self._connect = connect
        self._cache_dir = cache_dir
        self._vectors_dir = vectors_dir
        self._local_db = local_db
        self._collections: tuple[Any, Any] | None = None
        self._snapshot: Snapshot | None = None
        self._snapshot_stamp: str | None = None
        self._previous: Snapshot | None = None
        self._seen: tuple[str, float] | None = None  # a server's generation, and when read
        self._client: Any = None
        self._passages_forgotten = False
        self._lock = Lock()

        def collection() -> Any:
            return self._open_collections()[1]

        # An embedded store keeps the records in a file beside chroma; a server, in a
        # PostgreSQL table when given one, else in a collection of its own every replica
        # reads (see store.record_store).
        self._records: RecordStore = (
            RecordFile(records_file)
            if records_file is not None
            else RecordTable(records_url, collection)
            if records_url
            else RecordCollection(collection)
        )

    @classmethod
    def open(
        cls,
        data_dir: Path,
        chroma_host: str | None = None,
        chroma_port: int = 8000,
        vectors_dir: Path | None = None,
        records_url: str | None = None,
    ) -> Store:
        """A store in `data_dir`, or on a chroma server when `chroma_host` is given, its
        article records then in the PostgreSQL database `records_url` when there is one.

        The chroma client is created on first use: a question answered from the
        cached snapshot never pays for it.
        """
        data_dir.mkdir(parents=True, exist_ok=True)

        def connect() -> Any:
            import chromadb
            from chromadb.config import Settings

            settings = Settings(anonymized_telemetry=False)
            try:
                if chroma_host:
                    return chromadb.HttpClient(
                        host=chroma_host, port=chroma_port, settings=settings
                    )
                return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)
            except Exception as err:  # chromadb raises bare exceptions for an unreachable server
                where = f"{chroma_host}:{chroma_port}" if chroma_host else str(data_dir)
                raise StoreError(f"cannot open the chroma store at {where}: {err}") from err

        if chroma_host:
            return cls(
                connect,
                data_dir / "cache",
                vectors_dir,
                records_url=records_url,
                server=(chroma_host, chroma_port),
            )
        local_db = data_dir / "chroma" / "chroma.sqlite3"
        return cls(connect, data_dir / "cache", vectors_dir, local_db, data_dir / "records.sqlite3")

    def word_vectors(self) -> Any:
        """The word-vector table the dense index uses (memory-mapped, no model loaded)."""
        from store.vectors import vector_table

        return vector_table(cache_dir=self._vectors_dir)

    def _embed_many(self, texts: Sequence[str]) -> np.ndarray:
        return cast(np.ndarray, self.word_vectors().embed_many(texts))

    def lemmas(self) -> dict[str, str]:
        """Irregular word forms → their lemma's stem (see store.lemmas)."""
        from store.lemmas import lemma_stems
        from store.vectors import default_cache_dir

        return lemma_stems(self._vectors_dir or default_cache_dir())

    def connect(self) -> None:
        """Import chroma's client and open the collections now, not at the first read of
        the articles (after another process's ingest): a server does it before it says
        it is ready, so that its first update does not wait a second for the import."""
        self._open_collections()

    def _connect_once(self) -> Any:
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _open_collections(self) -> tuple[Any, Any]:
        if self._collections is None:
            from store.embeddings import FrenchWordVectors

            client = self._connect_once()
            self._embed = FrenchWordVectors(
                cache_dir=str(self._vectors_dir) if self._vectors_dir else None
            )
            config = {"hnsw": {"space": "cosine"}}
            self._collections = (
                client.get_or_create_collection(
                    ARTICLES, embedding_function=self._embed, configuration=config
                ),
                # A chroma server's records (an embedded store keeps them in a file).
                None
                if self._local_db is not None
                else client.get_or_create_collection(RECORDS, embedding_function=None),
            )
        return self._collections

    @property
    def _articles(self) -> Any:
        return self._open_collections()[0]

    def _forget_chroma_passages(self) -> None:
        """A store written by an earlier release holds its passages' vectors in a chroma
        collection nothing reads any more (see store.dense): deleted at the first write,
        which gives its disk back."""
        if self._passages_forgotten:
            return
        from chromadb.errors import NotFoundError

        try:
            self._connect_once().delete_collection(PASSAGES)
            log.info("deleted the chroma collection %r of an earlier release", PASSAGES)
        except NotFoundError:
            pass
        self._passages_forgotten = True

    def _stamp(self, cached: bool = False) -> str | None:
        """The store's generation: changes with every write through this class.

        Every write first writes a new generation, so a snapshot verified at one
        generation stays valid until the next write, and a write killed half-way leaves
        a generation no snapshot matches. The embedded store keeps it in a file beside
        the cache (the database file's own mtime is no use: opening chroma touches it);
        a chroma server, in the articles collection's metadata, where every process
        using that server reads it. None when a server cannot be read (no generation
        known: the snapshot is then checked against the articles themselves).
        """
        if self._local_db is None:
            return self._server_generation(cached)
        try:
            return (self._cache_dir / "generation").read_text("utf-8").strip() or "-"
        except OSError:
            return "-"

    def _server_generation(self, cached: bool) -> str | None:
        now = time.monotonic()
        if cached and self._seen is not None and now - self._seen[1] < SERVER_GENERATION_TTL:
            return self._seen[0]
        try:
            metadata = self._articles_metadata()
        except Exception:  # chromadb raises bare exceptions for a lost server
            log.warning("cannot read the store generation from the chroma server", exc_info=True)
            return None
        stamp = str(metadata.get(GENERATION_KEY) or "-")
        self._seen = (stamp, now)
        return stamp

    def _articles_metadata(self) -> dict[str, Any]:
        """The articles collection's metadata on the chroma server. Until this process
        has chroma's client (it imports in about a second, and a process answering from
        its snapshot needs it only for dense search), one GET of chroma's REST API reads
        it; any surprise there falls back to the client."""
        if self._client is None and self._server is not None:
            import httpx

            host, port = self._server
            url = (
                f"http://{host}:{port}/api/v2/tenants/default_tenant/databases/"
                f"default_database/collections/{ARTICLES}"
            )
            try:
                response = httpx.get(url, timeout=SERVER_TIMEOUT)
                if response.is_success:
                    metadata = response.json().get("metadata") or {}
                    if isinstance(metadata, dict):
                        return metadata
            except (httpx.HTTPError, ValueError, AttributeError):
                pass
        return dict(self._connect_once().get_collection(ARTICLES).metadata or {})

    def generation(self) -> str | None:
        """Changes with every write to the store, this process's or another's (read from
        a chroma server at most every SERVER_GENERATION_TTL seconds): a reader compares
        it to notice another process's ingest."""
        return self._stamp(cached=True)

    def _new_generation(self) -> None:
        with self._lock:
            # search() trusts the cached snapshot: a write must drop it (the next one is
            # updated from it).
            if self._snapshot is not None:
                self._previous = self._snapshot
            self._snapshot = None
        stamp = uuid.uuid4().hex
        if self._local_db is None:
            self._articles.modify(metadata={GENERATION_KEY: stamp})
            self._seen = (stamp, time.monotonic())
            return
        self._cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = self._cache_dir / f".generation-{os.getpid()}"
        tmp.write_text(stamp)
        os.replace(tmp, self._cache_dir / "generation")

    # -- reading -----------------------------------------------------------------

    def articles(self) -> list[ArticleInfo]:
        """Every indexed article, by id."""
        got = self._articles.get(include=["metadatas"])
        infos = []
        for aid, m in zip(got["ids"], got["metadatas"] or [], strict=True):
            meta = meta_from_metadata(m)
            infos.append(
                ArticleInfo(
                    aid,
                    str(m["title"]),
                    str(m["sha256"]),
                    str(m.get("source", "")),
                    int(m.get("sentences", 0)),
                    meta.published,
                    meta.url,
                    meta.author,
                    meta.format,
                    meta.encoding,
                    str(m.get("content_key", "")),
                )
            )
        return sorted(infos, key=lambda a: a.article_id)

    def is_empty(self) -> bool:
        pointer = self._read_pointer()
        if pointer and pointer.get("stamp") == self._stamp() and pointer.get("articles"):
            return False
        return bool(self._articles.count() == 0)

    def article(self, article_id: str) -> StoredArticle:
        got = self._articles.get(ids=[article_id], include=["documents", "metadatas"])
        found = self._committed(got)
        if not found:
            raise UnknownArticle(article_id)
        return found[0]

    def _committed(self, got: dict[str, Any]) -> list[StoredArticle]:
        """The articles of a `get` on the marker collection whose record was written from
        the same text as the marker. A store written before records were kept apart holds
        the record as the marker's document."""
        markers = list(zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True))
        records = self._records.get([aid for aid, _, _ in markers])
        out = []
        for aid, document, meta in markers:
            sha, blob = records.get(aid, ("", b""))
            if sha and sha == meta.get("sha256"):
                out.append(article_from_record(aid, unpack(blob), meta))
            elif document:
                out.append(article_from_record(aid, document, meta))
        return out

    def snapshot(self, check: bool = True) -> Snapshot:
        """The passages, facts and BM25 index of every committed article (cached).

        With the embedded store, an unchanged database file means an unchanged
        snapshot, so it is read from the cache without opening chroma at all.
        """
        with self._lock:
            if self._snapshot is not None and not check:
                return self._snapshot
            stamp = self._stamp()
            if self._snapshot is not None and stamp is not None and stamp == self._snapshot_stamp:
                return self._snapshot
            pointer = self._read_pointer()
            # The pointer names a folder written by this release only: another release's
            # files may read without error and hold something else.
            if (
                stamp is not None
                and pointer
                and pointer.get("stamp") == stamp
                and pointer.get("version") == SNAPSHOT_VERSION
            ):
                cached = self._load_snapshot(str(pointer["signature"]))
                if cached is not None:
                    self._snapshot, self._snapshot_stamp = cached, stamp
                    return cached
            markers = self._markers()
            signature = _signature_of(markers)
            if self._snapshot is None or self._snapshot.signature != signature:
                previous = self._snapshot or self._previous or self._pointed(pointer)
                self._snapshot = (
                    self._load_snapshot(signature)
                    or (previous and self._update_snapshot(previous, signature, markers))
                    or self._build_snapshot(signature)
                )
                self._previous = None
            self._snapshot_stamp = stamp
            self._write_pointer(self._snapshot, self._snapshot_stamp)
            return self._snapshot

    def derived(self, name: str, build: Callable[[], T], signature: str | None = None) -> T:
        """Something computed from the current snapshot, cached beside it on disk (a
        cache only: when it cannot be read or written it is simply built). With
        `signature`, what `build` reads is that snapshot's: it is built and not cached
        when the current snapshot is another (a view kept by a question under way)."""
        snapshot = self.snapshot(check=False)
        if signature is not None and signature != snapshot.signature:
            return build()
        path = self._cache_dir / snapshot.signature / f"derived-{name}.pickle"
        try:
            with open(path, "rb") as fh:
                return cast(T, pickle.load(fh))
        except _UNREADABLE:
            pass
        value = build()
        try:
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            with open(tmp, "wb") as fh:
                pickle.dump(value, fh, pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass
        return value

    def _read_pointer(self) -> dict[str, Any] | None:
        try:
            data = json.loads((self._cache_dir / "current.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _write_pointer(self, snapshot: Snapshot, stamp: str | None) -> None:
        if stamp is None:
            return
        try:
            self._cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = self._cache_dir / f".current-{os.getpid()}.json"
            articles = len(snapshot.shas)
            tmp.write_text(
                json.dumps(
                    {
                        "signature": snapshot.signature,
                        "stamp": stamp,
                        "articles": articles,
                        "version": SNAPSHOT_VERSION,
                    }
                )
            )
            os.replace(tmp, self._cache_dir / "current.json")
        except OSError:
            pass

    def _markers(self) -> dict[str, str]:
        """Each committed article's id and the sha256 of its version."""
        got = self._articles.get(include=["metadatas"])
        return {
            aid: str(m["sha256"]) for aid, m in zip(got["ids"], got["metadatas"] or [], strict=True)
        }

    def _pointed(self, pointer: dict[str, Any] | None) -> Snapshot | None:
        """The snapshot the pointer names, however old: what a new one is updated from."""
        if not pointer or pointer.get("version") != SNAPSHOT_VERSION:
            return None
        return self._load_snapshot(str(pointer.get("signature")))

    def _load_snapshot(self, signature: str) -> Snapshot | None:
        try:
            return _read_snapshot(signature, self._cache_dir / signature)
        except _UNREADABLE:
            return None

    def _stored_articles(self, ids: list[str] | None = None) -> Iterator[StoredArticle]:
        """The committed articles among `ids` (every one by default), read in batches
        and in id order when `ids` are."""
        if ids is None:
            ids = sorted(self._articles.get(include=[])["ids"])
        for start in range(0, len(ids), 200):
            got = self._articles.get(
                ids=ids[start : start + 200], include=["documents", "metadatas"]
            )
            yield from sorted(self._committed(got), key=lambda a: a.article_id)

    def _build_snapshot(self, signature: str) -> Snapshot:
        """Everything from the committed records alone (the passages, their facts and
        their vectors are all made from them).

        The records are read in id order and written out as they are read, so the
        process building the snapshot never holds the archive."""
        tmp, owned = self._new_cache_folder()
        try:
            builder = _Builder(tmp, self._embed_many)
            write_analyses(
                tmp, (a for stored in self._stored_articles() for a in builder.take(stored))
            )
            builder.finish()
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return self._put_in_place(signature, tmp, owned)

    def _update_snapshot(
        self, previous: Snapshot, signature: str, markers: dict[str, str]
    ) -> Snapshot | None:
        """The snapshot of `markers` made from `previous` and the records of the articles
        added or changed since: an ingest of a few articles into a large archive reads
        those few records, not the archive. None when most of it changed, or when
        `previous` has no analyses file to start from (a full build is then as quick)."""
        if not isinstance(previous.analyses, AnalysisFile) or not previous.shas:
            return None
        changed = [aid for aid, sha in markers.items() if previous.shas.get(aid) != sha]
        gone = {aid for aid in previous.shas if markers.get(aid) != previous.shas[aid]}
        if len(changed) + len(gone) > max(UPDATE_AT_MOST, len(markers) // 4):
            return None
        fresh = {stored.article_id: stored for stored in self._stored_articles(sorted(changed))}
        order = sorted(set(fresh) | (set(previous.shas) - gone))
        held = dict(zip(previous.passages.articles, previous.facts.labels.tolist(), strict=True))
        labels = fit_labels(order, {aid: held[aid] for aid in order if aid in held})
        tmp, owned = self._new_cache_folder()
        try:
            builder = _Builder(tmp, self._embed_many, previous, labels)
            for aid in sorted(gone):
                builder.drop(aid)
            added: list[tuple[tuple[str, int], SentenceAnalysis]] = []
            for aid in order:
                if aid in fresh:
                    added.extend(builder.take(fresh[aid]))
                else:
                    builder.copy(aid)
            update_analyses(previous.analyses, tmp, gone, added)
            builder.finish()
        except (OSError, sqlite3.Error, ValueError):
            log.warning("updating the snapshot failed; building it again", exc_info=True)
            shutil.rmtree(tmp, ignore_errors=True)
            return None
        return self._put_in_place(signature, tmp, owned)

    def _new_cache_folder(self) -> tuple[Path, bool]:
        """A new folder to build a snapshot in, and whether it lies outside the cache (a
        cache that cannot be written: the snapshot is then this process's own)."""
        try:
            self._cache_dir.mkdir(parents=True, exist_ok=True)
            return Path(tempfile.mkdtemp(dir=self._cache_dir, prefix=".tmp-")), False
        except OSError:
            log.warning("cannot write the snapshot cache in %s", self._cache_dir, exc_info=True)
            return Path(tempfile.mkdtemp(prefix="assistant-snapshot-")), True

    def _put_in_place(self, signature: str, tmp: Path, owned: bool) -> Snapshot:
        """Move a complete snapshot folder where every process reads it, and open it."""
        if owned:
            return _read_snapshot(signature, tmp, owned=True)
        final = self._cache_dir / signature
        try:
            for old in self._cache_dir.iterdir():
                if not old.is_dir() or old.name in (signature, tmp.name):
                    continue
                # Another snapshot, or what a process killed while building one left.
                if not old.name.startswith(".") or time.time() - old.stat().st_mtime > 3600:
                    shutil.rmtree(old, ignore_errors=True)
            os.replace(tmp, final)
        except OSError:
            # Another process put the same snapshot in place first: read that one.
            loaded = self._load_snapshot(signature)
            if loaded is not None:
                shutil.rmtree(tmp, ignore_errors=True)
                return loaded
            try:  # a damaged folder of that name: replaced by the one just built
                shutil.rmtree(final)
                os.replace(tmp, final)
            except OSError:
                log.warning("cannot put the snapshot in the cache", exc_info=True)
                return _read_snapshot(signature, tmp, owned=True)
        return _read_snapshot(signature, final)

    # -- search ------------------------------------------------------------------

    def search(
        self,
        query: str,
        k: int = 5,
        article_id: str | None = None,
        kinds: Iterable[str] | None = None,
        dense: bool = True,
        lexical: bool = True,
        lexical_query: str | None = None,
        published_from: str | None = None,
        published_to: str | None = None,
    ) -> list[Hit]:
        """Hybrid search: BM25 and dense rankings fused by reciprocal rank, best first.

        `lexical_query` replaces the query for BM25 only (e.g. with synonyms added),
        so the dense side still embeds natural words. `published_from` / `published_to`
        (ISO dates, inclusive, at any precision) keep articles published then; an article
        without a publication date is outside every such period.
        """
        snap = self.snapshot(check=False)
        kind_set = set(kinds) if kinds else None
        dated: set[str] | None = None
        if published_from is not None or published_to is not None:
            dated = {
                aid
                for aid, meta in snap.meta.items()
                if within(meta.published, published_from, published_to)
            }
        allowed = np.ones(len(snap.passages), dtype=bool)
        if article_id is not None or dated is not None:
            articles = snap.passages.article_numbers()
            wanted = [article_id] if article_id is not None else []
            if dated is not None:
                wanted = [a for a in (wanted or list(dated)) if a in dated]
            numbers = [n for a in wanted if (n := snap.passages.article_number(a)) is not None]
            allowed &= np.isin(articles, np.asarray(numbers, dtype=articles.dtype))
        if kind_set is not None:
            codes = [KINDS.index(k) for k in kind_set if k in KINDS]
            allowed &= np.isin(snap.passages.kinds(), np.asarray(codes, dtype=np.uint8))
        # A depth that does not depend on k, so asking for more hits never reorders the first.
        depth = max(k, SEARCH_DEPTH)
        lexical_ranking: list[int] = []
        if lexical and snap.passages:
            scores = snap.lexical.scores(lexical_query or query)
            # Best first, ties by position: a stable sort of the passages that score, not a
            # Python pass over every passage of the archive.
            hits = np.flatnonzero((scores > 0) & allowed)
            top = hits[np.lexsort((hits, -scores[hits]))[:depth]]
            lexical_ranking = [int(i) for i in top]
        dense_ranking: list[int] = []
        if dense and snap.passages:
            filtered = article_id is not None or dated is not None or kind_set is not None
            dense_ranking = snap.dense.nearest(
                self._embed_many([query])[0], depth, allowed if filtered else None
            )
        fused = rrf([lexical_ranking, dense_ranking], [1.0, DENSE_WEIGHT])
        kinds = snap.passages.kinds() if fused else None
        for position in fused:
            if kinds is not None and kinds[position] == RELATED:
                fused[position] *= RELATED_WEIGHT
        best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        lex_rank = {p: r for r, p in enumerate(lexical_ranking)}
        dense_rank = {p: r for r, p in enumerate(dense_ranking)}
        return [
            Hit(
                snap.passages[i],
                fused[i],
                lex_rank.get(i),
                dense_rank.get(i),
                _published(snap, snap.passages[i].article_id),
            )
            for i in best
        ]

    # -- writing -----------------------------------------------------------------

    def write_article(
        self, article: Article, facts: list[Fact], analyses: list[SentenceAnalysis] | None = None
    ) -> None:
        """Write one article's record, then commit it with its marker."""
        self.write_articles([(article, facts, analyses or [])])

    def write_articles(
        self, batch: list[tuple[Article, list[Fact], list[SentenceAnalysis]]]
    ) -> None:
        """Write the records of several articles, then commit them with their markers.

        One call per collection for the whole batch: chroma's cost is mostly per call.
        The markers are written last (see the module docstring), so a kill before them
        leaves every article of the batch as it was. The passages and their vectors are
        made from the records by the next snapshot (see store.dense).
        """
        if not batch:
            return
        self._new_generation()
        self._forget_chroma_passages()
        ids = [article.article_id for article, _, _ in batch]
        self._records.put(
            [
                (a.article_id, a.sha256, pack(article_payload(a, facts, analyses)))
                for a, facts, analyses in batch
            ]
        )
        # The marker last: it commits the article. Its document is emptied, so a record a
        # store kept there before records moved out is not read again.
        self._articles.upsert(
            ids=ids,
            documents=[""] * len(ids),
            metadatas=[article_metadata(article) for article, _, _ in batch],
            embeddings=[np.asarray(e) for e in self._embed([a.title for a, _, _ in batch])],
        )

    def remove_article(self, article_id: str) -> None:
        """Forget an article: its marker first, so it stops counting at once."""
        self._new_generation()
        self._forget_chroma_passages()
        self._articles.delete(ids=[article_id])
        self._records.delete([article_id])
