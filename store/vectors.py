"""Word vectors from the spaCy French model, kept as memory-mapped arrays.

Questions never load spaCy: the model's vectors are copied once into numpy files
(a sorted hash table of the words), which any process maps in milliseconds. This
module imports no chromadb, so the question path does not pay for it either; the
chroma embedding function built on it is in store.embeddings.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from threading import Lock

import numpy as np

from store.nlp import MODEL

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
# Smooth inverse frequency: a word of probability p weighs SIF / (SIF + p).
_SIF = 1e-3
_tables: dict[tuple[str, str], _VectorTable] = {}
_tables_lock = Lock()
# Words whose table index a process remembers (a few MB).
_FOUND_AT_MOST = 200_000


@lru_cache(maxsize=1)
def default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("vna-assistant"))


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _key(word: str) -> int:
    # A stable 64-bit hash: Python's own hash() changes between processes.
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


class _VectorTable:
    """Word vectors keyed by lower-case word, with an accent-free fallback key.

    Words are stored as sorted 64-bit hashes beside their row numbers, so the
    table loads by memory-mapping arrays instead of unpickling 450,000 strings.
    Each word also carries a weight that shrinks the most frequent ones (smooth
    inverse frequency, from `wordfreq`): "de" and "la" would otherwise drown the
    words that say what a sentence is about.
    """

    def __init__(
        self, vectors: np.ndarray, keys: np.ndarray, rows: np.ndarray, weights: np.ndarray
    ) -> None:
        self.vectors = vectors
        self.keys = keys
        self.rows = rows
        self.weights = weights
        self.dim = int(vectors.shape[1])
        self._found: dict[str, int] = {}
        self._found_lock = Lock()

    @classmethod
    def load(cls, model: str, cache_dir: Path) -> _VectorTable:
        folder = cache_dir / f"vectors-v3-{model}"
        if not (folder / "weights.npy").exists():
            cls._build(model, folder)
        return cls(
            np.load(folder / "vectors.npy", mmap_mode="r"),
            np.load(folder / "keys.npy", mmap_mode="r"),
            np.load(folder / "rows.npy", mmap_mode="r"),
            np.load(folder / "weights.npy", mmap_mode="r"),
        )

    def row(self, word: str) -> tuple[int, float] | None:
        key = np.uint64(_key(word))
        i = int(np.searchsorted(self.keys, key))
        if i < len(self.keys) and self.keys[i] == key:
            return int(self.rows[i]), float(self.weights[i])
        return None

    @staticmethod
    def _build(model: str, folder: Path) -> None:
        import spacy

        vocab = spacy.load(
            model,
            exclude=[
                "tok2vec",
                "morphologizer",
                "parser",
                "ner",
                "attribute_ruler",
                "lemmatizer",
                "senter",
            ],
        ).vocab
        table = vocab.vectors
        rows: dict[str, int] = {}
        for key, row in table.key2row.items():
            word = vocab.strings[key]
            lower = word.lower()
            if lower not in rows or word == lower:
                rows[lower] = int(row)
        for word, row in list(rows.items()):
            rows.setdefault(_fold(word), row)
        folder.parent.mkdir(parents=True, exist_ok=True)
        # Write into a temporary folder and rename it: a killed build leaves no half cache.
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".vectors-"))
        np.save(tmp / "vectors.npy", np.asarray(table.data, dtype=np.float32))
        keys = np.array([_key(w) for w in rows], dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        np.save(tmp / "keys.npy", keys[order])
        np.save(tmp / "rows.npy", np.array(list(rows.values()), dtype=np.int32)[order])
        from wordfreq import get_frequency_dict

        frequency = get_frequency_dict("fr")
        weights = np.array([_SIF / (_SIF + frequency.get(w, 0.0)) for w in rows], dtype=np.float32)
        np.save(tmp / "weights.npy", weights[order])
        (tmp / "meta.json").write_text(json.dumps({"model": model, "words": len(rows)}))
        try:
            os.replace(tmp, folder)
        except OSError:  # another process built it first
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)

    def zipf(self, word: str) -> float:
        """The word's frequency in French on the Zipf scale (wordfreq's, read back from
        the smooth-inverse-frequency weight stored beside its vector; 0 when unknown)."""
        lower = word.lower()
        hit = self.row(lower) or self.row(_fold(lower))
        if hit is None or hit[1] >= 1.0:
            return 0.0
        frequency = _SIF * (1.0 / hit[1] - 1.0)
        return max(0.0, math.log10(frequency) + 9.0) if frequency > 0 else 0.0

    def unit(self, word: str) -> np.ndarray | None:
        """One word's vector, of length 1 (None for a word the model does not know)."""
        lower = word.lower()
        hit = self.row(lower) or self.row(_fold(lower))
        if hit is None:
            return None
        vector = np.asarray(self.vectors[hit[0]], dtype=np.float32)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else None

    def _find(self, words: list[str]) -> np.ndarray:
        """Each word's index in the table (its accent-free form's when it has none; -1
        when neither is known). A word's index is remembered: hashing it was most of the
        cost of embedding a snapshot's passages, and an archive repeats its words."""
        known = self._found  # replaced when full, never emptied: safe to read on
        missing = [w for w in dict.fromkeys(words) if w not in known]
        mine: dict[str, int] = {}
        if missing:
            keys = np.asarray(self.keys)  # a plain view: indexing a memmap is slow

            def search(forms: list[str]) -> np.ndarray:
                wanted = np.fromiter((_key(w) for w in forms), dtype=np.uint64, count=len(forms))
                at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
                return np.where(keys[at] == wanted, at, -1)

            found = search(missing)
            unknown = np.flatnonzero(found < 0)
            if len(unknown):
                found[unknown] = search([_fold(missing[i]) for i in unknown])
            mine = dict(zip(missing, found.tolist(), strict=True))
            with self._found_lock:
                if len(self._found) > _FOUND_AT_MOST:
                    self._found = dict(mine)
                else:
                    self._found.update(mine)
        return np.fromiter(
            (mine[w] if w in mine else known[w] for w in words), dtype=np.int64, count=len(words)
        )

    def embed(self, text: str) -> list[float]:
        """One text's vector (see `embed_many`)."""
        return self.embed_many([text])[0].tolist()

    def embed_many(self, texts: Sequence[str]) -> np.ndarray:
        """Each text's vector: the sum of its known words' vectors, each weighed by its
        smooth inverse frequency, of length 1 (float32, one row per text). A text with no
        known word gets a fixed unit vector, which keeps cosine distance defined."""
        words = [[token.lower() for token in _TOKEN.findall(text)] for text in texts]
        found = self._find([w for ws in words for w in ws])
        text_of = np.repeat(np.arange(len(texts)), [len(ws) for ws in words])
        hit = found >= 0
        text_of, found = text_of[hit], found[hit]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if len(found):
            weighted = np.asarray(self.vectors)[np.asarray(self.rows)[found]]
            weighted *= np.asarray(self.weights)[found][:, None]
            starts = np.flatnonzero(np.r_[True, text_of[1:] != text_of[:-1]])
            out[text_of[starts]] = np.add.reduceat(weighted, starts, axis=0)
        norms = np.linalg.norm(out, axis=1)
        empty = norms == 0.0
        out[~empty] /= norms[~empty, None]
        out[empty] = 0.0
        out[empty, 0] = 1.0
        return out


def vector_table(model: str = MODEL, cache_dir: Path | None = None) -> _VectorTable:
    folder = cache_dir or default_cache_dir()
    key = (model, str(folder))
    with _tables_lock:
        if key not in _tables:
            _tables[key] = _VectorTable.load(model, folder)
        return _tables[key]
