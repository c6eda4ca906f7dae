"""Sessions in PostgreSQL (`ASSISTANT_SESSIONS_URL`), shared by replicas: tested against
a real server started for the module (tests/postgres.py), not a mock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from assistant.engine import Engine
from assistant.errors import SessionStoreUnavailable, UnknownSession
from assistant.memory import Memory
from assistant.sessions import Session, SessionStore
from assistant.settings import Settings
from tests.postgres import PostgresServer, start_postgres


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    server = start_postgres()
    yield server
    server.stop()


def test_two_replicas_read_and_write_one_session(postgres: PostgresServer, tmp_path) -> None:
    one = SessionStore(tmp_path / "unused.sqlite3", url=postgres.url)
    two = SessionStore(tmp_path / "unused.sqlite3", url=postgres.url)
    session = Session(one.new_id(), Memory())
    one.save_turn(session, "premier", {"reply": "a"})
    seen = two.get(session.id)
    two.save_turn(seen, "second", {"reply": "b"})
    assert [t["message"] for t in one.transcript(session.id)] == ["premier", "second"]
    assert [t["n"] for t in one.transcript(session.id)] == [1, 2]
    one.delete(session.id)
    with pytest.raises(UnknownSession):
        two.get(session.id)
    assert not (tmp_path / "unused.sqlite3").exists()  # nothing written beside


def test_sessions_idle_past_their_time_to_live_expire(postgres: PostgresServer, tmp_path) -> None:
    store = SessionStore(tmp_path / "x.sqlite3", url=postgres.url)
    session = Session(store.new_id(), Memory())
    store.save_turn(session, "bonjour", {})
    expiring = SessionStore(tmp_path / "x.sqlite3", ttl_days=-1, url=postgres.url)
    assert expiring.expire() >= 1
    with pytest.raises(UnknownSession):
        store.get(session.id)


def test_a_follow_up_may_land_on_another_replica(
    postgres: PostgresServer, engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Two engines over the same index, each with its own data directory for the rest:
    # only the session database joins them.
    def replica() -> Engine:
        data_dir = tmp_path_factory.mktemp("replica")
        settings = Settings(data_dir=data_dir, sessions_url=SecretStr(postgres.url))
        return Engine(settings, engine.store, engine.registry)

    a, b = replica(), replica()
    first = a.reply("Quel était le commerce bilatéral entre le Vietnam et la Russie en 2012 ?")
    assert first.answered and first.intent == "figure_lookup"
    follow = b.reply("Et en 2017 ?", first.session_id)
    assert follow.intent == "figure_lookup" and follow.answered
    assert follow.results and follow.results[0].value != first.results[0].value
    assert [t["message"] for t in a.sessions.transcript(first.session_id)] == [
        "Quel était le commerce bilatéral entre le Vietnam et la Russie en 2012 ?",
        "Et en 2017 ?",
    ]


def test_an_unreachable_session_database_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(SessionStoreUnavailable, match="cannot reach the session database"):
        SessionStore(tmp_path / "x.sqlite3", url="postgresql://nobody@127.0.0.1:1/none")


def test_a_sessions_url_that_is_not_postgresql_is_refused(tmp_path) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="PostgreSQL URL"):
        Settings(data_dir=tmp_path, sessions_url="mysql://x@y/z")
