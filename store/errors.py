"""The store's exceptions, one hierarchy so a caller can catch at the level it needs."""

from __future__ import annotations


class StoreError(Exception):
    """Anything the store refuses or cannot do."""


class ArticleError(StoreError):
    """An article file that cannot be ingested; the message names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnknownArticle(StoreError):
    """An article id that is not in the index."""

    def __init__(self, article_id: str) -> None:
        super().__init__(f"no article with id {article_id!r} is indexed")
        self.article_id = article_id
