"""The deterministic tools, listed with their schemas and callable directly."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import EngineDep
from assistant.api.errors import ERROR_RESPONSES, NOT_FOUND
from assistant.api.schemas import ToolInfo
from tools.base import ToolResult

router = APIRouter(prefix="/v1/tools", tags=["tools"])


@router.get("", response_model=list[ToolInfo], responses=ERROR_RESPONSES)
async def list_tools(engine: EngineDep) -> list[ToolInfo]:
    """Every tool with its parameter schema, also in OpenAI's function-tool shape so an agent
    can pass the list straight to its model."""
    infos = []
    for tool in engine.registry:
        schema = tool.schema()
        infos.append(
            ToolInfo(
                name=tool.name,
                description=tool.description,
                parameters=schema["function"]["parameters"],
                openai=schema,
            )
        )
    return infos


@router.post("/{name}", response_model=ToolResult, responses=ERROR_RESPONSES | NOT_FOUND)
async def call_tool(
    name: Annotated[str, Path(description="A tool name from GET /v1/tools.")],
    engine: EngineDep,
    parameters: Annotated[
        dict[str, Any] | None, Body(description="The tool's parameters (see its schema).")
    ] = None,
) -> ToolResult:
    """Run one tool with the given parameters; `results` is empty when the articles do not say."""
    result: ToolResult = await run_in_threadpool(engine.call_tool, name, parameters or {})
    return result
