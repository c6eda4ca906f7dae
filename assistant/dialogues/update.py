"""`--update`: accept an intended change by rewriting the failing turns from current answers.

Only failing turns are touched, and in them only the checks that failed (plus
intent and answered, pinned to the current reply), so hand-written alternatives
that still pass are kept. Each rewritten turn is re-emitted one key per line:
comments *inside* that turn are dropped, all other comments and layout stay.
"""

from __future__ import annotations

import difflib
from typing import Any

from assistant.dialogues.format import DialogueFile
from assistant.dialogues.match import check_path, contains
from assistant.dialogues.paths import resolve
from assistant.dialogues.record import answer_phrase, expectations, primary_source
from assistant.dialogues.runner import DialogueResult, TurnResult
from assistant.dialogues.yamledit import replace_node, turn_lines

_REPLY_KEYS = ("expect", "not_expect", "source", "answered", "intent", "tool", "lang", "check")


def updated_turn(raw: dict[str, Any], result: TurnResult) -> dict[str, Any] | None:
    """The turn as written, with each failing check replaced by what the reply says now;
    None when a crash leaves nothing to learn from."""
    reply = result.reply
    if reply is None and result.error is None:
        return None
    turn = dict(raw)
    if reply is None:
        for key in _REPLY_KEYS:
            turn.pop(key, None)
        if not isinstance(turn.get("error"), str) or result.problems:
            turn["error"] = True
        return turn
    turn.pop("error", None)
    fresh = expectations(result.turn.message, reply, None)
    turn["intent"] = reply.intent
    turn["answered"] = reply.answered
    for key in ("tool", "lang"):
        if key in turn:
            turn[key] = getattr(reply, key)
    _update_expect(turn, result, fresh)
    if "not_expect" in turn:
        kept = [s for s in result.turn.not_expect if not contains(reply.reply, s)]
        _set_or_drop(turn, "not_expect", kept)
    _update_source(turn, result)
    if "check" in turn:
        _update_checks(turn, reply.model_dump(mode="json"))
    return turn


def _update_expect(turn: dict[str, Any], result: TurnResult, fresh: dict[str, Any]) -> None:
    assert result.reply is not None
    text = result.reply.reply
    groups = [g for g in result.turn.expect if any(contains(text, o) for o in g)]
    if len(groups) < len(result.turn.expect) or "expect" not in turn:
        phrase = answer_phrase(result.reply, result.turn.message) if "expect" in fresh else None
        if phrase and not any(contains(phrase, o) for g in groups for o in g):
            groups.append([phrase])
    _set_or_drop(turn, "expect", groups)


def _update_source(turn: dict[str, Any], result: TurnResult) -> None:
    assert result.reply is not None
    cited = {c.article_id for c in result.reply.citations}
    sources = [s for s in result.turn.source if s in cited]
    primary = primary_source(result.reply) if result.reply.answered else None
    lost = len(sources) < len(result.turn.source) or "source" not in turn
    if primary and lost and primary not in sources:
        sources.append(primary)
    _set_or_drop(turn, "source", sources[0] if len(sources) == 1 else sources)


def _update_checks(turn: dict[str, Any], reply: dict[str, Any]) -> None:
    checks: dict[str, Any] = {}
    for path, expected in dict(turn["check"]).items():
        if not check_path(reply, path, expected):
            checks[path] = expected
            continue
        try:
            checks[path] = next(iter(resolve(reply, path)))
        except LookupError:
            continue
    _set_or_drop(turn, "check", checks)


def _set_or_drop(turn: dict[str, Any], key: str, value: Any) -> None:
    if value in ([], {}, None, ""):
        turn.pop(key, None)
    else:
        turn[key] = value


def rewrite_file(file: DialogueFile, results: list[DialogueResult]) -> tuple[str, int]:
    """The file's new text with every failing turn of `results` rewritten, and how many were."""
    prefix = file.case_prefix()
    edits = []
    for result in results:
        if result.dialogue.file is not file:
            continue
        for turn_result in result.failed_turns:
            path = (*prefix, result.dialogue.index, "turns", turn_result.number - 1)
            raw = _raw_at(file.located.value, path)
            new = updated_turn(raw, turn_result)
            if new is not None:
                edits.append((file.located.nodes[path], turn_lines(new)))
    text = file.text
    for node, lines in sorted(edits, key=lambda e: e[0].start_mark.index, reverse=True):
        text = replace_node(text, node, lines)
    return text, len(edits)


def _raw_at(data: Any, path: tuple[str | int, ...]) -> dict[str, Any]:
    for part in path:
        data = data[part]
    return dict(data)


def unified_diff(file: DialogueFile, new_text: str) -> str:
    return "".join(
        difflib.unified_diff(
            file.text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            fromfile=f"{file.path} (before)",
            tofile=f"{file.path} (updated)",
        )
    )
