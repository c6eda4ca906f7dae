"""Facts extracted from an article's sentences: dates, figures, people and their meetings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from store.models import (
    ActorMention,
    Article,
    DateMention,
    Fact,
    FactKind,
    FigureMention,
    Sentence,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from store.extract.actors import Interaction

_PLACES = ("LOC", "GPE")


def _is_common_word(name: str) -> bool:
    """A one-word "name" that is an ordinary French word ("République") is no person."""
    from store.repair import zipf

    parts = name.split()
    return len(parts) == 1 and zipf(parts[0]) >= 3.5


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


@dataclass(frozen=True)
class Findings:
    """What one sentence states, found from its text and doc alone: no article, no
    publication date. So it can be found where spaCy runs (its worker processes, see
    store.nlp) and placed in its article afterwards (`sentence_facts`)."""

    dates: list[DateMention]  # as the text gives them: a yearless date has no year yet
    figures: list[FigureMention]
    actors: list[ActorMention]
    interactions: list[Interaction]
    acronyms: dict[str, str]
    places: list[tuple[str, int, int]]  # text, start, end


def find_all(doc: Doc) -> Findings:
    """The findings of one sentence; `doc` is the sentence run through NER (its tokens and
    entities are read, nothing else)."""
    from store.extract.acronyms import find_acronyms
    from store.extract.actors import find_actors, find_interactions
    from store.extract.dates import find_dates
    from store.extract.figures import find_figures

    text = doc.text
    dates = find_dates(text)
    # A publication year changes a date's value, never its span: figures need spans only.
    figures = find_figures(text, dates)
    actors = [a for a in find_actors(doc) if not _is_common_word(a.name)]
    interactions = find_interactions(doc, actors)
    places = [(e.text, e.start_char, e.end_char) for e in doc.ents if e.label_ in _PLACES]
    return Findings(dates, figures, actors, interactions, find_acronyms(text), places)


def sentence_facts(
    sentence: Sentence, found: Doc | Findings, published: str | None = None
) -> list[Fact]:
    """Every fact one sentence states: its findings (or its doc run through NER) placed in
    the article; `published`, the article's publication date, gives yearless dates their
    year."""
    from store.extract.dates import with_publication_date

    if not isinstance(found, Findings):
        found = find_all(found)

    def fact(kind: FactKind, text: str, value: str, start: int, end: int, **more: Any) -> Fact:
        return Fact(
            kind=kind,
            text=text,
            value=value,
            article_id=sentence.article_id,
            sentence=sentence.index,
            start=sentence.start + start,
            end=sentence.start + end,
            quote=sentence.text,
            source_kind=sentence.kind,
            **more,
        )

    facts: list[Fact] = []
    for d in with_publication_date(found.dates, published):
        facts.append(fact("date", d.text, d.value, d.start, d.end, inferred=d.inferred))
    for f in found.figures:
        facts.append(
            fact(
                "figure",
                f.text,
                _number_text(f.value),
                f.start,
                f.end,
                number=f.value,
                unit=f.unit,
                approx=f.approx,
                figure_kind=f.kind,
                subject=f.subject,
                period=f.period,
            )
        )
    for a in found.actors:
        facts.append(
            fact("actor", a.text, a.name, a.start, a.end, role=a.role, nationality=a.nationality)
        )
    for i in found.interactions:
        facts.append(
            fact(
                "interaction",
                sentence.text[i.start : i.end],
                i.subject,
                i.start,
                i.end,
                extra={"verb": i.verb, "object": i.object},
            )
        )
    for acronym, expansion in found.acronyms.items():
        at = sentence.text.find(acronym)
        facts.append(fact("acronym", acronym, expansion, max(at, 0), max(at, 0) + len(acronym)))
    for text, start, end in found.places:
        facts.append(fact("place", text, text, start, end))
    return facts


def extract_facts(article: Article, docs: Sequence[Doc | Findings] | None = None) -> list[Fact]:
    """All facts of an article; `docs` are its sentences already run through NER (or their
    findings), if at hand."""
    found: Sequence[Doc | Findings]
    if docs is None:
        from store.nlp import ner_pipeline

        found = list(ner_pipeline().pipe(s.text for s in article.sentences))
    else:
        found = docs
    facts: list[Fact] = []
    for sentence, one in zip(article.sentences, found, strict=True):
        facts.extend(sentence_facts(sentence, one, article.meta.published))
    return facts
