"""The dialogue file format: a superset of the shared eval questions, checked strictly.

A file is either a list of cases (the eval format) or a mapping with `setup`, `tags`
and `cases`. Every key is validated, so a typo is reported with its file and line
instead of silently testing nothing; every problem of a file is reported at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from rapidfuzz import fuzz, process

from assistant.dialogues.errors import DialogueFileError, Problem
from assistant.dialogues.marks import Located, PathKey, load_marked
from assistant.dialogues.paths import parse_path

# How alike (0-100, rapidfuzz's ratio) an unknown key and an allowed one must be for the
# error to suggest it: `asq`/`ask` score 67, `expct`/`expect` 91; unrelated words score
# below 50, and a wrong suggestion is worse than none.
_SUGGEST_FROM = 60


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_list(value: Any) -> Any:
    """Let a single value stand for a one-item list (`source: X` or `source: [X, Y]`)."""
    return [value] if isinstance(value, str) else value


class Turn(_Strict):
    """One message and what its reply must (and must not) contain."""

    ask: str
    repeat: int = Field(default=1, ge=1, le=100_000)
    expect: list[list[str]] = Field(default_factory=list)
    not_expect: list[str] = Field(default_factory=list)
    source: list[str] = Field(default_factory=list)
    answered: bool | None = None
    intent: str | None = None
    tool: str | None = None
    lang: str | None = None
    check: dict[str, Any] = Field(default_factory=dict)
    items: list[str] | None = Field(
        default=None,
        description="A list answer's items, exactly: each a result's `value`, or "
        "`value @ article_id` where one value comes from several articles; the reply must "
        "list all of them and nothing else (the benchmark scores precision and recall)",
    )
    error: bool | str | None = None

    @property
    def message(self) -> str:
        """The text actually sent: `ask` repeated `repeat` times (to build over-long input)."""
        return self.ask * self.repeat

    @field_validator("expect", mode="before")
    @classmethod
    def _groups(cls, value: Any) -> Any:
        # A bare string is one group of one; a string inside the list is a group of one.
        if isinstance(value, str):
            return [[value]]
        if isinstance(value, list):
            return [[item] if isinstance(item, str) else item for item in value]
        return value

    @field_validator("items", mode="before")
    @classmethod
    def _items_as_text(cls, value: Any) -> Any:
        # YAML reads `2012` as a number and `2001-03-01` as a date: an item is its text.
        if isinstance(value, list):
            return [v.isoformat() if hasattr(v, "isoformat") else str(v) for v in value]
        return value

    @field_validator("not_expect", "source", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _as_list(value)

    @field_validator("lang")
    @classmethod
    def _known_lang(cls, value: str | None) -> str | None:
        if value is not None and value not in ("fr", "en"):
            raise ValueError("lang must be 'fr' or 'en'")
        return value

    @field_validator("check")
    @classmethod
    def _readable_paths(cls, value: dict[str, Any]) -> dict[str, Any]:
        for path in value:
            parse_path(path)
        return value

    @model_validator(mode="after")
    def _error_excludes_reply_checks(self) -> Turn:
        if self.error not in (None, False):
            reply_keys = {
                "expect",
                "not_expect",
                "source",
                "answered",
                "intent",
                "tool",
                "lang",
                "items",
            }
            clash = sorted(k for k in reply_keys | {"check"} if k in self.model_fields_set)
            if clash:
                raise ValueError(f"a turn that expects an error has no reply to check: {clash}")
        return self


class Case(_Strict):
    """One dialogue: its turns share one fresh session."""

    id: str = Field(min_length=1)
    turns: list[Turn] = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)
    description: str | None = None

    @field_validator("tags", mode="before")
    @classmethod
    def _tags(cls, value: Any) -> Any:
        return _as_list(value)


class Setup(_Strict):
    """What a file needs before its dialogues run: extra article files, relative to the file."""

    ingest: list[str] = Field(default_factory=list)

    @field_validator("ingest", mode="before")
    @classmethod
    def _paths(cls, value: Any) -> Any:
        return _as_list(value)


class FileBody(_Strict):
    """The mapping form of a file; a bare list of cases is read as `{cases: [...]}`."""

    description: str | None = None
    setup: Setup | None = None
    tags: list[str] = Field(default_factory=list)
    cases: list[Case] = Field(min_length=1)

    @field_validator("tags", mode="before")
    @classmethod
    def _tags(cls, value: Any) -> Any:
        return _as_list(value)


@dataclass(frozen=True)
class Dialogue:
    """A case with where it came from, ready to run and to report."""

    case: Case
    file: DialogueFile
    index: int
    line: int | None

    @property
    def id(self) -> str:
        return self.case.id

    @property
    def tags(self) -> frozenset[str]:
        return frozenset(self.case.tags) | frozenset(self.file.body.tags)

    @property
    def label(self) -> str:
        return f"{self.file.path.name}::{self.case.id}"


@dataclass(frozen=True)
class DialogueFile:
    """A loaded file: its validated body, its text, and the YAML positions used to edit it."""

    path: Path
    body: FileBody
    text: str
    located: Located
    dialogues: list[Dialogue] = field(default_factory=list, compare=False)

    @property
    def ingest_paths(self) -> list[Path]:
        """Setup files, resolved against the dialogue file's folder."""
        if self.body.setup is None:
            return []
        return [(self.path.parent / p).resolve() for p in self.body.setup.ingest]

    @property
    def has_setup(self) -> bool:
        return bool(self.ingest_paths)

    def case_prefix(self) -> PathKey:
        """Where the case list sits in the YAML tree: the root, or under `cases`."""
        return () if isinstance(self.located.value, list) else ("cases",)


