"""The engine: one call answers a message. Understand → decide → act → render."""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.errors import InvalidMessage, InvalidToolParameters, UnknownSession, UnknownTool
from assistant.render import (
    render_clarify,
    render_none,
    render_result,
    render_smalltalk,
    responses,
)
from assistant.reply import Citation, Reply
from assistant.router import Decision, clarify, decide
from assistant.sessions import Session, SessionStore
from assistant.settings import Settings, get_settings
from assistant.understand import Understander
from store.ingest import IngestReport, Progress, ingest
from store.snapshot_file import paused_gc
from store.store import Store
from tools.base import ToolResult
from tools.knowledge import Knowledge
from tools.registry import Registry

log = logging.getLogger(__name__)


@contextmanager
def _exclusive(data_dir: Path) -> Iterator[None]:
    """An advisory lock on the data directory, across processes."""
    import fcntl

    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / ".engine-open.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Engine:
    """The assistant: the store, the tools, the router and the sessions, behind `reply`."""

    def __init__(self, settings: Settings, store: Store, registry: Registry) -> None:
        self.settings = settings
        self.store = store
        self.registry = registry
        url = settings.sessions_url
        self.sessions = SessionStore(
            settings.data_dir / "sessions.sqlite3",
            settings.session_ttl_days,
            url=url.get_secret_value() if url else None,
        )
        self.sessions.expire()
        self._lock = threading.RLock()
        self._session_locks: dict[str, threading.Lock] = {}
        self._warmed = False
        self._refresh()

    @classmethod
    def open(cls, settings: Settings | None = None, progress: Progress | None = None) -> Engine:
        """Open the store in the data directory, indexing the built-in corpus if it is empty;
        `progress(article_id, status)` hears of each article that first index takes."""
        settings = settings or get_settings()
        store = Store.open(
            settings.data_dir,
            settings.chroma_host,
            settings.chroma_port,
            records_url=settings.records_database(),
        )
        with _exclusive(settings.data_dir):
            # Several processes opening one empty data directory (server workers): only
            # the first indexes the built-in corpus, the others find it there.
            if store.is_empty():
                report = ingest(store, progress=progress)
                log.info("built-in corpus indexed: %s", report.summary())
            return cls(settings, store, Registry.discover())

    def warm(self) -> None:
        """Load what the store loads lazily (chroma client, word vectors) before the first
        question needs it; a server calls this before declaring itself ready, and its
        engine then warms each new view of the archive up in the background."""
        self._warmed = True
        try:
            # (questions are answered from the snapshot without chroma: its client is
            # needed, and imported, when another process's ingest is to be read)
            self.store.connect()
            if self.knowledge.passages:
                self.store.search(self.knowledge.passages[0].text, k=1)
                self.knowledge.catalog.warm()
        except Exception:  # an optimisation: the request path reports real errors
            log.warning("warming the engine up failed", exc_info=True)

    def _warm_in_background(self) -> threading.Thread | None:
        """After another process's ingest, the list tools' catalog of the new snapshot is
        built by a thread of its own (seconds at thousands of articles), so that the
        first list question finds it built, or waits for it, instead of building it."""
        if not self._warmed:
            return None
        knowledge = self.knowledge

        def build() -> None:
            try:
                knowledge.catalog.warm()
            except Exception:  # the request path builds it again and reports real errors
                log.warning("warming the new catalog up failed", exc_info=True)
            _collect()

        thread = threading.Thread(target=build, name="catalog-warm-up", daemon=True)
        thread.start()
        return thread

    def _refresh(self, collect: bool = True) -> None:
        self._generation = self.store.generation()
        # The view of the archive is built once and then only read: built without the
        # cyclic collector, then frozen, so that later collections (on every request)
        # do not walk it again. The view it replaces is unfrozen and collected; without
        # `collect`, by the caller later (a walk of the whole heap: 0.6 s of a server's
        # first reply after another process's ingest, at 1,000 articles).
        replacing = hasattr(self, "knowledge")
        gc.unfreeze()
        with paused_gc():
            self.knowledge = Knowledge(self.store)
            routes = {kind: tool.name for tool in self.registry for kind in tool.answers}
            tools = list(self.registry)
            self._tools = {tool.name: tool for tool in tools}
            self.understander = Understander(self.knowledge, routes, tools)
            self.responses = responses().with_tools(tools)
            self._suggestions = _suggestions(self.knowledge)
        if replacing and collect:  # the view replaced holds cycles (reader, catalog)
            gc.collect()
        gc.freeze()

    def ready(self) -> bool:
        return bool(self.knowledge.passages)

    def ingest(
        self,
        paths: list[Path] | None = None,
        prune: bool = False,
        fields: Mapping[str, str] | None = None,
    ) -> IngestReport:
        """Index more article files, then answer from them at once; `fields` names an
        export's own fields (`{"text": "article_body"}`)."""
        with self._lock:
            report = ingest(self.store, paths, prune=prune, fields=fields)
            self._refresh()
            return report

    def _follow_store(self) -> None:
        """Another process ingested into the same data directory: answer from it now."""
        generation = self.store.generation()
        if generation is not None and generation != self._generation:
            with self._lock:
                if generation != self._generation:
                    self.store.snapshot()  # re-read from chroma, then rebuild the view
                    # A warmed-up engine (a server) collects the view replaced after
                    # building the new catalog, off the path of this question.
                    self._refresh(collect=not self._warmed)
                    self._warm_in_background()

    def suggestions(self) -> list[str]:
        return list(self._suggestions)

    # -- one turn --------------------------------------------------------------------

    def _validate(self, message: str) -> str:
        if not isinstance(message, str):
            raise InvalidMessage("The message must be text.")
        if not message.strip():
            raise InvalidMessage("The message is empty: type a question about the articles.")
        if len(message) > self.settings.max_message_chars:
            raise InvalidMessage(
                f"The message is {len(message):,} characters long; the limit is "
                f"{self.settings.max_message_chars:,}. Ask a shorter question."
            )
        return message.strip()

    def _session(self, session_id: str | None) -> Session:
        if session_id:
            try:
                return self.sessions.get(session_id)
            except UnknownSession:
                return Session(session_id)
        return Session(self.sessions.new_id())

    def reply(self, message: str, session_id: str | None = None) -> Reply:
        """Answer one message in a session (a new one when `session_id` is None)."""
        message = self._validate(message)
        self._follow_store()
        with self._turn_lock(session_id):
            session = self._session(session_id)
            reply = self._answer(message, session)
            self.sessions.save_turn(session, message, reply.model_dump(exclude={"trace"}))
        return reply

    def _turn_lock(self, session_id: str | None) -> threading.Lock:
        """One turn at a time per session; different sessions run side by side."""
        if session_id is None:
            return threading.Lock()  # a new session nobody else can name yet
        with self._lock:
            lock = self._session_locks.get(session_id)
            if lock is None:
                if len(self._session_locks) > 10_000:
                    self._session_locks.clear()
                lock = self._session_locks[session_id] = threading.Lock()
            return lock

    def explain(self, message: str, session_id: str | None = None) -> dict[str, Any]:
        """The rule that fired, the slots and the tool call, without saving the turn."""
        message = self._validate(message)
        session = self._session(session_id)
        reply = self._answer(message, session)
        return reply.trace or {}

    def _answer(self, message: str, session: Session) -> Reply:
        started = time.perf_counter()
        parse = self.understander.parse(message)
        memory = session.memory
        decision = decide(parse, memory, self._tools)
        result: ToolResult | None = None
        if decision.tool:
            tool = self.registry.get(decision.tool)
            if tool is not None:
                params = {k: v for k, v in decision.params.items() if v not in (None, "", [])}
                try:
                    result = tool.call(params, self.knowledge, decision.question)
                except ValidationError:
                    # The router filled a slot the tool refuses: no answer rather than a guess.
                    log.warning("tool %s refused parameters %r", decision.tool, params)
        if (
            result is not None
            and parse.ambiguous
            and not parse.actors
            and parse.tool is None
            and len({str(r.value) for r in result.results}) > 1
        ):
            # « Quand Nguyen s'est-il rendu en Russie ? »: the answers differ by which
            # Nguyen; ask rather than list them all.
            decision = clarify(parse, memory, [*decision.notes, "answers differ by person"])
            result = None
        if decision.intent == "clarify" and memory.pending is not None:
            # The chosen person is then met by any of their names (see router.clarify).
            memory.pending.names = {
                o: sorted(self.knowledge.name_stems(o)) for o in decision.options
            }
        reply = self._render(session.id, parse.folded, decision, result)
        if result is not None and memory.last is not None:
            last = memory.last
            last.people = [str(r.value) for r in result.results[:5] if r.kind == "person"]
            people = [*parse.actors, *(str(r.value) for r in result.results if r.kind == "person")]
            last.names = {p: sorted(self.knowledge.name_stems(p)) for p in people[:5]}
            cited = result.citations[0] if result.citations else result.near
            # What the conversation is about now: a follow-up reads around it first.
            last.anchor = (
                (cited.article_id, cited.sentence) if cited and cited.sentence is not None else None
            )
            # What « la suite » and the tool's own follow-ups go on from.
            last.tool, last.params = decision.tool, dict(decision.params)
            last.shown = int(decision.params.get("offset") or 0) + len(result.results)
            last.more = result.more
        reply.trace = {
            "question": parse.question.describe() if parse.question else None,
            "reading": result.trace if result is not None else None,
            "rule": parse.rule,
            "intent": decision.intent,
            "lang": decision.lang,
            "slots": decision.slots,
            "notes": decision.notes,
            "tool": decision.tool,
            "params": decision.params,
            "results": len(result.results) if result else 0,
            "ms": round((time.perf_counter() - started) * 1000, 3),
        }
        return reply

    def _render(
        self, session_id: str, folded: str, decision: Decision, result: ToolResult | None
    ) -> Reply:
        lang = decision.lang
        base: dict[str, Any] = {"session_id": session_id, "lang": lang, "intent": decision.intent}
        if decision.intent == "help":
            return Reply(
                **base,
                reply=self.responses.text(lang, "help"),
                answered=True,
                suggestions=self.suggestions(),
            )
        if decision.intent == "smalltalk":
            return Reply(**base, reply=render_smalltalk(folded, lang), answered=True)
        if decision.intent == "reset":
            return Reply(**base, reply=self.responses.text(lang, "reset"), answered=True)
        if decision.intent == "more":
            return Reply(**base, reply=self.responses.text(lang, "no_more"), answered=False)
        if decision.intent == "clarify":
            return Reply(
                **base,
                reply=render_clarify(decision.options, lang),
                answered=False,
                suggestions=decision.options,
            )
        if result is None or not result.found or not result.citations:
            return Reply(
                **base,
                tool=decision.tool,
                answered=False,
                reply=render_none(
                    decision.tool,
                    lang,
                    self.suggestions()[:3],
                    result.near if result else None,
                    result.instead if result else None,
                    self.responses,
                ),
                suggestions=self.suggestions()[:3],
            )
        return Reply(
            **base,
            tool=decision.tool,
            answered=True,
            reply=render_result(result, lang, self.responses),
            results=list(result.results),
            citations=_unique_citations(result),
        )

    # -- tools without the dialogue ------------------------------------------------------

    def call_tool(self, name: str, arguments: dict[str, Any]) -> ToolResult:
        tool = self.registry.get(name)
        if tool is None:
            raise UnknownTool(name, self.registry.names())
        try:
            return tool.call(arguments, self.knowledge)
        except ValidationError as err:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'parameters'}: {e['msg']}"
                for e in err.errors()
            )
            raise InvalidToolParameters(f"invalid parameters for {name}: {problems}") from None


