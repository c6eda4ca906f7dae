"""When something happened, and the reverse: what happened on a date."""

from __future__ import annotations

import re

from pydantic import Field

from store.models import Fact
from store.search import terms
from tools.answers import result_of
from tools.base import Tool, ToolParams, ToolResult
from tools.knowledge import Knowledge, Query, SentenceKey, dedupe
from tools.question import Question

MIN_SCORE = 0.5


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


def _dates_for(key_facts: list[Fact], people_spans: list[tuple[int, int]]) -> list[Fact]:
    """The dates of a sentence that belong to the person named: those after the name and
    before the next person, else the closest before it."""
    dates = [f for f in key_facts if f.kind == "date"]
    if not people_spans or len(dates) <= 1:
        return dates
    others = sorted(
        (f.start, f.end)
        for f in key_facts
        if f.kind == "actor" and (f.start, f.end) not in people_spans
    )
    chosen: list[Fact] = []
    for start, end in people_spans:
        stop = next((s for s, _ in others if s > end), 10**9)
        chosen += [d for d in dates if end <= d.start < stop]
        if not chosen:
            before = [d for d in dates if d.end <= start]
            chosen += before[-1:]
    return dedupe(chosen) or dates


def _gap(fact: Fact, word: tuple[int, int]) -> int:
    """Characters between a date and a word of the sentence (0 when they touch)."""
    return max(0, word[0] - fact.end, fact.start - word[1])


def _word_positions(
    knowledge: Knowledge, key: SentenceKey, query: Query, facts: list[Fact]
) -> list[tuple[int, int]]:
    """Where the question's words stand in the sentence, as spans in the article."""
    pos = knowledge.position.get(key)
    base = knowledge.passages[pos].start if pos is not None else 0
    wanted = {stem for group in query.groups for stem in group}
    return [
        (base + m.start(), base + m.end())
        for m in re.finditer(r"\w+", facts[0].quote)
        if set(terms(m.group(0))) & wanted
    ]


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

    def _when(self, params: DateParams, knowledge: Knowledge) -> ToolResult:
        people = [knowledge.person(a) for a in params.actors]
        query = knowledge.query(params.query)
        if any(not knowledge.mentions_of.get(p) for p in people):
            return ToolResult(tool=self.name, mode="when")  # someone the articles never name
        keys = set(knowledge.lexical_candidates(query)) | set(knowledge.sentences_with(people))
        scored: list[tuple[float, SentenceKey]] = []
        for key in keys:
            facts = knowledge.by_sentence.get(key, [])
            if not any(
                f.kind == "date" and (not params.within or date_matches(params.within, f.value))
                for f in facts
            ):
                continue
            named = knowledge.people_in.get(key, set())
            coverage = query.coverage(knowledge.sentence_terms(key))
            if query.groups and not coverage:
                continue  # "Quand X est-il né ?" is not answered by X's travel dates
            if people and not (named & set(people)) and coverage < 0.5:
                continue
            if len(people) >= 2 and len(named & set(people)) < 2:
                continue  # "Quand A a-t-il rencontré B ?" is about a sentence naming both
            scored.append((knowledge.score(key, query, people), key))
        scored.sort(key=lambda sk: (-sk[0], sk[1]))
        result = ToolResult(tool=self.name, mode="when")

        def dated(key: SentenceKey) -> bool:
            return any(f.kind == "date" for f in knowledge.by_sentence.get(key, []))

        best_score = scored[0][0] if scored else 0.0
        best_key = scored[0][1] if scored else None
        result.near = knowledge.better_without(keys, query, best_key, dated)
        if not scored or best_score < MIN_SCORE or result.near is not None:
            return result
        best = scored[0][0]
        for score, key in scored:
            if score < best - 1e-9 or len(result.results) >= params.k:
                break
            facts = knowledge.by_sentence[key]
            spans = [
                (f.start, f.end)
                for f in facts
                if f.kind == "actor" and knowledge.person(f.value) in people
            ]
            if params.within:
                facts = [
                    f for f in facts if f.kind != "date" or date_matches(params.within, f.value)
                ]
            chosen = (
                _dates_for(facts, spans) if spans else self._nearest(facts, query, knowledge, key)
            )
            positions = _word_positions(knowledge, key, query, facts)
            if positions and len(chosen) > 1:
                # Several dates for the person: the one nearest the question's words first
                # ("du 15 au 17 mai en Pologne" for a question about Poland).
                chosen.sort(key=lambda d: min(_gap(d, w) for w in positions))
            for fact in chosen:
                result.results.append(knowledge.item(fact))
            if chosen:
                result.citations.append(knowledge.cite_fact(chosen[0]))
        return result

    @staticmethod
    def _nearest(
        facts: list[Fact], query: Query, knowledge: Knowledge, key: SentenceKey
    ) -> list[Fact]:
        """Without a person, the date closest to the question's words in the sentence."""
        dates = [f for f in facts if f.kind == "date"]
        if len(dates) <= 1:
            return dates
        positions = _word_positions(knowledge, key, query, facts)
        if not positions:
            return dates[:1]

        def distance(d: Fact) -> int:
            return min(_gap(d, w) for w in positions)

        best = min(distance(d) for d in dates)
        return [d for d in dates if distance(d) <= best + 25]

    def _what_happened(self, params: DateParams, knowledge: Knowledge) -> ToolResult:
        wanted = params.date or ""
        query = knowledge.query(params.query)
        scored: list[tuple[int, float, Fact]] = []
        if wanted.startswith("--"):  # a yearless day: any year's
            candidates = knowledge.unique.get("date", [])
        else:
            candidates = knowledge.dates_by_year.get(wanted[:4], [])
            if len(wanted) >= 7:  # a yearless date may be the same day
                candidates = candidates + knowledge.dates_by_year.get("--", [])
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
