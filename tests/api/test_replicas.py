"""Two `assistant serve` processes on one chroma server and one PostgreSQL session store,
as replicas behind a load balancer: a dialogue whose turns alternate between them keeps
its follow-ups, and an article ingested through another process is answered by both."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.servers import ROOT, LiveServer, start_server, subprocess_env
from tests.postgres import PostgresServer, start_postgres
from tests.store.conftest import ChromaServer, start_chroma_server

ARTICLE = Path(__file__).parents[1] / "tools" / "data" / "999_test_article.txt"


@pytest.fixture(scope="module")
def backends(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ChromaServer, PostgresServer]]:
    chroma = start_chroma_server(tmp_path_factory.mktemp("replicas-chroma"))
    postgres = start_postgres()
    yield chroma, postgres
    chroma.stop()
    postgres.stop()


@pytest.fixture(scope="module")
def replicas(
    backends: tuple[ChromaServer, PostgresServer], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, LiveServer, dict[str, str]]]:
    chroma, postgres = backends
    env = {
        "CHROMA_HOST": chroma.host,
        "CHROMA_PORT": str(chroma.port),
        "ASSISTANT_SESSIONS_URL": postgres.url,
    }
    first = start_server(tmp_path_factory, timeout=300, **env)  # indexes the built-in corpus
    second = start_server(tmp_path_factory, **env)
    yield first, second, env
    first.stop()
    second.stop()


def _ask(server: LiveServer, message: str, session_id: str | None = None) -> dict:
    body = {"message": message, **({"session_id": session_id} if session_id else {})}
    response = httpx.post(f"{server.url}/v1/chat", json=body, timeout=60)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_dialogue_alternating_between_replicas_keeps_its_follow_ups(
    replicas: tuple[LiveServer, LiveServer, dict[str, str]],
) -> None:
    a, b, _ = replicas
    first = _ask(a, "Quel était le commerce bilatéral entre le Vietnam et la Russie en 2012 ?")
    assert first["answered"] and first["intent"] == "figure_lookup"
    second = _ask(b, "Et en 2017 ?", first["session_id"])
    assert second["intent"] == "figure_lookup" and second["answered"]
    third = _ask(a, "Et en 2012 ?", first["session_id"])
    assert third["answered"] and third["results"][0]["value"] == first["results"][0]["value"]
    transcript = httpx.get(f"{b.url}/v1/sessions/{first['session_id']}", timeout=30).json()
    assert [t["message"] for t in transcript["turns"]] == [
        "Quel était le commerce bilatéral entre le Vietnam et la Russie en 2012 ?",
        "Et en 2017 ?",
        "Et en 2012 ?",
    ]


def test_an_article_ingested_elsewhere_is_answered_by_both_replicas(
    replicas: tuple[LiveServer, LiveServer, dict[str, str]], tmp_path: Path
) -> None:
    a, b, env = replicas
    question = "Qui est Batbayar Ganzorig ?"
    assert not _ask(a, question)["answered"] and not _ask(b, question)["answered"]
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli.main", "ingest", str(ARTICLE)],
        cwd=ROOT,
        env=subprocess_env(tmp_path / "ingester", **env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    # Each replica reads the store's generation at most every 0.5 s: well inside 2 s,
    # and the replies below come later than that (no sleep needed: a turn waits on it).
    assert _ask(a, question)["answered"]
    assert _ask(b, question)["answered"]


def test_the_replicas_keep_the_article_records_in_the_sessions_database(
    replicas: tuple[LiveServer, LiveServer, dict[str, str]],
    backends: tuple[ChromaServer, PostgresServer],
) -> None:
    # ASSISTANT_RECORDS_URL unset: the records follow the sessions into PostgreSQL, and
    # chroma's records collection (whose string index doubled them on disk) stays empty.
    import psycopg

    chroma, postgres = backends
    with psycopg.connect(postgres.url) as conn:
        ids = {row[0] for row in conn.execute("SELECT article_id FROM article_records")}
    assert len(ids) >= 5 and all(isinstance(i, str) and i for i in ids)
    assert chroma.client().get_collection("records").count() == 0
