"""Liveness, readiness and metrics: what an orchestrator and a scraper ask."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from assistant.api.deps import LoaderDep, MetricsDep
from assistant.api.errors import ERROR_RESPONSES
from assistant.api.metrics import CONTENT_TYPE
from assistant.api.schemas import Health

router = APIRouter(tags=["health"])
metrics_router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
async def healthz(loader: LoaderDep) -> Health:
    """The process is up; answers at once, even while the engine loads."""
    return Health(status="ok", ready=loader.ready)


@router.get(
    "/readyz",
    response_model=Health,
    responses={503: {"model": Health, "description": "The engine is loading or failed to."}},
)
async def readyz(loader: LoaderDep) -> Response:
    """200 once the engine is loaded and requests are answered without waiting."""
    health = Health(status=loader.status, ready=loader.ready, detail=loader.error)
    status = 200 if loader.ready else 503
    return JSONResponse(health.model_dump(exclude_none=True), status_code=status)


@metrics_router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={
        200: {
            "content": {"text/plain": {"schema": {"type": "string"}}},
            "description": "Prometheus text exposition format 0.0.4.",
        },
        401: ERROR_RESPONSES[401],
    },
)
async def metrics(metrics: MetricsDep) -> PlainTextResponse:
    """Requests by route and status, latency histogram, replies by intent, answered ratio."""
    return PlainTextResponse(metrics.render(), media_type=CONTENT_TYPE)
