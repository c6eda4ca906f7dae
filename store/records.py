"""How articles, passages and facts are written to chromadb records and read back."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from store.analysis import SentenceAnalysis
from store.models import Article, ArticleMeta, Fact, Paragraph, Sentence


@dataclass(frozen=True)
class Passage:
    """A searchable unit: one sentence of an article, or one related-news teaser."""

    id: str
    article_id: str
    title: str
    kind: str
    paragraph: int
    sentence: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class StoredArticle:
    """An indexed article as read back from the store."""

    article_id: str
    title: str
    dateline: str | None
    text: str
    sha256: str
    source: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    facts: tuple[Fact, ...]
    # One per sentence, in order; empty for a record written before the reader existed.
    analyses: tuple[SentenceAnalysis, ...] = ()
    meta: ArticleMeta = ArticleMeta()


def content_key(article: Article) -> str:
    """A digest of an article's own text (title and paragraphs, not the teasers), folded
    so the same article from two formats has the same key."""
    from store.formats.identity import fingerprint

    own = [p.text for p in article.paragraphs if p.kind != "related"]
    return hashlib.sha1(fingerprint("\n".join(own)).encode("utf-8")).hexdigest()[:20]


_META_FIELDS = ("published", "url", "author", "format", "encoding")


def meta_metadata(meta: ArticleMeta) -> dict[str, str]:
    """An article's metadata as chroma metadata (which holds no None)."""
    return {name: value for name in _META_FIELDS if (value := getattr(meta, name))}


def meta_from_metadata(meta: dict[str, Any]) -> ArticleMeta:
    """Read back; a record written before metadata existed is a UTF-8 `.txt` file."""
    values = {name: str(meta[name]) for name in _META_FIELDS if meta.get(name)}
    return ArticleMeta(**values)  # type: ignore[arg-type]


def passage_id(sentence: Sentence) -> str:
    """Article text is keyed by position; a teaser by its text, so the same teaser
    on several pages is stored once."""
    if sentence.kind == "related":
        return teaser_id(sentence.text)
    return f"{sentence.article_id}#{sentence.index}"


@lru_cache(maxsize=50_000)
def teaser_id(text: str) -> str:
    """A teaser's id: its text, folded and hashed (kept: the same teasers recur on many
    pages, and each snapshot update meets every page's again)."""
    folded = re.sub(r"\W+", " ", text.casefold()).strip()
    return "related#" + hashlib.sha1(folded.encode("utf-8")).hexdigest()[:16]


def passages_of(article: Article | StoredArticle) -> list[Passage]:
    unique: dict[str, Passage] = {}
    for s in article.sentences:
        pid = passage_id(s)
        unique.setdefault(
            pid,
            Passage(
                pid,
                article.article_id,
                article.title,
                s.kind,
                s.paragraph,
                s.index,
                s.start,
                s.end,
                s.text,
            ),
        )
    return list(unique.values())


_NAMES = {
    kind: tuple(f.name for f in dataclasses.fields(kind)) for kind in (Paragraph, Sentence, Fact)
}


def _fields(item: Paragraph | Sentence | Fact) -> tuple[Any, ...]:
    """A flat dataclass's values in field order: what `dataclasses.astuple` gives, without
    the deep copy of every value it makes (more than half of the record's JSON time)."""
    return tuple(getattr(item, name) for name in _NAMES[type(item)])


def article_payload(
    article: Article, facts: list[Fact], analyses: list[SentenceAnalysis] | tuple[()] = ()
) -> str:
    """Everything needed to show an article and answer from it, as one JSON document."""
    return json.dumps(
        {
            "text": article.text,
            "dateline": article.dateline,
            "paragraphs": [_fields(p) for p in article.paragraphs],
            "sentences": [_fields(s) for s in article.sentences],
            "facts": [dict(zip(_NAMES[Fact], _fields(f), strict=True)) for f in facts],
            "analyses": [a.to_json() for a in analyses],
        },
        ensure_ascii=False,
    )


def article_metadata(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "sha256": article.sha256,
        "source": article.source,
        "sentences": len(article.sentences),
        "content_key": content_key(article),
        **meta_metadata(article.meta),
    }


def _fact(data: dict[str, Any]) -> Fact:
    # One string object per sentence quoted, per article id, per kind…, not one per fact:
    # every fact of a sentence quotes it whole (a snapshot holds a hundred thousand).
    shared: dict[str, Any] = {k: sys.intern(v) if type(v) is str else v for k, v in data.items()}
    return Fact(**shared)


def article_from_record(article_id: str, payload: str, meta: dict[str, Any]) -> StoredArticle:
    data = json.loads(payload)
    return StoredArticle(
        article_id=article_id,
        title=str(meta["title"]),
        dateline=data.get("dateline"),
        text=data["text"],
        sha256=str(meta["sha256"]),
        source=str(meta.get("source", "")),
        paragraphs=tuple(Paragraph(*p) for p in data["paragraphs"]),
        sentences=tuple(Sentence(*s) for s in data["sentences"]),
        facts=tuple(_fact(f) for f in data["facts"]),
        analyses=tuple(SentenceAnalysis.from_json(a) for a in data.get("analyses", [])),
        meta=meta_from_metadata(meta),
    )
