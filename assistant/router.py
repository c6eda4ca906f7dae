"""Deciding: resolve a parse against the session's memory into one tool call.

Follow-ups ("Et en 2017 ?", "Quand ?", "Qui a-t-il rencontré ?") keep what the
last turn was about and change only what the new message gives; an ambiguous
name gets a numbered question whose answer ("1", "le premier", a name) is read
on the next turn.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from assistant.intents import Intent, intent_of
from assistant.memory import LastTurn, Memory, Pending
from assistant.understand import Parse
from store.search import terms
from store.text import normalise
from tools.base import Asked, Tool
from tools.question import Question

log = logging.getLogger(__name__)

_ORDINALS = {
    "premier": 1,
    "premiere": 1,
    "first": 1,
    "second": 2,
    "seconde": 2,
    "deuxieme": 2,
    "troisieme": 3,
    "third": 3,
}
_TIMELINE = re.compile(
    r"\b(evolution|evolue|evoluer|evolu|au fil|chaque annee|historique|over time|timeline|trend"
    r"|changed|evolved)\b"
)


@dataclass
class Decision:
    """What to do with a message: the intent, and the tool call if any."""

    intent: Intent
    lang: str
    tool: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    options: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    question: Question | None = None


def _choice_index(choice: str) -> int | None:
    if choice.isdigit():
        return int(choice) - 1
    for word, n in _ORDINALS.items():
        if word in choice:
            return n - 1
    return None


def _resolve_pending(parse: Parse, pending: Pending | None) -> Parse | None:
    """The parse the clarifying question was about, with the chosen person, if this answers it."""
    if pending is None:
        return None
    options = pending.options
    chosen: str | None = None
    if parse.choice and (i := _choice_index(parse.choice)) is not None and 0 <= i < len(options):
        chosen = options[i]
    elif parse.actors and parse.actors[0] in options:
        chosen = parse.actors[0]
    else:
        folded = normalise(parse.text)
        hits = [o for o in options if normalise(o) in folded or folded in normalise(o)]
        chosen = hits[0] if len(hits) == 1 else None
    if chosen is None:
        return None
    original = replace(pending.parse, actors=[chosen], ambiguous=[])
    if original.question is not None:
        stems = frozenset(pending.names.get(chosen, ()))
        original.question = original.question.with_people({chosen: stems})
    parts = set(normalise(chosen).split())
    original.words = " ".join(w for w in original.words.split() if w not in parts)
    return original


def _is_follow_up(parse: Parse, last: LastTurn | None) -> bool:
    if last is None:
        return False
    if parse.follow_up:
        return True
    has_words = bool(terms(parse.words))
    short = len(parse.folded.split()) <= 5
    return (
        parse.rule is None
        and short
        and bool(parse.dates or parse.places or parse.actors)
        or (
            parse.intent in ("date_lookup", "figure_lookup", "actor_lookup")
            and not has_words
            and not parse.actors
            and not parse.dates
        )
    )


def _inherit(parse: Parse, last: LastTurn, notes: list[str]) -> None:
    """Fill what the follow-up leaves out from the last turn."""
    if parse.rule is None and last.intent:
        parse.intent = last.intent
        parse.reverse = last.reverse
        notes.append(f"follow-up: intent {parse.intent} kept from the last turn")
    if not parse.actors and last.actors:
        parse.actors = list(last.actors)
        notes.append("follow-up: people kept from the last turn")
    content = [w for w in parse.words.split() if terms(w)]
    if not content or parse.follow_up:
        if not parse.dates and last.dates and parse.intent != "actor_lookup":
            parse.dates = list(last.dates)
        if not parse.places and last.places:
            parse.places = list(last.places)
        place_words = {t for p in parse.places for t in terms(p)}
        if any(set(terms(w)) - place_words for w in content):
            # "Et les exportations ?": a new subject replaces the old one.
            notes.append("follow-up: new subject, the rest kept from the last turn")
        else:
            # "Et en 2017 ?", "Et en Pologne ?": the same subject, elsewhere or later.
            parse.words = " ".join([*content, last.words]).strip()
            notes.append("follow-up: subject kept from the last turn")
    if parse.intent == "figure_lookup" and parse.intent == last.intent:
        # "Pour quel montant ?" after a count asks for money, not for the same noun.
        if parse.figure_kind in (None, last.figure_kind):
            parse.figure_kind = last.figure_kind
            parse.unit = parse.unit or last.unit


def _next_page(parse: Parse, memory: Memory) -> Decision:
    """« la suite »: the last list's tool called again from the first item not shown;
    nothing to call when the last answer was no list or showed all of it."""
    last = memory.last
    if last is None or not last.tool or last.more <= 0:
        return Decision("more", parse.lang, notes=["nothing more to show"])
    params = {**last.params, "offset": last.shown}
    last.params = params
    return Decision(
        intent_of(last.tool),
        parse.lang,
        tool=last.tool,
        params=params,
        notes=[f"next page of {last.tool}, from item {last.shown + 1}"],
        question=last.question,
    )


def _goes_on(
    parse: Parse, memory: Memory, tools: Mapping[str, Tool[Any]] | None
) -> Decision | None:
    """A message the last turn's tool reads as going on from its answer (« Et seulement en
    2013 ? » after a list): that tool called again with the parameters it gives."""
    last = memory.last
    if tools is None or last is None or not last.tool or parse.tool is not None:
        return None
    tool = tools.get(last.tool)
    if tool is None:
        return None
    asked = Asked(parse.text, parse.folded, parse.lang, {}, parse.question)
    try:
        params = tool.follow_up(dict(last.params), asked)
    except Exception:  # a third-party plugin must not stop the assistant
        log.warning("tool %s could not read a follow-up", tool.name, exc_info=True)
        return None
    if params is None:
        return None
    memory.last = LastTurn(intent=intent_of(tool.name), tool=tool.name, params=params)
    return Decision(
        intent_of(tool.name),
        parse.lang,
        tool=tool.name,
        params=params,
        notes=[f"follow-up of {tool.name}'s answer"],
        slots=parse.slots(),
        question=parse.question,
    )


def decide(parse: Parse, memory: Memory, tools: Mapping[str, Tool[Any]] | None = None) -> Decision:
    """The decision for this message, updating the session's memory in place; `tools`
    (by name) may read a follow-up of their own last answer."""
    notes: list[str] = []
    if (answered := _resolve_pending(parse, memory.pending)) is not None:
        notes.append(f"clarification answered: {answered.actors[0]}")
        parse = answered
    memory.pending = None
    if parse.intent == "reset":
        memory.clear()
        return Decision("reset", parse.lang, notes=notes)
    if parse.intent in ("help", "smalltalk"):
        return Decision(parse.intent, parse.lang, notes=notes)
    if parse.intent == "more":
        return _next_page(parse, memory)
    if (going_on := _goes_on(parse, memory, tools)) is not None:
        return going_on
    last = memory.last
    if last and parse.pronoun and not parse.actors and not last.actors:
        # « Qui est le secrétaire du parti ? » → « Quel poste occupait-il ? »: the person
        # the last answer named is who the pronoun stands for.
        if last.people:
            parse.actors = [last.people[0]]
            notes.append(f"pronoun resolved to {parse.actors[0]}, the last answer")
            if parse.question is not None:
                parse.question = parse.question.with_person(
                    parse.actors[0], _name_stems(last, parse.actors[0])
                )
    elif last and parse.pronoun and not parse.actors and last.actors:
        parse.actors = list(last.actors[:1])
        notes.append(f"pronoun resolved to {parse.actors[0]}")
        if parse.question is not None:
            parse.question = parse.question.with_person(
                parse.actors[0], _name_stems(last, parse.actors[0])
            )
    follows = last is not None and _is_follow_up(parse, last)
    if follows and last is not None:
        _inherit(parse, last, notes)
    pronoun_only = (
        last is not None and parse.pronoun and not parse.unknown_names and not last.actors
    )
    if (follows or pronoun_only) and parse.question is not None and last and last.question:
        parse.question = parse.question.follow_up(last.question)
        notes.append("follow-up: the question keeps the constraints of the last turn")
        if last.anchor:
            parse.question = replace(parse.question, anchor=last.anchor)
    if parse.ambiguous and not parse.actors and not _reads_on_its_own(parse):
        return clarify(parse, memory, notes)
    decision = _tool_call(parse)
    decision.notes = notes
    memory.last = LastTurn(
        intent=parse.intent,
        reverse=parse.reverse,
        actors=list(parse.actors),
        dates=list(parse.dates),
        places=list(parse.places),
        words=parse.words,
        figure_kind=parse.figure_kind,
        unit=parse.unit,
        question=parse.question,
    )
    return decision


def clarify(parse: Parse, memory: Memory, notes: list[str] | None = None) -> Decision:
    """Ask which of the people an ambiguous name may mean; the answer is read next turn."""
    options = parse.ambiguous[0]
    memory.pending = Pending(options=options, parse=replace(parse))
    return Decision(
        "clarify", parse.lang, options=options, notes=list(notes or []), slots=parse.slots()
    )


def _name_stems(last: LastTurn, name: str) -> frozenset[str]:
    """The stems of every name the archive gives a person of the last turn (the engine
    keeps them in memory), so « il » is met by « V. Poutine » as by « Putin »."""
    return frozenset(last.names.get(name, ()))


def _reads_on_its_own(parse: Parse) -> bool:
    """A question with words of its own (« Qui est le père de John ? ») is answered by
    the reader with the name as a constraint; only a question about the person itself
    (« Qui est Nguyen ? ») needs to know which one. A tool's own question form fills the
    tool's parameters as the tool says."""
    if parse.tool is not None:
        return True
    q = parse.question
    if q is None or q.expected in (None, "role", "thing"):
        return False
    words = [t for t in q.terms if t.kind in ("word", "focus")]
    return bool(words)


