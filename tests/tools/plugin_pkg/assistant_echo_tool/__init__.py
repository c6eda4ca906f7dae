"""A third-party tool: counts the passages that contain a word.

Everything the assistant needs to answer with it is declared here, in the tool: the
question forms that ask for it (`rules`, whose named group fills `word`) and its reply
texts in French and English (`responses`). Nothing in the assistant is edited for it.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from tools.base import Item, Tool, ToolResult


class WordCountParams(BaseModel):
    word: str = Field(..., min_length=1, description="The word to count")


class WordCount(Tool):
    name = "word_count"
    description = "How many passages contain a word."
    Params = WordCountParams
    rules = (
        r"\bcombien de passages (?:contiennent|citent|mentionnent) (?:le mot )?(?P<word>[\w-]+)",
        r"\bhow many passages (?:contain|mention) (?:the word )?(?P<word>[\w-]+)",
    )
    responses = {
        "answer": {
            "fr": "**{value}** passages contiennent « {word} », dont celui-ci :",
            "en": "**{value}** passages contain “{word}”, this one among them:",
        },
        "none": {
            "fr": "Aucun passage ne contient ce mot.",
            "en": "No passage contains this word.",
        },
    }

    # Written before tools received the question read by the router: the two-argument
    # `run` and the untyped parameters still work.
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
                    word=params.word,
                )
            )
            result.citations.append(knowledge.cite(first.article_id, first.sentence, first.text))
        return result
