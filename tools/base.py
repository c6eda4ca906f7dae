"""What a tool is: a name, a description, a pydantic parameter model and a deterministic `run`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from tools.knowledge import Knowledge


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


class ToolResult(BaseModel):
    """Results and their citations; empty when the articles do not say."""

    tool: str
    results: list[Item] = Field(default_factory=list)
    citations: list[Source] = Field(default_factory=list)
    mode: str | None = None
    near: Source | None = Field(
        default=None, description="When nothing answers: the closest passage, which gives no answer"
    )

    @property
    def found(self) -> bool:
        return bool(self.results)


class Tool:
    """Base of every tool, built-in or from a plugin; subclasses set the class attributes."""

    name: ClassVar[str]
    description: ClassVar[str]
    Params: ClassVar[type[BaseModel]]

    def run(self, params: BaseModel, knowledge: Knowledge) -> ToolResult:
        raise NotImplementedError

    def call(self, arguments: dict[str, Any], knowledge: Knowledge) -> ToolResult:
        """Validate raw arguments with the parameter model, then run."""
        return self.run(self.Params.model_validate(arguments), knowledge)

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
