"""Opening a citation: the article, with the quoted sentence highlighted where it stands."""

from __future__ import annotations

from collections.abc import Callable

from textual.containers import VerticalScroll

from tests.tui.conftest import running
from tui.app import ChatApp
from tui.screens.article import ArticleScreen
from tui.screens.chat import ChatScreen
from tui.screens.sources import SourcesScreen
from tui.widgets.sources import SourceItem

TRADE_2017 = "Quel est le montant des échanges entre le Vietnam et la Russie en 2017 ?"


def assert_quote_highlighted(screen: ArticleScreen) -> None:
    assert screen.citation is not None and screen.span is not None
    start, end = screen.span
    assert screen.article.text[start:end] == screen.citation.quote
    marked = screen.query(".-highlighted")
    assert marked, "the paragraph holding the quote is marked"
    body = screen.query_one("#article-body", VerticalScroll)
    region = marked.first().region
    assert body.region.contains(region.x, region.y), "the quote is scrolled into view"


async def test_enter_on_a_source_opens_its_article_at_the_quote(
    make_app: Callable[..., ChatApp],
) -> None:
    async with running(make_app()) as d:
        await d.send(TRADE_2017)
        source = d.chat.query(SourceItem).first()
        source.focus()
        await d.pilot.press("enter")
        await d.settle()
        screen = d.app.screen
        assert isinstance(screen, ArticleScreen)
        assert screen.article.article_id == source.citation.article_id
        assert_quote_highlighted(screen)
        await d.pilot.press("escape")
        await d.pilot.pause()
        assert isinstance(d.app.screen, ChatScreen)


async def test_a_click_on_a_source_opens_its_article(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        await d.send(TRADE_2017)
        await d.pilot.click(SourceItem)
        await d.settle()
        assert isinstance(d.app.screen, ArticleScreen)


async def test_the_sources_screen_lists_the_last_reply_and_opens_one(
    make_app: Callable[..., ChatApp],
) -> None:
    async with running(make_app()) as d:
        await d.send(TRADE_2017)
        await d.pilot.press("ctrl+o")
        await d.pilot.pause()
        assert isinstance(d.app.screen, SourcesScreen)
        assert d.app.screen.citations == d.chat.turns[-1].reply.citations
        await d.pilot.press("enter")
        await d.settle()
        assert isinstance(d.app.screen, ArticleScreen)
        assert_quote_highlighted(d.app.screen)


async def test_a_quote_without_offsets_is_found_in_the_text(
    make_app: Callable[..., ChatApp],
) -> None:
    async with running(make_app()) as d:
        await d.send(TRADE_2017)
        citation = d.chat.turns[-1].reply.citations[0]
        bare = citation.model_copy(update={"start": None, "end": None})
        d.chat.open_article(bare.article_id, bare)
        await d.settle()
        assert isinstance(d.app.screen, ArticleScreen)
        assert d.app.screen.span == (citation.start, citation.end)


async def test_open_reads_an_article_by_id(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        await d.send("/open 003_3d485451dd2f1f97")
        screen = d.app.screen
        assert isinstance(screen, ArticleScreen)
        assert screen.article.article_id == "003_3d485451dd2f1f97"
        assert screen.span is None and not screen.query(".-highlighted")


async def test_open_with_an_unknown_id_says_so(make_app: Callable[..., ChatApp]) -> None:
    async with running(make_app()) as d:
        await d.send("/open nope")
        assert isinstance(d.app.screen, ChatScreen)
        assert "nope" in d.notes_text(errors=True)


async def test_a_reply_without_sources_has_nothing_to_list(
    make_app: Callable[..., ChatApp],
) -> None:
    async with running(make_app()) as d:
        await d.send("Bonjour !")
        await d.pilot.press("ctrl+o")
        await d.pilot.pause()
        assert isinstance(d.app.screen, ChatScreen)
