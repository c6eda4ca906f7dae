"""The look, pinned: the first screen, a reply with its sources, an article at its quote.

Deterministic by construction: a fixed terminal size, no clock in the header, session
ids never on screen, and every screenshot taken once the workers are done. The reply and
the suggestions are pinned here too (the articles are the real ones), so a change to the
engine's wording shows in the engine's tests, not as a changed picture of the TUI.
Update after a deliberate change with `pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from assistant.engine import Engine
from assistant.reply import Citation, Reply
from tests.tui.conftest import SIZE
from tui.app import ChatApp
from tui.backend import LocalBackend
from tui.widgets.sources import SourceItem

QUESTION = "Quel est le montant des échanges entre le Vietnam et la Russie en 2017 ?"
ARTICLE = "000_a250743516c9c4b6"
FIGURE = "3,5 milliards de dollars"


class PinnedBackend(LocalBackend):
    """The real articles, with a fixed reply and fixed suggestions."""

    async def reply(self, message: str, session_id: str | None) -> Reply:
        article = self.engine.store.article(ARTICLE)
        sentence = next(s for s in article.sentences if FIGURE in s.text)
        citation = Citation(
            article_id=ARTICLE,
            title=article.title,
            quote=sentence.text,
            start=sentence.start,
            end=sentence.end,
        )
        teaser = [s for s in article.sentences if s.kind == "related"][-1]
        related = Citation(
            article_id=ARTICLE, title=article.title, quote=teaser.text, kind="related"
        )
        return Reply(
            session_id="pinned",
            reply=f"**{FIGURE}** (échanges, 2017)\n\n> « {sentence.text} »",
            intent="figure_lookup",
            tool="figure_lookup",
            answered=True,
            citations=[citation, related],
        )

    async def suggestions(self) -> list[str]:
        return ["Qui est le ministre ?", "Combien en 2017 ?", "Quand la visite a-t-elle eu lieu ?"]


@pytest.fixture
def pinned_app(engine: Engine) -> Callable[[], ChatApp]:
    return lambda: ChatApp(PinnedBackend(engine))


async def _ready(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, ChatApp)
    await app.chat.ready.wait()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _asked(pilot: Pilot[None]) -> None:
    await _ready(pilot)
    app = pilot.app
    assert isinstance(app, ChatApp)
    app.chat.prompt.value = QUESTION
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _article(pilot: Pilot[None]) -> None:
    await _asked(pilot)
    app = pilot.app
    assert isinstance(app, ChatApp)
    app.chat.query(SourceItem).first().focus()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_first_screen(snap_compare: Callable[..., bool], pinned_app: Callable[[], ChatApp]) -> None:
    assert snap_compare(pinned_app(), terminal_size=SIZE, run_before=_ready)


def test_reply_with_sources(
    snap_compare: Callable[..., bool], pinned_app: Callable[[], ChatApp]
) -> None:
    assert snap_compare(pinned_app(), terminal_size=SIZE, run_before=_asked)


def test_article_at_the_quote(
    snap_compare: Callable[..., bool], pinned_app: Callable[[], ChatApp]
) -> None:
    assert snap_compare(pinned_app(), terminal_size=SIZE, run_before=_article)
