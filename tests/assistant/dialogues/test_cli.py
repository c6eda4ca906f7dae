"""`assistant dialogues …` end to end, with the engine pool replaced by a scripted chat."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

import assistant.cli.dialogues as cli
from assistant.dialogues.format import DialogueFile
from tests.dialogues.fakes import ScriptedChat, make_reply

SCRIPT = {"Combien de projets ?": make_reply("93 projets.", intent="figure_lookup", source="001_b")}
GOOD = """\
- id: projects
  tags: [figures]
  turns:
    - ask: "Combien de projets ?"
      expect: "93"
"""
BAD = GOOD.replace('"93"', '"94"').replace("  tags: [figures]\n", "")


class FakePool:
    """Stands in for EnginePool: every file talks to the same scripted chat."""

    def __init__(self, scratch: Any = None, settings: Any = None) -> None:
        self.chat = ScriptedChat(dict(SCRIPT))

    def chat_for(self, file: DialogueFile) -> ScriptedChat:
        return self.chat

    def close(self) -> None:
        pass


@pytest.fixture(autouse=True)
def scripted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "EnginePool", FakePool)


def main(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="assistant")
    cli.add_parser(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    return int(args.func(args))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cli.dialogue.yaml"
    path.write_text(text, "utf-8")
    return path


def test_run_passes_with_exit_status_zero_and_a_table(tmp_path: Path, capsys: Any) -> None:
    assert main("dialogues", "run", str(write(tmp_path, GOOD))) == 0
    out = capsys.readouterr().out
    assert "projects" in out and "1 passed, 0 failed" in out


def test_a_failure_exits_one_and_shows_the_turn(tmp_path: Path, capsys: Any) -> None:
    assert main("dialogues", "run", str(write(tmp_path, BAD))) == 1
    out = capsys.readouterr().out
    assert "turn 1/1: 'Combien de projets ?'" in out and "| 93 projets." in out


def test_json_and_junit_outputs(tmp_path: Path, capsys: Any) -> None:
    junit = tmp_path / "junit.xml"
    assert main("dialogues", "run", str(write(tmp_path, BAD)), "--json", "--junit", str(junit)) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {
        "passed": 0,
        "failed": 1,
        "skipped": 0,
        "seconds": data["summary"]["seconds"],
    }
    assert "<testcase" in junit.read_text("utf-8")


def test_a_tag_that_selects_nothing_is_an_error(tmp_path: Path) -> None:
    assert main("dialogues", "run", str(write(tmp_path, GOOD)), "--tag", "dates") == 2
    assert main("dialogues", "run", str(write(tmp_path, GOOD)), "--tag", "figures") == 0


def test_a_malformed_file_exits_two_naming_the_line(tmp_path: Path, capsys: Any) -> None:
    path = write(tmp_path, GOOD + "      intnet: figure_lookup\n")
    assert main("dialogues", "run", str(path)) == 2
    assert f"{path}:6: case 'projects', turn 1: unknown key 'intnet'" in capsys.readouterr().err
    assert main("dialogues", "check", str(path)) == 2


def test_every_problem_of_every_file_is_an_error_line_then_a_count(
    tmp_path: Path, capsys: Any
) -> None:
    path = write(tmp_path, GOOD + "      intnet: figure_lookup\n      asq: again\n")
    other = tmp_path / "other.dialogue.yaml"
    other.write_text("- id: x\n  turns: []\n", "utf-8")
    assert main("dialogues", "check", str(path), str(other)) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"error: {path}:6: case 'projects', turn 1: unknown key 'intnet'; did you mean "
        "'intent'? (allowed: ask, repeat, expect, not_expect, source, answered, intent, tool, "
        "lang, check, items, error)",
        f"error: {path}:7: case 'projects', turn 1: unknown key 'asq'; did you mean 'ask'? "
        "(allowed: ask, repeat, expect, not_expect, source, answered, intent, tool, lang, "
        "check, items, error)",
        f"error: {other}:2: case 'x': 'turns': list should have at least 1 item after "
        "validation, not 0",
        "3 problems in 2 files; fix them, then check again.",
    ]
    assert main("dialogues", "run", str(path)) == 2
    assert capsys.readouterr().err.endswith("nothing was run. Fix them, then run again.\n")


def test_update_rewrites_the_file_so_the_next_run_passes(tmp_path: Path, capsys: Any) -> None:
    path = write(tmp_path, "# about projects\n" + BAD)
    assert main("dialogues", "run", str(path), "--update") == 0
    out = capsys.readouterr().out
    assert '-      expect: "94"' in out and "updated 1 turn(s)" in out
    assert path.read_text("utf-8").startswith("# about projects\n")
    assert main("dialogues", "run", str(path)) == 0


def test_check_counts_dialogues_without_running(tmp_path: Path, capsys: Any) -> None:
    assert main("dialogues", "check", str(write(tmp_path, GOOD))) == 0
    assert "1 dialogues in 1 file(s): ok" in capsys.readouterr().out