def load_file(path: Path) -> DialogueFile:
    """Read and validate one dialogue file, or raise DialogueFileError listing every
    problem found in it, each with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DialogueFileError([Problem(path, None, f"cannot read the file: {exc}")]) from exc
    try:
        located = load_marked(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = Problem(path, line, f"not valid YAML: {_yaml_problem(exc)}")
        raise DialogueFileError([problem]) from exc

    problems = [Problem(path, line, why) for line, why in located.refused]
    data = located.value
    if data is None and not problems:
        problems.append(Problem(path, None, "the file is empty; it needs a list of cases"))
    prefix: PathKey = ("cases",)
    if isinstance(data, list):
        data, prefix = {"cases": data}, ()
    elif not isinstance(data, dict):
        if data is not None:
            message = "a dialogue file is a list of cases or a mapping with `cases`"
            problems.append(Problem(path, 1, message))
        raise DialogueFileError(problems)
    body: FileBody | None = None
    try:
        body = FileBody.model_validate(data)
    except ValidationError as exc:
        problems += _explain(path, exc, located, prefix, data)
    problems += _duplicate_ids(path, data, located, prefix)
    problems += _missing_setup_files(path, data, located)
    if problems or body is None:
        raise DialogueFileError(sorted(problems, key=lambda p: p.line or 0))
    loaded = DialogueFile(path=path, body=body, text=text, located=located)
    for index, case in enumerate(body.cases):
        line = located.line(_strip(prefix, ("cases", index)))
        loaded.dialogues.append(Dialogue(case=case, file=loaded, index=index, line=line))
    return loaded


def load_files(paths: list[Path]) -> list[DialogueFile]:
    """Load files and folders (every `*.dialogue.yaml` under a folder), in a stable order;
    DialogueFileError lists the problems of every file that has one."""
    loaded: list[DialogueFile] = []
    problems: list[Problem] = []
    for path in expand_paths(paths):
        try:
            loaded.append(load_file(path))
        except DialogueFileError as exc:
            problems += exc.problems
    if problems:
        raise DialogueFileError(problems)
    return loaded


def expand_paths(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(path.rglob("*.dialogue.yaml"))
        else:
            yield path


def _strip(prefix: PathKey, loc: PathKey) -> PathKey:
    """Map a location in the normalised data back to the YAML tree (a bare list has no `cases`)."""
    if prefix == () and loc[:1] == ("cases",):
        return loc[1:]
    return loc


def _duplicate_ids(
    path: Path, data: dict[str, Any], located: Located, prefix: PathKey
) -> list[Problem]:
    """Every case id used a second time, read from the raw data so that it is found even
    when another part of the file does not validate."""
    cases = data.get("cases")
    if not isinstance(cases, list):
        return []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, case in enumerate(cases):
        case_id = case.get("id") if isinstance(case, dict) else None
        if not isinstance(case_id, str):
            continue
        if case_id in seen:
            line = located.line(_strip(prefix, ("cases", index, "id")))
            message = f"case id {case_id!r} is used twice (first as case {seen[case_id] + 1})"
            problems.append(Problem(path, line, message))
        else:
            seen[case_id] = index
    return problems


def _missing_setup_files(path: Path, data: dict[str, Any], located: Located) -> list[Problem]:
    """Every setup file that is not there, each on the line that names it."""
    setup = data.get("setup")
    names = _as_list(setup.get("ingest")) if isinstance(setup, dict) else None
    if not isinstance(names, list):
        return []
    problems: list[Problem] = []
    for index, name in enumerate(names):
        if isinstance(name, str) and not (path.parent / name).resolve().exists():
            line = located.line(("setup", "ingest", index))
            problems.append(
                Problem(path, line, f"setup file not found: {(path.parent / name).resolve()}")
            )
    return problems


def _explain(
    path: Path, exc: ValidationError, located: Located, prefix: PathKey, data: Any
) -> list[Problem]:
    """One sentence per problem pydantic found, with the line of the offending key. The
    errors of one value (one per member of a union type) make one problem; an unknown key
    that looks like a missing one says so, and the missing one is not reported again."""
    grouped: dict[PathKey, list[Any]] = {}
    for error in exc.errors():
        loc: PathKey = tuple(error["loc"])
        if error["type"] != "missing":
            loc = _existing(loc, data)
        grouped.setdefault(loc, []).append(error)
    problems: list[Problem] = []
    missing: dict[PathKey, Problem] = {}
    meant: set[PathKey] = set()  # where an unknown key's suggestion points
    for loc, errors in grouped.items():
        where = _describe(loc, data)
        key = loc[-1] if loc else None
        if errors[0]["type"] == "extra_forbidden":
            allowed = _allowed_keys(loc)
            close = _closest(str(key), allowed)
            hint = "" if close is None else f"; did you mean {close!r}?"
            if close is not None:
                meant.add((*loc[:-1], close))
            message = f"{where}unknown key {key!r}{hint} (allowed: {', '.join(allowed)})"
        elif errors[0]["type"] == "missing":
            message = f"{where}missing required key {key!r}"
            missing[loc] = Problem(path, located.line(_strip(prefix, loc[:-1])), message)
            continue
        else:
            subject = f"{key!r}: " if isinstance(key, str) else ""
            reasons = dict.fromkeys(_reason(e["msg"]) for e in errors)
            message = f"{where}{subject}{', or '.join(reasons)}"
        problems.append(Problem(path, located.line(_strip(prefix, loc)), message))
    return problems + [problem for loc, problem in missing.items() if loc not in meant]


def _reason(message: str) -> str:
    """Pydantic's message as the end of our sentence: 'Input should be…' → 'input should be…'."""
    message = message.removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


