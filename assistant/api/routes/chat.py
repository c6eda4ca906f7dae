"""The native chat endpoint: one message in, the Reply out."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.conversation import take_turn
from assistant.api.deps import EngineDep, LocksDep, MetricsDep
from assistant.api.errors import ERROR_RESPONSES
from assistant.api.schemas import ChatRequest
from assistant.reply import Reply

router = APIRouter(tags=["chat"])


@router.post("/v1/chat", response_model=Reply, responses=ERROR_RESPONSES)
async def chat(body: ChatRequest, engine: EngineDep, locks: LocksDep, metrics: MetricsDep) -> Reply:
    """Answer one message. Without `session_id` a new conversation starts; its id is in the
    reply, and sending it back lets follow-ups ("Et en 2017 ?") use the conversation's memory."""
    return await take_turn(engine, locks, metrics, body.message, body.session_id)
