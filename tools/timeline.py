"""What happened when: « Que s'est-il passé en 2012 / en mars 2013 / entre 2001 et
2006 ? » — a dated timeline across articles, oldest first, each event a cited sentence.
(A single day, « le 1er mars 2001 », stays date_lookup's.)"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from tools.archive.listing import IsoBound, PagedParams, add_cited, narrowed, page, period_of
from tools.archive.matching import matching_positions
from tools.archive.periods import period_in
from tools.archive.subject import read_subject
from tools.base import Asked, Tool, ToolResult
from tools.knowledge import Knowledge
from tools.question import Question

_MONTH = (
    r"(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)"
)
_YEAR = r"\d{4}"
# A period longer than a day: a year, a month, a range of them, a decade.
_PERIOD_FR = (
    rf"(?:(?:en|au cours de l annee|pendant l annee|durant l annee|pendant|durant|courant) "
    rf"(?:{_MONTH} )?{_YEAR}|entre (?:(?:le )?(?:{_MONTH} )?){_YEAR} et (?:{_MONTH} )?{_YEAR}|"
    rf"de (?:{_MONTH} )?{_YEAR} a (?:{_MONTH} )?{_YEAR}|depuis (?:{_MONTH} )?{_YEAR}|"
    rf"dans les annees \d{{2,4}})"
)
_PERIOD_EN = (
    rf"(?:(?:in|during) (?:{_MONTH} )?{_YEAR}|between (?:{_MONTH} )?{_YEAR} and (?:{_MONTH} )?"
    rf"{_YEAR}|from (?:{_MONTH} )?{_YEAR} to (?:{_MONTH} )?{_YEAR}|since (?:{_MONTH} )?{_YEAR}|"
    rf"in the {_YEAR}s)"
)
_HAPPENED_FR = (
    r"(?:que s est[ -]il passe|qu est[ -]ce qui s est passe|qu est ce qui s est passe|"
    r"qu y a[ -]t[ -]il eu|quels (?:sont les )?(?:evenements|faits)(?: marquants)?|"
    r"quoi de neuf|que se passe[ -]t[ -]il)"
)


class TimelineParams(PagedParams):
    start: IsoBound = Field(None, description="ISO 8601 date or year: events from then")
    end: IsoBound = Field(None, description="ISO 8601 date or year: events until then")
    query: str = Field(
        "", max_length=500, description="Only events about this (words, names, places)"
    )


class Timeline(Tool[TimelineParams]):
    name = "timeline"
    description = (
        "What happened in a period (a year, a month, a range), across the articles: a "
        "timeline, oldest first, each event a sentence dated in the period, with its "
        "article. Optionally only events about a subject."
    )
    Params = TimelineParams
    rules = (
        rf"^\W*{_HAPPENED_FR}\b(?P<query>.*?)\b(?P<period>{_PERIOD_FR})(?P<rest>.*?)\W*$",
        rf"^\W*what happened\b(?P<query>.*?)\b(?P<period>{_PERIOD_EN})(?P<rest>.*?)\W*$",
        rf"^\W*what (?:were the )?(?:events|key events)\b(?P<query>.*?)\b(?P<period>{_PERIOD_EN})"
        r"(?P<rest>.*?)\W*$",
        r"^\W*(?:la |une )?(?:chronologie|frise chronologique|frise)(?: des evenements)?"
        r"(?: (?:de|du|des|d|sur|pour))?\s*(?P<query>.*?)\W*$",
        r"^\W*(?:give me |show me )?(?:a |the )?(?:timeline|chronology)(?: of| for| about)?\s*"
        r"(?P<query>.*?)\W*$",
    )
    responses = {
        "intro": {
            "fr": "**{total}** événement(s) daté(s){about}, du plus ancien au plus récent :",
            "en": "**{total}** dated event(s){about_en}, oldest first:",
        },
        "none": {
            "fr": "Je n'ai trouvé dans les articles aucun événement daté de cette période.",
            "en": "I found no event in the articles dated in this period.",
        },
    }

    def run(
        self, params: TimelineParams, knowledge: Knowledge, question: Question | None = None
    ) -> ToolResult:
        catalog = knowledge.catalog
        period = period_of(params.start, params.end)
        events = list(catalog.events_within(period)) if period is not None else list(catalog.events)
        subject = read_subject(params.query, knowledge) if params.query.strip() else None
        if subject is not None and not subject.empty:
            positions = matching_positions(catalog, subject)
            about = {
                int(catalog.article_of[p])
                for p in positions.tolist()
                if catalog.passage(p).kind in ("title", "lead")
            }
            held = set(positions.tolist())
            events = [e for e in events if e.position in held or e.article in about]
        shown, more = page(events, params.offset, params.limit)
        result = ToolResult(tool=self.name, mode="list", more=more)
        if not events:
            return result
        when = period.value if period is not None else ""
        words = subject.text if subject is not None else ""
        about_fr = "".join(
            [f" sur « {words} »" if words else "", f" ({_shown(when)})" if when else ""]
        )
        about_en = "".join(
            [f" about “{words}”" if words else "", f" ({_shown(when)})" if when else ""]
        )
        result.header = {
            "total": len(events),
            "about": about_fr,
            "about_en": about_en,
            "first": params.offset + 1,
        }
        for event in shown:
            passage = catalog.passage(event.position)
            entry = catalog.entries[event.article]
            add_cited(
                result,
                knowledge,
                entry.article_id,
                passage,
                "event",
                event.text,
                event.period.value,
                title=entry.title,
            )
        return result

    def fill(self, asked: Asked) -> dict[str, Any]:
        groups = asked.groups
        params: dict[str, Any] = {}
        if period_text := groups.get("period"):
            period, _ = period_in(period_text)
            if period is not None:
                params["start"], params["end"] = period.sides
        query = " ".join(x for x in (groups.get("query", ""), groups.get("rest", "")) if x)
        params["query"] = query.strip()
        return params

    def follow_up(self, params: Mapping[str, Any], asked: Asked) -> dict[str, Any] | None:
        return narrowed(params, asked)


def _shown(value: str) -> str:
    """A period as the reply shows it: « 2012 », « 2001-01-01 – 2006-12-31 »."""
    if "/" not in value:
        return value
    start, _, end = value.partition("/")
    return f"{start} – {end}" if start and end else (start or end)
