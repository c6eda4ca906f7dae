"""The pytest plugin: dialogue files become tests, with readable failures."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
pytest_plugins = ["pytester"]

# The real engine is replaced by a scripted chat through the plugin's own fixture name.
CONFTEST = """
import pytest
from tests.dialogues.fakes import ScriptedChat, make_reply

class Pool:
    def chat_for(self, file):
        return ScriptedChat({
            "Qui est Shoigu ?": make_reply(
                "**Sergey Shoigu** : ministre russe de la Défense",
                intent="actor_lookup", source="003_d",
            ),
        })

@pytest.fixture(scope="session")
def dialogue_engines():
    return Pool()
"""

DIALOGUES = """
tags: [actors]
cases:
  - id: shoigu-ok
    turns:
      - ask: "Qui est Shoigu ?"
        intent: actor_lookup
        expect: [["ministre russe de la defense"]]
        source: 003_d
  - id: shoigu-wrong
    turns:
      - ask: "Qui est Shoigu ?"
        expect: [["president"]]
        source: 000_a
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.syspathinsert(str(REPO))
    pytester.makeconftest(CONFTEST)
    (pytester.path / "people.dialogue.yaml").write_text(DIALOGUES, encoding="utf-8")
    return pytester


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    # The snapshot plugin keeps one temp dir per process, which a nested run breaks.
    return pytester.runpytest_inprocess(
        "-p", "no:cacheprovider", "-p", "no:textual-snapshot", *args
    )


def test_each_dialogue_is_one_test_named_by_its_id(project: pytest.Pytester) -> None:
    result = run(project, "--collect-only", "-q")
    result.stdout.fnmatch_lines(
        ["people.dialogue.yaml::shoigu-ok", "people.dialogue.yaml::shoigu-wrong"]
    )


def test_a_failure_shows_the_turn_the_expectation_and_the_actual_reply(
    project: pytest.Pytester,
) -> None:
    result = run(project)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "shoigu-wrong (*people.dialogue.yaml:10)",
            "turn 1/1: 'Qui est Shoigu ?'",
            "    all of: president",
            "    - none of ['president'] in reply",
            "    | **Sergey Shoigu** : ministre russe de la Défense",
            "  cited: 003_d (body)",
        ]
    )


def test_tags_can_select_dialogues_with_k(project: pytest.Pytester) -> None:
    run(project, "-k", "actors and ok").assert_outcomes(passed=1, deselected=1)


def test_a_malformed_file_is_a_collection_error_naming_each_line(
    project: pytest.Pytester,
) -> None:
    (project.path / "broken.dialogue.yaml").write_text(
        "- id: a\n  turns:\n    - ask: q\n      expected: x\n      lang: de\n", encoding="utf-8"
    )
    result = run(project)
    result.stdout.fnmatch_lines(
        [
            "*broken.dialogue.yaml:4: case 'a', turn 1: unknown key 'expected'; did you mean*",
            "*broken.dialogue.yaml:5: case 'a', turn 1: 'lang': lang must be 'fr' or 'en'*",
        ]
    )
    assert result.ret != 0
