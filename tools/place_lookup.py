"""Where something happened or stands: a place the articles name for it."""

from __future__ import annotations

from pydantic import Field

from tools.answers import result_of
from tools.base import Tool, ToolParams, ToolResult
from tools.knowledge import Knowledge
from tools.question import Question


class PlaceParams(ToolParams):
    question: str = Field(..., min_length=1, max_length=2000, description="The question as asked")
    k: int = Field(5, ge=1, le=50, description="Most results to return")


class PlaceLookup(Tool[PlaceParams]):
    name = "place_lookup"
    description = (
        "Where something happened, will happen or stands (« Où… ? », « Dans quelle ville… ? »): "
        "the place the articles name for it, with the source sentence."
    )
    Params = PlaceParams
    answers = ("place",)

    def run(
        self, params: PlaceParams, knowledge: Knowledge, question: Question | None = None
    ) -> ToolResult:
        question = question or knowledge.read(params.question)
        if question.expected != "place":
            question = question.retyped("place")
        result = result_of(self.name, knowledge.reader.read(question), knowledge)
        result.results = result.results[: params.k]
        result.citations = result.citations[: params.k]
        return result
