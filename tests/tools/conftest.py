"""Tool tests share the engine fixture of the engine tests."""

from tests.assistant.conftest import engine  # noqa: F401
