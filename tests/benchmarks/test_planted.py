"""The planted facts of a small generated corpus, answered by a fresh engine.

Generates 20 articles (seed 7) with benchmarks/gen_corpus.py, ingests them into a
fresh data directory and replays the corpus's planted.yaml through the engine with the
matching rules of shared/eval/score.py (``check_turn``).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from assistant.engine import Engine
from assistant.settings import Settings
from store.ingest import ingest
from store.store import Store

ROOT = Path(__file__).resolve().parents[2]
GEN = ROOT / "benchmarks" / "gen_corpus.py"
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
# Measured pass rate at N=20, seed 7: 26/30 = 0.867, rounded down to 0.05. Raise it when
# the router learns the failing phrasings; never lower it without saying why. Known failures:
# - plant-actor-10 "Quelle est la fonction d'X ?": routed to search, not actor_lookup
#   (the elided "d'" before the name);
# - plant-dialogue-01 "Qui est Lo Quang Kien ?" + follow-up: the wrong person is answered
#   (Phung Cong Quang), so the follow-up "Qui a-t-il reçu ?" fails too;
# - plant-figure-05 "Quel est le capital enregistré total des projets de X ?": routed to
#   search, not figure_lookup ("capital enregistré" is not a figure trigger).
MIN_PASS_RATE = 0.85


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SCORE.exists(), reason="shared/eval/score.py not available")
def test_planted_pass_rate(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(GEN), "--n", "20", "--seed", "7", "--out", str(corpus)],
        check=True,
        capture_output=True,
    )
    check_turn = _load("score", SCORE).check_turn
    data_dir = tmp_path / "data"
    report = ingest(Store.open(data_dir), [corpus])  # only the generated corpus
    assert report.ok, report.failed
    assert len(report.added) == 20
    engine = Engine.open(Settings(data_dir=data_dir))

    cases = yaml.safe_load((corpus / "planted.yaml").read_text(encoding="utf-8"))
    passed, failures = 0, []
    for case in cases:
        session_id = None
        for i, turn in enumerate(case["turns"], 1):
            reply = engine.reply(turn["ask"], session_id)
            session_id = reply.session_id
            problems = check_turn(turn, 200, reply.model_dump(mode="json"))
            if problems:
                shown = reply.reply[:120].replace("\n", " ")
                failures.append(
                    f"{case['id']}#{i} {turn['ask']!r}: {'; '.join(problems)} | {shown!r}"
                )
            else:
                passed += 1
    total = passed + len(failures)
    rate = passed / total
    assert rate >= MIN_PASS_RATE, (
        f"planted pass rate {rate:.1%} ({passed}/{total}) < {MIN_PASS_RATE:.0%}; failing:\n"
        + "\n".join(failures)
    )
