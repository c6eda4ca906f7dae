"""A scripted stand-in for the engine, so the dialogue machinery is tested without it."""

from __future__ import annotations

from typing import Any

from assistant.dialogues.errors import Refused
from assistant.reply import Citation, Reply, Result


def make_reply(
    text: str,
    *,
    intent: str = "search",
    answered: bool = True,
    source: str | None = None,
    result: dict[str, Any] | None = None,
    lang: str = "fr",
) -> Reply:
    """A reply as the engine would build it; `source` adds a body citation."""
    citations = [Citation(article_id=source, title="Titre", quote="Phrase.")] if source else []
    results = []
    if result is not None:
        results = [Result(article_id=source or "000_x", quote="Phrase.", **result)]
    return Reply(
        session_id="unset",
        reply=text,
        lang=lang,  # type: ignore[arg-type]
        intent=intent,
        tool=intent if intent.endswith("_lookup") else None,
        answered=answered,
        results=results,
        citations=citations,
    )


class ScriptedChat:
    """Answers each known message with its scripted reply; records the sessions it saw."""

    def __init__(self, script: dict[str, Reply | Exception]) -> None:
        self.script = script
        self.calls: list[tuple[str, str | None]] = []
        self._sessions = 0

    def chat(self, message: str, session_id: str | None = None) -> Reply:
        self.calls.append((message, session_id))
        if not message.strip() or len(message) > 2000:
            raise Refused("The message is empty or too long.")
        answer = self.script.get(message, make_reply("Je ne sais pas.", answered=False))
        if isinstance(answer, Exception):
            raise answer
        if session_id is None:
            self._sessions += 1
            session_id = f"session-{self._sessions}"
        return answer.model_copy(update={"session_id": session_id})
