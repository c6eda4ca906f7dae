"""Facts extracted from an article's sentences: dates, figures, people and their meetings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from store.models import Article, Fact, FactKind, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _is_common_word(name: str) -> bool:
    """A one-word "name" that is an ordinary French word ("République") is no person."""
    from store.repair import zipf

    parts = name.split()
    return len(parts) == 1 and zipf(parts[0]) >= 3.5


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def sentence_facts(sentence: Sentence, doc: Doc, published: str | None = None) -> list[Fact]:
    """Every fact one sentence states; `doc` is the sentence run through the NER pipeline,
    `published` the article's publication date, which gives yearless dates their year."""
    from store.extract.acronyms import find_acronyms
    from store.extract.actors import find_actors, find_interactions
    from store.extract.dates import find_dates, with_publication_date
    from store.extract.figures import find_figures

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
    dates = with_publication_date(find_dates(sentence.text), published)
    for d in dates:
        facts.append(fact("date", d.text, d.value, d.start, d.end, inferred=d.inferred))
    for f in find_figures(sentence.text, dates):
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
    actors = [a for a in find_actors(doc) if not _is_common_word(a.name)]
    for a in actors:
        facts.append(
            fact("actor", a.text, a.name, a.start, a.end, role=a.role, nationality=a.nationality)
        )
    for i in find_interactions(doc, actors):
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
    for acronym, expansion in find_acronyms(sentence.text).items():
        at = sentence.text.find(acronym)
        facts.append(fact("acronym", acronym, expansion, max(at, 0), max(at, 0) + len(acronym)))
    for ent in doc.ents:
        if ent.label_ in ("LOC", "GPE"):
            facts.append(fact("place", ent.text, ent.text, ent.start_char, ent.end_char))
    return facts


def extract_facts(article: Article, docs: Sequence[Doc] | None = None) -> list[Fact]:
    """All facts of an article; `docs` are its sentences already run through NER, if at hand."""
    if docs is None:
        from store.nlp import ner_pipeline

        docs = list(ner_pipeline().pipe(s.text for s in article.sentences))
    facts: list[Fact] = []
    for sentence, doc in zip(article.sentences, docs, strict=True):
        facts.extend(sentence_facts(sentence, doc, article.meta.published))
    return facts
