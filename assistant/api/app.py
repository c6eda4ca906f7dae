"""Assembles the HTTP API: settings, engine loader, middleware, error handlers, routers.

`create_app` is the factory uvicorn calls (`assistant.api.app:create_app`, `factory=True`),
once per worker.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from assistant.api import errors
from assistant.api.deps import require_api_key
from assistant.api.loader import EngineLoader, EngineOpener, open_engine
from assistant.api.locks import SessionLocks
from assistant.api.metrics import Metrics
from assistant.api.middleware import BodyLimit, RequestContext
from assistant.api.routes import articles, chat, health, openai, rasa, search, sessions, tools
from assistant.settings import Settings, get_settings

if TYPE_CHECKING:
    from assistant.engine import Engine

DESCRIPTION = """\
Ask questions about the indexed news articles and get exact, cited answers: dates,
figures, people and their roles, or the passage that says it. Deterministic: the same
question gives the same answer, and when the articles do not say, the reply says so.

Also speaks OpenAI's chat completions (`/v1/chat/completions`) and Rasa's REST channel
(`/webhooks/rest/webhook`). When the server has an API key, every route but `/healthz`
and `/readyz` needs `Authorization: Bearer <key>`.
"""


def _version() -> str:
    try:
        return version("vna-assistant")
    except PackageNotFoundError:
        return "0"


def create_app(
    settings: Settings | None = None,
    engine: Engine | None = None,
    opener: EngineOpener = open_engine,
) -> FastAPI:
    """The app; pass an open `engine` to share one (tests), else it loads in the background."""
    settings = settings or get_settings()
    loader = EngineLoader.of(engine, settings) if engine else EngineLoader(settings, opener)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if loader.status == "loading":
            loader.start()
        yield

    app = FastAPI(
        title="News archive assistant",
        description=DESCRIPTION,
        version=_version(),
        lifespan=lifespan,
    )
    metrics = Metrics()
    app.state.settings = settings
    app.state.loader = loader
    app.state.metrics = metrics
    app.state.session_locks = SessionLocks()

    errors.install(app)

    # Added innermost first: RequestContext wraps everything, so even a 413 has a request id.
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["X-Request-Id", "X-Session-Id"],
        )
    app.add_middleware(RequestContext, metrics=metrics)

    app.include_router(health.router)
    guarded = [Depends(require_api_key)] if settings.api_key is not None else []
    for module in (chat, sessions, tools, articles, search, openai, rasa):
        app.include_router(module.router, dependencies=guarded)
    app.include_router(health.metrics_router, dependencies=guarded)
    return app
