"""Recording conversations and `--update`: expectations written from current answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.dialogues.format import load_file
from assistant.dialogues.record import append_case, expectations, key_phrase, record
from assistant.dialogues.runner import run
from assistant.dialogues.update import rewrite_file, unified_diff
from tests.dialogues.fakes import ScriptedChat, make_reply

DATE_REPLY = make_reply(
    "**30 janvier 1950**\n  Source : « … ont établi leurs relations le 30 janvier 1950. »",
    intent="date_lookup",
    source="001_b",
    result={"kind": "date", "text": "30 janvier 1950", "value": "1950-01-30"},
)


def test_the_key_phrase_prefers_numbers_and_words_the_question_lacks() -> None:
    phrase = key_phrase("Le Vietnam compte 93 projets russes enregistrés.", "Combien de projets ?")
    assert phrase is not None and "93" in phrase
    assert key_phrase("", "Bonjour") is None


def test_expectations_take_the_first_result_text_the_source_intent_and_answered() -> None:
    turn = expectations("Quand ?", DATE_REPLY, None)
    assert turn == {
        "ask": "Quand ?",
        "intent": "date_lookup",
        "answered": True,
        "expect": [["30 janvier 1950"]],
        "source": "001_b",
    }


def test_an_unanswered_reply_records_no_phrase_and_a_refusal_records_an_error() -> None:
    unanswered = make_reply("Les articles ne le disent pas.", answered=False)
    assert expectations("Météo ?", unanswered, None) == {
        "ask": "Météo ?", "intent": "search", "answered": False,
    }  # fmt: skip
    assert expectations("", None, "empty") == {"ask": "", "error": True}


def test_record_appends_the_conversation_and_keeps_the_comments(tmp_path: Path) -> None:
    path = tmp_path / "mine.dialogue.yaml"
    path.write_text("# keep me\n- id: old\n  turns:\n    - ask: Bonjour  # and me\n", "utf-8")
    chat = ScriptedChat({"Quand ?": DATE_REPLY})
    messages = iter(["Quand ?", "Merci", ""])
    shown: list[str] = []
    record(path, chat, ask=lambda prompt: next(messages), show=shown.append)
    text = path.read_text("utf-8")
    assert text.startswith("# keep me\n") and "# and me" in text
    loaded = load_file(path)
    new = loaded.dialogues[1].case
    assert new.id == "recorded-1"
    assert [t.ask for t in new.turns] == ["Quand ?", "Merci"]
    assert new.turns[0].check == {} and new.turns[0].source == ["001_b"]
    assert any("Saved recorded-1" in line for line in shown)
    assert run(loaded.dialogues, lambda f: ScriptedChat({"Quand ?": DATE_REPLY})).ok


def test_record_creates_a_new_file_and_appends_under_cases(tmp_path: Path) -> None:
    path = tmp_path / "new.dialogue.yaml"
    append_case(path, {"id": "a", "turns": [{"ask": "q", "error": True}]})
    assert load_file(path).dialogues[0].id == "a"
    mapping = tmp_path / "map.dialogue.yaml"
    mapping.write_text("tags: [t]\ncases:\n  - id: a\n    turns:\n      - ask: q\n", "utf-8")
    append_case(mapping, {"id": "b", "turns": [{"ask": "r"}]})
    assert [d.id for d in load_file(mapping).dialogues] == ["a", "b"]


def test_record_refuses_a_file_with_a_key_written_twice_and_leaves_it(tmp_path: Path) -> None:
    path = tmp_path / "twice.dialogue.yaml"
    text = "- id: a\n  id: b\n  turns: [{ask: q}]\n"
    path.write_text(text, "utf-8")
    with pytest.raises(ValueError, match=r"twice.dialogue.yaml:2: key 'id' appears twice"):
        append_case(path, {"id": "c", "turns": [{"ask": "r"}]})
    assert path.read_text("utf-8") == text


UPDATE_FILE = """\
# Header comment stays.
- id: date
  turns:
    - ask: "Quand ?"  # this comment is inside the rewritten turn
      intent: date_lookup
      expect: [["31 janvier 1950", "january 31"], ["relations"]]
      source: 000_a
      check: {"results[0].value": "1950-01-31", "results[0].kind": "date"}
    # Between turns stays too.
    - ask: "Merci"
      intent: smalltalk
"""


def test_update_rewrites_only_the_failing_checks_and_shows_a_diff(tmp_path: Path) -> None:
    path = tmp_path / "u.dialogue.yaml"
    path.write_text(UPDATE_FILE, "utf-8")
    loaded = load_file(path)
    script = {"Quand ?": DATE_REPLY, "Merci": make_reply("De rien.", intent="smalltalk")}
    report = run(loaded.dialogues, lambda f: ScriptedChat(dict(script)))
    assert not report.ok
    new_text, count = rewrite_file(loaded, report.results)
    assert count == 1
    assert "# Header comment stays." in new_text and "# Between turns stays too." in new_text
    assert '      check:\n        results[0].value: "1950-01-30"\n' in new_text
    diff = unified_diff(loaded, new_text)
    assert diff.startswith("---") and "+      source: 001_b" in diff
    path.write_text(new_text, "utf-8")
    updated = load_file(path)
    turn = updated.dialogues[0].case.turns[0]
    assert turn.expect == [["relations"], ["30 janvier 1950"]]
    assert turn.check == {"results[0].value": "1950-01-30", "results[0].kind": "date"}
    assert updated.dialogues[0].case.turns[1].intent == "smalltalk"
    assert run(updated.dialogues, lambda f: ScriptedChat(dict(script))).ok
