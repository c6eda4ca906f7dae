"""The indexed articles: the list, and one article with its cleaned text and facts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import EngineDep
from assistant.api.errors import ERROR_RESPONSES, NOT_FOUND
from assistant.api.schemas import ArticleDetail, ArticleSummary

router = APIRouter(prefix="/v1/articles", tags=["articles"])


@router.get("", response_model=list[ArticleSummary], responses=ERROR_RESPONSES)
async def list_articles(engine: EngineDep) -> list[ArticleSummary]:
    infos = await run_in_threadpool(engine.store.articles)
    return [
        ArticleSummary(
            article_id=a.article_id,
            title=a.title,
            sha256=a.sha256,
            sentences=a.sentences,
            published=a.published,
            url=a.url,
            author=a.author,
            format=a.format,
            encoding=a.encoding,
        )
        for a in infos
    ]


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
