"""Shared objects handed to routes: settings, the engine (once loaded), metrics, locks."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.errors import Unauthorized
from assistant.api.loader import EngineLoader
from assistant.api.locks import SessionLocks
from assistant.api.metrics import Metrics
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.engine import Engine
else:  # FastAPI reads annotations at run time; the engine module is imported lazily
    Engine = Any


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_loader(request: Request) -> EngineLoader:
    loader: EngineLoader = request.app.state.loader
    return loader


def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


def get_locks(request: Request) -> SessionLocks:
    locks: SessionLocks = request.app.state.session_locks
    return locks


async def get_engine(loader: Annotated[EngineLoader, Depends(get_loader)]) -> Engine:
    """Waits for the engine while it loads, so a request sent at startup is answered."""
    return await loader.engine()


_bearer = HTTPBearer(auto_error=False, description="Needed when the server has an API key.")


def require_api_key(
    settings: Annotated[Settings, Depends(get_settings)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Bearer-token check; only mounted when `settings.api_key` is set."""
    key = settings.api_key_text()
    if key is None:
        return
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), key.encode()):
        raise Unauthorized("send the API key as `Authorization: Bearer <key>`")


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
LocksDep = Annotated[SessionLocks, Depends(get_locks)]
LoaderDep = Annotated[EngineLoader, Depends(get_loader)]
