"""Ingest article files into the store: idempotent, skipping bad files, safe to kill."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from store.errors import ArticleError
from store.facts import extract_facts
from store.index import Store
from store.models import Article
from store.parse import load_article

# Articles are run through NER together, this many at a time, so the model's
# batching is used without holding a huge archive in memory.
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


def _run_ner(articles: list[Article], processes: int) -> list[list[Doc]]:
    """Each article's sentences run through NER; a sentence repeated across pages (teasers
    are) is run once."""
    from store.nlp import ner_pipeline

    nlp = ner_pipeline()
    unique = list(dict.fromkeys(s.text for a in articles for s in a.sentences))
    docs = dict(zip(unique, nlp.pipe(unique, batch_size=256, n_process=processes), strict=True))
    return [[docs[s.text] for s in a.sentences] for a in articles]


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
    processes = 2 if len(files_) >= PARALLEL_FROM else 1

    def flush() -> None:
        batch = [
            (article, extract_facts(article, docs))
            for article, docs in zip(pending, _run_ner(pending, processes), strict=True)
        ]
        store.write_articles(batch)
        for article, _ in batch:
            status = "updated" if article.article_id in known else "added"
            (report.updated if status == "updated" else report.added).append(article.article_id)
            note(article.article_id, status)
        pending.clear()

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
        if len(pending) >= CHUNK:
            flush()
    flush()
    if prune:
        for info in store.articles():
            if info.source and not Path(info.source).exists():
                store.remove_article(info.article_id)
                report.removed.append(info.article_id)
                note(info.article_id, "removed")
    if report.updated or report.removed:
        store.drop_unshown_teasers()
    return report
