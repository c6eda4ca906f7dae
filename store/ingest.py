"""Ingest article files into the store: idempotent, skipping bad files, safe to kill."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from store.analysis import SentenceAnalysis
from store.errors import ArticleError
from store.facts import extract_facts
from store.models import Article, Fact
from store.parse import load_article
from store.store import Store

# Articles are written to chroma this many at a time (chroma's cost is per call).
CHUNK = 64
# Worker processes pay a model load each; below this many articles one process is faster.
PARALLEL_FROM = 150

if TYPE_CHECKING:
    from spacy.tokens import Doc

Progress = Callable[[str, str], None]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed, "
            f"{len(self.failed)} failed"
        )


def builtin_corpus() -> Path:
    """The folder of articles shipped with the package."""
    return Path(str(files("store") / "corpus"))


def article_files(paths: Iterable[Path]) -> list[Path]:
    """The article files named by `paths`: files as given, folders by their `*.txt` files."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        else:
            found.append(path)
    return found


def _with_docs(
    articles: list[Article], processes: int
) -> Iterator[tuple[Article, list[Doc], list[SentenceAnalysis]]]:
    """Each article with its sentences run through NER (the docs the extractors read)
    and through the tagger and parser (the analysis the reader reads), streamed through
    `nlp.pipe` (worker processes start once per ingest, not once per batch).

    NER runs apart from the parser: entities never cross a sentence boundary, and the
    parser sometimes starts a sentence inside one of ours, cutting a name in two.
    A teaser repeated across pages is run once: the feeder skips a teaser text it
    already queued, and the reader, making the same decision in the same order, takes
    it from its cache."""
    from store.nlp import NER_ONLY, PARSE_ONLY, pipeline

    nlp = pipeline()

    def feed() -> Iterator[str]:
        queued: set[str] = set()
        for article in articles:
            for sentence in article.sentences:
                if sentence.kind == "related":
                    if sentence.text in queued:
                        continue
                    queued.add(sentence.text)
                yield sentence.text

    named = nlp.pipe(feed(), batch_size=256, n_process=processes, disable=NER_ONLY)
    parsed = nlp.pipe(feed(), batch_size=256, n_process=processes, disable=PARSE_ONLY)
    teasers: dict[str, tuple[Doc, SentenceAnalysis]] = {}
    for article in articles:
        docs: list[Doc] = []
        analyses: list[SentenceAnalysis] = []
        for sentence in article.sentences:
            if sentence.kind == "related" and sentence.text in teasers:
                doc, analysis = teasers[sentence.text]
            else:
                doc = next(named)
                analysis = SentenceAnalysis.of(next(parsed), doc)
                if sentence.kind == "related":
                    teasers[sentence.text] = (doc, analysis)
            docs.append(doc)
            analyses.append(analysis)
        yield article, docs, analyses


def ingest(
    store: Store,
    paths: Iterable[Path] | None = None,
    prune: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Index the given files and folders (the built-in corpus when none are given)."""
    report = IngestReport()
    files_ = article_files(list(paths) if paths else [builtin_corpus()])
    note = progress or (lambda _name, _status: None)
    known = {a.article_id: a.sha256 for a in store.articles()}
    seen: dict[str, Path] = {}
    pending: list[Article] = []

    for path in files_:
        try:
            if path.stem in seen:
                raise ArticleError(str(path), f"same article id as {seen[path.stem]}; rename one")
            article = load_article(path)
        except ArticleError as err:
            report.failed.append((err.path, err.reason))
            note(err.path, "failed")
            continue
        seen[path.stem] = path
        if known.get(article.article_id) == article.sha256:
            report.unchanged.append(article.article_id)
            note(article.article_id, "unchanged")
            continue
        pending.append(article)

    batch: list[tuple[Article, list[Fact], list[SentenceAnalysis]]] = []

    def flush() -> None:
        store.write_articles(batch)
        for article, _, _ in batch:
            status = "updated" if article.article_id in known else "added"
            (report.updated if status == "updated" else report.added).append(article.article_id)
            note(article.article_id, status)
        batch.clear()

    processes = 2 if len(pending) >= PARALLEL_FROM else 1
    for article, docs, analyses in _with_docs(pending, processes):
        batch.append((article, extract_facts(article, docs), analyses))
        # Read now, written with its chunk: a progress display moves article by article.
        note(article.article_id, "read")
        if len(batch) >= CHUNK:
            flush()
    flush()
    if pending:
        store.lemmas()  # built now, with the model loaded, rather than at the first question
    if prune:
        for info in store.articles():
            if info.source and not Path(info.source).exists():
                store.remove_article(info.article_id)
                report.removed.append(info.article_id)
                note(info.article_id, "removed")
    if report.updated or report.removed:
        store.drop_unshown_teasers()
    return report
