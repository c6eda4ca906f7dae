"""One lock per session id, so two requests on one conversation take turns instead of
both reading the same memory and each writing its own next state."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class SessionLocks:
    """Locks are created on first use and dropped when nobody holds or awaits them."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    @asynccontextmanager
    async def hold(self, session_id: str | None) -> AsyncIterator[None]:
        if session_id is None:  # a new session: nobody else can know its id yet
            yield
            return
        lock = self._locks.setdefault(session_id, asyncio.Lock())
        self._users[session_id] = self._users.get(session_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[session_id] -= 1
            if self._users[session_id] == 0:
                del self._users[session_id]
                del self._locks[session_id]

    def __len__(self) -> int:
        return len(self._locks)
