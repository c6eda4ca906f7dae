"""RSS and Atom feeds (feedparser): one article per item, its full text from
`content:encoded` / Atom `content`, else its summary, cleaned as HTML is."""

from __future__ import annotations

import re
from typing import Any

from store.errors import ArticleError
from store.formats.records import FieldMap, Origin, Read, documents_of
from store.models import SourceFormat

_ITEM_TAG = re.compile(r"<(?:\w+:)?(?:item|entry)[\s>]")


def _item_lines(text: str) -> list[int]:
    return [text.count("\n", 0, m.start()) + 1 for m in _ITEM_TAG.finditer(text)]


def _record(entry: Any) -> dict[str, Any]:
    """A feed item as an export record, so it goes through the same field reading. The
    summary is the text only when the item carries no full text: beside it, it is most
    often a cut-off copy of the first paragraph."""
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    authors = [a.get("name") for a in entry.get("authors", []) if a.get("name")]
    return {
        "id": entry.get("id") or None,
        "url": entry.get("link") or None,
        "title": entry.get("title") or None,
        "text": "\n".join(contents) or entry.get("summary") or None,
        # The date as written (feedparser's *_parsed fields are converted to UTC).
        "date": entry.get("published") or entry.get("updated") or entry.get("created"),
        "author": authors or entry.get("author") or None,
    }


def read_feed(text: str, origin: Origin) -> Read:
    """Each item of an RSS or Atom feed, reported by the line its item starts on."""
    import feedparser

    # The text is decoded already: an encoding declaration must not make feedparser
    # decode it again.
    body = re.sub(r"^\s*<\?xml[^>]*\?>", '<?xml version="1.0"?>', text, count=1)
    feed = feedparser.parse(body)
    version = str(feed.get("version") or "")
    if not feed.entries:
        if feed.get("bozo"):
            reason = feed.get("bozo_exception")
            raise ArticleError(origin.location, f"not a readable RSS or Atom feed ({reason})")
        raise ArticleError(origin.location, "the file has no RSS or Atom items")
    fmt: SourceFormat = "atom" if version.startswith("atom") else "rss"
    origin = Origin(origin.source, origin.location, fmt, origin.encoding)
    lines = _item_lines(text)
    records = (
        (_record(entry), lines[i] if i < len(lines) else None)
        for i, entry in enumerate(feed.entries)
    )
    yield from documents_of(records, FieldMap.of(), origin)
