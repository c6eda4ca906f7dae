"""`assistant ingest`, `articles`, `search` and `extract`: the store from the shell."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from assistant.cli.common import console, fail, open_store, print_json


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("ingest", help="index article files (no path: the built-in corpus)")
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="files or folders of articles: .txt, .html/.htm, .jsonl/.json/.csv exports, "
        ".xml/.rss/.atom feeds, or .gz/.zip of them",
    )
    p.add_argument("--prune", action="store_true", help="forget articles whose file is gone")
    p.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="FIELD=NAME",
        help="an export's own name for an article field (id, url, title, lead, text, date, "
        "author), e.g. --field text=article_body; repeat for several",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="worker processes running spaCy and the extractors over the articles "
        "(default: 2 from 150 new articles on, else 1, in this process)",
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("articles", help="list the indexed articles")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("search", help="hybrid search over the passages")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--article", default=None, help="only this article id")
    p.add_argument("--kind", action="append", help="only these kinds (body, caption, related…)")
    p.add_argument(
        "--from",
        dest="published_from",
        metavar="DATE",
        help="only articles published on or after DATE (2014, 2014-06 or 2014-06-16)",
    )
    p.add_argument(
        "--to",
        dest="published_to",
        metavar="DATE",
        help="only articles published on or before DATE (2014 takes the whole year)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("extract", help="print the facts extraction finds in a text")
    p.add_argument("file", nargs="?", default="-", help="a text file, or - for standard input")
    p.add_argument("--json", action="store_true", help="JSON output (the default)")
    p.add_argument("--lines", action="store_true", help="one JSON object per input line")
    p.set_defaults(func=cmd_extract)


def _ensure_corpus(store: Any) -> None:
    if store.is_empty():
        from store.ingest import ingest

        with console.status("Indexing the built-in corpus (first use)…"):
            ingest(store)


def _field_map(pairs: list[str]) -> dict[str, str]:
    """`--field text=article_body` options as {article field: export name}; raises
    ValueError naming a malformed or unknown one."""
    from store.errors import StoreError
    from store.formats import FieldMap

    fields: dict[str, str] = {}
    for pair in pairs:
        field, sep, name = pair.partition("=")
        if not sep or not field.strip() or not name.strip():
            raise ValueError(f"--field {pair!r}: write it as FIELD=NAME, e.g. text=article_body")
        fields[field.strip()] = name.strip()
    try:
        FieldMap.of(fields)
    except StoreError as err:
        raise ValueError(str(err)) from None
    return fields


def cmd_ingest(args: argparse.Namespace) -> int:
    from rich.progress import Progress

    from store.ingest import ingest

    try:
        fields = _field_map(args.field)
    except ValueError as err:
        return fail(str(err))
    if args.workers is not None and args.workers < 1:
        return fail("--workers must be at least 1")
    store = open_store()
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        fail(f"{path}: no such file or folder", 0)
    paths = [p for p in args.paths if p.exists()]
    if args.paths and not paths:
        return 2
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Indexing", total=None)
        found = 0

        def note(name: str, status: str) -> None:
            # A file may hold many articles, so the total grows as they are found; each is
            # then told « read », « unchanged » or « duplicate » (the bar moves), and
            # « added » once written with its chunk.
            nonlocal found
            if status in ("found", "failed"):
                found += 1
                progress.update(task, total=found)
            if status not in ("found", "removed", "added", "updated"):
                progress.advance(task)

        report = ingest(
            store,
            paths or None,
            prune=args.prune,
            progress=note,
            fields=fields,
            workers=args.workers,
        )
        if report.added or report.updated or report.removed:
            # Every server answering from this data directory then loads it ready-made.
            progress.update(task, description="Updating the index")
            store.snapshot()
            from assistant.engine import prepare

            prepare(store)
    for path, reason in report.failed:
        fail(f"skipped {reason}" if path in reason else f"skipped {path}: {reason}", 0)
    for where, kept in report.duplicates:
        console.print(f"{where}: the same article as {kept}, stored once", highlight=False)
    console.print(report.summary())
    return 1 if report.failed or missing else 0


def cmd_articles(args: argparse.Namespace) -> int:
    store = open_store()
    _ensure_corpus(store)
    infos = store.articles()
    if args.json:
        print_json([dataclasses.asdict(a) for a in infos])
        return 0
    from rich.table import Table

    table = Table("article_id", "title", "published", "format", "sentences")
    for a in infos:
        table.add_row(a.article_id, a.title, a.published or "", a.format, str(a.sentences))
    console.print(table)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    if not args.query.strip():
        return fail("the query is empty")
    from store.formats.metadata import period_bound

    try:
        start, end = period_bound(args.published_from), period_bound(args.published_to)
    except ValueError as err:
        return fail(str(err))
    store = open_store()
    _ensure_corpus(store)
    hits = store.search(
        args.query,
        k=args.k,
        article_id=args.article,
        kinds=args.kind,
        published_from=start,
        published_to=end,
    )
    if args.json:
        print_json(
            [
                {
                    **dataclasses.asdict(h.passage),
                    "score": h.score,
                    "lexical_rank": h.lexical_rank,
                    "dense_rank": h.dense_rank,
                    "published": h.published,
                }
                for h in hits
            ]
        )
        return 0
    if not hits:
        console.print("No passage found.")
    for rank, hit in enumerate(hits, 1):
        p = hit.passage
        when = f" [dim]{hit.published}[/]" if hit.published else ""
        console.print(
            f"[bold]{rank}.[/] [cyan]{p.article_id}[/]{when} [dim]{p.kind}[/] {hit.score:.4f}"
        )
        console.print(f"   {p.text}", highlight=False)
    return 0


def _facts_json(text: str) -> dict[str, Any]:
    from store.extract.dates import find_dates
    from store.extract.figures import find_figures

    facts: list[dict[str, Any]] = []
    for d in find_dates(text):
        facts.append({"kind": "date", "text": d.text, "value": d.value, "inferred": d.inferred})
    for f in find_figures(text):
        facts.append(
            {
                "kind": "figure",
                "text": f.text,
                "value": f.value,
                "unit": f.unit,
                "approx": f.approx,
                "figure_kind": f.kind,
                "subject": f.subject,
                "period": f.period,
            }
        )
    if any(c.isupper() for c in text):
        from store.extract.actors import find_actors
        from store.nlp import ner_pipeline

        for a in find_actors(ner_pipeline()(text)):
            facts.append(
                {
                    "kind": "actor",
                    "text": a.text,
                    "value": a.name,
                    "role": a.role,
                    "unit": None,
                    "approx": None,
                }
            )
    return {"facts": facts}


def cmd_extract(args: argparse.Namespace) -> int:
    from store.errors import ArticleError
    from store.formats.encoding import decode

    try:
        if args.file == "-":
            data = sys.stdin.buffer.read()
        else:
            data = Path(args.file).read_bytes()
        # The encodings ingest reads (UTF-8, UTF-16, Windows-1252, Latin-1), told the same way.
        text = decode(data, args.file).text if data.strip() else ""
    except OSError as err:
        return fail(f"{args.file}: cannot be read ({err.strerror or err})")
    except ArticleError as err:
        return fail(f"{err.path}: {err.reason}")
    if args.lines:
        for line in text.splitlines():
            sys.stdout.write(json.dumps(_facts_json(line), ensure_ascii=False) + "\n")
        return 0
    print_json(_facts_json(text))
    return 0
