"""A third-party tool: counts the passages that contain a word."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tools.base import Item, Tool, ToolResult


class WordCountParams(BaseModel):
    word: str = Field(..., min_length=1, description="The word to count")


class WordCount(Tool):
    name = "word_count"
    description = "How many passages contain a word."
    Params = WordCountParams

    def run(self, params: BaseModel, knowledge) -> ToolResult:  # type: ignore[no-untyped-def]
        assert isinstance(params, WordCountParams)
        hits = [p for p in knowledge.passages if params.word.lower() in p.text.lower()]
        result = ToolResult(tool=self.name)
        if hits:
            first = hits[0]
            result.results.append(
                Item(
                    kind="count",
                    text=str(len(hits)),
                    value=len(hits),
                    article_id=first.article_id,
                    quote=first.text,
                )
            )
            result.citations.append(knowledge.cite(first.article_id, first.sentence, first.text))
        return result
