"""Rendering: the answer first, then where it comes from, in the language of the question.

Facts and quotes stay in French; only the frame around them is translated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from store.extract.dates import render_date
from store.yamlfile import read_yaml
from tools.base import Instead, Item, Source, Tool, ToolResult

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Responses:
    """Reply texts by key, then language (data/responses.yaml); each tool's own texts by
    tool name, then key, then language."""

    texts: dict[str, dict[str, str]]
    tools: dict[str, dict[str, dict[str, str]]]

    def text(self, lang: str, key: str) -> str:
        return self.texts[key][lang]

    def tool_text(self, tool: str | None, key: str, lang: str) -> str | None:
        return self.tools.get(tool or "", {}).get(key, {}).get(lang)

    def with_tools(self, tools: Iterable[Tool[Any]]) -> Responses:
        """These texts and the ones each tool declares (`Tool.responses`), which win."""
        merged = {name: dict(keys) for name, keys in self.tools.items()}
        for tool in tools:
            own = merged.setdefault(tool.name, {})
            for key, by_lang in tool.responses.items():
                own[key] = {**own.get(key, {}), **by_lang}
        return Responses(self.texts, merged)


@lru_cache(maxsize=1)
def responses() -> Responses:
    """The reply texts, read once."""
    data = read_yaml(DATA / "responses.yaml")
    return Responses(data["responses"], data.get("tools") or {})


def text(lang: str, key: str) -> str:
    return responses().text(lang, key)


def _render_date(value: str, lang: str, fallback: str) -> str:
    try:
        return render_date(value, lang)
    except (ValueError, KeyError, IndexError):
        return fallback


def _money_en(value: float, unit: str | None) -> str:
    for size, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if abs(value) >= size:
            return f"{value / size:.3f}".rstrip("0").rstrip(".") + f" {word} {unit or ''}".rstrip()
    return f"{value:g} {unit or ''}".rstrip()


def published_label(source: Source, lang: str) -> str:
    """When the cited article appeared (« 16 juin 2014 »), or "" when its source is silent."""
    if not source.published:
        return ""
    return _render_date(source.published, lang, source.published)


def _origin(source: Source | None, lang: str, indent: str = "", named: bool = False) -> str:
    """The quoted sentence and its article, as a Markdown block quote (without the article
    when the text just above already names it)."""
    if source is None:
        return ""
    label = ""
    if source.kind == "related":
        label = f" — {text(lang, 'related')}"
    elif source.kind == "caption":
        label = f" — {text(lang, 'caption')}"
    when = f", {published_label(source, lang)}" if source.published else ""
    quote = f"{indent}> « {source.quote} »"
    if named and not label:
        return quote
    return f"{quote}\n{indent}> — *{source.title}*{when} (`{source.article_id}`){label}"


class _Fields(dict[str, Any]):
    """An item's fields for a tool's `answer` text; a field the item lacks is blank."""

    def __missing__(self, key: str) -> str:
        return ""


def _headline(item: Item, lang: str, answer: str | None = None) -> str:
    if answer is not None:
        return answer.format_map(_Fields(item.model_dump()))
    extra = item.model_extra or {}
    if item.kind in ("date", "event"):
        shown = item.text if lang == "fr" else _render_date(str(item.value), "en", item.text)
        if lang == "en" and shown != item.text:
            shown = f"{shown} (« {item.text} »)"
        inferred = f" ({text(lang, 'inferred')})" if item.inferred else ""
        return f"**{shown}**{inferred}"
    if item.kind == "figure":
        shown = item.text
        if lang == "en" and item.unit and item.value is not None and item.unit.isupper():
            approx = f"{text('en', 'approx')} " if item.approx else ""
            shown = f"{approx}{_money_en(float(item.value), item.unit)} (« {item.text} »)"
        context = ", ".join(str(x) for x in (extra.get("subject"), extra.get("period")) if x)
        return f"**{shown}**" + (f" ({context})" if context else "")
    if item.kind == "acronym":
        colon = " :" if lang == "fr" else ":"
        return f"**{extra.get('acronym', '')}**{colon} {item.text}"
    if item.kind == "role":
        inferred = f" ({text(lang, 'inferred')})" if item.inferred else ""
        return f"**{item.text}**{inferred}"
    if item.kind == "person":
        role = extra.get("role")
        return f"**{item.text}**" + (f" ({role})" if role else "")
    if item.kind in ("place", "thing"):
        return f"**{item.text}**"
    return ""


def render_list(result: ToolResult, lang: str, texts: Responses | None = None) -> str:
    """A list answer: the tool's `intro`, then each item — numbered above its quoted
    sentence, or one line each under its kind's heading (compact) — then how many more
    items « la suite » shows."""
    texts = texts or responses()
    fields = _Fields(result.header or {})
    blocks: list[str] = []
    if (intro := texts.tool_text(result.tool, "intro", lang)) is not None:
        blocks.append(intro.format_map(fields))
    answer = texts.tool_text(result.tool, "answer", lang)
    if result.layout == "compact":
        kinds: dict[str, list[str]] = {}
        for item in result.results:
            kinds.setdefault(item.kind, []).append(f"- {_headline(item, lang, answer)}")
        for kind, lines in kinds.items():
            heading = texts.tool_text(result.tool, f"heading_{kind}", lang)
            blocks.append("\n".join([heading, *lines] if heading else lines))
    else:
        first = int(fields.get("first") or 1)
        above = " ".join(blocks)
        for n, item in enumerate(result.results):
            head = _headline(item, lang, answer)
            source = result.citations[n] if n < len(result.citations) else None
            named = source is not None and (source.title in head or source.title in above)
            origin = _origin(source, lang, "   ", named)
            # (items without a headline, a summary's sentences, are their quotes alone)
            blocks.append(
                f"{first + n}. {head}\n{origin}" if head else origin.replace("   > ", "> ")
            )
    if result.more:
        blocks.append(text(lang, "more").format(more=result.more))
    return "\n\n".join(b for b in blocks if b)


def render_result(result: ToolResult, lang: str, texts: Responses | None = None) -> str:
    """The answer first, then each source sentence under the facts it gives, as Markdown."""
    items, sources = result.results, result.citations
    if result.header is not None:
        return render_list(result, lang, texts)
    answer = (texts or responses()).tool_text(result.tool, "answer", lang)
    if result.tool == "passage_search" and result.mode not in ("acronym", "read"):
        found = [text(lang, "search"), *(_origin(src, lang) for src in sources)]
        return "\n\n".join(found)
    blocks: list[str] = []
    if result.mode == "roles" and items:
        key = "mention" if items[0].kind == "mention" else "roles"
        blocks.append(text(lang, key).format(name=f"**{items[0].value}**"))
    elif result.mode in ("holders", "met", "invited", "invited_by", "counterpart", "any"):
        blocks.append(text(lang, "people"))
    elif result.differ:
        values = " ; ".join(
            f"{h} (`{items[i].article_id}`)"
            for i in range(len(items))
            if (h := _headline(items[i], lang, answer))
        )
        blocks.append(f"{text(lang, 'differ')} {values}")
    groups: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        groups.setdefault(item.quote, []).append(i)
    as_list = len(groups) > 1
    for n, (_quote, members) in enumerate(groups.items(), 1):
        heads = [h for h in (_headline(items[j], lang, answer) for j in members) if h]
        source = sources[members[0]] if members[0] < len(sources) else None
        if as_list:
            blocks.append(f"{n}. {' ; '.join(heads)}\n{_origin(source, lang, '   ')}")
        else:
            blocks.append("\n\n".join(x for x in (" ; ".join(heads), _origin(source, lang)) if x))
    return "\n\n".join(b for b in blocks if b)


def render_none(
    tool: str | None,
    lang: str,
    suggestions: list[str],
    near: Source | None = None,
    instead: list[Instead] | None = None,
    texts: Responses | None = None,
) -> str:
    lines = [text(lang, "none")]
    if near is not None and instead:
        lines.append(text(lang, "instead").format(given=instead[0].given, asked=instead[0].asked))
        lines.append(_origin(near, lang))
    elif near is not None:
        lines.append(text(lang, "near"))
        lines.append(_origin(near, lang))
    elif (detail := (texts or responses()).tool_text(tool, "none", lang)) is not None:
        lines.append(detail)
    if suggestions:
        lines.append(text(lang, "try"))
        lines += [f"- {s}" for s in suggestions]
    return "\n".join(lines)


def render_clarify(options: list[str], lang: str) -> str:
    lines = [text(lang, "clarify")]
    lines += [f"{i}. {name}" for i, name in enumerate(options, 1)]
    lines.append(text(lang, "clarify_hint"))
    return "\n".join(lines)


def render_smalltalk(folded: str, lang: str) -> str:
    if any(w in folded for w in ("merci", "thank")):
        return text(lang, "thanks")
    if any(w in folded for w in ("revoir", "bye", "ciao")):
        return text(lang, "bye")
    return text(lang, "hello")
