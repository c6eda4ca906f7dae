"""A tool's own question forms (tools.base.Tool.rules) reach the router without any edit
of assistant/: where they stand among the built-in rules, what they fill, what a broken
one does."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from pydantic import BaseModel

from assistant.engine import Engine
from assistant.memory import Memory
from assistant.router import decide
from assistant.understand import Understander, tool_rules
from tools.base import Asked, Tool, ToolResult


class _EchoParams(BaseModel):
    word: str
    question: str = ""


class _Echo(Tool[_EchoParams]):
    name = "echo"
    description = "Says a word back."
    Params = _EchoParams
    rules = (r"\bdis (?P<word>\w+)", r"\baide\b", "(unclosed")

    def run(self, params: _EchoParams, knowledge: Any, question: Any = None) -> ToolResult:
        return ToolResult(tool=self.name)


@pytest.fixture(scope="module")
def understander(engine: Engine) -> Understander:
    return Understander(engine.knowledge, {}, [_Echo()])


def test_a_tool_rule_routes_to_the_tool_and_fills_its_parameters(
    understander: Understander,
) -> None:
    parse = understander.parse("Dis Coopération, s’il te plaît")
    assert (parse.intent, parse.tool) == ("echo", "echo")
    # The group is read on the folded text but handed over as typed.
    assert parse.params == {"word": "Coopération", "question": parse.text}
    decision = decide(parse, Memory())
    assert (decision.intent, decision.tool, decision.params) == ("echo", "echo", parse.params)


def test_help_and_reset_come_before_any_tool_rule(understander: Understander) -> None:
    assert understander.parse("aide").intent == "help"


def test_a_tool_rule_comes_before_the_built_in_question_rules(
    understander: Understander,
) -> None:
    assert understander.parse("Quand dis bonjour ?").tool == "echo"


def test_a_tool_rule_that_does_not_compile_is_skipped(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        found = tool_rules([_Echo()])
    assert [r.source for r in found] == [r"\bdis (?P<word>\w+)", r"\baide\b"]
    assert "(unclosed" in caplog.text


def test_the_default_fill_takes_the_groups_and_the_question() -> None:
    asked = Asked(text="Dis oui", folded="dis oui", lang="fr", groups={"word": "oui"})
    assert _Echo().fill(asked) == {"word": "oui", "question": "Dis oui"}
