"""Which database a chroma server's article records are kept in (ASSISTANT_RECORDS_URL,
else ASSISTANT_SESSIONS_URL), and what a command says when it cannot be used. The
records table itself is tested in tests/store/test_record_table.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.cli.main import main
from assistant.errors import InvalidSettings
from assistant.settings import Settings, get_settings

SESSIONS = "postgresql://assistant@db.internal:5432/sessions"
RECORDS = "postgresql://assistant@records.internal:5432/records"
ARTICLE = Path(__file__).parents[1] / "tools" / "data" / "999_test_article.txt"


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("ASSISTANT_SESSIONS_URL", "ASSISTANT_RECORDS_URL", "CHROMA_HOST"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_a_chroma_server_keeps_its_records_in_the_sessions_database_unless_told_another(
    tmp_path: Path,
) -> None:
    shared = Settings(data_dir=tmp_path, chroma_host="chroma", sessions_url=SESSIONS)
    assert shared.records_database() == SESSIONS
    apart = Settings(
        data_dir=tmp_path, chroma_host="chroma", sessions_url=SESSIONS, records_url=RECORDS
    )
    assert apart.records_database() == RECORDS
    assert Settings(data_dir=tmp_path, chroma_host="chroma").records_database() is None
    # An embedded store keeps them in its data directory whatever the database.
    embedded = Settings(data_dir=tmp_path, sessions_url=SESSIONS, records_url=RECORDS)
    assert embedded.records_database() is None


def test_a_records_url_that_is_not_postgresql_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASSISTANT_RECORDS_URL", "mysql://x@y/z")
    with pytest.raises(InvalidSettings) as refused:
        Settings.from_env()
    message = str(refused.value)
    assert message.startswith("The environment variable ASSISTANT_RECORDS_URL is 'mysql://x@y/z'")
    assert "is not a PostgreSQL URL" in message and "sessions' database" in message


def test_an_unreachable_records_database_stops_an_ingest_with_one_clear_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from tests.store.conftest import start_chroma_server

    server = start_chroma_server(tmp_path_factory.mktemp("chroma-records-down"))
    try:
        monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        monkeypatch.setenv("CHROMA_HOST", server.host)
        monkeypatch.setenv("CHROMA_PORT", str(server.port))
        monkeypatch.setenv("ASSISTANT_RECORDS_URL", "postgresql://nobody@127.0.0.1:1/none")
        assert main(["ingest", str(ARTICLE)]) == 1
    finally:
        server.stop()
    err = capsys.readouterr().err
    assert "error: store error: cannot connect to the article records database" in err
    assert "Traceback" not in err and "psycopg" not in err
