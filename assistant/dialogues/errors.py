"""The dialogue runner's exceptions, in one place so callers can catch at the level they need."""

from __future__ import annotations

from pathlib import Path


class DialogueError(Exception):
    """Base of every error the dialogue tools report."""


class DialogueFileError(DialogueError, ValueError):
    """A dialogue file that cannot be read, parsed or validated; names the file and line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


class Refused(DialogueError):
    """The assistant rejected a message as a user error (bad input), which a turn may expect."""


class RunAborted(DialogueError):
    """The run cannot go on (server unreachable, setup failed); not a dialogue failure."""
