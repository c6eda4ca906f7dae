"""pytest plugin: every `*.dialogue.yaml` file is collected, one test per dialogue.

Registered through the `pytest11` entry point, so it is loaded by every pytest run
in this environment: it imports nothing heavy until a dialogue file is found.
Items are `pytest.Function`s so they can use the session-scoped engine fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from assistant.dialogues.format import Dialogue
    from assistant.dialogues.runner import DialogueResult, EnginePool

SUFFIX = ".dialogue.yaml"


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(SUFFIX):
        collector: DialogueYamlFile = DialogueYamlFile.from_parent(parent, path=file_path)
        return collector
    return None


@pytest.fixture(scope="session")
def dialogue_engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EnginePool]:
    """Engines shared by the whole session: one for plain files, one per file with setup.

    The shared store lives in ASSISTANT_DATA_DIR when CI sets it (so the corpus is
    ingested once per machine), else in a fresh temporary directory.
    """
    from assistant.dialogues.runner import EnginePool
    from assistant.settings import Settings

    settings = Settings.from_env()
    if "data_dir" not in settings.model_fields_set:
        settings = settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("data")})
    pool = EnginePool(scratch=lambda name: tmp_path_factory.mktemp(name), settings=settings)
    yield pool
    pool.close()


class DialogueFailed(AssertionError):
    """A dialogue whose replies did not meet its expectations; carries the whole result."""

    def __init__(self, result: DialogueResult) -> None:
        from assistant.dialogues.report import describe_failure

        super().__init__(describe_failure(result))
        self.result = result


class DialogueYamlFile(pytest.File):
    """One dialogue file; a malformed file is one collection error naming its line."""

    def collect(self) -> Iterator[pytest.Item]:
        from assistant.dialogues.format import load_file

        loaded = load_file(self.path)
        for dialogue in loaded.dialogues:
            item: DialogueItem = DialogueItem.from_parent(
                self, name=dialogue.id, callobj=_play_dialogue
            )
            item.dialogue = dialogue
            item.extra_keyword_matches.update(dialogue.tags)
            yield item

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]
        from assistant.dialogues.errors import DialogueFileError

        if isinstance(excinfo.value, DialogueFileError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class DialogueItem(pytest.Function):
    """One dialogue, played in a fresh session against the shared engine."""

    dialogue: Dialogue

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.dialogue.line
        return self.path, (line - 1 if line else None), f"dialogue {self.dialogue.id}"

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]
        if isinstance(excinfo.value, DialogueFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


def _play_dialogue(request: pytest.FixtureRequest, dialogue_engines: EnginePool) -> None:
    """The test body shared by every dialogue item: run it, fail with the full story."""
    from assistant.dialogues.errors import RunAborted
    from assistant.dialogues.runner import run_dialogue

    item = request.node
    assert isinstance(item, DialogueItem)
    try:
        chat = dialogue_engines.chat_for(item.dialogue.file)
    except RunAborted as exc:
        pytest.fail(str(exc), pytrace=False)
    result = run_dialogue(item.dialogue, chat)
    if result.status == "failed":
        raise DialogueFailed(result)
