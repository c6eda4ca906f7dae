"""`assistant dialogues run|record|check`: scripted regression dialogues from the command line."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from assistant.dialogues.errors import DialogueFileError, RunAborted
from assistant.dialogues.format import DialogueFile, load_files
from assistant.dialogues.runner import (
    ApiChat,
    Chat,
    EngineChat,
    EnginePool,
    RunReport,
    run,
    select,
)

EXIT_FAILED = 1
EXIT_UNUSABLE = 2  # bad file, unreachable server: nothing was really tested


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `dialogues` and its commands on the main CLI's subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "dialogues",
        help="run, record and check scripted regression dialogues",
        description="Scripted regression dialogues (*.dialogue.yaml); see docs/dialogues.md.",
    )
    commands = parser.add_subparsers(dest="dialogues_command", metavar="COMMAND", required=True)

    run_parser = commands.add_parser("run", help="play dialogue files and check every reply")
    run_parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    _add_api_options(run_parser)
    run_parser.add_argument("--junit", type=Path, metavar="FILE", help="write JUnit XML here")
    run_parser.add_argument("--json", action="store_true", help="print the results as JSON")
    run_parser.add_argument(
        "--tag", action="append", default=[], metavar="T", help="only dialogues with this tag"
    )
    run_parser.add_argument(
        "--update",
        action="store_true",
        help="rewrite failing turns from the current answers (shows a diff)",
    )
    run_parser.set_defaults(func=run_command)

    record_parser = commands.add_parser("record", help="chat, then save the dialogue as a case")
    record_parser.add_argument("file", type=Path, metavar="FILE")
    record_parser.add_argument("--id", dest="case_id", help="the new case's id")
    _add_api_options(record_parser)
    record_parser.set_defaults(func=record_command)

    check_parser = commands.add_parser("check", help="validate dialogue files without running")
    check_parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check_parser.set_defaults(func=check_command)
    return parser


def _add_api_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--api-url", metavar="URL", help="talk to a running server, not in-process")
    parser.add_argument("--api-key", metavar="KEY", help="API key for --api-url")


def _error(problem: object) -> None:
    """One line on stderr; the text is never read as rich markup (it may hold brackets)."""
    Console(stderr=True).print(Text.assemble(("error: ", "bold red"), str(problem)), soft_wrap=True)


def _file_problems(exc: DialogueFileError, consequence: str) -> int:
    """Every problem of every file, one `error:` line each, then how many and what follows."""
    for problem in exc.problems:
        _error(problem)
    count, files = len(exc.problems), len({p.path for p in exc.problems})
    Console(stderr=True).print(
        f"{count} problem{'s' if count != 1 else ''} in {files} "
        f"file{'s' if files != 1 else ''}; {consequence}",
        markup=False,
        highlight=False,
    )
    return EXIT_UNUSABLE


def run_command(args: argparse.Namespace) -> int:
    """Run dialogues; exit 1 on any failure, 2 when the files or the server are unusable."""
    try:
        files = load_files(args.paths)
    except DialogueFileError as exc:
        return _file_problems(exc, "nothing was run. Fix them, then run again.")
    dialogues = select([d for f in files for d in f.dialogues], args.tag)
    if not dialogues:
        _error(f"no dialogues carry the tag(s) {', '.join(args.tag)}")
        return EXIT_UNUSABLE
    console = Console()
    with tempfile.TemporaryDirectory(prefix="dialogues-", ignore_cleanup_errors=True) as scratch:
        try:
            report = _run(dialogues, args, Path(scratch))
        except RunAborted as exc:
            _error(exc)
            return EXIT_UNUSABLE
    if args.json:
        from assistant.dialogues.report import dump_json

        print(dump_json(report))
    else:
        from assistant.dialogues.report import print_report

        print_report(report, console)
    if args.junit:
        from assistant.dialogues.report import write_junit

        write_junit(report, args.junit)
    if args.update:
        return _update(files, report, Console(stderr=True) if args.json else console)
    return 0 if report.ok else EXIT_FAILED


def _run(dialogues: list[Any], args: argparse.Namespace, scratch: Path) -> RunReport:
    if args.api_url:
        api = ApiChat.connect(args.api_url, api_key=_api_key(args))
        reason = "its setup ingests files, which needs the in-process engine"
        try:
            return run(dialogues, lambda f: None if f.has_setup else api, skip_reason=reason)
        finally:
            api.close()
    pool = EnginePool(scratch=lambda name: Path(tempfile.mkdtemp(prefix=name, dir=scratch)))
    try:
        return run(dialogues, pool.chat_for)
    finally:
        pool.close()


def _api_key(args: argparse.Namespace) -> str | None:
    if args.api_key:
        return str(args.api_key)
    from assistant.settings import get_settings

    return get_settings().api_key_text()


def _update(files: list[DialogueFile], report: RunReport, console: Console) -> int:
    from assistant.dialogues.update import rewrite_file, unified_diff

    failing = [r for r in report.results if r.status == "failed"]
    rewritten = left = 0
    for file in files:
        mine = [r for r in failing if r.dialogue.file is file]
        if not mine:
            continue
        new_text, count = rewrite_file(file, mine)
        left += sum(len(r.failed_turns) for r in mine) - count
        if count:
            console.print(
                unified_diff(file, new_text), markup=False, highlight=False, soft_wrap=True
            )
            file.path.write_text(new_text, "utf-8")
            rewritten += count
    console.print(f"updated {rewritten} turn(s); {left} failing turn(s) could not be rewritten")
    return 0 if left == 0 else EXIT_FAILED


def record_command(args: argparse.Namespace) -> int:
    """Chat at a prompt and append the conversation, with its answers, to FILE."""
    from assistant.dialogues.record import record

    with tempfile.TemporaryDirectory(prefix="dialogues-", ignore_cleanup_errors=True) as scratch:
        pool: EnginePool | None = None
        chat: Chat
        if args.api_url:
            chat = ApiChat.connect(args.api_url, api_key=_api_key(args))
        else:
            pool = EnginePool(scratch=lambda name: Path(tempfile.mkdtemp(dir=scratch)))
            chat = EngineChat(pool.shared_engine())
        try:
            record(args.file, chat, case_id=args.case_id)
        except (RunAborted, ValueError) as exc:
            _error(exc)
            return EXIT_UNUSABLE
        finally:
            if pool is not None:
                pool.close()
    return 0


def check_command(args: argparse.Namespace) -> int:
    """Validate files (schema, unknown keys, setup paths) without opening the engine."""
    try:
        files = load_files(args.paths)
    except DialogueFileError as exc:
        return _file_problems(exc, "fix them, then check again.")
    count = sum(len(f.dialogues) for f in files)
    print(f"{count} dialogues in {len(files)} file(s): ok")
    return 0
