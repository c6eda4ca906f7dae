"""What a tool is: a name, a description, a pydantic parameter model and a deterministic `run`,
and the dialogue it brings with it: its question forms, how they fill its parameters, its
reply texts."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

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


def extra(**fields: Any) -> dict[str, Any]:
    """An item's own fields beyond the common ones (`Item` keeps them), typed loosely so a
    tool can pass any value its reply text shows."""
    return fields


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
    published: str | None = Field(
        default=None,
        description="The article's publication date (ISO 8601), when its source gives it",
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
    header: dict[str, Any] | None = Field(
        default=None,
        description="A list answer's own fields (how many items in all, the subject asked), "
        "which fill the tool's `intro` text; None for a single answer",
    )
    more: int = Field(default=0, ge=0, description="How many more items the list holds after these")
    layout: Literal["cited", "compact"] = Field(
        default="cited",
        description="How a list is shown: each item above its quoted sentence, or one line "
        "per item (the sentences still cited)",
    )
    trace: dict[str, Any] = Field(default_factory=dict, exclude=True)

    @property
    def found(self) -> bool:
        return bool(self.results)


@dataclass(frozen=True)
class Asked:
    """A message routed to a tool by one of its rules (or its answer types), as the router
    read it: what the tool fills its parameters from."""

    text: str
    """The message as typed."""
    folded: str
    """The message as rules read it: lower case, no accents, straight apostrophes."""
    lang: str
    """"fr" or "en": the language the reply is written in."""
    groups: Mapping[str, str] = field(default_factory=dict)
    """The named groups of the rule that matched, as typed (accents and capitals kept)."""
    question: Question | None = None
    """The question as read once (answer type, focus, constraints)."""


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

    A tool also declares its own dialogue, as a Rasa domain declares intents, actions
    and responses together, so adding one means adding one class: `rules` (its question
    forms), `fill` (its parameters from such a question) and `responses` (its replies).
    """

    name: ClassVar[str]
    description: ClassVar[str]
    Params: type[P]
    answers: ClassVar[tuple[str, ...]] = ()
    rules: ClassVar[tuple[str, ...]] = ()
    """Regular expressions on the folded message (see `Asked.folded`) that ask for this
    tool; the turn's intent is then the tool's name. Named groups fill the parameters of
    the same name. They are tried after reset, help and small talk, before the built-in
    question rules."""
    responses: ClassVar[Mapping[str, Mapping[str, str]]] = {}
    """Reply texts by key, then language ("fr", "en"): `answer` heads each result, filled
    with the result item's fields (`{text}`, `{value}`, `{unit}`, any extra field);
    `none` follows « Les articles ne le disent pas » when the tool found nothing; a list
    answer (`ToolResult.header`) is headed by `intro`, filled with the header's fields,
    and a compact one groups its items under `heading_<kind>`."""

    def fill(self, asked: Asked) -> dict[str, Any]:
        """The parameters for a message routed to this tool: the rule's named groups, and
        the message as typed when the parameters take a `question`."""
        params: dict[str, Any] = dict(asked.groups)
        if "question" in self.Params.model_fields:
            params.setdefault("question", asked.text)
        return params

    def follow_up(self, params: Mapping[str, Any], asked: Asked) -> dict[str, Any] | None:
        """The parameters to call this tool with again when a message goes on from its
        last answer (« Et seulement en 2013 ? » after a list), given the parameters of
        that call; None (the default) when the message asks something else, which the
        router then reads as usual."""
        return None

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
