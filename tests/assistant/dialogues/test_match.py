"""Matching replies: the eval scorer's normalisation, and every kind of turn check."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from assistant.dialogues.format import Turn
from assistant.dialogues.match import check_turn, normalise, values_match
from assistant.dialogues.paths import parse_path, resolve
from tests.dialogues.fakes import make_reply

SCORER = Path(__file__).resolve().parents[4] / "shared" / "eval" / "score.py"
SAMPLES = [
    "176.000 citoyens", "176 000", "176\u202f000", "2,45 milliards", "23 %", "Nguyên Phu Trong",
    "Vietnam \u2013 Russie", "l\u2019URSS", "  Plusieurs   espaces ", "1 234 567,5",
    "5-8 septembre", "ÉCHANGES", "Choïgou", "Hoàng Đức", "ĐỖ HOÀNG",
]  # fmt: skip


def reply(**kw: Any) -> dict[str, Any]:
    return make_reply(**kw).model_dump(mode="json")


@pytest.mark.skipif(not SCORER.exists(), reason="the shared eval folder is not beside the repo")
@pytest.mark.parametrize("text", SAMPLES)
def test_normalise_agrees_with_the_eval_scorer(text: str) -> None:
    spec = importlib.util.spec_from_file_location("score", SCORER)
    assert spec and spec.loader
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    assert normalise(text) == score.normalise(text)


def test_number_formats_accents_and_case_are_ignored() -> None:
    assert normalise("176.000") == normalise("176 000") == normalise("176000")
    assert normalise("2,45 Milliards") == normalise("2.45 milliards")
    assert normalise("Août") == "aout"
    assert normalise("23 %") == "23%"


def test_every_expect_group_must_match_and_any_alternative_will_do() -> None:
    turn = Turn(ask="q", expect=[["3,5 milliards", "3.5 billion"], ["2017"]])
    assert check_turn(turn, reply(text="Environ 3.5 billion USD en 2017."), None) == []
    problems = check_turn(turn, reply(text="Environ 3,5 milliards."), None)
    assert problems == ["none of ['2017'] in reply"]


def test_not_expect_flags_a_forbidden_phrase() -> None:
    turn = Turn(ask="q", not_expect=["2,45 milliards"])
    assert check_turn(turn, reply(text="2.45 milliards"), None) == [
        "'2,45 milliards' should not be in reply"
    ]


def test_source_must_be_cited() -> None:
    turn = Turn(ask="q", source=["001_b"])
    assert check_turn(turn, reply(text="x", source="001_b"), None) == []
    assert "source 001_b not cited" in check_turn(turn, reply(text="x", source="000_a"), None)[0]


def test_unanswered_means_no_results_too() -> None:
    turn = Turn(ask="q", answered=False)
    answered = reply(text="x", answered=False, result={"kind": "date", "text": "1950"})
    assert check_turn(turn, answered, None) == ["unanswered reply still carries results"]


def test_intent_tool_and_lang_are_compared_exactly() -> None:
    turn = Turn(ask="q", intent="date_lookup", tool="date_lookup", lang="en")
    problems = check_turn(turn, reply(text="x", intent="search"), None)
    assert problems == [
        "intent='search', expected 'date_lookup'",
        "tool=None, expected 'date_lookup'",
        "lang='fr', expected 'en'",
    ]


def test_checks_follow_dotted_paths_into_the_reply() -> None:
    data = reply(text="x", source="a", result={"kind": "date", "text": "t", "value": "1950-01-30"})
    assert check_turn(Turn(ask="q", check={"results[0].value": "1950-01-30"}), data, None) == []
    assert check_turn(Turn(ask="q", check={"results.0.kind": "date"}), data, None) == []
    wrong = check_turn(Turn(ask="q", check={"results[0].value": "1950"}), data, None)
    assert wrong == ["check results[0].value: expected '1950', got '1950-01-30'"]
    missing = check_turn(Turn(ask="q", check={"results[3].value": "x"}), data, None)
    assert missing == ["check results[3].value: no item [3] (the list has 1)"]


def test_a_wildcard_check_passes_when_any_item_matches() -> None:
    data = {"citations": [{"kind": "body"}, {"kind": "related"}]}
    assert resolve_all(data, "citations[*].kind") == ["body", "related"]
    assert check_turn(Turn(ask="q", check={"citations[*].kind": "related"}), data, None) == []


def resolve_all(data: Any, path: str) -> list[Any]:
    return list(resolve(data, path))


def test_values_match_forgives_formatting_but_not_meaning() -> None:
    assert values_match("Août 2008", "aout 2008")
    assert values_match(3.5e9, 3500000000)
    assert not values_match(True, 1)
    assert values_match({"unit": "USD"}, {"unit": "USD", "approx": True})
    assert values_match([], [])
    assert not values_match(None, "x")


def test_paths_parse_indexes_wildcards_and_keys() -> None:
    assert parse_path("results[0].value") == ["results", 0, "value"]
    assert parse_path("citations[*].kind") == ["citations", "*", "kind"]
    assert parse_path("results[-1]") == ["results", -1]
    with pytest.raises(ValueError):
        parse_path("results[")


def test_an_expected_error_must_happen() -> None:
    turn = Turn(ask="q", error=True)
    assert check_turn(turn, None, "The message is too long.") == []
    assert check_turn(turn, reply(text="Bonjour"), None) == [
        "expected an error, got a reply: 'Bonjour'"
    ]
    worded = Turn(ask="q", error="limite")
    assert check_turn(worded, None, "too long") == ["error 'too long' does not mention 'limite'"]


def test_an_unexpected_error_is_a_failure() -> None:
    assert check_turn(Turn(ask="q"), None, "boom") == ["the assistant raised an error: boom"]
