"""`assistant ask`, `explain`, `tools` and `tool`: the engine from the shell."""

from __future__ import annotations

import argparse
import json
from typing import Any

from assistant.cli.common import console, fail, open_engine, print_json


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("ask", help="one turn of conversation")
    p.add_argument("message")
    p.add_argument("--session", default=None, help="continue this session")
    p.add_argument("--json", action="store_true", help="print the whole Reply as JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser(
        "explain",
        help="show the question as read, the candidate sentences and why each was taken or not",
    )
    p.add_argument("message")
    p.add_argument("--session", default=None)
    p.add_argument("--json", action="store_true", help="print the whole trace as JSON")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("tools", help="list the tools and their parameter schemas")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_tools)

    p = sub.add_parser("tool", help="call one tool: assistant tool NAME key=value …")
    p.add_argument("name")
    p.add_argument("params", nargs="*", help="key=value (values parsed as JSON when they can be)")
    p.set_defaults(func=cmd_tool)


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.errors import AssistantError

    engine = open_engine()
    try:
        reply = engine.reply(args.message, args.session)
    except AssistantError as err:
        return fail(str(err))
    if args.json:
        print_json(reply.model_dump(exclude={"trace"}))
    else:
        from rich.markdown import Markdown

        console.print(Markdown(reply.reply))
        console.print(f"[dim]session {reply.session_id}[/]")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from assistant.errors import AssistantError

    engine = open_engine()
    try:
        trace = engine.explain(args.message, args.session)
    except AssistantError as err:
        return fail(str(err))
    if args.json:
        print_json(trace)
    else:
        print_explanation(trace)
    return 0


def print_explanation(trace: dict[str, Any]) -> None:
    """The trace for a person: the question as read, then each candidate's verdict."""
    from rich.table import Table

    question = trace.get("question") or {}
    console.print(
        f"[bold]rule[/] {trace.get('rule')}  [bold]intent[/] {trace.get('intent')}  "
        f"[bold]tool[/] {trace.get('tool')}  ({trace.get('ms')} ms)"
    )
    if question:
        console.print(
            f"[bold]asks for[/] {question.get('expected')} ({question.get('cue')})"
            f"  [bold]focus[/] {question.get('focus') or '–'}"
            f"  [bold]dimension[/] {question.get('dimension') or '–'}"
        )
        console.print(f"[bold]constraints[/] {', '.join(question.get('constraints') or []) or '–'}")
        console.print(f"[bold]words[/] {', '.join(question.get('words') or []) or '–'}")
    for note in trace.get("notes") or []:
        console.print(f"[dim]{note}[/]")
    reading = trace.get("reading") or {}
    if reading.get("candidates"):
        table = Table("sentence", "coverage", "best span", "score", "verdict", "text")
        for c in reading["candidates"]:
            table.add_row(
                f"{c['article_id']}#{c['sentence']}",
                f"{c['coverage']:.2f}",
                str(c.get("best span") or ""),
                "" if c.get("score") is None else f"{c['score']:.2f}",
                str(c.get("verdict")),
                c["text"],
            )
        console.print(table)
    if reading:
        answers = ", ".join(f"{a['text']} ({a['score']})" for a in reading.get("answers") or [])
        console.print(f"[bold]answer[/] {answers or '–'}  [bold]why not[/] {reading.get('reason')}")


def cmd_tools(args: argparse.Namespace) -> int:
    from tools.registry import Registry

    schemas = [tool.schema() for tool in Registry.discover()]
    if args.json:
        print_json(schemas)
        return 0
    for s in schemas:
        fn = s["function"]
        console.print(f"[bold]{fn['name']}[/] — {fn['description']}")
        for name, spec in fn["parameters"].get("properties", {}).items():
            console.print(f"    {name}: {spec.get('description', spec.get('type', ''))}")
    return 0


def _value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def cmd_tool(args: argparse.Namespace) -> int:
    from assistant.errors import AssistantError

    params: dict[str, Any] = {}
    for pair in args.params:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            return fail(f"{pair!r} is not key=value")
        params[key] = _value(raw)
    engine = open_engine()
    try:
        result = engine.call_tool(args.name, params)
    except AssistantError as err:
        return fail(str(err))
    print_json(result.model_dump())
    return 0
