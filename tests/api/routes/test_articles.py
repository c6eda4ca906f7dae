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


async def test_a_filtered_list_holds_the_matching_articles_each_with_its_sentence(
    client: httpx.AsyncClient,
) -> None:
    found = (await client.get("/v1/articles", params={"q": "Biélorussie"})).json()
    assert [a["article_id"] for a in found] == ["001_5f0feb072f1e1255"]
    match = found[0]["match"]
    assert match["article_id"] == "001_5f0feb072f1e1255" and "Biélorussie" in match["quote"]
    assert found[0]["matching_sentences"] >= 1


async def test_articles_filtered_by_person_and_period(client: httpx.AsyncClient) -> None:
    by_person = (await client.get("/v1/articles", params={"person": "Medvedev"})).json()
    assert {a["article_id"] for a in by_person} == {"001_5f0feb072f1e1255", "002_4ab8014841a9bdf6"}
    dated = await client.get("/v1/articles", params={"q": "défense", "from": "2012", "to": "2012"})
    assert [a["article_id"] for a in dated.json()] == ["000_a250743516c9c4b6"]


async def test_a_filter_no_article_meets_is_an_empty_list(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/articles", params={"q": "Groenland"})
    assert response.status_code == 200 and response.json() == []


async def test_a_bad_period_bound_is_a_422_naming_it(client: httpx.AsyncClient) -> None:
    error = assert_error(
        await client.get("/v1/articles", params={"from": "hier"}), 422, "invalid_tool_parameters"
    )
    assert "hier" in error["message"]
