"""Facts extracted from an article's sentences: dates, figures, people and their meetings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from store.models import Article, Fact, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _is_common_word(name: str) -> bool:
    """A one-word "name" that is an ordinary French word ("République") is no person."""
    from store.repair import zipf

    parts = name.split()
    return len(parts) == 1 and zipf(parts[0]) >= 3.5


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def sentence_facts(sentence: Sentence, doc: Doc) -> list[Fact]:
    """Every fact one sentence states; `doc` is the sentence run through the NER pipeline."""
    from store.extract.actors import find_actors, find_interactions
    from store.extract.dates import find_dates
    from store.extract.figures import find_figures

    base = {
        "article_id": sentence.article_id,
        "sentence": sentence.index,
        "quote": sentence.text,
        "source_kind": sentence.kind,
    }
    facts: list[Fact] = []
    for d in find_dates(sentence.text):
        facts.append(
            Fact(
                kind="date",
                text=d.text,
                value=d.value,
                inferred=d.inferred,
                start=sentence.start + d.start,
                end=sentence.start + d.end,
                **base,
            )  # type: ignore[arg-type]
        )
    for f in find_figures(sentence.text):
        facts.append(
            Fact(
                kind="figure",
                text=f.text,
                value=_number_text(f.value),
                number=f.value,
                unit=f.unit,
                approx=f.approx,
                figure_kind=f.kind,
                subject=f.subject,
                period=f.period,
                start=sentence.start + f.start,
                end=sentence.start + f.end,
                **base,
            )  # type: ignore[arg-type]
        )
    actors = [a for a in find_actors(doc) if not _is_common_word(a.name)]
    for a in actors:
        facts.append(
            Fact(
                kind="actor",
                text=a.text,
                value=a.name,
                role=a.role,
                nationality=a.nationality,
                start=sentence.start + a.start,
                end=sentence.start + a.end,
                **base,
            )  # type: ignore[arg-type]
        )
    for i in find_interactions(doc, actors):
        facts.append(
            Fact(
                kind="interaction",
                text=sentence.text[i.start : i.end],
                value=i.subject,
                start=sentence.start + i.start,
                end=sentence.start + i.end,
                extra={"verb": i.verb, "object": i.object},
                **base,
            )  # type: ignore[arg-type]
        )
    for ent in doc.ents:
        if ent.label_ in ("LOC", "GPE"):
            facts.append(
                Fact(
                    kind="place",
                    text=ent.text,
                    value=ent.text,
                    start=sentence.start + ent.start_char,
                    end=sentence.start + ent.end_char,
                    **base,
                )  # type: ignore[arg-type]
            )
    return facts


def extract_facts(article: Article, docs: Sequence[Doc] | None = None) -> list[Fact]:
    """All facts of an article; `docs` are its sentences already run through NER, if at hand."""
    if docs is None:
        from store.nlp import ner_pipeline

        docs = list(ner_pipeline().pipe(s.text for s in article.sentences))
    facts: list[Fact] = []
    for sentence, doc in zip(article.sentences, docs, strict=True):
        facts.extend(sentence_facts(sentence, doc))
    return facts
