"""Rendering: the answer first, then where it comes from, in the language of the question.

Facts and quotes stay in French; only the frame around them is translated.
"""

from __future__ import annotations

from tools.base import Instead, Item, Source, ToolResult

_TEXT = {
    "fr": {
        "none": "Les articles ne le disent pas.",
        "none_detail": {
            "date_lookup": "Je n'ai trouvé dans les articles aucune date qui y réponde.",
            "figure_lookup": "Je n'ai trouvé dans les articles aucun chiffre qui y réponde.",
            "actor_lookup": "Je n'ai trouvé dans les articles personne qui corresponde.",
            "passage_search": "Aucun passage des articles ne traite de cela.",
        },
        "try": "Vous pouvez demander par exemple :",
        "near": "Ils en parlent, mais sans donner ce que vous demandez :",
        "instead": "Les articles donnent cela pour {given}, pas pour {asked} :",
        "differ": "Les sources ne donnent pas la même valeur :",
        "source": "Source",
        "related": "brève « Voir plus », hors article",
        "caption": "légende photo",
        "inferred": "déduit",
        "approx": "environ",
        "clarify": "Plusieurs personnes correspondent. Laquelle ?",
        "clarify_hint": "Répondez par un numéro ou un nom.",
        "help": (
            "Je réponds aux questions sur les articles de l'archive, toujours avec ma source : "
            "**dates** (« Quand… ? »), **chiffres** (« Combien… ? », « Quel montant… ? »), "
            "**personnes** (« Qui est… ? », « Qui a-t-il rencontré ? ») et **passages** "
            "(toute autre question). Les relances marchent : « Et en 2017 ? », « Quand ? ». "
            "« reset » efface la conversation."
        ),
        "hello": "Bonjour ! Posez-moi une question sur les articles : date, chiffre, personne.",
        "thanks": "Avec plaisir. Autre chose sur les articles ?",
        "bye": "Au revoir !",
        "reset": "C'est noté : on repart de zéro.",
        "search": "Voici ce que disent les articles :",
        "roles": "{name} :",
        "mention": "{name} est cité, sans fonction précisée :",
        "people": "D'après les articles :",
    },
    "en": {
        "none": "The articles do not say.",
        "none_detail": {
            "date_lookup": "I found no date in the articles that answers this question.",
            "figure_lookup": "I found no figure in the articles that answers this question.",
            "actor_lookup": "I found nobody in the articles who matches.",
            "passage_search": "No passage of the articles is about this.",
        },
        "try": "You could ask, for example:",
        "near": "They mention it, but without what you ask for:",
        "instead": "The articles give this for {given}, not for {asked}:",
        "differ": "The sources do not give the same value:",
        "source": "Source",
        "related": "related-news teaser, not part of the article",
        "caption": "photo caption",
        "inferred": "inferred",
        "approx": "about",
        "clarify": "Several people match. Which one?",
        "clarify_hint": "Answer with a number or a name.",
        "help": (
            "I answer questions about the archive's articles, always with my source: **dates** "
            '("When…?"), **figures** ("How much…?", "How many…?"), **people** ("Who is…?", '
            '"Whom did he meet?") and **passages** (anything else). Follow-ups work: "And in '
            '2017?". Type "reset" to start over. Quotes stay in French.'
        ),
        "hello": "Hello! Ask me about the articles: a date, a figure, a person.",
        "thanks": "You're welcome. Anything else about the articles?",
        "bye": "Goodbye!",
        "reset": "Done: starting afresh.",
        "search": "Here is what the articles say:",
        "roles": "{name}:",
        "mention": "{name} is mentioned, with no role given:",
        "people": "According to the articles:",
    },
}


def text(lang: str, key: str) -> str:
    value = _TEXT[lang][key]
    assert isinstance(value, str)
    return value


def _render_date(value: str, lang: str, fallback: str) -> str:
    try:
        from store.extract.dates import render_date
    except ImportError:
        return fallback
    try:
        return str(render_date(value, lang))
    except (ValueError, KeyError, IndexError):
        return fallback


def _money_en(value: float, unit: str | None) -> str:
    for size, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if abs(value) >= size:
            return f"{value / size:.3f}".rstrip("0").rstrip(".") + f" {word} {unit or ''}".rstrip()
    return f"{value:g} {unit or ''}".rstrip()


def _origin(source: Source | None, lang: str, indent: str = "") -> str:
    """The quoted sentence and its article, as a Markdown block quote."""
    if source is None:
        return ""
    label = ""
    if source.kind == "related":
        label = f" — {text(lang, 'related')}"
    elif source.kind == "caption":
        label = f" — {text(lang, 'caption')}"
    return (
        f"{indent}> « {source.quote} »\n{indent}> — *{source.title}* (`{source.article_id}`){label}"
    )


def _headline(item: Item, lang: str) -> str:
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
    if item.kind == "place":
        return f"**{item.text}**"
    return ""


def render_result(result: ToolResult, lang: str) -> str:
    """The answer first, then each source sentence under the facts it gives, as Markdown."""
    items, sources = result.results, result.citations
    if result.tool == "passage_search" and result.mode != "acronym":
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
            if (h := _headline(items[i], lang))
        )
        blocks.append(f"{text(lang, 'differ')} {values}")
    groups: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        groups.setdefault(item.quote, []).append(i)
    as_list = len(groups) > 1
    for n, (_quote, members) in enumerate(groups.items(), 1):
        heads = [h for h in (_headline(items[j], lang) for j in members) if h]
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
) -> str:
    details = _TEXT[lang]["none_detail"]
    assert isinstance(details, dict)
    lines = [text(lang, "none")]
    if near is not None and instead:
        lines.append(text(lang, "instead").format(given=instead[0].given, asked=instead[0].asked))
        lines.append(_origin(near, lang))
    elif near is not None:
        lines.append(text(lang, "near"))
        lines.append(_origin(near, lang))
    elif tool in details:
        lines.append(details[tool])
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
