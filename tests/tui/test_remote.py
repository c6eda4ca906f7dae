"""`--api-url`: the same screens over a live API server, and a clear message without one."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from assistant.client import Client
from tests.api.servers import ROOT, data_dir_copy, free_port, subprocess_env
from tests.tui.conftest import running
from tui.app import ChatApp
from tui.backend import RemoteBackend
from tui.screens.article import ArticleScreen
from tui.widgets.conversation import Question
from tui.widgets.sources import SourceItem
from tui.widgets.suggestions import Suggestions

pytestmark = pytest.mark.slow

DATE_QUESTION = "Quand les relations diplomatiques entre la RDV et l'URSS ont-elles été établies ?"


@pytest.fixture(scope="module")
def api_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn serving the API on a free loopback port, over a copy of the test index."""
    data_dir = data_dir_copy(tmp_path_factory, "tui-api")
    log = data_dir.parent / "uvicorn.log"
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "assistant.api.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=subprocess_env(data_dir), stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the API server did not start:\n{log.read_text(errors='replace')}")


@pytest.fixture
def remote_app(api_url: str) -> Callable[..., ChatApp]:
    def make(session_id: str | None = None) -> ChatApp:
        return ChatApp(RemoteBackend(api_url), session_id=session_id)

    return make


async def test_a_question_over_the_api_gets_its_answer_and_source(
    remote_app: Callable[..., ChatApp], api_url: str
) -> None:
    async with running(remote_app()) as d:
        assert api_url in str(d.chat.sub_title)
        assert len(d.chat.query_one(Suggestions).questions) == 3
        await d.send(DATE_QUESTION)
        [view] = d.replies()
        assert "30 janvier 1950" in view.reply.reply
        source = view.query(SourceItem).first()
        assert source.citation.article_id == "001_5f0feb072f1e1255"
        source.focus()
        await d.pilot.press("enter")
        await d.settle()
        screen = d.app.screen
        assert isinstance(screen, ArticleScreen) and screen.span is not None
        assert screen.article.text[slice(*screen.span)] == source.citation.quote


async def test_a_follow_up_over_the_api_keeps_the_session(
    remote_app: Callable[..., ChatApp],
) -> None:
    async with running(remote_app()) as d:
        await d.send("Quel était le commerce bilatéral entre le Vietnam et la Russie en 2012 ?")
        await d.send("Et en 2017 ?")
        first, second = d.replies()
        assert first.reply.session_id == second.reply.session_id
        assert "3,5 milliard" in second.reply.reply


async def test_a_session_stored_by_the_server_is_resumed(
    remote_app: Callable[..., ChatApp], api_url: str
) -> None:
    with Client(api_url) as client:
        first = client.chat(DATE_QUESTION)
    async with running(remote_app(session_id=first.session_id)) as d:
        assert [q.question for q in d.chat.query(Question)] == [DATE_QUESTION]
        await d.send("/tools")
        await d.send("/articles")
        assert "`date_lookup`" in d.notes_text() and "001_5f0feb072f1e1255" in d.notes_text()


async def test_an_error_answer_is_shown_in_the_conversation(
    remote_app: Callable[..., ChatApp],
) -> None:
    async with running(remote_app()) as d:
        await d.send("x" * 5000)
        assert "answered 4" in d.notes_text(errors=True)
        await d.send("/open no-such-article")
        assert "answered 404" in d.notes_text(errors=True)
        assert d.app.is_running and not d.chat.busy


async def test_a_dead_server_is_a_message_not_a_crash() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    async with running(ChatApp(RemoteBackend(url, timeout=2))) as d:
        assert f"The assistant at {url} cannot be reached" in d.notes_text(errors=True)
        assert "assistant serve" in d.notes_text(errors=True)
        assert not d.chat.query("#welcome")
        await d.send(DATE_QUESTION)
        assert d.notes_text(errors=True).count("cannot be reached") == 2
        assert not d.replies() and d.app.is_running
        assert d.chat.prompt.has_focus and not d.chat.prompt.disabled
