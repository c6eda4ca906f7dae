"""Checking a reply against a turn: text matching as the shared eval scorer does it, plus checks.

`normalise` follows `eval/score.py` exactly (case, accents, spacing, number
formatting), so a dialogue passes here exactly when the scorer would pass it; case and
accents are folded by `store.text.fold`, as everywhere else.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from assistant.dialogues.format import Turn
from assistant.dialogues.paths import resolve
from store.text import fold

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2009\u2007"), " ")


def normalise(text: str) -> str:
    """Fold case, accents, dashes, spaces and number formatting ("12.500" = "12 500")."""
    text = fold(text).translate(_DASHES).translate(_SPACES).replace("\u2019", "'")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s+%", "%", text)
    prev = None
    while prev != text:
        prev = text
        text = re.sub(r"(\d)[ .](\d{3})(?!\d)", r"\1\2", text)
    return re.sub(r"(\d),(\d)", r"\1.\2", text)


def contains(text: str, phrase: str) -> bool:
    return normalise(phrase) in normalise(text)


def check_turn(turn: Turn, reply: dict[str, Any] | None, error: str | None) -> list[str]:
    """Every way the outcome of one turn differs from the turn's expectations (empty = pass)."""
    if turn.error not in (None, False):
        return _check_error(turn, reply, error)
    if reply is None:
        return [f"the assistant raised an error: {error}"]
    return _check_reply(turn, reply)


def _check_error(turn: Turn, reply: dict[str, Any] | None, error: str | None) -> list[str]:
    if error is None:
        shown = str((reply or {}).get("reply", ""))[:120]
        return [f"expected an error, got a reply: {shown!r}"]
    if isinstance(turn.error, str) and not contains(error, turn.error):
        return [f"error {error!r} does not mention {turn.error!r}"]
    return []


def _check_reply(turn: Turn, reply: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    text = str(reply.get("reply", ""))
    for group in turn.expect:
        if not any(contains(text, option) for option in group):
            problems.append(f"none of {group} in reply")
    for banned in turn.not_expect:
        if contains(text, banned):
            problems.append(f"{banned!r} should not be in reply")
    cited = {str(c.get("article_id")) for c in reply.get("citations") or []}
    for source in turn.source:
        if source not in cited:
            problems.append(f"source {source} not cited (cited: {sorted(cited)})")
    if turn.answered is not None and bool(reply.get("answered")) != turn.answered:
        problems.append(f"answered={reply.get('answered')!r}, expected {turn.answered!r}")
    if turn.answered is False and reply.get("results"):
        problems.append("unanswered reply still carries results")
    for key in ("intent", "tool", "lang"):
        wanted = getattr(turn, key)
        if wanted is not None and reply.get(key) != wanted:
            problems.append(f"{key}={reply.get(key)!r}, expected {wanted!r}")
    for path, expected in turn.check.items():
        problems.extend(check_path(reply, path, expected))
    if turn.items is not None:
        problems.extend(_check_items(turn.items, reply))
    return problems


def listed_items(expected: list[str], reply: dict[str, Any]) -> tuple[Counter[str], Counter[str]]:
    """The items a turn expects and the items its reply lists, as comparable keys: a
    result's value, with its article when the expected item names one."""
    wanted = Counter(normalise(item) for item in expected)
    by_article = any(" @ " in item for item in expected)
    got: Counter[str] = Counter()
    for result in reply.get("results") or []:
        key = str(result.get("value"))
        if by_article:
            key = f"{key} @ {result.get('article_id')}"
        got[normalise(key)] += 1
    return wanted, got


def _check_items(expected: list[str], reply: dict[str, Any]) -> list[str]:
    wanted, got = listed_items(expected, reply)
    problems = []
    if missing := sorted((wanted - got).elements()):
        problems.append(f"items missing from the list: {missing}")
    if extra := sorted((got - wanted).elements()):
        problems.append(f"items listed but not expected: {extra}")
    return problems


def check_path(data: Any, path: str, expected: Any) -> list[str]:
    """One `check:` entry; `[*]` passes when any element matches."""
    try:
        found = list(resolve(data, path))
    except LookupError as exc:
        return [f"check {path}: {exc}"]
    if any(values_match(expected, actual) for actual in found):
        return []
    shown = found[0] if len(found) == 1 else found
    return [f"check {path}: expected {expected!r}, got {shown!r}"]


def values_match(expected: Any, actual: Any) -> bool:
    """Equality that forgives text formatting: strings normalised, numbers numerically,
    mappings as subsets (only the keys written are compared)."""
    if isinstance(expected, bool) or expected is None:
        return actual is expected
    if isinstance(expected, int | float):
        return (
            isinstance(actual, int | float)
            and not isinstance(actual, bool)
            and math.isclose(expected, actual, rel_tol=1e-9)
        )
    if isinstance(expected, str):
        if not isinstance(actual, str | int | float):
            return False
        return normalise(expected) == normalise(str(actual))
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(values_match(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and values_match(value, actual[key]) for key, value in expected.items()
        )
    return bool(expected == actual)
