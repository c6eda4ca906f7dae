"""Rasa's REST channel, so a front end written for Rasa can use the assistant unchanged:
the sender is the conversation, each reply is one bot message."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.conversation import session_id_for, take_turn
from assistant.api.deps import EngineDep, LocksDep, MetricsDep
from assistant.api.errors import ERROR_RESPONSES

router = APIRouter(prefix="/webhooks/rest", tags=["rasa"])


class RasaMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    sender: str = Field(min_length=1, max_length=256, description="The user: one conversation.")
    message: str = Field(min_length=1)


class RasaButton(BaseModel):
    title: str
    payload: str


class RasaBotMessage(BaseModel):
    recipient_id: str
    text: str
    buttons: list[RasaButton] | None = Field(
        default=None, description="Suggested next questions, when the reply has some."
    )


class RasaStatus(BaseModel):
    status: str


@router.get("/", response_model=RasaStatus)
async def channel_status() -> RasaStatus:
    """What Rasa's REST channel answers to a GET, which some front ends use as a check."""
    return RasaStatus(status="ok")


@router.post(
    "/webhook",
    response_model=list[RasaBotMessage],
    response_model_exclude_none=True,
    responses=ERROR_RESPONSES,
)
async def webhook(
    body: RasaMessage, engine: EngineDep, locks: LocksDep, metrics: MetricsDep
) -> list[RasaBotMessage]:
    session_id = session_id_for("rasa", body.sender)
    reply = await take_turn(engine, locks, metrics, body.message, session_id)
    buttons = [RasaButton(title=s, payload=s) for s in reply.suggestions] or None
    return [RasaBotMessage(recipient_id=body.sender, text=reply.reply, buttons=buttons)]
