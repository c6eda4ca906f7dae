"""A made-up archive vocabulary for the question reader and the verifier tests: no
store, no model, so each test states exactly what the archive knows."""

from __future__ import annotations

from dataclasses import dataclass, field

from store.text import normalise
from tools.question import Question, read_question


@dataclass
class Lexicon:
    """An archive that knows a few names and treats every other word as known."""

    names: set[str] = field(default_factory=lambda: {"lorvanie", "marsk", "elina", "kesselring"})
    acronyms: dict[str, str] = field(default_factory=dict)
    unseen: set[str] = field(default_factory=lambda: {"zqx"})

    def idf(self, stem: str) -> float | None:
        return None if stem in self.unseen else 2.0

    def spell(self, word: str, stem: str) -> str:
        return stem

    def is_name_word(self, folded: str) -> bool:
        return folded in self.names

    def expansion(self, acronym: str) -> str | None:
        return self.acronyms.get(acronym)

    def lemma(self, folded: str) -> str | None:
        return {"obtint": "obten", "obtenu": "obten"}.get(folded)

    def zipf(self, word: str) -> float:
        """Common French words are frequent, names rare, typos unknown."""
        folded = normalise(word)
        return 5.0 if folded in COMMON else 2.0 if folded in self.names else 0.0


COMMON = set(
    "le la les de des du un une et en au a est sont projets projet montant echanges traite "
    "signe ministre forum centre budget importations entreprises ville".split()
)


def read(text: str, lexicon: Lexicon | None = None) -> Question:
    return read_question(text, lexicon or Lexicon(), lambda stem: frozenset())
