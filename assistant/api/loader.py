"""The engine, opened in a background thread so the server answers /healthz at once."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from assistant.api.errors import EngineUnavailable
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.engine import Engine

log = logging.getLogger("assistant.api")

EngineOpener = Callable[[Settings], "Engine"]


def open_engine(settings: Settings) -> Engine:
    from assistant.engine import Engine

    return Engine.open(settings)


class EngineLoader:
    """Holds the engine once it is open; requests wait for it up to `settings.ready_timeout`."""

    def __init__(self, settings: Settings, opener: EngineOpener = open_engine) -> None:
        self._settings = settings
        self._opener = opener
        self._engine: Engine | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self._lock = threading.Lock()
        self._started = False

    @classmethod
    def of(cls, engine: Engine, settings: Settings) -> EngineLoader:
        """A loader around an engine that is already open (tests, embedding)."""
        loader = cls(settings)
        loader._finish(engine, None)
        return loader

    def start(self) -> None:
        """Begin loading, once; a second call (a restarted lifespan) changes nothing."""
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._load, name="engine-loader", daemon=True).start()

    def _load(self) -> None:
        try:
            engine = self._opener(self._settings)
            engine.warm()
        except BaseException as err:  # reported by /readyz and every request, never lost
            log.exception("the engine failed to load")
            self._finish(None, err)
        else:
            log.info("the engine is ready")
            self._finish(engine, None)

    def _finish(self, engine: Engine | None, error: BaseException | None) -> None:
        with self._lock:
            self._engine, self._error = engine, error
            self._done.set()
            waiters, self._waiters = self._waiters, []
        for loop, event in waiters:
            if not loop.is_closed():
                loop.call_soon_threadsafe(event.set)

    @property
    def ready(self) -> bool:
        return self._engine is not None and bool(self._engine.ready())

    @property
    def status(self) -> Literal["ready", "loading", "failed"]:
        if self._engine is not None:
            return "ready" if self.ready else "failed"
        return "failed" if self._error is not None else "loading"

    @property
    def error(self) -> str | None:
        if self._engine is not None and not self.ready:
            return "the engine is open but its index holds no passages; ingest articles"
        return None if self._error is None else f"{type(self._error).__name__}: {self._error}"

    async def engine(self) -> Engine:
        """The engine, waiting for it to load; `EngineUnavailable` on failure or timeout."""
        if not self._done.is_set():
            event = asyncio.Event()
            with self._lock:
                if not self._done.is_set():
                    self._waiters.append((asyncio.get_running_loop(), event))
                else:
                    event.set()
            try:
                await asyncio.wait_for(event.wait(), self._settings.ready_timeout)
            except TimeoutError:
                raise EngineUnavailable(
                    f"the engine is still loading after {self._settings.ready_timeout:g} s; "
                    "retry shortly (GET /readyz says when it is ready)"
                ) from None
        if self._engine is None:
            raise EngineUnavailable(f"the engine failed to load ({self.error}); see the server log")
        return self._engine
