"""The stems of irregular French word forms, from the spaCy model's lemma table.

A stemmer leaves « obtint » and « obtenu », « naquit » and « naître », « devint » and
« devenu » apart; an encyclopaedia writes the passé simple and a question the passé
composé, so the reader would miss the very verb a question asks about. The French
model ships a table of irregular verb forms and a lookup table from form to lemma
(keyed by hash, so its forms cannot be listed: every lower-case word of the model's
vocabulary is looked up once); the forms whose stem differs from their lemma's stem are
kept (≈46,000), as JSON in the vector cache. Questions read that file (milliseconds);
spaCy is loaded only to build it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import tempfile
from pathlib import Path
from threading import Lock
from typing import Any

from store.nlp import MODEL
from store.search import terms
from store.text import fold

_VERSION = 2
_AUXILIARIES = frozenset({"être", "avoir"})
_PIPES = ("tok2vec", "morphologizer", "parser", "ner", "attribute_ruler", "lemmatizer", "senter")
_tables: dict[str, dict[str, str]] = {}
_lock = Lock()


def _lookups_dir(model: str) -> Path:
    spec = importlib.util.find_spec(model)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"the spaCy model {model} is not installed")
    return next(Path(spec.origin).parent.glob("*/lemmatizer/lookups"))


def _build(model: str, path: Path) -> None:
    from store.nlp import pipeline

    if model == MODEL and pipeline.cache_info().currsize:
        # Ingest has the whole pipeline loaded already: its lemmatizer holds the table.
        nlp = pipeline()
        lemmatizer: Any = nlp.get_pipe("lemmatizer")
        table = lemmatizer.lookups.get_table("lemma_lookup")
        exceptions = lemmatizer.lookups.get_table("lemma_exc")
        vocab = nlp.vocab
    else:
        import spacy
        from spacy.lookups import Lookups

        lookups = Lookups()
        lookups.from_disk(_lookups_dir(model))
        table = lookups.get_table("lemma_lookup")
        exceptions = lookups.get_table("lemma_exc")
        vocab = spacy.load(model, exclude=[*_PIPES]).vocab
    words = {vocab.strings[k].lower() for k in vocab.vectors.key2row}
    pairs: list[tuple[str, str]] = []
    # The verb exceptions first (« remis » → « remettre », which the lookup table reads as
    # an adjective), then the lookup table for every other word of the vocabulary.
    verbs = exceptions.get("verb") or {}
    pairs += [(form, lemmas[0]) for form, lemmas in sorted(verbs.items()) if lemmas]
    for word in sorted(w for w in words if w.isalpha()):
        lemma = table.get(word)
        if lemma:
            pairs.append((word, lemma[0]))
    out: dict[str, str] = {}
    for word, lemma in pairs:
        if lemma in _AUXILIARIES or not word.replace("-", "").isalpha():
            continue  # « été » is a summer too: être and avoir lead nowhere useful
        own, base = terms(word), terms(lemma)
        if own and base and own[0] != base[0]:
            out.setdefault(fold(word), base[0])
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed: a killed build leaves no half file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".lemmas-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
    os.replace(tmp, path)


def lemma_stems(cache_dir: Path, model: str = MODEL) -> dict[str, str]:
    """Folded irregular form → the stem of its lemma (« obtint » → « obten »)."""
    path = cache_dir / f"lemmas-v{_VERSION}-{model}.json"
    key = str(path)
    with _lock:
        table = _tables.get(key)
        if table is None:
            if not path.exists():
                _build(model, path)
            table = _tables[key] = json.loads(path.read_text("utf-8"))
        return table
