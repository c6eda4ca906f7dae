"""A measure (amount, rate, count) by subject and period, or its values over time."""

from __future__ import annotations

import re

from pydantic import Field

from store.models import Fact
from store.search import fold, terms
from tools.answers import result_of
from tools.base import Tool, ToolParams, ToolResult
from tools.knowledge import Knowledge, dedupe
from tools.question import Question

MIN_SCORE = 0.5
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


def _years(text: str | None) -> set[str]:
    return set(_YEAR.findall(text or ""))


def _period_words_fit(wanted: set[str], fact: Fact) -> bool:
    return wanted <= set(terms(fact.period or "")) or wanted <= set(terms(fact.quote))


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
            return self._over_time(params, knowledge)
        if question is None:
            words = [params.question or params.query, params.unit or "", params.period or ""]
            question = knowledge.read(" ".join(w for w in words if w))
        if question.expected != "number":
            question = question.retyped("number")
        return result_of(self.name, knowledge.reader.read(question), knowledge)

    def _over_time(self, params: FigureParams, knowledge: Knowledge) -> ToolResult:
        """Every value of the measure over time, from the figure facts."""
        query = knowledge.query(" ".join([params.query, params.unit or ""]))
        wanted_years = _years(params.period)
        # A period without a year ("au premier trimestre") must be the figure's own period.
        wanted_words = set() if wanted_years else set(terms(params.period or ""))
        places = {fold(p).strip() for p in params.places}
        candidates: list[tuple[float, Fact]] = []
        keys = set(knowledge.lexical_candidates(query))
        pool = [f for k in keys for f in knowledge.by_sentence.get(k, []) if f.kind == "figure"]
        if params.unit and not any(_unit_fits(params.unit, f.unit) for f in pool):
            # No sentence sharing the question's words counts that noun: look at every
            # figure that does (bounded by the noun, not by the archive).
            if unit_stems := terms(params.unit):
                pool += knowledge.figures_by_unit.get(unit_stems[0][:5], [])
        for fact in dedupe(sorted(pool, key=lambda f: (f.article_id, f.sentence, f.start))):
            key = (fact.article_id, fact.sentence)
            by_unit = bool(params.unit) and _unit_fits(params.unit or "", fact.unit)
            if key not in keys and not by_unit:
                continue
            if params.kind and fact.figure_kind != params.kind and not by_unit:
                continue
            if params.unit and not by_unit:
                continue
            years = _years(fact.period) or _years(fact.quote)
            if wanted_years and not params.timeline and not wanted_years & years:
                continue
            if wanted_words and not params.timeline and not _period_words_fit(wanted_words, fact):
                continue
            score = knowledge.score(key, query)
            if fact.subject:
                score += 0.5 * query.coverage(frozenset(terms(fact.subject)))
            if by_unit:
                score += 0.5
            if places:
                # Places every article names (the archive's own countries) tell nothing apart.
                common = set(knowledge.common_places)
                specific = places - common
                mentioned = knowledge.mentioned_places(key) - common
                if mentioned & specific:
                    score += 0.5
                elif mentioned - specific:
                    score -= 0.7
            candidates.append((score, fact))
        candidates.sort(key=lambda sf: (-sf[0], sf[1].article_id, sf[1].sentence, sf[1].start))
        result = ToolResult(tool=self.name, mode="timeline" if params.timeline else "lookup")

        def measured(key: tuple[str, int]) -> bool:
            # Sentences with a figure, or without the period asked for, are no near miss.
            if wanted_years and not wanted_years & _years(knowledge.quote(key)):
                return True
            return any(f.kind == "figure" for f in knowledge.by_sentence.get(key, []))

        best_score = candidates[0][0] if candidates else 0.0
        if not params.timeline:
            best_key = (
                (candidates[0][1].article_id, candidates[0][1].sentence) if candidates else None
            )
            result.near = knowledge.better_without(keys, query, best_key, measured)
        if not candidates or best_score < MIN_SCORE or result.near is not None:
            return result
        if params.timeline:
            chosen = self._timeline(candidates, candidates[0][1])
        else:
            best = candidates[0][0]
            chosen = [f for s, f in candidates if s >= best - 1e-9][: params.k]
        for fact in chosen:
            result.results.append(knowledge.item(fact))
            result.citations.append(knowledge.cite_fact(fact))
        return result

    @staticmethod
    def _timeline(candidates: list[tuple[float, Fact]], top: Fact) -> list[Fact]:
        """Values of the same kind of measure as the best match, one per period, oldest first."""
        best = candidates[0][0]
        same = [
            f
            for s, f in candidates
            if f.figure_kind == top.figure_kind and f.unit == top.unit and s >= best * 0.6
        ]
        by_period: dict[str, Fact] = {}
        for fact in same:
            period = fact.period or ",".join(sorted(_years(fact.quote))) or "?"
            by_period.setdefault(period, fact)
        return sorted(
            by_period.values(), key=lambda f: (sorted(_years(f.period or f.quote)) or ["9999"])[0]
        )