def _existing(loc: PathKey, data: Any) -> PathKey:
    """The part of an error's location that is in the file: pydantic adds the member of a
    union type (`error.bool`, `error.str`) and the items a validator made up."""
    node = data
    for depth, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return loc[:depth]
    return loc


def _closest(key: str, allowed: list[str]) -> str | None:
    """The allowed key a typo most likely meant (`asq` → `ask`), if one is close enough."""
    match = process.extractOne(key, allowed, scorer=fuzz.ratio, score_cutoff=_SUGGEST_FROM)
    return None if match is None else str(match[0])


def _describe(loc: PathKey, data: Any) -> str:
    """'case 'date-01', turn 2: ' — enough for a reader to find the spot without the line."""
    parts: list[str] = []
    if len(loc) >= 2 and loc[0] == "cases" and isinstance(loc[1], int):
        cases = data.get("cases") if isinstance(data, dict) else None
        case = cases[loc[1]] if isinstance(cases, list) and loc[1] < len(cases) else None
        case_id = case.get("id") if isinstance(case, dict) else None
        parts.append(f"case {case_id!r}" if case_id else f"case {loc[1] + 1}")
        if len(loc) >= 4 and loc[2] == "turns" and isinstance(loc[3], int):
            parts.append(f"turn {loc[3] + 1}")
    return ", ".join(parts) + ": " if parts else ""


def _allowed_keys(loc: PathKey) -> list[str]:
    model: type[BaseModel] = FileBody
    if "turns" in loc:
        model = Turn
    elif "cases" in loc:
        model = Case
    elif "setup" in loc:
        model = Setup
    return list(model.model_fields)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None:
        context = f"{context} (from line {context_mark.line + 1})"
    return " ".join(str(p) for p in (context, problem) if p) or str(exc)
