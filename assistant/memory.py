"""A session's memory: what the last turn was about, and the clarifying question waiting
for its answer.

It is kept in the session store as JSON with a version number. A session saved by an
older release still loads: version 1 (no number) was a dict keyed "last" / "pending".
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from assistant.intents import Intent, intent_of
from assistant.understand import Parse
from tools.question import Question

VERSION = 2
log = logging.getLogger(__name__)


@dataclass
class LastTurn:
    """What the last turn that called a tool was about: the follow-ups of the next read it
    (« Et en 2017 ? » keeps its intent and subject, « Quand est-il venu ? » its person)."""

    intent: Intent
    reverse: bool = False
    actors: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    words: str = ""
    figure_kind: str | None = None
    unit: str | None = None
    question: Question | None = None
    # The people the answer named, in its order: a pronoun stands for the first.
    people: list[str] = field(default_factory=list)
    # Every name stem the archive gives each person of the turn, so « il » is met by
    # « V. Poutine » as by « Putin ».
    names: dict[str, list[str]] = field(default_factory=dict)
    # The sentence the answer came from, (article id, sentence index): a follow-up
    # reads around it first.
    anchor: tuple[str, int] | None = None
    # The tool called and its parameters: « la suite » calls it again for the next page
    # of a list (`shown` items shown so far, `more` left), and a tool may read a
    # follow-up of its own answer (tools.base.Tool.follow_up).
    tool: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    shown: int = 0
    more: int = 0

    def to_state(self) -> dict[str, Any]:
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        state["question"] = self.question.to_state() if self.question is not None else None
        state["anchor"] = list(self.anchor) if self.anchor is not None else None
        return state

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> LastTurn:
        known = {f.name for f in fields(cls)}
        last = cls(**{k: v for k, v in state.items() if k in known})
        last.intent = intent_of(str(last.intent))
        if isinstance(last.question, Mapping):
            last.question = Question.from_state(dict(last.question))
        if last.anchor is not None:
            last.anchor = (str(last.anchor[0]), int(last.anchor[1]))
        return last


@dataclass
class Pending:
    """A clarifying question waiting for its answer: which of `options` the parse meant."""

    options: list[str]
    parse: Parse
    # Every name stem of each option, so the chosen person is met by all their names.
    names: dict[str, list[str]] = field(default_factory=dict)

    def to_state(self) -> dict[str, Any]:
        return {"options": self.options, "parse": _parse_state(self.parse), "names": self.names}

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> Pending:
        return cls(
            options=list(state["options"]),
            parse=_parse_of_state(state["parse"]),
            names=dict(state.get("names") or {}),
        )


@dataclass
class Memory:
    """What a session remembers between turns."""

    last: LastTurn | None = None
    pending: Pending | None = None

    def clear(self) -> None:
        self.last = self.pending = None

    def to_state(self) -> dict[str, Any]:
        """Plain JSON for the session store."""
        return {
            "version": VERSION,
            "last": self.last.to_state() if self.last is not None else None,
            "pending": self.pending.to_state() if self.pending is not None else None,
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> Memory:
        """The memory a session store row holds, of this release or an older one."""
        version = state.get("version", 1)
        if version > VERSION:
            log.warning("session memory of version %s (newer than %s): forgotten", version, VERSION)
            return cls()
        last, pending = state.get("last"), state.get("pending")
        if version == 1 and last:
            last = _last_of_v1(last)
        return cls(
            last=LastTurn.from_state(last) if last else None,
            pending=Pending.from_state(pending) if pending else None,
        )


def _last_of_v1(last: Mapping[str, Any]) -> dict[str, Any]:
    """Version 1 kept the answer's first results whole; only the people they name are read."""
    people = [str(r["value"]) for r in last.get("results", []) if r.get("kind") == "person"]
    return {**last, "people": people}


def _parse_state(parse: Parse) -> dict[str, Any]:
    state = {f.name: getattr(parse, f.name) for f in fields(parse)}
    if parse.question is not None:
        state["question"] = parse.question.to_state()
    return state


def _parse_of_state(state: Mapping[str, Any]) -> Parse:
    known = {f.name for f in fields(Parse)}
    saved = {k: v for k, v in state.items() if k in known}
    if saved.get("question") is not None:
        saved["question"] = Question.from_state(saved["question"])
    saved["intent"] = intent_of(str(saved.get("intent") or "search"))
    return Parse(**saved)
