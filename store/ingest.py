"""Ingest article files into the store: idempotent, skipping bad files, safe to kill.

Any format store.formats reads; a file may hold many articles (an export, a feed, a
zip). Ingest reads every file first, then decides which article each document is: an
id seen twice is one article stored once (two files whose stems are the same id are
refused, as before), and so is one text arriving under two ids (a page and its export
record). Only new or changed articles go through spaCy and are written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from store.analysis import SentenceAnalysis
from store.errors import ArticleError
from store.facts import extract_facts
from store.formats import article_files as _article_files
from store.formats import read_documents
from store.models import Article, Document, Fact
from store.parse import parse_document
from store.records import content_key
from store.store import ArticleInfo, Store

# Articles are written to chroma this many at a time (chroma's cost is per call).
CHUNK = 64
# Worker processes cost their start and the copying of their results back; below this
# many articles one process is as fast.
PARALLEL_FROM = 150
# Sentences per `nlp.pipe` batch.
BATCH = 256
# Articles per task sent to a worker process: a batch's worth of sentences, and tasks
# small enough to share out evenly.
TASK = 16

if TYPE_CHECKING:
    from spacy.tokens import Doc

Progress = Callable[[str, str], None]
"""`progress(name, status)`: `found` when an article is read from its file, then
`unchanged`, `duplicate` or `read` (parsed and analysed), then `added` or `updated`
when written; `failed` (name: the file or `file:line`) and `removed`."""


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    # (where the second copy was, the id of the article kept)
    duplicates: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        text = (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed, "
            f"{len(self.failed)} failed"
        )
        return text + (f", {len(self.duplicates)} duplicates" if self.duplicates else "")


def builtin_corpus() -> Path:
    """The folder of articles shipped with the package."""
    return Path(str(files("store") / "corpus"))


def article_files(paths: Iterable[Path]) -> list[Path]:
    """The article files named by `paths`: files as given, folders by the files under
    them in a format ingest reads."""
    return _article_files(paths)


class _Analyser:
    """Runs articles' sentences through spaCy once and reads from each doc the analysis
    the reader needs and the facts the extractors find: the entities, tags, parse and
    lemmas come from one pass (store.nlp runs NER before the parser, so that no name is
    cut by a sentence start). A teaser repeated across pages is run once: its doc and
    analysis are kept by text (the facts are found again: they carry the page's place)."""

    def __init__(self) -> None:
        from store.nlp import pipeline

        self._nlp = pipeline()
        self._teasers: dict[str, tuple[Doc, SentenceAnalysis]] = {}

    def __call__(self, articles: list[Article]) -> list[tuple[list[Fact], list[SentenceAnalysis]]]:
        queued: set[str] = set()
        texts: list[str] = []
        for article in articles:
            for sentence in article.sentences:
                if sentence.kind == "related":
                    if sentence.text in queued or sentence.text in self._teasers:
                        continue
                    queued.add(sentence.text)
                texts.append(sentence.text)
        parsed = iter(self._nlp.pipe(texts, batch_size=BATCH))
        out: list[tuple[list[Fact], list[SentenceAnalysis]]] = []
        for article in articles:
            docs: list[Doc] = []
            analyses: list[SentenceAnalysis] = []
            for sentence in article.sentences:
                if sentence.kind == "related" and sentence.text in self._teasers:
                    doc, analysis = self._teasers[sentence.text]
                else:
                    doc = next(parsed)
                    analysis = SentenceAnalysis.of(doc)
                    if sentence.kind == "related":
                        self._teasers[sentence.text] = (doc, analysis)
                docs.append(doc)
                analyses.append(analysis)
            out.append((extract_facts(article, docs), analyses))
        return out


# The analyser of a worker process (see `_analysed`).
_worker: _Analyser | None = None


def _start_worker() -> None:
    from store.nlp import one_blas_thread

    global _worker
    one_blas_thread()  # for the worker's life: it is not left
    _worker = _Analyser()


def _analyse_in_worker(articles: list[Article]) -> list[tuple[list[Fact], list[SentenceAnalysis]]]:
    assert _worker is not None
    return _worker(articles)


def _analysed(
    articles: list[Article], processes: int
) -> Iterator[tuple[Article, list[Fact], list[SentenceAnalysis]]]:
    """Each article with its facts and its sentences' analyses, in order, found by
    `processes` processes. Several: the articles go TASK at a time to a pool of worker
    processes, each with the pipeline (forked after this process loaded it), which send
    back only the facts and analyses. spaCy's own `n_process` sends every doc back whole
    to be decoded here (each decoding searched the installed packages' metadata for
    msgpack extensions), and the facts were then found here too: this process, the one
    that writes, was as busy as the workers. The pool works ahead while this one writes."""
    from store.nlp import one_blas_thread, pipeline

    tasks = [articles[i : i + TASK] for i in range(0, len(articles), TASK)]
    with one_blas_thread():
        if processes == 1:
            analyse = _Analyser()
            for task in tasks:
                for article, (facts, analyses) in zip(task, analyse(task), strict=True):
                    yield article, facts, analyses
            return
        pipeline()
        pool = ProcessPoolExecutor(processes, initializer=_start_worker)
        try:
            for task, found in zip(tasks, pool.map(_analyse_in_worker, tasks), strict=True):
                for article, (facts, analyses) in zip(task, found, strict=True):
                    yield article, facts, analyses
        finally:
            pool.shutdown(cancel_futures=True)


@dataclass(frozen=True)
class _Read:
    """An article read from its file, with how it came."""

    document: Document
    article: Article
    key: str  # content_key: the same text from two formats has the same key


@dataclass
class _Reading:
    """What reading the files found: the articles, in file order, and the failures."""

    articles: list[_Read] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    # Files read without a failure, with the article ids each holds.
    complete: dict[str, set[str]] = field(default_factory=dict)


def _read_files(files_: list[Path], fields: Mapping[str, str] | None, note: Progress) -> _Reading:
    reading = _Reading()

    def failed(err: ArticleError) -> None:
        reading.failed.append((err.path, err.reason))
        note(err.path, "failed")

    for path in files_:
        ids: set[str] = set()
        clean = True
        try:
            for item in read_documents(path, fields):
                if isinstance(item, ArticleError):
                    failed(item)
                    clean = False
                    continue
                try:
                    article = parse_document(item)
                except ArticleError as err:
                    failed(err)
                    clean = False
                    continue
                ids.add(article.article_id)
                reading.articles.append(_Read(item, article, content_key(article)))
                note(article.article_id, "found")
        except ArticleError as err:
            failed(err)
            clean = False
        if clean:
            reading.complete[str(path)] = ids
    return reading


def _pruned(info: ArticleInfo, complete: dict[str, set[str]]) -> bool:
    """An article whose file is gone, or whose file was read whole and no longer holds it."""
    if not info.source:
        return False
    if info.source in complete:
        return info.article_id not in complete[info.source]
    return not Path(info.source).exists()


def _same_article(first: _Read, second: _Read) -> bool:
    """Two documents with one id are one article when the id is their own (a URL, a
    record id, a hash of the text) or their text is the same; two files that only share
    a name are not (one of them must be renamed)."""
    one, two = first.document.identity, second.document.identity
    if one == "stem" and two == "stem":
        return False
    return (one != "stem" and two != "stem") or first.key == second.key


def _size(read: _Read) -> int:
    return sum(len(p.text) for p in read.article.paragraphs if p.kind != "related")


@dataclass
class _Resolved:
    """Which article each document is: one kept per id and per text."""

    kept: list[_Read] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def _resolve(reads: list[_Read], surviving: dict[str, str]) -> _Resolved:
    """One article per id, the fullest text of those that share it (a feed's summary and
    the page it sums up have one URL); then one per text, the first (a page and its
    export record under two ids), also against `surviving`, the stored articles (by
    content key) this ingest keeps."""
    out = _Resolved()
    by_id: dict[str, _Read] = {}
    for read in reads:
        aid = read.article.article_id
        first = by_id.get(aid)
        if first is None:
            by_id[aid] = read
        elif not _same_article(first, read):
            reason = f"same article id as {first.document.location}; rename one"
            out.failed.append((read.document.location, reason))
        else:
            loser, by_id[aid] = (first, read) if _size(read) > _size(first) else (read, first)
            out.duplicates.append((loser.document.location, aid))
    by_key: dict[str, str] = {}
    for read in by_id.values():
        aid = read.article.article_id
        kept = by_key.get(read.key) or surviving.get(read.key)
        if kept is not None and kept != aid:
            out.duplicates.append((read.document.location, kept))
            continue
        by_key[read.key] = aid
        out.kept.append(read)
    return out


def ingest(
    store: Store,
    paths: Iterable[Path] | None = None,
    prune: bool = False,
    progress: Progress | None = None,
    fields: Mapping[str, str] | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Index the given files and folders (the built-in corpus when none are given);
    `fields` maps article fields to an export's own names (`{"text": "article_body"}`);
    `workers`: processes running spaCy and the extractors (None: two from PARALLEL_FROM
    articles on, else this one alone — small ingests do not repay the workers' start)."""
    if workers is not None and workers < 1:
        raise ValueError("workers must be at least 1")
    report = IngestReport()
    files_ = article_files(list(paths) if paths else [builtin_corpus()])
    note = progress or (lambda _name, _status: None)
    stored = {a.article_id: a for a in store.articles()}
    reading = _read_files(files_, fields, note)
    report.failed.extend(reading.failed)
    # Stored articles this ingest keeps whatever it reads: the text of each is taken.
    surviving = {
        a.content_key: a.article_id
        for a in stored.values()
        if a.content_key and not (prune and _pruned(a, reading.complete))
    }
    resolved = _resolve(reading.articles, surviving)
    for where, reason in resolved.failed:
        report.failed.append((where, reason))
        note(where, "failed")
    for where, kept in resolved.duplicates:
        report.duplicates.append((where, kept))
        note(where, "duplicate")
    read_ids = {r.article.article_id for r in reading.articles}
    pending: list[Article] = []
    for read in resolved.kept:
        article = read.article
        if article.article_id in stored and stored[article.article_id].sha256 == article.sha256:
            report.unchanged.append(article.article_id)
            note(article.article_id, "unchanged")
            continue
        pending.append(article)

    batch: list[tuple[Article, list[Fact], list[SentenceAnalysis]]] = []

    def flush() -> None:
        if not batch:
            return
        store.write_articles(batch)
        for article, _, _ in batch:
            status = "updated" if article.article_id in stored else "added"
            (report.updated if status == "updated" else report.added).append(article.article_id)
            note(article.article_id, status)
        batch.clear()

    processes = workers or (2 if len(pending) >= PARALLEL_FROM else 1)
    for article, facts, analyses in _analysed(pending, processes):
        batch.append((article, facts, analyses))
        # Read now, written with its chunk: a progress display moves article by article.
        note(article.article_id, "read")
        if len(batch) >= CHUNK:
            flush()
    flush()
    if pending:
        store.lemmas()  # built now, with the model loaded, rather than at the first question
    if prune:
        for info in store.articles():
            if info.article_id not in read_ids and _pruned(info, reading.complete):
                store.remove_article(info.article_id)
                report.removed.append(info.article_id)
                note(info.article_id, "removed")
    return report
