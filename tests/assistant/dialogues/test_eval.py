"""The shared development questions, run as they are through the dialogue runner.

They live beside the repository (`../shared/eval/questions.yaml`), are read-only
and are scored the same way by `eval/score.py` against a live server.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.dialogues.format import Dialogue, load_file
from assistant.dialogues.report import describe_failure
from assistant.dialogues.runner import EnginePool, run_dialogue

EVAL_QUESTIONS = Path(__file__).resolve().parents[4] / "shared" / "eval" / "questions.yaml"
DIALOGUES = load_file(EVAL_QUESTIONS).dialogues if EVAL_QUESTIONS.exists() else []


def test_the_eval_file_is_found_beside_the_repository() -> None:
    if not EVAL_QUESTIONS.exists():
        pytest.skip(f"{EVAL_QUESTIONS} is not there (the repository was cloned on its own)")
    assert len(DIALOGUES) >= 20


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=[d.id for d in DIALOGUES])
def test_eval_question(dialogue: Dialogue, dialogue_engines: EnginePool) -> None:
    result = run_dialogue(dialogue, dialogue_engines.chat_for(dialogue.file))
    if result.status != "passed":
        pytest.fail(describe_failure(result), pytrace=False)
