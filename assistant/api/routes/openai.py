"""OpenAI-compatible chat completions, so any OpenAI client or agent framework can talk to
the assistant by changing its base URL. How a request finds its session is documented on
the route (and so in /docs)."""

from __future__ import annotations

import hashlib
import json
import re
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Header, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.conversation import reply_in_turn, session_id_for
from assistant.api.deps import EngineDep, LocksDep, MetricsDep, SettingsDep
from assistant.api.errors import ERROR_RESPONSES, NOT_FOUND, MalformedRequest, UnknownModel
from assistant.api.locks import SessionLocks
from assistant.api.metrics import Metrics
from assistant.api.schemas import SESSION_ID_PATTERN
from assistant.errors import InvalidMessage
from assistant.reply import Reply

if TYPE_CHECKING:
    from assistant.engine import Engine

router = APIRouter(prefix="/v1", tags=["openai"])

STARTED = int(time.time())


# -- wire shapes (the subset of OpenAI's that this server reads and writes) -------------


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str = Field(description="system, developer, user, assistant or tool.")
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.text or "" for p in self.content if p.type == "text")
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    """Unknown fields (temperature, tools, …) are accepted and ignored: answers are
    deterministic."""

    model_config = ConfigDict(extra="allow")

    model: str | None = None
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    user: str | None = Field(default=None, max_length=256)
    stream_options: dict[str, Any] | None = None


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    reply: Reply = Field(description="The full reply with results and citations (an extension).")


class Model(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[Model]


# -- routes --------------------------------------------------------------------------


@router.get("/models", response_model=ModelList, responses=ERROR_RESPONSES)
async def list_models(settings: SettingsDep) -> ModelList:
    return ModelList(data=[_model(settings.model_name)])


@router.get("/models/{model}", response_model=Model, responses=ERROR_RESPONSES | NOT_FOUND)
async def get_model(model: str, settings: SettingsDep) -> Model:
    if model != settings.model_name:
        raise UnknownModel(f"no model named {model!r}; this server has {settings.model_name!r}")
    return _model(model)


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses=ERROR_RESPONSES
    | {
        200: {
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
            "description": "A completion, or with `stream: true` its chunks as server-sent "
            "events ending with `data: [DONE]`.",
        }
    },
)
async def chat_completions(
    body: ChatCompletionRequest,
    response: Response,
    engine: EngineDep,
    locks: LocksDep,
    metrics: MetricsDep,
    settings: SettingsDep,
    x_session_id: Annotated[
        str | None, Header(pattern=SESSION_ID_PATTERN, description="The conversation's id.")
    ] = None,
) -> Any:
    """Answer the last user message, which must be the user's; system and assistant
    messages are read for nothing else. `stream: true` sends `chat.completion.chunk`
    events ending with `data: [DONE]`.

    The session (the conversation's memory) is, first that applies:

    1. the `X-Session-Id` request header;
    2. the `user` field (used as the id when it is a valid one, else hashed);
    3. the conversation itself: the id is a hash of the user messages so far. The engine
       is deterministic, so when that session does not exist yet the earlier user messages
       are replayed into it first, which rebuilds the memory the conversation had; sending
       the very same conversation again returns the stored answer instead of a new turn.

    In cases 1 and 2 a session that does not exist yet also gets the earlier user messages
    replayed, so a client switching to this server mid-conversation keeps its context.
    The session id used comes back in the `X-Session-Id` response header. `usage` counts
    words, not tokens: there is no tokenizer behind this model; the full Reply, with
    results and citations, is in the extra `reply` field.
    """
    last = body.messages[-1]
    if last.role != "user":
        raise MalformedRequest(f"the last message must be the user's, not {last.role!r}")
    earlier = [m.text() for m in body.messages[:-1] if m.role == "user"]
    if x_session_id is not None:
        session_id, derived = x_session_id, False
    elif body.user:
        session_id, derived = session_id_for("user", body.user), False
    else:
        session_id, derived = _conversation_id(earlier + [last.text()]), True

    reply = await _answer(engine, locks, metrics, session_id, derived, earlier, last.text())
    completion = _completion(reply, body, settings.model_name)
    headers = {"X-Session-Id": reply.session_id}
    if body.stream:
        include_usage = bool((body.stream_options or {}).get("include_usage"))
        return StreamingResponse(
            _sse(completion, include_usage),
            media_type="text/event-stream",
            headers=headers | {"Cache-Control": "no-cache"},
        )
    response.headers.update(headers)
    return completion


# -- helpers -------------------------------------------------------------------------


def _model(name: str) -> Model:
    return Model(id=name, created=STARTED, owned_by="local")


def _conversation_id(user_messages: list[str]) -> str:
    canonical = json.dumps(user_messages, ensure_ascii=False, separators=(",", ":"))
    return "conv-" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


async def _answer(
    engine: Engine,
    locks: SessionLocks,
    metrics: Metrics,
    session_id: str,
    derived: bool,
    earlier: list[str],
    message: str,
) -> Reply:
    if not message.strip():
        raise InvalidMessage("the last user message is empty; send a question")
    async with locks.hold(session_id):
        exists = await run_in_threadpool(engine.sessions.exists, session_id)
        if exists and derived:
            turns = await run_in_threadpool(engine.sessions.transcript, session_id)
            if turns:
                reply = Reply.model_validate(turns[-1]["reply"])
                metrics.observe_reply(reply)
                return reply
        if not exists:
            for text in earlier:
                try:
                    await run_in_threadpool(engine.reply, text, session_id)
                except InvalidMessage:
                    continue  # a message the engine refuses changed no memory then either
        return await reply_in_turn(engine, metrics, message, session_id)


def _words(text: str) -> int:
    return len(text.split())


def _completion(reply: Reply, body: ChatCompletionRequest, model: str) -> ChatCompletion:
    prompt = sum(_words(m.text()) for m in body.messages)
    completion = _words(reply.reply)
    return ChatCompletion(
        id=f"chatcmpl-{uuid.uuid4().hex}",
        created=int(time.time()),
        model=model,
        choices=[Choice(message=AssistantMessage(content=reply.reply))],
        usage=Usage(
            prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion
        ),
        reply=reply,
    )


def _sse(completion: ChatCompletion, include_usage: bool) -> Iterator[str]:
    """The reply as OpenAI `chat.completion.chunk` events: the role, the text a few words
    at a time, the finish reason, optionally the usage, then `[DONE]`."""
    base = {
        "id": completion.id,
        "object": "chat.completion.chunk",
        "created": completion.created,
        "model": completion.model,
    }

    def event(choices: list[dict[str, Any]], **extra: Any) -> str:
        return f"data: {json.dumps(base | {'choices': choices} | extra, ensure_ascii=False)}\n\n"

    def delta(d: dict[str, Any], finish: str | None = None) -> str:
        return event([{"index": 0, "delta": d, "logprobs": None, "finish_reason": finish}])

    yield delta({"role": "assistant", "content": ""})
    pieces = re.findall(r"\s*\S+(?:\s+\S+){0,3}\s*", completion.choices[0].message.content)
    for piece in pieces:
        yield delta({"content": piece})
    yield delta({}, "stop")
    if include_usage:
        yield event([], usage=completion.usage.model_dump())
    yield "data: [DONE]\n\n"
