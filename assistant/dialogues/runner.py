"""Running dialogues: each in a fresh session, in-process or against a live API.

Files without setup share one engine; a file with setup gets a throw-away data
directory and its own engine, so its extra articles never leak into other runs.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from assistant.dialogues.errors import Refused, RunAborted
from assistant.dialogues.format import Dialogue, DialogueFile, Turn
from assistant.dialogues.match import check_turn
from assistant.reply import Reply

if TYPE_CHECKING:
    from assistant.client import Client
    from assistant.engine import Engine
    from assistant.settings import Settings

Status = Literal["passed", "failed", "skipped"]


class Chat(Protocol):
    """Anything that answers a message in a session: the engine, or the HTTP client."""

    def chat(self, message: str, session_id: str | None = None) -> Reply: ...


class EngineChat:
    """The in-process engine, with user errors turned into `Refused`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def chat(self, message: str, session_id: str | None = None) -> Reply:
        from assistant.errors import AssistantError

        try:
            return self.engine.reply(message, session_id=session_id)
        except AssistantError as exc:
            raise Refused(str(exc)) from exc


class ApiChat:
    """A live server through the HTTP client; 4xx answers are `Refused`, no answer aborts."""

    def __init__(self, client: Client) -> None:
        self.client = client

    @classmethod
    def connect(cls, base_url: str, api_key: str | None = None) -> ApiChat:
        from assistant.client import Client

        return cls(Client(base_url, api_key=api_key))

    def chat(self, message: str, session_id: str | None = None) -> Reply:
        from assistant.client import ApiError, ApiUnavailable

        try:
            return self.client.chat(message, session_id=session_id)
        except ApiUnavailable as exc:
            raise RunAborted(str(exc)) from exc
        except ApiError as exc:
            if exc.status >= 500:
                raise
            raise Refused(str(exc)) from exc

    def close(self) -> None:
        self.client.close()


@dataclass
class TurnResult:
    number: int
    turn: Turn
    reply: Reply | None
    error: str | None
    problems: list[str]
    seconds: float

    @property
    def passed(self) -> bool:
        return not self.problems

    def reply_json(self) -> dict[str, Any] | None:
        return self.reply.model_dump(mode="json") if self.reply is not None else None


@dataclass
class DialogueResult:
    dialogue: Dialogue
    status: Status
    turns: list[TurnResult] = field(default_factory=list)
    reason: str | None = None
    seconds: float = 0.0

    @property
    def failed_turns(self) -> list[TurnResult]:
        return [t for t in self.turns if not t.passed]


@dataclass
class RunReport:
    results: list[DialogueResult]
    seconds: float

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> bool:
        return self.count("failed") == 0


def run_dialogue(dialogue: Dialogue, chat: Chat) -> DialogueResult:
    """Play every turn in one new session; a failing turn does not stop the later ones."""
    started = time.perf_counter()
    session_id: str | None = None
    turns: list[TurnResult] = []
    for number, turn in enumerate(dialogue.case.turns, 1):
        reply, error, turn_started = None, None, time.perf_counter()
        try:
            reply = chat.chat(turn.message, session_id=session_id)
            session_id = reply.session_id
        except Refused as exc:
            error = str(exc) or type(exc.__cause__).__name__
        except RunAborted:
            raise
        except Exception as exc:  # a crash is a failure of this dialogue, not of the run
            crash = "".join(traceback.format_exception_only(exc)).strip()
            turns.append(TurnResult(number, turn, None, None, [f"crashed: {crash}"], 0.0))
            continue
        elapsed = time.perf_counter() - turn_started
        reply_data = reply.model_dump(mode="json") if reply is not None else None
        problems = check_turn(turn, reply_data, error)
        turns.append(TurnResult(number, turn, reply, error, problems, elapsed))
    status: Status = "passed" if all(t.passed for t in turns) else "failed"
    return DialogueResult(dialogue, status, turns, seconds=time.perf_counter() - started)


def select(dialogues: Iterable[Dialogue], tags: Iterable[str]) -> list[Dialogue]:
    """Dialogues carrying any of `tags` (their own or their file's); all when no tag is given."""
    wanted = set(tags)
    return [d for d in dialogues if not wanted or d.tags & wanted]


class EnginePool:
    """Engines for a run: one shared, plus a fresh one in a scratch data dir per setup file."""

    def __init__(
        self,
        scratch: Callable[[str], Path],
        settings: Settings | None = None,
        shared: Engine | None = None,
    ) -> None:
        self._scratch = scratch
        self._settings = settings
        self._shared = shared
        self._per_file: dict[Path, Engine] = {}

    def shared_engine(self) -> Engine:
        """The engine for every file without setup, opened on first use."""
        if self._shared is None:
            from assistant.engine import Engine

            self._shared = Engine.open(self._settings)
        return self._shared

    def engine_for(self, file: DialogueFile) -> Engine:
        if not file.has_setup:
            return self.shared_engine()
        if file.path not in self._per_file:
            from assistant.engine import Engine

            self._per_file[file.path] = self._open_with_setup(file, Engine)
        return self._per_file[file.path]

    def _open_with_setup(self, file: DialogueFile, engine_class: type[Engine]) -> Engine:
        from assistant.settings import Settings

        data_dir = self._scratch(file.path.name.split(".")[0])
        base = self._settings or Settings.from_env()
        # A throw-away store is always local: never write a test article into a shared server.
        settings = base.model_copy(update={"data_dir": data_dir, "chroma_host": None})
        engine = engine_class.open(settings)
        report = engine.ingest(file.ingest_paths)
        if report.failed:
            problems = "; ".join(f"{name}: {why}" for name, why in report.failed)
            raise RunAborted(f"{file.path}: setup could not ingest {problems}")
        return engine

    def chat_for(self, file: DialogueFile) -> Chat:
        return EngineChat(self.engine_for(file))

    def close(self) -> None:
        engines = [self._shared, *self._per_file.values()]
        for engine in engines:
            close = getattr(engine, "close", None)
            if callable(close):
                close()
        self._per_file.clear()


def run(
    dialogues: list[Dialogue],
    chat_for: Callable[[DialogueFile], Chat | None],
    skip_reason: str = "",
    on_result: Callable[[DialogueResult], None] | None = None,
) -> RunReport:
    """Run dialogues in order; `chat_for` returns None for a file that cannot run here."""
    started = time.perf_counter()
    results: list[DialogueResult] = []
    for dialogue in dialogues:
        chat = chat_for(dialogue.file)
        if chat is None:
            result = DialogueResult(dialogue, "skipped", reason=skip_reason)
        else:
            result = run_dialogue(dialogue, chat)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return RunReport(results, time.perf_counter() - started)
