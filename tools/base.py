"""What a tool is: a name, a description, a pydantic parameter model and a deterministic `run`."""

from __future__ import annotations

import inspect
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from tools.knowledge import Knowledge
    from tools.question import Question


class ToolParams(BaseModel):
    """Base of tool parameter models: an unknown parameter is an error, not ignored, so an
    agent's typo is reported instead of silently running with defaults."""

    model_config = ConfigDict(extra="forbid")


class Item(BaseModel):
    """One thing a tool found: a fact or a passage, with the sentence that states it."""

    model_config = ConfigDict(extra="allow")

    kind: str
    text: str
    value: Any = None
    article_id: str
    quote: str
    unit: str | None = None
    approx: bool | None = None
    inferred: bool | None = None
    source_kind: str | None = Field(
        default=None, description="caption or related when the quote is not article text"
    )


class Source(BaseModel):
    article_id: str
    title: str
    quote: str
    kind: str = "body"
    start: int | None = None
    end: int | None = None
    sentence: int | None = Field(
        default=None, description="The quoted sentence's index in its article"
    )


class Instead(BaseModel):
    """What the closest passage is about instead of what the question states."""

    asked: str
    given: str


class ToolResult(BaseModel):
    """Results and their citations; empty when the articles do not say."""

    tool: str
    results: list[Item] = Field(default_factory=list)
    citations: list[Source] = Field(default_factory=list)
    mode: str | None = None
    near: Source | None = Field(
        default=None, description="When nothing answers: the closest passage, which gives no answer"
    )
    instead: list[Instead] = Field(
        default_factory=list,
        description="When the closest passage meets the question but for a name, place or year: "
        "what it gives instead",
    )
    differ: bool = Field(default=False, description="The sources give different values")
    trace: dict[str, Any] = Field(default_factory=dict, exclude=True)

    @property
    def found(self) -> bool:
        return bool(self.results)


P = TypeVar("P", bound=BaseModel)


@lru_cache(maxsize=256)
def _takes_question(run: Any) -> bool:
    return len(inspect.signature(run).parameters) >= 4


class Tool(Generic[P]):
    """Base of every tool, built-in or from a plugin; subclasses set the class attributes.

    `answers` lists the answer types of a question (tools.question.AnswerType) the
    router sends to this tool. In-process, the engine hands `run` the question already
    read; an API or MCP caller gives parameters only, and the tool reads its `question`
    text itself.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    Params: type[P]
    answers: ClassVar[tuple[str, ...]] = ()

    def run(self, params: P, knowledge: Knowledge, question: Question | None = None) -> ToolResult:
        raise NotImplementedError

    def call(
        self, arguments: dict[str, Any], knowledge: Knowledge, question: Question | None = None
    ) -> ToolResult:
        """Validate raw arguments with the parameter model, then run (a plugin written
        before tools received the question keeps its two-argument `run`)."""
        params = self.Params.model_validate(arguments)
        if _takes_question(type(self).run):
            return self.run(params, knowledge, question)
        return self.run(params, knowledge)  # type: ignore[call-arg]

    @classmethod
    def schema(cls) -> dict[str, Any]:
        """The OpenAI function-tool shape, which the API and MCP publish."""
        return {
            "type": "function",
            "function": {
                "name": cls.name,
                "description": cls.description,
                "parameters": cls.Params.model_json_schema(),
            },
        }
