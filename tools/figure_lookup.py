"""A measure (amount, rate, count) by subject and period, or its values over time."""

from __future__ import annotations

import re
from dataclasses import replace

from pydantic import Field

from store.models import Fact
from store.search import terms
from tools.answers import result_of
from tools.base import Tool, ToolParams, ToolResult
from tools.knowledge import Knowledge
from tools.question import Question
from tools.reader.reader import Answer

# A value belongs on the timeline when its sentence covers at least this share of what
# the best one covers (the same measure, said of another year).
TIMELINE_COVERAGE = 0.8
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


class FigureParams(ToolParams):
    question: str = Field("", description="The question as asked (French or English)")
    query: str = Field("", description="What is measured, in words (e.g. 'commerce bilatéral')")
    period: str | None = Field(None, description="A year or ISO period the figure must be for")
    kind: str | None = Field(None, description="money, percent, count, ordinal, duration or number")
    unit: str | None = Field(None, description="The counted noun, for counts (e.g. 'projets')")
    places: list[str] = Field(default_factory=list, description="Places the figure is about")
    timeline: bool = Field(False, description="Every value of the measure over time")
    k: int = Field(5, ge=1, le=50)


def _year_of(fact: Fact) -> int | None:
    """The year a figure is given for: its period, else the sentence's only year."""
    found = _years(fact.period) or _years(fact.quote)
    return int(min(found)) if len(found) == 1 or fact.period else None


def _years(text: str | None) -> set[str]:
    return set(_YEAR.findall(text or ""))


def _unit_fits(wanted: str, unit: str | None) -> bool:
    if not unit:
        return False
    a, b = terms(wanted), terms(unit)
    return bool(a and b and (a[0] == b[0] or a[0].startswith(b[0]) or b[0].startswith(a[0])))


class FigureLookup(Tool[FigureParams]):
    name = "figure_lookup"
    description = (
        "A figure from the articles (amount, percentage, count) by what it measures and its "
        "period; with timeline=true, every value of that measure over time."
    )
    Params = FigureParams
    answers = ("number",)

    def run(
        self, params: FigureParams, knowledge: Knowledge, question: Question | None = None
    ) -> ToolResult:
        if params.timeline:
            return self._over_time(params, knowledge, question)
        if question is None:
            words = [params.question or params.query, params.unit or "", params.period or ""]
            question = knowledge.read(" ".join(w for w in words if w))
        if question.expected != "number":
            question = question.retyped("number")
        return result_of(self.name, knowledge.reader.read(question), knowledge)

    def _over_time(
        self, params: FigureParams, knowledge: Knowledge, question: Question | None
    ) -> ToolResult:
        """Every value of the measure over time: the reader's figures of the same kind
        and unit as the best one, one per year, oldest first, within the years the
        question gives (« entre 2022 et 2024 »)."""
        if question is None:
            words = [params.question or params.query, params.unit or "", params.period or ""]
            question = knowledge.read(" ".join(w for w in words if w))
        years = sorted(y for span in question.year_spans() for y in span)
        # The years bound the timeline; no sentence needs to name all of them.
        open_question = replace(
            question.retyped("number"),
            terms=tuple(t for t in question.terms if t.kind != "year"),
            years=(),
        )
        reading = knowledge.reader.read(open_question, every=True)
        result = ToolResult(tool=self.name, mode="timeline")
        scored = [a for a in reading.scored if a.span.fact is not None]
        if not reading.answered or not scored:
            return result_of(self.name, reading, knowledge)
        top = scored[0].span.fact
        assert top is not None
        by_year: dict[int, Answer] = {}
        for answer in scored:
            fact = answer.span.fact
            assert fact is not None
            if (fact.figure_kind, fact.unit) != (top.figure_kind, top.unit):
                continue
            if answer.evidence.coverage < TIMELINE_COVERAGE * scored[0].evidence.coverage:
                continue
            year = _year_of(fact)
            if year is None or (years and not years[0] <= year <= years[-1]):
                continue
            by_year.setdefault(year, answer)
        for year in sorted(by_year):
            fact = by_year[year].span.fact
            assert fact is not None
            result.results.append(knowledge.item(fact))
            result.citations.append(knowledge.cite_fact(fact))
        return result
