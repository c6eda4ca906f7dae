"""GET /v1/articles and /v1/articles/{id}: what is indexed, and one article in full."""

from __future__ import annotations

import httpx

from tests.api.helpers import assert_error


async def test_the_built_in_articles_are_listed(client: httpx.AsyncClient) -> None:
    articles = (await client.get("/v1/articles")).json()
    assert len(articles) == 5
    assert all(a["title"] and a["sentences"] > 0 and len(a["sha256"]) == 64 for a in articles)
    assert articles == sorted(articles, key=lambda a: a["article_id"])
    # `.txt` files in the VNA layout: UTF-8, and no publication date, URL or author
    fields = ("format", "encoding", "published", "url", "author")
    sources = {tuple(a[f] for f in fields) for a in articles}
    assert sources == {("txt", "utf-8", None, None, None)}


async def test_an_article_has_its_cleaned_text_paragraphs_and_facts(
    client: httpx.AsyncClient,
) -> None:
    first = (await client.get("/v1/articles")).json()[0]["article_id"]
    article = (await client.get(f"/v1/articles/{first}")).json()
    assert article["article_id"] == first and article["text"]
    for paragraph in article["paragraphs"]:
        assert article["text"][paragraph["start"] : paragraph["end"]] == paragraph["text"]
    assert {f["kind"] for f in article["facts"]} >= {"date", "actor"}
    assert all(f["article_id"] == first and f["quote"] for f in article["facts"])
    assert (article["format"], article["encoding"], article["published"]) == ("txt", "utf-8", None)


async def test_an_unknown_article_is_a_404(client: httpx.AsyncClient) -> None:
    error = assert_error(await client.get("/v1/articles/no_such_article"), 404, "unknown_article")
    assert "no_such_article" in error["message"]