def _unique_citations(result: ToolResult) -> list[Citation]:
    seen: set[tuple[str, str]] = set()
    out = []
    for c in result.citations:
        if (c.article_id, c.quote) not in seen:
            seen.add((c.article_id, c.quote))
            out.append(c)
    return out


def prepare(store: Store) -> None:
    """Derive now what every process answering from the store's current snapshot reads
    (the aliases, names and places, the understander's name lookups, the suggestions,
    the list tools' catalog), so that the first question after an ingest finds it
    cached beside the snapshot instead of deriving it over the whole archive."""
    knowledge = Knowledge(store)
    Understander(knowledge)
    _suggestions(knowledge)
    from tools.archive.catalog import Catalog

    Catalog(knowledge)


def _collect() -> None:
    """Collect what a replaced view left (see `Engine._refresh`), then freeze again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _suggestions(knowledge: Knowledge) -> list[str]:
    """Questions the assistant can answer, kept with the snapshot's cache."""
    return knowledge.store.derived("suggestions", lambda: _suggest(knowledge))


def _suggest(knowledge: Knowledge) -> list[str]:
    """Questions made from the first facts of the store that fit (read as they come:
    never every fact)."""
    out: list[str] = []
    people = list(
        islice(
            (f for f in knowledge.facts.iter_kind("actor") if f.role and f.source_kind == "body"),
            2,
        )
    )
    if people:
        out.append(f"Qui est {knowledge.person(people[0].value)} ?")
    figure = next(
        (
            f
            for f in knowledge.facts.iter_kind("figure")
            if f.figure_kind == "money" and f.subject and f.period and f.source_kind == "body"
        ),
        None,
    )
    if figure is not None:
        out.append(f"Quel est le montant des {figure.subject} en {figure.period} ?")
    date = next(
        (
            f
            for f in knowledge.facts.iter_kind("date")
            if f.source_kind == "body" and len(f.value) == 10 and not f.value.startswith("--")
        ),
        None,
    )
    if date is not None:
        out.append(f"Que s'est-il passé le {date.text.removeprefix('le ')} ?")
    if len(people) > 1:
        out.append(f"Qui {knowledge.person(people[1].value)} a-t-il rencontré ?")
    return out
