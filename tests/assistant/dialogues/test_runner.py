"""The runner and its reports, against a scripted chat instead of the engine."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from assistant.client import Client
from assistant.dialogues.errors import Refused, RunAborted
from assistant.dialogues.format import Dialogue, DialogueFile, load_file
from assistant.dialogues.report import describe_failure, dump_json, write_junit
from assistant.dialogues.runner import (
    ApiChat,
    EnginePool,
    run,
    run_dialogue,
    select,
)
from assistant.settings import Settings
from tests.dialogues.fakes import ScriptedChat, make_reply

FILE = """\
tags: [demo]
cases:
  - id: trade
    tags: [figures]
    turns:
      - ask: "Commerce en 2012 ?"
        expect: [["2,45 milliards"]]
        source: 001_b
      - ask: "Et en 2017 ?"
        expect: [["3,5 milliards"]]
        source: 000_a
      - ask: "Merci"
        intent: smalltalk
  - id: too-long
    turns:
      - ask: "a"
        repeat: 2001
        error: true
"""

TRADE_2012 = make_reply("Près de 2.45 milliards USD.", intent="figure_lookup", source="001_b")
SCRIPT = {
    "Commerce en 2012 ?": TRADE_2012,
    "Et en 2017 ?": TRADE_2012,  # the follow-up is not understood: same answer again
    "Merci": make_reply("Avec plaisir.", intent="smalltalk"),
}


@pytest.fixture
def dialogues(tmp_path: Path) -> list[Dialogue]:
    path = tmp_path / "demo.dialogue.yaml"
    path.write_text(FILE, encoding="utf-8")
    return load_file(path).dialogues


def test_each_dialogue_gets_a_fresh_session_kept_across_its_turns(
    dialogues: list[Dialogue],
) -> None:
    chat = ScriptedChat(dict(SCRIPT))
    run(dialogues, lambda f: chat)
    assert [session for _, session in chat.calls] == [None, "session-1", "session-1", None]


def test_a_failing_turn_does_not_stop_the_later_ones(dialogues: list[Dialogue]) -> None:
    result = run_dialogue(dialogues[0], ScriptedChat(dict(SCRIPT)))
    assert result.status == "failed"
    assert [t.passed for t in result.turns] == [True, False, True]
    assert result.failed_turns[0].problems == [
        "none of ['3,5 milliards'] in reply",
        "source 000_a not cited (cited: ['001_b'])",
    ]


def test_a_refused_message_passes_a_turn_that_expects_an_error(dialogues: list[Dialogue]) -> None:
    assert run_dialogue(dialogues[1], ScriptedChat({})).status == "passed"


def test_a_crash_fails_the_dialogue_and_the_run_goes_on(dialogues: list[Dialogue]) -> None:
    chat = ScriptedChat({**SCRIPT, "Commerce en 2012 ?": KeyError("period")})
    report = run(dialogues, lambda f: chat)
    crashed = report.results[0].turns[0]
    assert crashed.problems == ["crashed: KeyError: 'period'"]
    assert report.results[1].status == "passed"
    assert not report.ok


def test_tags_select_by_case_or_file_tag(dialogues: list[Dialogue]) -> None:
    assert [d.id for d in select(dialogues, ["figures"])] == ["trade"]
    assert [d.id for d in select(dialogues, ["demo"])] == ["trade", "too-long"]
    assert select(dialogues, ["nothing"]) == []
    assert select(dialogues, []) == dialogues


def test_a_failure_reads_turn_ask_expected_actual_reply_and_citations(
    dialogues: list[Dialogue],
) -> None:
    text = describe_failure(run_dialogue(dialogues[0], ScriptedChat(dict(SCRIPT))))
    assert "trade (" in text and "demo.dialogue.yaml:3)" in text
    assert "turn 2/3: 'Et en 2017 ?'" in text
    assert "all of: 3,5 milliards" in text and "source: 000_a" in text
    assert "| Près de 2.45 milliards USD." in text
    assert "cited: 001_b (body)" in text


def test_junit_has_one_testcase_per_dialogue(dialogues: list[Dialogue], tmp_path: Path) -> None:
    report = run(dialogues, lambda f: ScriptedChat(dict(SCRIPT)))
    target = tmp_path / "out" / "junit.xml"
    write_junit(report, target)
    root = ET.parse(target).getroot()
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == ["trade", "too-long"]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("message", "").startswith("turn 2:")
    assert cases[1].find("failure") is None
    assert root.get("tests") == "2" and root.get("failures") == "1"


def test_json_output_carries_every_turn_with_its_reply(dialogues: list[Dialogue]) -> None:
    data = json.loads(dump_json(run(dialogues, lambda f: ScriptedChat(dict(SCRIPT)))))
    assert data["summary"]["failed"] == 1 and data["summary"]["passed"] == 1
    trade = data["dialogues"][0]
    assert trade["turns"][1]["reply"]["citations"][0]["article_id"] == "001_b"
    assert trade["tags"] == ["demo", "figures"]
    assert data["dialogues"][1]["turns"][0]["error"]


def test_a_file_that_cannot_run_here_is_skipped_with_its_reason(dialogues: list[Dialogue]) -> None:
    report = run(dialogues, lambda f: None, skip_reason="needs setup")
    assert [r.status for r in report.results] == ["skipped", "skipped"] and report.ok


def api_chat(handler: httpx.MockTransport) -> ApiChat:
    return ApiChat(Client("http://api.test", transport=handler))


def test_the_api_chat_reads_replies_and_turns_4xx_into_refusals() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if len(body["message"]) > 5:
            return httpx.Response(400, json={"error": {"message": "too long", "code": "x"}})
        return httpx.Response(200, json=make_reply("ok").model_dump(mode="json"))

    chat = api_chat(httpx.MockTransport(answer))
    assert chat.chat("hi").reply == "ok"
    with pytest.raises(Refused, match="too long"):
        chat.chat("a long message")


def test_an_unreachable_api_aborts_the_run() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(RunAborted, match="cannot be reached"):
        api_chat(httpx.MockTransport(refuse)).chat("hi")


class FakeEngine:
    """Records how the pool opens engines and what it ingests."""

    opened: list[FakeEngine] = []
    rejects: list[tuple[str, str]] = []  # what every ingest reports as failed

    def __init__(self, settings: object) -> None:
        self.settings = settings
        self.ingested: list[Path] = []

    @classmethod
    def open(cls, settings: object = None) -> FakeEngine:
        engine = cls(settings)
        cls.opened.append(engine)
        return engine

    def ingest(self, paths: list[Path]) -> object:
        self.ingested.extend(paths)
        return SimpleNamespace(failed=list(self.rejects))


def pool_files(tmp_path: Path) -> tuple[EnginePool, list[DialogueFile]]:
    (tmp_path / "extra.txt").write_text("Titre\n", "utf-8")
    plain = tmp_path / "plain.dialogue.yaml"
    plain.write_text("- {id: a, turns: [{ask: q}]}\n", "utf-8")
    setup = tmp_path / "setup.dialogue.yaml"
    setup.write_text("setup: {ingest: [extra.txt]}\ncases: [{id: b, turns: [{ask: q}]}]\n", "utf-8")
    settings = Settings(data_dir=tmp_path / "shared", chroma_host="chroma.example")
    scratch = tmp_path / "scratch"
    pool = EnginePool(scratch=lambda name: scratch / name, settings=settings)
    return pool, [load_file(plain), load_file(setup), load_file(plain)]


def test_the_pool_shares_one_engine_and_gives_a_setup_file_its_own_local_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("assistant.engine.Engine", FakeEngine)
    monkeypatch.setattr(FakeEngine, "opened", [])
    pool, (plain, setup, plain_again) = pool_files(tmp_path)
    shared = pool.engine_for(plain)
    assert pool.engine_for(plain_again) is shared
    own = pool.engine_for(setup)
    assert own is not shared and pool.engine_for(setup) is own
    assert own.settings.data_dir == tmp_path / "scratch" / "setup"  # type: ignore[attr-defined]
    assert own.settings.chroma_host is None  # type: ignore[attr-defined]
    assert own.ingested == [(tmp_path / "extra.txt").resolve()]  # type: ignore[attr-defined]
    assert len(FakeEngine.opened) == 2


def test_a_setup_file_that_cannot_be_ingested_aborts_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("assistant.engine.Engine", FakeEngine)
    monkeypatch.setattr(FakeEngine, "rejects", [("bad.txt", "the file is empty")])
    pool, (_, setup, _) = pool_files(tmp_path)
    with pytest.raises(RunAborted, match="setup could not ingest bad.txt: the file is empty"):
        pool.chat_for(setup)
