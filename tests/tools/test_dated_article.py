"""An article whose source gives its publication date: the date is in its citations,
gives its yearless dates their year, and bounds a passage search."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.engine import Engine
from assistant.settings import Settings

FEED = Path(__file__).resolve().parents[1] / "data" / "formats" / "feed.atom"


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    engine = Engine.open(Settings(data_dir=tmp_path_factory.mktemp("dated")))
    report = engine.ingest([FEED])
    assert report.ok and len(report.added) == 2
    return engine


def test_a_yearless_date_is_answered_with_the_publication_year_marked_inferred(
    dated: Engine,
) -> None:
    reply = dated.reply("Jusqu'à quand le pont Truong Tien est-il illuminé ?")
    assert reply.answered, reply.reply
    assert (reply.results[0].value, reply.results[0].inferred) == ("2022-01-15", True)


def test_the_citation_carries_and_shows_the_publication_date(dated: Engine) -> None:
    reply = dated.reply("Jusqu'à quand le pont Truong Tien est-il illuminé ?")
    assert reply.citations[0].published == "2021-12-01"
    assert "*Le pont Truong Tien illuminé pour les fêtes*, 1er décembre 2021" in reply.reply


def test_a_passage_search_keeps_the_period_asked(dated: Engine) -> None:
    def published(query: str, **period: str) -> set[str | None]:
        result = dated.call_tool("passage_search", {"query": query, "k": 5, **period})
        return {c.published for c in result.citations}

    assert published("pont") == {"2021-12-01"}
    assert published("pont", published_to="2021-12") == {"2021-12-01"}
    assert published("pont", published_from="2021-12-02") == set()
    assert published("Hué", published_from="2021-12-02") == {"2021-12-03"}
    assert published("Hué", published_to="2021-11") == set()


def test_the_article_list_shows_and_filters_by_publication_date(dated: Engine) -> None:
    # The list tools read the publication date the source gave (not only dated sentences).
    listed = dated.call_tool("article_list", {"query": "Hué"})
    published = {getattr(i, "published", None) for i in listed.results}
    assert "2021-12-03" in published
    later = dated.call_tool("article_list", {"query": "Hué", "start": "2021-12-02"})
    assert {i.article_id for i in later.results} <= {i.article_id for i in listed.results}
    assert all(getattr(i, "published", None) != "2021-12-01" for i in later.results)
