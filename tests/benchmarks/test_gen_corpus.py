"""Tests for benchmarks/gen_corpus.py, the synthetic VNA corpus generator."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "gen_corpus.py"
NAME_RE = re.compile(r"^(\d{5})_[0-9a-f]{16}\.txt$")
DATELINE_RE = re.compile(r"^[A-ZÀ-Ý][^\n]{0,60} \(VNA\) [–-] \S")
INTENTS = {"date_lookup", "figure_lookup", "actor_lookup"}


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_corpus", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_corpus"] = module
    spec.loader.exec_module(module)
    return module


gc = _load()


def _run_cli(out: Path, n: int, seed: int, hashseed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    cmd = [sys.executable, str(SCRIPT), "--n", str(n), "--seed", str(seed), "--out", str(out)]
    subprocess.run(cmd, check=True, env=env, capture_output=True)


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    gc.write(gc.generate(40, 11), out)
    return out


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    _run_cli(tmp_path / "a", 12, 3, "1")
    _run_cli(tmp_path / "b", 12, 3, "2")  # independent of hash randomisation
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_different_seed_gives_different_corpus() -> None:
    a, b = gc.generate(10, 3), gc.generate(10, 4)
    assert [x.article_id for x in a.articles] != [x.article_id for x in b.articles]
    assert all(x.text != y.text for x, y in zip(a.articles, b.articles, strict=True))
    assert a.cases != b.cases


def test_writes_n_files_with_the_corpus_name_pattern(corpus_dir: Path) -> None:
    names = sorted(p.name for p in corpus_dir.glob("*.txt"))
    assert len(names) == 40
    assert [int(m.group(1)) for m in map(NAME_RE.match, names) if m] == list(range(40))
    assert (corpus_dir / "planted.yaml").is_file()


def test_rewriting_a_smaller_corpus_removes_stale_articles(tmp_path: Path) -> None:
    gc.write(gc.generate(8, 1), tmp_path)
    gc.write(gc.generate(5, 1), tmp_path)
    assert len(list(tmp_path.glob("*.txt"))) == 5


def test_each_file_parses_structurally(corpus_dir: Path) -> None:
    for path in corpus_dir.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        assert lines[0].strip() and not lines[1], path.name  # title, blank line
        assert lines.count("Voir plus") == 1, path.name
        article = lines[: lines.index("Voir plus")]
        assert any(DATELINE_RE.match(line) for line in article), path.name
        assert re.search(r"(–|-) ?VNA\n", "\n".join(article)), path.name  # end mark
        assert "{" not in text and "}" not in text, path.name
        assert 350 <= len(text.split()) <= 1300, path.name


def test_teasers_repeat_across_articles() -> None:
    def teasers(text: str) -> set[str]:
        return set(text.split("\nVoir plus\n")[1].split("\n\n"))

    articles = gc.generate(30, 5).articles
    assert any(teasers(a.text) & teasers(b.text) for a in articles[:10] for b in articles[10:])


def test_distinct_people_grow_with_n() -> None:
    def people(n: int) -> int:
        return len(set().union(*(a.people for a in gc.generate(n, 9).articles)))

    small, large = people(50), people(200)
    assert large > 2 * small > 0


def test_articles_and_planted_cases_do_not_depend_on_n() -> None:
    small, large = gc.generate(5, 2), gc.generate(60, 2)
    assert [a.text for a in small.articles] == [a.text for a in large.articles[:5]]
    assert small.cases == large.cases
    assert len(small.cases) >= 25


def test_small_corpus_keeps_only_cases_with_existing_sources() -> None:
    corpus = gc.generate(2, 2)
    ids = {a.article_id for a in corpus.articles}
    assert corpus.cases
    assert {t["source"] for c in corpus.cases for t in c["turns"]} <= ids


def test_planted_yaml_has_the_regression_case_shape(corpus_dir: Path) -> None:
    cases = yaml.safe_load((corpus_dir / "planted.yaml").read_text(encoding="utf-8"))
    texts = {p.stem: p.read_text(encoding="utf-8").casefold() for p in corpus_dir.glob("*.txt")}
    assert isinstance(cases, list) and len(cases) >= 25
    assert len({c["id"] for c in cases}) == len(cases)
    seen = set()
    for case in cases:
        assert set(case) == {"id", "turns"} and case["turns"]
        for turn in case["turns"]:
            assert isinstance(turn["ask"], str) and turn["ask"].endswith("?")
            assert turn.get("intent", "date_lookup") in INTENTS
            seen.add(turn.get("intent"))
            assert turn["source"] in texts
            for group in turn["expect"]:
                assert group and all(isinstance(s, str) and s for s in group)
                assert group[0].casefold() in texts[turn["source"]], (case["id"], group[0])
    assert INTENTS <= seen


def test_planted_subjects_occur_only_in_their_source_article() -> None:
    corpus = gc.generate(80, 13)
    texts = {a.article_id: a.text for a in corpus.articles}
    for story in corpus.stories:
        assert story.subjects
        source = gc.article_id(13, story.article)
        for subject in story.subjects:
            assert [k for k, t in texts.items() if subject in t] == [source], subject


def test_reserved_vocabulary_is_not_used_by_generic_templates() -> None:
    reserved = gc.V["reserve"]
    generic = {k: v for k, v in gc.V.items() if k not in ("reserve", "plantes", "prenoms_reserve")}
    text = yaml.safe_dump(generic, allow_unicode=True, width=10_000)
    for item in [c["nom"] for c in reserved["pays"]] + reserved["lieux"] + reserved["denrees"]:
        assert item not in text, item
    names = {w for parts in gc.V["noms"].values() for part in parts for w in part}
    assert not names & {*reserved["noms_vn"], *reserved["noms_etr"], *gc.V["prenoms_reserve"]}
