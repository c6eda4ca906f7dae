"""The hybrid search as a tool: the passages that say it, when nothing more exact fits."""

from __future__ import annotations

from pydantic import Field

from store.formats.metadata import PERIOD_BOUND
from store.search import terms
from tools.answers import result_of
from tools.base import Item, Tool, ToolParams, ToolResult
from tools.knowledge import Knowledge
from tools.question import Question

# A passage must contain at least this share of the question's word groups.
MIN_COVERAGE = 0.5


class SearchParams(ToolParams):
    query: str = Field(..., min_length=1, max_length=2000, description="Words to search for")
    k: int = Field(3, ge=1, le=50)
    article_id: str | None = Field(None, description="Only this article")
    kind: str | None = Field(None, description="Only this kind: body, lead, caption, related")
    acronym: str | None = Field(
        None, description="An acronym whose meaning is asked: its definition in the articles"
    )
    actors: list[str] = Field(
        default_factory=list,
        description="People the question is about: passages naming them, or from their "
        "articles, rank higher, but their names are not words to match",
    )
    published_from: str | None = Field(
        None,
        pattern=PERIOD_BOUND,
        description="Only articles published on or after this date (2014, 2014-06, 2014-06-16)",
    )
    published_to: str | None = Field(
        None,
        pattern=PERIOD_BOUND,
        description="Only articles published on or before this date (2014 takes the whole year)",
    )


class PassageSearch(Tool[SearchParams]):
    name = "passage_search"
    description = (
        "Hybrid (BM25 + vector) search over the articles' sentences; returns the passages that "
        "contain most of the question's words, article text ranked above related-news teasers."
    )
    Params = SearchParams
    answers = ("expansion", "thing")

    def _define(self, acronym: str, knowledge: Knowledge) -> ToolResult:
        """The phrase an acronym stands for, from the sentence that defines it."""
        result = ToolResult(tool=self.name, mode="acronym")
        fact = knowledge.acronyms.get(acronym.upper())
        if fact is not None:
            result.results.append(
                knowledge.item(fact, kind="acronym", text=fact.value, acronym=fact.text)
            )
            result.citations.append(knowledge.cite_fact(fact))
        return result

    def _read(self, question: Question, k: int, knowledge: Knowledge) -> ToolResult:
        """The sentences the reader finds covering the question and meeting its names,
        places and years; the hybrid search below is the fallback."""
        result = ToolResult(tool=self.name, mode="search")
        for evidence in knowledge.reader.passages(question, k):
            article_id, sentence = evidence.key
            result.results.append(
                Item(
                    kind="passage",
                    text=evidence.text,
                    value=round(evidence.coverage, 6),
                    article_id=article_id,
                    quote=evidence.text,
                    source_kind=evidence.kind,
                )
            )
            result.citations.append(knowledge.cite(article_id, sentence, evidence.text))
        return result

    def run(
        self, params: SearchParams, knowledge: Knowledge, question: Question | None = None
    ) -> ToolResult:
        if params.acronym:
            return self._define(params.acronym, knowledge)
        dated = params.published_from is not None or params.published_to is not None
        if question is not None and params.article_id is None and params.kind is None and not dated:
            if question.expected == "thing" and question.focus:
                # « Quelle ligne… ? »: the name the text gives the thing asked, if any.
                reading = knowledge.reader.read(question)
                if reading.answered:
                    return result_of(self.name, reading, knowledge)
            read = self._read(question, params.k, knowledge)
            if read.found or any(t.kind != "focus" for t in question.constraints()):
                # A question naming people, places or years the passages do not meet
                # gets no passage about something else.
                return read
        query = knowledge.query(params.query)
        people = [knowledge.person(a) for a in params.actors]
        hits = knowledge.store.search(
            " ".join([params.query, *params.actors]),
            lexical_query=" ".join([query.text or params.query, *params.actors]),
            k=max(params.k * 5, 20),
            article_id=params.article_id,
            kinds=[params.kind] if params.kind else None,
            published_from=params.published_from,
            published_to=params.published_to,
        )
        scored = []
        for rank, hit in enumerate(hits):
            key = (hit.passage.article_id, hit.passage.sentence)
            found = frozenset(terms(hit.passage.text))
            coverage = query.coverage(found)
            # One shared word is a coincidence ("la population sinistrée" for "la population
            # du pays"): two of the question's words must be there, when it has two.
            enough = query.matched(found) >= min(2, len(query.groups))
            if (coverage >= MIN_COVERAGE and enough) or not query.groups:
                weight = 0.5 if hit.passage.kind == "related" else 1.0
                score = knowledge.score(key, query, people) if people else coverage * weight
                scored.append((score, -rank, hit))
        result = ToolResult(tool=self.name, mode="search")
        seen: set[str] = set()
        for _cov, _rank, hit in scored:
            p = hit.passage
            folded = p.text.casefold()
            if folded in seen:
                continue
            seen.add(folded)
            result.results.append(
                Item(
                    kind="passage",
                    text=p.text,
                    value=round(hit.score, 6),
                    article_id=p.article_id,
                    quote=p.text,
                    source_kind=p.kind,
                )
            )
            result.citations.append(knowledge.cite(p.article_id, p.sentence, p.text))
            if len(result.results) >= params.k:
                break
        return result
