"""A conversation written as a regression dialogue: the format of the evaluation questions,
which `assistant dialogues run` replays."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from assistant.dialogues.match import contains
from assistant.reply import Reply
from tui.backend import Turn


def key_phrase(reply: Reply) -> str | None:
    """The first result's text when the reply shows it verbatim: the phrase that proves
    the answer (matched as the dialogue runner will match it); None when the reply answers
    nothing that can be pinned."""
    if not reply.answered:
        return None
    for result in reply.results:
        phrase = result.text.strip()
        if phrase and contains(reply.reply, phrase):
            return phrase
    return None


def dialogue_turn(turn: Turn) -> dict[str, Any]:
    reply = turn.reply
    entry: dict[str, Any] = {"ask": turn.message}
    phrase = key_phrase(reply)
    if phrase:
        entry["expect"] = [[phrase]]
    if reply.citations:
        entry["source"] = reply.citations[0].article_id
    entry["intent"] = reply.intent
    entry["answered"] = reply.answered
    return entry


def dialogue_case(turns: Sequence[Turn], case_id: str) -> list[dict[str, Any]]:
    """A list holding one case whose turns replay the conversation."""
    return [{"id": case_id, "turns": [dialogue_turn(t) for t in turns]}]


def case_id_for(path: Path) -> str:
    stem = path.name.split(".")[0] or "conversation"
    return "tui-" + re.sub(r"[^\w-]+", "-", stem).strip("-")


def write_dialogue(path: Path, turns: Sequence[Turn]) -> Path:
    """Write the conversation to `path` (folders created); returns the resolved path."""
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    document = yaml.safe_dump(
        dialogue_case(turns, case_id_for(path)), allow_unicode=True, sort_keys=False, width=100
    )
    path.write_text(document, encoding="utf-8")
    return path.resolve()
