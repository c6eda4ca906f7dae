"""The app under test, in process over the shared engine, and clients to call it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from assistant.api.app import create_app
from assistant.engine import Engine
from assistant.settings import Settings
from tests.api.servers import LiveServer, shared_engine, shared_live_server


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return shared_engine(tmp_path_factory)


@pytest.fixture(scope="session")
def settings(engine: Engine) -> Settings:
    return Settings(data_dir=engine.settings.data_dir)


@pytest.fixture(scope="session")
def app(engine: Engine, settings: Settings) -> FastAPI:
    return create_app(settings, engine=engine)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        yield client


@pytest.fixture(scope="session")
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> LiveServer:
    return shared_live_server(request, tmp_path_factory)
