"""The dialogue runner's exceptions, in one place so callers can catch at the level they need."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class DialogueError(Exception):
    """Base of every error the dialogue tools report."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a dialogue file, where it is."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class DialogueFileError(DialogueError, ValueError):
    """Dialogue files that cannot be read, parsed or validated: every problem found, each
    with its file and line, one per line of the message."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("a DialogueFileError needs at least one problem")
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def path(self) -> Path:
        """The file of the first problem."""
        return self.problems[0].path

    @property
    def line(self) -> int | None:
        """The line of the first problem."""
        return self.problems[0].line

    @property
    def message(self) -> str:
        """The first problem, without its place."""
        return self.problems[0].message


class Refused(DialogueError):
    """The assistant rejected a message as a user error (bad input), which a turn may expect."""


class RunAborted(DialogueError):
    """The run cannot go on (server unreachable, setup failed); not a dialogue failure."""
