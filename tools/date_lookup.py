"""When something happened, and the reverse: what happened on a date."""

from __future__ import annotations

from pydantic import Field

from store.models import Fact
from tools.answers import result_of
from tools.base import Tool, ToolParams, ToolResult
from tools.knowledge import Knowledge, SentenceKey
from tools.question import Question


class DateParams(ToolParams):
    question: str = Field("", description="The question as asked (French or English)")
    query: str = Field("", description="What happened, in words (event, place, topic)")
    actors: list[str] = Field(default_factory=list, description="People involved")
    date: str | None = Field(
        None, description="ISO 8601 date or year: list what happened then instead"
    )
    within: str | None = Field(
        None, description="ISO 8601 date or year the answer must fall in ('en 2007')"
    )
    k: int = Field(5, ge=1, le=50, description="Most results to return")


def date_matches(wanted: str, value: str) -> int:
    """How well a fact's date fits a wanted date: 3 exact, 2 within, 1 compatible, 0 not."""
    for part in value.split("/"):
        if part == wanted:
            return 3
        if part.startswith(wanted):
            return 2
        if wanted.startswith(part) and len(part) >= 4:
            return 1
        if part.startswith("--") and wanted.endswith(part[1:]) and len(wanted) == 10:
            return 1
        if wanted.startswith("--") and len(part) == 10 and part[4:] == wanted[1:]:
            return 2
    return 0


class DateLookup(Tool[DateParams]):
    name = "date_lookup"
    description = (
        "When did something happen (by event words and people), or, given a date or a year, "
        "what happened then. Answers only from the articles, with the source sentence."
    )
    Params = DateParams
    answers = ("date",)

    def run(
        self, params: DateParams, knowledge: Knowledge, question: Question | None = None
    ) -> ToolResult:
        if params.date:
            return self._what_happened(params, knowledge)
        if question is None:
            text = params.question or " ".join([params.query, *params.actors, params.within or ""])
            question = knowledge.read(text)
        if question.expected != "date":
            question = question.retyped("date")
        people = [knowledge.person(a) for a in params.actors]
        return result_of(self.name, knowledge.reader.read(question, people), knowledge)

    def _what_happened(self, params: DateParams, knowledge: Knowledge) -> ToolResult:
        wanted = params.date or ""
        query = knowledge.query(params.query)
        scored: list[tuple[int, float, Fact]] = []
        matching = knowledge.dates_with(lambda value: bool(date_matches(wanted, value)))
        if wanted.startswith("--"):  # a yearless day: any year's
            candidates = matching
        else:
            candidates = [f for f in matching if wanted[:4] in _years(f.value)]
            if len(wanted) >= 7:  # a yearless date may be the same day
                candidates = candidates + [f for f in matching if "--" in _years(f.value)]
        for fact in candidates:
            level = date_matches(wanted, fact.value)
            if level:
                key = (fact.article_id, fact.sentence)
                scored.append((level, knowledge.score(key, query), fact))
        scored.sort(key=lambda t: (-t[0], -t[1], t[2].article_id, t[2].sentence))
        result = ToolResult(tool=self.name, mode="what_happened")
        if not scored:
            return result
        top = scored[0][0]
        seen: set[SentenceKey] = set()
        for level, _score, fact in scored:
            if level < top or len(result.results) >= params.k:
                break
            key = (fact.article_id, fact.sentence)
            if key in seen:
                continue
            seen.add(key)
            result.results.append(knowledge.item(fact, kind="event"))
            result.citations.append(knowledge.cite_fact(fact))
        return result


def _years(value: str) -> set[str]:
    """The years a date value (« 2014-05-12 », a span « 2014-05/2015-01 ») names; « -- »
    for a day without one."""
    return {"--" if part.startswith("--") else part[:4] for part in value.split("/")}
