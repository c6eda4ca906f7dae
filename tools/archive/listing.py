"""What the list tools share: their paging parameters, a page of a list, and how a
follow-up (« Et seulement en 2013 ? », "And about Cuba?") changes the last call."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import AfterValidator, Field

from tools.archive.periods import Period, period_in
from tools.archive.weights import PAGE
from tools.base import Asked, Item, ToolParams, ToolResult, extra

if TYPE_CHECKING:
    from store.records import Passage
    from tools.knowledge import Knowledge

T = TypeVar("T")

# A message that goes on from the last list: it opens on « et », « seulement »…
_GOES_ON = re.compile(
    r"^\W*(?:et|and|mais|but|puis|then|ok|alors|seulement|uniquement|juste|only|just|"
    r"rien que|parmi (?:eux|elles|ceux-ci|celles-ci|ces articles)|among them|what about|"
    r"how about)\b"
)
_ONLY = re.compile(
    r"\b(?:seulement|uniquement|juste|only|just|rien que|parmi|among|restreins|limite|"
    r"ne garde)\b"
)
# … and asks nothing of its own kind (« Et qui l'a signé ? » is a question for the reader).
_ASKS_ELSE = re.compile(
    r"\b(?:qui|quand|combien|ou|pourquoi|comment|quel|quelle|quels|quelles|who|when|how|"
    r"where|why|which)\b"
)
_LEAD_WORDS = re.compile(
    r"^\W*(?:(?:et|and|mais|but|puis|then|ok|alors|seulement|uniquement|juste|only|just|"
    r"rien que|parmi (?:eux|elles|ceux-ci|celles-ci|ces articles)|among them|what about|"
    r"how about|ceux|celles|those|the ones|ones|les articles|articles|pour|for|en ce qui "
    r"concerne|concernant|sur|about|on|de|du|des|d|qui parlent|that mention|mentionnant)"
    r"\b[\s,]*)+",
    re.IGNORECASE,
)
_LEFT_OVER = re.compile(r"^(?:en|in|pour|for|de|du|d|sur|on|a|à|au)?\W*$", re.IGNORECASE)


def _iso_period(value: str | None) -> str | None:
    """A period bound as the tools read it: an ISO 8601 date or year (`2012`, `2013-03`,
    `2001-03-01`), refused with the value named otherwise."""
    if value is not None and Period.of(value) is None:
        raise ValueError(f"not an ISO 8601 date or year: {value!r} (write 2012, 2013-03…)")
    return value


IsoBound = Annotated[str | None, AfterValidator(_iso_period)]
"""A `start` or `end` parameter: an ISO 8601 date or year, or None for an open side."""


class PagedParams(ToolParams):
    """Parameters every list tool takes: the page wanted."""

    offset: int = Field(0, ge=0, description="How many items of the list to skip")
    limit: int = Field(PAGE, ge=1, le=200, description="Most items to return")


def page(items: Sequence[T], offset: int, limit: int) -> tuple[list[T], int]:
    """The items of one page, and how many come after it."""
    shown = list(items[offset : offset + limit])
    return shown, max(0, len(items) - offset - len(shown))


@dataclass(frozen=True)
class Narrowing:
    """What a follow-up of a list says: a period, other words, and whether they narrow
    the list (« seulement… ») or replace its subject (« Et de Cuba ? »)."""

    only: bool
    period: Period | None
    words: str


def narrowing(asked: Asked) -> Narrowing | None:
    """The follow-up a message makes of the last list, or None when it is no follow-up
    (a question of its own, or a message that says nothing new)."""
    folded = asked.folded
    if not _GOES_ON.match(folded) or _ASKS_ELSE.search(folded):
        return None
    period, rest = period_in(asked.text)
    words = _LEAD_WORDS.sub("", rest).strip(" ?!.,;:")
    if _LEFT_OVER.match(words):
        words = ""
    if period is None and not words:
        return None
    return Narrowing(bool(_ONLY.search(folded)), period, words)


def narrowed(
    params: Mapping[str, Any], asked: Asked, words_key: str = "query"
) -> dict[str, Any] | None:
    """The last call's parameters changed by a follow-up: its period replaces the last
    one (« Et en 2013 ? ») and sets the list back to its first page; its words join the
    subject when they narrow it, else replace it."""
    change = narrowing(asked)
    if change is None:
        return None
    new = {k: v for k, v in params.items() if k != "offset"}
    if change.period is not None:
        new["start"], new["end"] = change.period.sides
    if change.words:
        old = str(params.get(words_key) or "")
        new[words_key] = f"{old} {change.words}".strip() if change.only else change.words
    return new


def period_of(start: str | None, end: str | None) -> Period | None:
    """The period two parameters give (either may be open)."""
    return Period.between(start, end)


def add_cited(
    result: ToolResult,
    knowledge: Knowledge,
    article_id: str,
    passage: Passage,
    kind: str,
    text: str,
    value: Any,
    **fields: Any,
) -> None:
    """One listed item and the sentence that cites it, side by side: a list answer's
    items and citations go in the same order."""
    result.results.append(
        Item(
            kind=kind,
            text=text,
            value=value,
            article_id=article_id,
            quote=passage.text,
            **extra(**fields),
        )
    )
    result.citations.append(knowledge.cite(article_id, passage.sentence, passage.text))
