"""The dialogue file format: eval-compatible, strict, and precise about what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.dialogues.errors import DialogueFileError, Problem
from assistant.dialogues.format import load_file, load_files

EVAL_QUESTIONS = Path(__file__).resolve().parents[4] / "shared" / "eval" / "questions.yaml"
SUITE = Path(__file__).resolve().parents[2] / "dialogues"
BROKEN = Path(__file__).resolve().parents[2] / "data" / "broken_dialogue.yaml"


def write(tmp_path: Path, text: str, name: str = "t.dialogue.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> DialogueFileError:
    with pytest.raises(DialogueFileError) as caught:
        load_file(path)
    return caught.value


@pytest.mark.skipif(
    not EVAL_QUESTIONS.exists(), reason="the shared eval folder is not beside the repo"
)
def test_the_shared_eval_questions_load_as_they_are() -> None:
    loaded = load_file(EVAL_QUESTIONS)
    first = loaded.dialogues[0]
    assert first.id == "dev-date-01"
    assert first.line == 15
    assert first.case.turns[0].source == ["000_a250743516c9c4b6"]
    assert len(loaded.dialogues) >= 20


def test_a_mapping_file_has_setup_paths_relative_to_itself_and_file_tags(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.txt").write_text("Titre\n", encoding="utf-8")
    path = write(
        tmp_path,
        "setup: {ingest: [data/a.txt]}\ntags: [custom]\n"
        "cases:\n  - id: one\n    tags: [x]\n    turns: [{ask: Bonjour}]\n",
    )
    loaded = load_file(path)
    assert loaded.ingest_paths == [(tmp_path / "data" / "a.txt").resolve()]
    assert loaded.dialogues[0].tags == {"custom", "x"}


def test_expect_accepts_a_phrase_or_a_list_of_required_phrases(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "- id: a\n  turns:\n"
        "    - {ask: q, expect: seul}\n"
        "    - {ask: q, expect: [un, [deux, two]], source: X, not_expect: faux}\n",
    )
    first, second = load_file(path).dialogues[0].case.turns
    assert first.expect == [["seul"]]
    assert second.expect == [["un"], ["deux", "two"]]
    assert second.source == ["X"] and second.not_expect == ["faux"]


def test_repeat_builds_a_long_message(tmp_path: Path) -> None:
    path = write(tmp_path, "- id: a\n  turns:\n    - {ask: ab, repeat: 3, error: true}\n")
    assert load_file(path).dialogues[0].case.turns[0].message == "ababab"


def test_an_unknown_key_is_an_error_with_its_line_and_the_allowed_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "# comment\n- id: x\n  turns:\n    - ask: hi\n      expct: [[a]]\n")
    error = error_of(path)
    assert error.line == 5
    assert str(error).startswith(f"{path}:5: case 'x', turn 1: unknown key 'expct'")
    assert "expect" in str(error) and "not_expect" in str(error)


def test_an_unknown_top_level_key_is_an_error(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "cases:\n  - {id: a, turns: [{ask: q}]}\nsetpu: {}\n"))
    assert error.line == 3 and "unknown key 'setpu'" in error.message


def test_a_value_of_the_wrong_type_names_the_case_turn_and_key(tmp_path: Path) -> None:
    text = (
        "- id: a\n  turns:\n    - ask: q\n- id: b\n  turns:\n    - ask: q\n      answered: maybe\n"
    )
    error = error_of(write(tmp_path, text))
    assert error.line == 7
    assert "case 'b', turn 1: 'answered'" in error.message


def test_a_missing_key_points_at_the_mapping_that_lacks_it(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "- id: a\n  turns:\n    - expect: [[x]]\n"))
    assert error.line == 3 and "missing required key 'ask'" in error.message


def test_yaml_syntax_errors_give_the_line(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "- id: a\n  turns:\n    - ask: [unclosed\n    - ask: b\n"))
    assert error.line is not None and "not valid YAML" in error.message


def test_a_case_id_used_twice_is_an_error(tmp_path: Path) -> None:
    text = "- {id: a, turns: [{ask: q}]}\n- {id: a, turns: [{ask: r}]}\n"
    error = error_of(write(tmp_path, text))
    assert error.line == 2 and "'a' is used twice" in error.message


def test_a_key_written_twice_in_one_mapping_is_an_error(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "- id: a\n  id: b\n  turns: [{ask: q}]\n"))
    assert error.line == 2 and "appears twice" in error.message


def test_a_missing_setup_file_is_reported(tmp_path: Path) -> None:
    error = error_of(
        write(tmp_path, "setup: {ingest: [nope.txt]}\ncases: [{id: a, turns: [{ask: q}]}]\n")
    )
    assert error.line == 1 and "setup file not found" in error.message


def test_a_turn_expecting_an_error_cannot_also_check_a_reply(tmp_path: Path) -> None:
    error = error_of(
        write(tmp_path, "- id: a\n  turns:\n    - {ask: q, error: true, intent: help}\n")
    )
    assert "expects an error" in error.message


def test_an_unreadable_check_path_is_rejected(tmp_path: Path) -> None:
    text = '- id: a\n  turns:\n    - ask: q\n      check: {"results[x": 1}\n'
    error = error_of(write(tmp_path, text))
    assert error.line == 4 and "cannot read path" in error.message


def test_an_empty_file_is_an_error(tmp_path: Path) -> None:
    assert "empty" in error_of(write(tmp_path, "# nothing\n")).message


def test_every_problem_of_a_file_is_listed_in_line_order_each_with_its_line() -> None:
    error = error_of(BROKEN)
    setup = BROKEN.parent
    assert [(p.line, p.message) for p in error.problems] == [
        (4, f"setup file not found: {setup / 'missing_one.txt'}"),
        (4, f"setup file not found: {setup / 'missing_two.txt'}"),
        (
            8,
            "case 'dates', turn 1: unknown key 'asq'; did you mean 'ask'? (allowed: ask, "
            "repeat, expect, not_expect, source, answered, intent, tool, lang, check, items, "
            "error)",
        ),
        (
            11,
            "case 'dates', turn 2: 'answered': input should be a valid boolean, unable to "
            "interpret input",
        ),
        (
            12,
            "case 'dates', turn 2: 'error': input should be a valid boolean, or input should "
            "be a valid string",
        ),
        (13, "case id 'dates' is used twice (first as case 1)"),
        (16, "case 'dates', turn 1: 'lang': lang must be 'fr' or 'en'"),
        (
            20,
            "case 'figures', turn 1: unknown key 'zzzz' (allowed: ask, repeat, expect, "
            "not_expect, source, answered, intent, tool, lang, check, items, error)",
        ),
        (21, "key 'id' appears twice in the same mapping (first on line 17)"),
    ]
    assert str(error).splitlines() == [str(p) for p in error.problems]
    assert all(p.path == BROKEN for p in error.problems)
    assert "more problem" not in str(error)


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("asq", "ask"), ("expct", "expect"), ("not_expected", "not_expect"), ("sources", "source")],
)
def test_an_unknown_key_suggests_the_allowed_key_it_is_closest_to(
    tmp_path: Path, typo: str, meant: str
) -> None:
    error = error_of(write(tmp_path, f"- id: a\n  turns:\n    - ask: q\n      {typo}: x\n"))
    assert f"unknown key {typo!r}; did you mean {meant!r}?" in error.message


def test_a_misspelt_required_key_is_one_problem_not_also_a_missing_one(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "- id: a\n  turns:\n    - asq: q\n"))
    assert [p.message for p in error.problems] == [
        "case 'a', turn 1: unknown key 'asq'; did you mean 'ask'? (allowed: ask, repeat, "
        "expect, not_expect, source, answered, intent, tool, lang, check, items, error)"
    ]


def test_a_key_like_no_allowed_one_gets_no_suggestion(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "- id: a\n  turns:\n    - {ask: q, zzzz: 1}\n"))
    assert "unknown key 'zzzz' (allowed:" in error.message and "did you mean" not in error.message


def test_a_missing_key_with_no_look_alike_is_still_reported(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "- id: a\n  turns:\n    - {expect: x, zzzz: 1}\n"))
    assert [p.line for p in error.problems] == [3, 3]
    assert any("missing required key 'ask'" in p.message for p in error.problems)


def test_loading_several_files_lists_the_problems_of_each(tmp_path: Path) -> None:
    first = write(tmp_path, "- id: a\n  turns: [{asq: q}]\n", "a.dialogue.yaml")
    write(tmp_path, "- {id: b, turns: [{ask: q}]}\n", "b.dialogue.yaml")
    third = write(tmp_path, "- id: c\n  turns: [{ask: q, intnet: help}]\n", "c.dialogue.yaml")
    with pytest.raises(DialogueFileError) as caught:
        load_files([tmp_path])
    assert [(p.path, p.line) for p in caught.value.problems] == [(first, 2), (third, 2)]


def test_a_file_error_needs_a_problem_and_reads_as_its_first() -> None:
    problems = [Problem(Path("x.yaml"), 3, "one"), Problem(Path("x.yaml"), None, "two")]
    error = DialogueFileError(problems)
    assert (error.line, error.message) == (3, "one")
    assert str(error) == "x.yaml:3: one\nx.yaml: two"
    with pytest.raises(ValueError):
        DialogueFileError([])


def test_folders_expand_to_their_dialogue_files_in_order(tmp_path: Path) -> None:
    write(tmp_path, "- {id: b, turns: [{ask: q}]}\n", "b.dialogue.yaml")
    write(tmp_path, "- {id: a, turns: [{ask: q}]}\n", "a.dialogue.yaml")
    write(tmp_path, "not: a dialogue\n", "other.yaml")
    assert [f.path.name for f in load_files([tmp_path])] == ["a.dialogue.yaml", "b.dialogue.yaml"]


def test_the_suite_has_at_least_80_valid_dialogues_over_every_theme() -> None:
    files = load_files([SUITE])
    dialogues = [d for f in files for d in f.dialogues]
    assert len(dialogues) >= 80
    themes = {tag for d in dialogues for tag in d.tags}
    expected = {"dates", "figures", "actors", "search", "follow-ups", "clarifications"}
    assert (
        expected | {"english", "typos", "unanswerable", "bad-input", "smalltalk", "setup"} <= themes
    )


def test_the_suite_exercises_every_tool_and_every_kind_of_expectation() -> None:
    turns = [t for f in load_files([SUITE]) for d in f.dialogues for t in d.case.turns]
    intents = {t.intent for t in turns}
    assert {"date_lookup", "figure_lookup", "actor_lookup", "search", "clarify"} <= intents
    assert {"smalltalk", "help"} <= intents
    assert any(t.error for t in turns) and any(t.answered is False for t in turns)
    assert any(t.lang == "en" for t in turns) and any(t.check for t in turns)
    assert any(t.not_expect for t in turns)
    assert any(len(t.message) == 2001 and t.error for t in turns)
