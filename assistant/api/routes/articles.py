"""The indexed articles: the list, and one article with its cleaned text and facts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import EngineDep
from assistant.api.errors import ERROR_RESPONSES, NOT_FOUND
from assistant.api.schemas import ArticleDetail, ArticleMatch
from store.store import ArticleInfo

router = APIRouter(prefix="/v1/articles", tags=["articles"])


@router.get("", response_model=list[ArticleMatch], responses=ERROR_RESPONSES)
async def list_articles(
    engine: EngineDep,
    q: Annotated[
        str | None, Query(max_length=500, description="Words, a name or a place they are about")
    ] = None,
    person: Annotated[str | None, Query(max_length=200, description="A person they name")] = None,
    start: Annotated[
        str | None,
        Query(
            alias="from", max_length=10, description="ISO 8601 date or year: dated then or after"
        ),
    ] = None,
    end: Annotated[
        str | None,
        Query(alias="to", max_length=10, description="ISO 8601 date or year: … or before"),
    ] = None,
    offset: Annotated[int, Query(ge=0, description="Matches to skip (filtered lists)")] = 0,
    limit: Annotated[int, Query(ge=1, le=200, description="Most matches (filtered lists)")] = 50,
) -> list[ArticleMatch]:
    """Every indexed article by id; with a filter, only the articles that match it, best
    first, each with the sentence that makes it match (the `article_list` tool)."""
    infos = {a.article_id: a for a in await run_in_threadpool(engine.store.articles)}
    if not any((q, person, start, end)):
        return [
            ArticleMatch(
                article_id=a.article_id,
                title=a.title,
                sha256=a.sha256,
                sentences=a.sentences,
                **_source_of(a),
            )
            for a in infos.values()
        ]
    arguments: dict[str, Any] = {"offset": offset, "limit": limit, "query": q or ""}
    arguments |= {k: v for k, v in (("person", person), ("start", start), ("end", end)) if v}
    result = await run_in_threadpool(engine.call_tool, "article_list", arguments)
    found = []
    for item, cited in zip(result.results, result.citations, strict=True):
        info = infos[item.article_id]
        found.append(
            ArticleMatch(
                article_id=info.article_id,
                title=info.title,
                sha256=info.sha256,
                sentences=info.sentences,
                match=cited,
                matching_sentences=getattr(item, "sentences", None),
                **_source_of(info),
            )
        )
    return found


def _source_of(info: ArticleInfo) -> dict[str, Any]:
    """What the article's source says about it (publication date, URL, author…)."""
    return {
        "published": info.published,
        "url": info.url,
        "author": info.author,
        "format": info.format,
        "encoding": info.encoding,
    }


@router.get("/{article_id}", response_model=ArticleDetail, responses=ERROR_RESPONSES | NOT_FOUND)
async def get_article(
    article_id: Annotated[str, Path(max_length=200, description="The article file's stem.")],
    engine: EngineDep,
) -> ArticleDetail:
    """The cleaned text (what quotes and offsets refer to), its paragraphs and the facts
    extracted from it at ingest."""
    a = await run_in_threadpool(engine.store.article, article_id)
    return ArticleDetail(
        article_id=a.article_id,
        title=a.title,
        dateline=a.dateline,
        sha256=a.sha256,
        text=a.text,
        paragraphs=list(a.paragraphs),
        facts=list(a.facts),
        **asdict(a.meta),
    )
