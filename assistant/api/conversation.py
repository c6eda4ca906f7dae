"""One turn of a conversation, as every chat surface (native, OpenAI, Rasa) takes it."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool

from assistant.api.locks import SessionLocks
from assistant.api.metrics import Metrics
from assistant.api.schemas import SESSION_ID_PATTERN
from assistant.reply import Reply

if TYPE_CHECKING:
    from assistant.engine import Engine

_SESSION_ID = re.compile(SESSION_ID_PATTERN)


async def take_turn(
    engine: Engine, locks: SessionLocks, metrics: Metrics, message: str, session_id: str | None
) -> Reply:
    """The engine is synchronous (SQLite, chroma): it runs in the thread pool, one turn at a
    time per session so concurrent requests cannot interleave a conversation's memory."""
    async with locks.hold(session_id):
        return await reply_in_turn(engine, metrics, message, session_id)


async def reply_in_turn(
    engine: Engine, metrics: Metrics, message: str, session_id: str | None
) -> Reply:
    """The engine's reply, counted in the metrics; the caller holds the session's lock."""
    reply: Reply = await run_in_threadpool(engine.reply, message, session_id)
    metrics.observe_reply(reply)
    return reply


def session_id_for(prefix: str, external: str) -> str:
    """A session id from a caller's own name for a conversation (Rasa's sender, OpenAI's
    `user`): used as is when it is a valid id, else replaced by a stable hash of it."""
    if _SESSION_ID.match(external):
        return external
    return f"{prefix}-{hashlib.sha256(external.encode('utf-8')).hexdigest()[:32]}"
