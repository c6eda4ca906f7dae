"""The assistant's exceptions; `assistant.api.errors.ERRORS` gives each its HTTP status."""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the assistant reports to a user."""


class InvalidMessage(AssistantError):
    """An empty, blank or over-long message."""


class UnknownSession(AssistantError):
    """A session id that names no conversation (never started, deleted or expired)."""

    def __init__(self, session_id: str) -> None:
        super().__init__(f"no session with id {session_id!r}")
        self.session_id = session_id


class SessionStoreUnavailable(AssistantError):
    """The session database cannot be reached or used (a PostgreSQL server down)."""


class UnknownTool(AssistantError):
    """A tool name that no installed tool has."""

    def __init__(self, name: str, known: list[str] | None = None) -> None:
        listed = f"; the tools are: {', '.join(known)}" if known else ""
        super().__init__(f"no tool named {name!r}{listed}")
        self.name = name


class InvalidToolParameters(AssistantError):
    """Parameters that do not match the tool's parameter model."""


class InvalidSettings(AssistantError):
    """An environment variable with a value the settings refuse; names it and the fix."""


class ApiError(AssistantError):
    """An error answer from the HTTP API, as `assistant.client` raises it."""

    def __init__(self, status: int, detail: str, code: str = "", request_id: str = "") -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code
        self.request_id = request_id


class ApiUnavailable(AssistantError):
    """The API server cannot be reached or did not answer in time."""
