"""Turning live answers into expectations: `dialogues record` and the base of `--update`.

An expectation should pin what matters and survive wording changes, so we keep
the key answer phrase (the first result's text, or a short distinctive phrase of
the reply), the cited source, the intent and whether it was answered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from assistant.dialogues.errors import Refused
from assistant.dialogues.marks import load_marked
from assistant.dialogues.match import contains, normalise
from assistant.dialogues.runner import Chat
from assistant.dialogues.yamledit import append_to_sequence, case_lines
from assistant.reply import Reply

_BREAKS = re.compile(r"[*_`#>\[\]()\n:;«»\"|•]+|\s[–—-]\s")
_WORD_EDGE = ".,!?…'’"
_MAX_WORDS = 6
_NEW_FILE_HEADER = (
    "# Regression dialogues (docs/dialogues.md). Recorded with `assistant dialogues record`.\n"
)


def key_phrase(reply: str, ask: str) -> str | None:
    """The short run of words that best identifies this reply: numbers first, then words
    that the question did not already contain."""
    asked = {normalise(w.strip(_WORD_EDGE)) for w in ask.split()}
    best: tuple[float, str] | None = None
    for segment in _BREAKS.split(reply):
        words = [w for w in segment.split() if w.strip(_WORD_EDGE)]
        weights = [_weight(w, asked) for w in words]
        for start in range(len(words)):
            if weights[start] == 0:
                continue
            for end in range(start + 1, min(start + _MAX_WORDS, len(words)) + 1):
                if weights[end - 1] == 0:
                    continue
                score = sum(weights[start:end]) - 0.25 * (end - start)
                phrase = " ".join(words[start:end]).strip(_WORD_EDGE)
                if (best is None or score > best[0]) and contains(reply, phrase):
                    best = (score, phrase)
    return best[1] if best else None


def _weight(word: str, asked: set[str]) -> float:
    token = normalise(word.strip(_WORD_EDGE))
    if any(c.isdigit() for c in token):
        return 3.0
    if len(token) >= 4 and token not in asked:
        return 1.0
    return 0.0


def primary_source(reply: Reply) -> str | None:
    """The article the answer rests on: the first result's, else the first citation's."""
    if reply.results:
        return reply.results[0].article_id
    return reply.citations[0].article_id if reply.citations else None


def answer_phrase(reply: Reply, ask: str) -> str | None:
    """What `expect` should hold: results[0].text when the reply shows it, else a key phrase."""
    if reply.results and contains(reply.reply, reply.results[0].text):
        return reply.results[0].text.strip()
    return key_phrase(reply.reply, ask)


def expectations(ask: str, reply: Reply | None, error: str | None) -> dict[str, Any]:
    """A turn written from what the assistant answered now."""
    turn: dict[str, Any] = {"ask": ask}
    if reply is None:
        turn["error"] = True
        return turn
    turn["intent"] = reply.intent
    turn["answered"] = reply.answered
    # Small talk and help are worded freely; only facts and clarifications get a phrase.
    worth_pinning = (reply.answered and reply.tool is not None) or reply.intent == "clarify"
    phrase = answer_phrase(reply, ask) if worth_pinning else None
    if phrase:
        turn["expect"] = [[phrase]]
    source = primary_source(reply) if reply.answered else None
    if source:
        turn["source"] = source
    return turn


def record(
    path: Path,
    chat: Chat,
    ask: Callable[[str], str] = input,
    show: Callable[[str], None] = print,
    case_id: str | None = None,
) -> dict[str, Any] | None:
    """Chat at a plain prompt until an empty line or end of input, then save the dialogue."""
    show("Type your messages; an empty line (or Ctrl-D) ends and saves the dialogue.")
    turns: list[dict[str, Any]] = []
    session_id: str | None = None
    while True:
        try:
            message = ask("> ")
        except (EOFError, KeyboardInterrupt):
            show("")
            break
        if not message.strip():
            break
        try:
            reply: Reply | None = chat.chat(message, session_id=session_id)
            error = None
        except Refused as exc:
            reply, error = None, str(exc)
        if reply is not None:
            session_id = reply.session_id
            show(reply.reply)
        else:
            show(f"error: {error}")
        turns.append(expectations(message, reply, error))
    if not turns:
        show("Nothing recorded.")
        return None
    case = {"id": case_id or _fresh_id(path), "turns": turns}
    append_case(path, case)
    show(f"Saved {case['id']} ({len(turns)} turn(s)) to {path}.")
    return case


def _fresh_id(path: Path) -> str:
    taken = (
        set(re.findall(r"id:\s*[\"']?([\w.-]+)", path.read_text("utf-8")))
        if path.exists()
        else set()
    )
    number = 1
    while f"recorded-{number}" in taken:
        number += 1
    return f"recorded-{number}"


def append_case(path: Path, case: dict[str, Any]) -> None:
    """Add a case at the end of a file's case list, keeping everything already written."""
    lines = case_lines(case)
    text = path.read_text("utf-8") if path.exists() else ""
    located = load_marked(text) if text.strip() else None
    if located is not None and located.refused:
        line, why = located.refused[0]
        raise ValueError(f"{path}:{line}: {why}; fix the file before recording into it")
    if located is None or located.value is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_NEW_FILE_HEADER + "\n" + "\n".join(lines) + "\n", "utf-8")
        return
    key = () if isinstance(located.value, list) else ("cases",)
    sequence = located.nodes.get(key)
    if isinstance(sequence, yaml.SequenceNode) and sequence.value and not sequence.flow_style:
        path.write_text(append_to_sequence(text, sequence, lines), "utf-8")
        return
    raise ValueError(f"{path}: cannot append to its case list; write cases as a block list")