_MEANING = re.compile(r"\b(signifie|veut dire|designe|signification|stand for|mean)\b")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\+?(?![\w])")


def _asked_acronym(parse: Parse) -> str | None:
    """The acronym in "Que signifie ONU ?" / "What does OMC stand for?"."""
    if not _MEANING.search(parse.folded):
        return None
    found = _ACRONYM.findall(parse.text)
    return found[0] if found else None


def _asks_roles(parse: Parse) -> bool:
    """« Qui est X ? », « Quel est le rôle de X ? », « Quel poste occupait-il ? »: the
    roles of a known person, from the actor facts, rather than a reading."""
    q = parse.question
    if not parse.actors:
        return False
    if q is not None and q.expected == "role":
        return True
    return not terms(parse.words)


def _tool_call(parse: Parse) -> Decision:
    d = Decision(parse.intent, parse.lang, slots=parse.slots(), question=parse.question)
    if parse.tool is not None:
        # A tool's own rule or answer type: the tool filled its parameters itself.
        d.tool, d.params = parse.tool, dict(parse.params)
        return d
    text = parse.text
    if parse.intent == "date_lookup":
        d.tool = "date_lookup"
        if parse.dates and (parse.reverse or not (parse.actors or parse.words.strip())):
            d.params = {"date": parse.dates[0].split("/")[0], "query": parse.words}
        else:
            d.params = {"question": text, "actors": parse.actors}
    elif parse.intent == "figure_lookup":
        d.tool = "figure_lookup"
        timeline = bool(_TIMELINE.search(parse.folded))
        d.params = {"question": text, "timeline": timeline}
        if timeline:
            d.params.update(
                query=parse.words,
                period=parse.date_texts[0] if parse.date_texts else None,
                kind=parse.figure_kind,
                unit=parse.unit,
                places=parse.places,
            )
    elif parse.intent == "actor_lookup":
        d.tool = "actor_lookup"
        if not parse.actors and parse.unknown_names and not terms(parse.words):
            d.params = {"name": parse.unknown_names[0], "relation": parse.relation}
        elif parse.actors and (parse.relation or _asks_roles(parse)):
            d.params = {"name": parse.actors[0], "relation": parse.relation, "query": parse.words}
            if parse.dates and not parse.relation:
                d.params["year"] = parse.dates[0][:4]
        else:
            d.params = {"question": text, "role": parse.words, "nationality": parse.nationality}
    elif parse.intent == "place_lookup":
        d.tool = "place_lookup"
        d.params = {"question": text}
    elif parse.actors and not terms(parse.words):
        # A bare name ("Tran Van An ?") asks who that is.
        d.intent, d.tool = "actor_lookup", "actor_lookup"
        d.params = {"name": parse.actors[0]}
    else:
        d.intent = "search"
        if parse.dates and not parse.words.strip():
            d.intent, d.tool = "date_lookup", "date_lookup"
            d.params = {"date": parse.dates[0].split("/")[0]}
        elif (acronym := _asked_acronym(parse)) is not None:
            d.tool = "passage_search"
            d.params = {"query": parse.words or acronym, "acronym": acronym}
        elif parse.words.strip() or parse.actors:
            d.tool = "passage_search"
            # The whole question matters to a passage search, dates included.
            words = [parse.words, *parse.date_texts]
            d.params = {"query": " ".join(w for w in words if w).strip(), "actors": parse.actors}
    return d
