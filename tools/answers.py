"""A reading of the reader as a tool result: the answers with their sources, or the
closest passage and what it gives instead of what was asked."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from store.analysis import LOCATION, PERSON
from store.nationalities import country_of_nationality
from tools.base import Instead, Item, Source, ToolResult
from tools.reader.evidence import Evidence
from tools.reader.reader import Answer, Reading

if TYPE_CHECKING:
    from tools.knowledge import Knowledge

_YEAR_LIKE = {"year", "number"}
# Words right before a date or figure that are part of what the text says: « environ
# 65 000 », « à partir de 1906 », « à la fin de la saison 1962 ». The answer shows them,
# so an approximate figure or an open period is never stated as exact.
_QUALIFIER = re.compile(
    r"(?:\b(?:environ|près d[e']|plus d[e']|moins d[e']|quelque|au moins|presque|jusqu'à|"
    r"pas moins d[e']|autour d[e']|approximativement|à partir d[e']|dès|depuis|jusqu'en|"
    r"jusqu'au|vers|avant|après|aux alentours d[e']|dans les années|au début d[e']|"
    r"à la fin d[e'](?: la saison)?|fin|début|mi-|courant|au cours d[e'](?: l'année)?|"
    r"about|around|nearly|almost|more than|over|at least|less than|since|until|from)\s*)+$",
    re.IGNORECASE,
)


def _item(answer: Answer, knowledge: Knowledge) -> Item:
    span, evidence = answer.span, answer.evidence
    article_id, _ = evidence.key
    if span.fact is not None:
        item = knowledge.item(span.fact)
        before = evidence.text[max(0, span.start - 40) : span.start].replace("’", "'")
        if qualifier := _QUALIFIER.search(before):
            item.text = evidence.text[span.start - len(qualifier.group(0)) : span.end].strip()
        if item.unit and item.unit[-1:] in "²³" and item.text[-2:] in (" 2", " 3"):
            item.text = item.text[:-2] + item.unit[-1]  # « 892 km 2 » is 892 km²
        return item
    kind = span.kind if span.kind in ("place", "thing") else "person"
    extra: dict[str, object] = {}
    if kind == "person" and span.entity == PERSON:
        role = knowledge.role_in(evidence.key, span.text)
        if role:
            extra["role"] = role
    item = Item(
        kind=kind,
        text=span.text,
        value=knowledge.person(span.text) if span.entity == PERSON else span.text,
        article_id=article_id,
        quote=evidence.text,
        **extra,  # type: ignore[arg-type]
    )
    if evidence.kind in ("related", "caption"):
        item.source_kind = evidence.kind
    return item


def _source(evidence: Evidence, knowledge: Knowledge) -> Source:
    article_id, sentence = evidence.key
    return knowledge.cite(article_id, sentence, evidence.text)


def _instead(reading: Reading, knowledge: Knowledge) -> list[Instead]:
    """For each constraint the closest passage misses, what it names in its place: a
    year for a year, a place for a place or nationality, a person for a person."""
    lead = reading.lead
    if lead is None or lead.analysis is None:
        return []
    a, text = lead.analysis, lead.text
    out = []
    for term in reading.missing:
        given: str | None = None
        if term.kind in _YEAR_LIKE:
            years = [f.text for f in knowledge.by_sentence.get(lead.key, []) if f.kind == "date"]
            given = years[0] if years else None
        else:
            place = term.kind == "nationality" or knowledge.is_place_word(term.word)
            wanted = LOCATION if place else None
            for e in a.entities:
                label_ok = e.label == wanted if wanted else e.label in (PERSON, LOCATION)
                if label_ok:
                    given = text[a.starts[e.start] : a.ends[e.end - 1]]
                    break
        asked = term.word
        if term.kind == "year" and len(term.word) == 3:
            asked = f"{term.word}0–{term.word}9"  # a decade
        if term.kind == "nationality":
            asked = country_of_nationality(term.word) or term.word
        if given:
            out.append(Instead(asked=_written(reading, term.word, asked), given=given))
    return out


def _written(reading: Reading, folded: str, default: str) -> str:
    """The question's own spelling of a folded word (« Corée » for "coree")."""
    from store.text import fold

    for name in reading.question.names:
        if fold(name) == folded or folded in fold(name).split():
            return name.title() if name.islower() else name  # typed « venezuela »
    return default if default != folded else folded.capitalize()


def result_of(tool: str, reading: Reading, knowledge: Knowledge) -> ToolResult:
    """The tool result for a reading, with `trace` for `assistant explain`."""
    result = ToolResult(tool=tool, mode="read")
    for answer in reading.answers:
        result.results.append(_item(answer, knowledge))
        result.citations.append(_source(answer.evidence, knowledge))
    values = {str(i.value) for i in result.results}
    articles = {i.article_id for i in result.results}
    result.differ = len(values) > 1 and len(articles) > 1 and not reading.question.list_answer
    if not reading.answers and reading.lead is not None:
        result.near = _source(reading.lead, knowledge)
        result.instead = _instead(reading, knowledge)
    verdicts = dict(reading.rejected)
    answered = {a.evidence.key for a in reading.answers}
    best: dict[tuple[str, int], Answer] = {}
    for a in reading.scored:
        best.setdefault(a.evidence.key, a)
    result.trace = {
        "question": reading.question.describe(),
        "candidates": [
            {
                "article_id": e.key[0],
                "sentence": e.key[1],
                "coverage": round(e.coverage, 3),
                "best span": best[e.key].span.text if e.key in best else None,
                "score": round(best[e.key].score, 3) if e.key in best else None,
                "verdict": "answer"
                if e.key in answered
                else verdicts.get(e.key, "outscored" if e.key in best else "not read"),
                "text": e.text[:120],
            }
            for e in reading.candidates[:10]
        ],
        "rejected": [f"{k[0]}#{k[1]}: {why}" for k, why in reading.rejected[:15]],
        "answers": [
            {"text": a.span.text, "score": round(a.score, 3), "role": a.role}
            for a in reading.answers
        ],
        "reason": reading.reason,
    }
    return result
