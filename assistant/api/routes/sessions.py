"""Conversations: read a transcript, or forget a conversation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import EngineDep, LocksDep
from assistant.api.errors import ERROR_RESPONSES, NOT_FOUND
from assistant.api.schemas import SESSION_ID_PATTERN, Transcript, Turn

router = APIRouter(prefix="/v1/sessions", tags=["sessions"])

SessionId = Annotated[str, Path(pattern=SESSION_ID_PATTERN, description="The conversation's id.")]


@router.get("/{session_id}", response_model=Transcript, responses=ERROR_RESPONSES | NOT_FOUND)
async def transcript(session_id: SessionId, engine: EngineDep) -> Transcript:
    """Every turn of the conversation, oldest first (404 once it is deleted or expired)."""
    turns = await run_in_threadpool(engine.sessions.transcript, session_id)
    return Transcript(session_id=session_id, turns=[Turn.model_validate(t) for t in turns])


@router.delete(
    "/{session_id}",
    status_code=204,
    response_class=Response,
    responses=ERROR_RESPONSES | NOT_FOUND,
)
async def delete_session(session_id: SessionId, engine: EngineDep, locks: LocksDep) -> Response:
    """Forget the conversation and its memory; waits for a turn in progress to finish."""
    async with locks.hold(session_id):
        await run_in_threadpool(engine.sessions.delete, session_id)
    return Response(status_code=204)
