"""A session's memory survives the session store, in this release's format and in the
one an older release saved (tests/assistant/data/session_v1_*.json: the dict keyed
"last" / "pending" that release wrote, unversioned)."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from assistant.engine import Engine
from assistant.memory import VERSION, LastTurn, Memory, Pending
from assistant.understand import Parse
from tools.question import Question

DATA = Path(__file__).parent / "data"


def _v1(name: str) -> dict[str, Any]:
    state: dict[str, Any] = json.loads((DATA / name).read_text("utf-8"))
    assert "version" not in state  # the fixture is the old format
    return state


def _store_raw_state(engine: Engine, session_id: str, state: dict[str, Any]) -> None:
    """Write a session row as an older release did, bypassing this release's serialiser."""
    with sqlite3.connect(engine.settings.data_dir / "sessions.sqlite3") as db:
        now = time.time()
        db.execute(
            "INSERT INTO sessions(id, state, created, updated) VALUES (?, ?, ?, ?)",
            (session_id, json.dumps(state, ensure_ascii=False), now, now),
        )


def test_a_version_1_memory_loads_typed() -> None:
    memory = Memory.from_state(_v1("session_v1_pending.json"))
    assert isinstance(memory.last, LastTurn) and isinstance(memory.pending, Pending)
    assert memory.last.intent == "date_lookup"
    assert isinstance(memory.last.question, Question)
    assert isinstance(memory.pending.parse, Parse)
    assert isinstance(memory.pending.parse.question, Question)
    assert "Nguyen Minh Triet" in memory.pending.options
    assert memory.pending.names["Nguyen Minh Triet"]


def test_a_version_1_memory_keeps_only_the_people_of_the_answer_s_results() -> None:
    memory = Memory.from_state(_v1("session_v1_last.json"))
    assert memory.last is not None and memory.pending is None
    assert memory.last.actors == ["Sergey Shoigu"]
    assert memory.last.people == []  # the roles of Shoigu name nobody else
    assert memory.last.names["Sergey Shoigu"]
    assert memory.last.anchor is not None and isinstance(memory.last.anchor[1], int)


def test_the_memory_round_trips_through_json_with_its_version() -> None:
    memory = Memory.from_state(_v1("session_v1_pending.json"))
    state = json.loads(json.dumps(memory.to_state()))
    assert state["version"] == VERSION
    again = Memory.from_state(state)
    assert again == memory
    assert "results" not in state["last"]  # written every turn and never read: gone


def test_an_empty_or_reset_memory_loads_empty() -> None:
    assert Memory.from_state({}) == Memory()
    assert Memory.from_state(Memory().to_state()) == Memory()


def test_a_memory_from_a_newer_release_is_forgotten_not_fatal() -> None:
    assert Memory.from_state({"version": VERSION + 1, "last": {"what": "?"}}) == Memory()


def test_a_clarification_saved_by_an_older_release_is_answered(engine: Engine) -> None:
    session_id = "v1-pending-clarification"
    _store_raw_state(engine, session_id, _v1("session_v1_pending.json"))
    reply = engine.reply("Nguyen Minh Triet", session_id)
    assert reply.intent == "date_lookup" and reply.answered
    assert "août 2008" in reply.reply


def test_a_pronoun_after_a_turn_saved_by_an_older_release_is_resolved(engine: Engine) -> None:
    session_id = "v1-last-turn"
    _store_raw_state(engine, session_id, _v1("session_v1_last.json"))
    reply = engine.reply("Quand est-il venu au Vietnam ?", session_id)
    assert reply.trace is not None
    assert "pronoun resolved to Sergey Shoigu" in reply.trace["notes"]
    assert reply.answered and reply.results[0].value == "--02-05"
    stored = engine.sessions.get(session_id)
    assert stored.memory.last is not None and stored.memory.last.actors == ["Sergey Shoigu"]
