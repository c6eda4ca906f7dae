"""Showing a run: a rich table for people, JSON for machines, JUnit XML for CI.

Failure descriptions are shared with the pytest plugin, so a failure reads the
same wherever it is seen: the turn, what was expected, and what came back.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from assistant.dialogues.format import Turn
from assistant.dialogues.runner import DialogueResult, RunReport, TurnResult

_STYLE = {"passed": "green", "failed": "bold red", "skipped": "yellow"}
_REPLY_CHARS = 600


def expectation_lines(turn: Turn) -> list[str]:
    """What a turn asks of its reply, one readable line per kind of check."""
    if turn.error not in (None, False):
        return ["an error" + (f" mentioning {turn.error!r}" if isinstance(turn.error, str) else "")]
    lines = [f"all of: {' AND '.join(' | '.join(g) for g in turn.expect)}"] if turn.expect else []
    if turn.not_expect:
        lines.append(f"none of: {', '.join(turn.not_expect)}")
    for key in ("source", "answered", "intent", "tool", "lang"):
        value = getattr(turn, key)
        if value not in (None, []):
            lines.append(f"{key}: {', '.join(value) if isinstance(value, list) else value}")
    lines.extend(f"check {path} = {value!r}" for path, value in turn.check.items())
    return lines or ["a reply (no checks written)"]


def describe_turn(result: TurnResult, total: int) -> str:
    """A failing turn in full: ask, expectations, problems, the actual reply and its citations."""
    ask = result.turn.message
    shown_ask = ask if len(ask) <= 200 else f"{ask[:80]}… ({len(ask)} characters)"
    lines = [f"turn {result.number}/{total}: {shown_ask!r}", "  expected:"]
    lines += [f"    {line}" for line in expectation_lines(result.turn)]
    lines.append("  problems:")
    lines += [f"    - {problem}" for problem in result.problems]
    if result.reply is not None:
        reply = result.reply
        text = reply.reply if len(reply.reply) <= _REPLY_CHARS else reply.reply[:_REPLY_CHARS] + "…"
        lines.append(
            f"  actual reply (intent {reply.intent}, tool {reply.tool}, answered "
            f"{str(reply.answered).lower()}, lang {reply.lang}, {len(reply.results)} result(s)):"
        )
        lines += [f"    | {line}" for line in text.splitlines() or [""]]
        cited = [f"{c.article_id} ({c.kind})" for c in reply.citations]
        lines.append(f"  cited: {', '.join(cited) if cited else 'nothing'}")
    elif result.error is not None:
        lines.append(f"  actual: error {result.error!r}")
    return "\n".join(lines)


def describe_failure(result: DialogueResult) -> str:
    """Every failing turn of a dialogue, headed by where the dialogue is written."""
    dialogue = result.dialogue
    where = f"{dialogue.file.path}:{dialogue.line}" if dialogue.line else str(dialogue.file.path)
    total = len(dialogue.case.turns)
    parts = [f"{dialogue.id} ({where})"]
    parts += [describe_turn(turn, total) for turn in result.failed_turns]
    return "\n".join(parts)


def print_report(report: RunReport, console: Console) -> None:
    """The results table, then each failure in full, then one summary line."""
    table = Table(title="Dialogues", show_lines=False)
    for column in ("file", "dialogue", "turns", "result", "ms"):
        table.add_column(column, justify="right" if column in ("turns", "ms") else "left")
    for result in report.results:
        passed_turns = sum(1 for t in result.turns if t.passed)
        table.add_row(
            Text(result.dialogue.file.path.name),
            Text(result.dialogue.id),
            f"{passed_turns}/{len(result.dialogue.case.turns)}",
            f"[{_STYLE[result.status]}]{result.status}[/]",
            f"{result.seconds * 1000:.0f}",
        )
    console.print(table)
    skipped: dict[str, list[DialogueResult]] = {}
    for result in report.results:
        if result.status == "failed":
            console.rule(Text(result.dialogue.label, style="red"), style="red")
            console.print(describe_failure(result), markup=False, highlight=False, soft_wrap=True)
        elif result.status == "skipped":
            skipped.setdefault(str(result.dialogue.file.path), []).append(result)
    for path, results in skipped.items():
        line = f"skipped {len(results)} dialogue(s) of {path}: {results[0].reason}"
        console.print(line, style="yellow", markup=False, highlight=False, soft_wrap=True)
    console.print(summary_line(report))


def summary_line(report: RunReport) -> str:
    parts = [f"{report.count('passed')} passed", f"{report.count('failed')} failed"]
    if report.count("skipped"):
        parts.append(f"{report.count('skipped')} skipped")
    return f"{', '.join(parts)} in {report.seconds:.2f}s"


def report_json(report: RunReport) -> dict[str, Any]:
    """The machine form of a run: every turn with its problems and the full reply."""
    return {
        "summary": {
            "passed": report.count("passed"),
            "failed": report.count("failed"),
            "skipped": report.count("skipped"),
            "seconds": round(report.seconds, 3),
        },
        "dialogues": [
            {
                "file": str(r.dialogue.file.path),
                "line": r.dialogue.line,
                "id": r.dialogue.id,
                "tags": sorted(r.dialogue.tags),
                "status": r.status,
                "reason": r.reason,
                "seconds": round(r.seconds, 4),
                "turns": [
                    {
                        "turn": t.number,
                        "ask": t.turn.message,
                        "passed": t.passed,
                        "problems": t.problems,
                        "error": t.error,
                        "reply": t.reply_json(),
                        "seconds": round(t.seconds, 4),
                    }
                    for t in r.turns
                ],
            }
            for r in report.results
        ],
    }


def dump_json(report: RunReport) -> str:
    return json.dumps(report_json(report), ensure_ascii=False, indent=2)


def write_junit(report: RunReport, path: Path) -> None:
    """One testsuite per file, one testcase per dialogue, failures with the full description."""
    root = ET.Element("testsuites", name="dialogues", time=f"{report.seconds:.3f}")
    suites: dict[Path, ET.Element] = {}
    for result in report.results:
        file = result.dialogue.file.path
        if file not in suites:
            suites[file] = ET.SubElement(root, "testsuite", name=file.name, file=str(file))
        case = ET.SubElement(
            suites[file],
            "testcase",
            classname=file.name.removesuffix(".yaml").replace(".", "_"),
            name=result.dialogue.id,
            file=str(file),
            time=f"{result.seconds:.4f}",
        )
        if result.dialogue.line:
            case.set("line", str(result.dialogue.line))
        if result.status == "failed":
            first = result.failed_turns[0]
            failure = ET.SubElement(
                case, "failure", message=f"turn {first.number}: {'; '.join(first.problems)}"
            )
            failure.text = describe_failure(result)
        elif result.status == "skipped":
            ET.SubElement(case, "skipped", message=result.reason or "")
    for file, suite in suites.items():
        cases = [r for r in report.results if r.dialogue.file.path == file]
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(r.status == "failed" for r in cases)))
        suite.set("skipped", str(sum(r.status == "skipped" for r in cases)))
        suite.set("errors", "0")
        suite.set("time", f"{sum(r.seconds for r in cases):.3f}")
    root.set("tests", str(len(report.results)))
    root.set("failures", str(report.count("failed")))
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
