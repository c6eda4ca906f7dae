"""Passage search over the articles (the hybrid lexical + dense retrieval the tools use)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import EngineDep, SettingsDep
from assistant.api.errors import ERROR_RESPONSES
from assistant.api.schemas import SearchHit, SearchResults
from assistant.errors import InvalidMessage
from store.formats.metadata import PERIOD_BOUND, period_bound

router = APIRouter(tags=["search"])


@router.get("/v1/search", response_model=SearchResults, responses=ERROR_RESPONSES)
async def search(
    q: Annotated[str, Query(min_length=1, description="Words to look for, in French.")],
    engine: EngineDep,
    settings: SettingsDep,
    k: Annotated[int, Query(ge=1, le=50, description="How many passages to return.")] = 5,
    published_from: Annotated[
        str | None,
        Query(
            alias="from",
            pattern=PERIOD_BOUND,
            description="Only articles published on or after this date (2014, 2014-06, "
            "2014-06-16).",
        ),
    ] = None,
    published_to: Annotated[
        str | None,
        Query(
            alias="to",
            pattern=PERIOD_BOUND,
            description="Only articles published on or before this date (2014 takes the "
            "whole year).",
        ),
    ] = None,
) -> SearchResults:
    query = q.strip()
    if not query:
        raise InvalidMessage("the search query is blank; pass some words as `q`")
    if len(query) > settings.max_message_chars:
        raise InvalidMessage(
            f"the search query is {len(query)} characters long; the limit is "
            f"{settings.max_message_chars}"
        )
    try:
        start, end = period_bound(published_from), period_bound(published_to)
    except ValueError as err:
        raise InvalidMessage(str(err)) from None
    hits = await run_in_threadpool(
        partial(engine.store.search, query, k, published_from=start, published_to=end)
    )
    return SearchResults(
        query=query,
        k=k,
        hits=[
            SearchHit(
                passage_id=h.passage.id,
                article_id=h.passage.article_id,
                title=h.passage.title,
                kind=h.passage.kind,
                sentence=h.passage.sentence,
                start=h.passage.start,
                end=h.passage.end,
                text=h.passage.text,
                score=h.score,
                published=h.published,
            )
            for h in hits
        ],
    )
