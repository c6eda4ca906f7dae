"""Counts over a snapshot's articles, kept with it and updated by each update.

What the tools derive over the whole archive (which words are names, which are
people's, every name a person is given and how often, where places are named) is a sum
over its articles. So a snapshot keeps the sums, and an update adds the counts of the
articles it takes and subtracts those of the articles it drops (read from the previous
snapshot): work in proportion to the update, not to the archive, and the same totals as
a full build (`tests/store/test_tallies.py` pins it).

An article counts its own page: its teasers are titles of other articles, counted there.
"""

from __future__ import annotations

import pickle
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from store.analysis import SentenceAnalysis
from store.models import Fact
from store.records import Passage
from store.search import fold as fold_place
from store.text import fold

FILE = "tallies.pickle"
_WORDS = re.compile(r"[\w-]+")


@dataclass
class Tallies:
    """Sums over every article of a snapshot (each an article's share, added or taken
    away as one); a Counter drops what falls to zero, so equal archives give equal
    tallies whatever order they were built in."""

    # Folded word → times written capitalised inside a sentence, and in lower case.
    capitalised: Counter[str] = field(default_factory=Counter)
    lower: Counter[str] = field(default_factory=Counter)
    # Folded word → times NER tags it inside a person, and inside anything else.
    person: Counter[str] = field(default_factory=Counter)
    other: Counter[str] = field(default_factory=Counter)
    # Every name the facts give a person (actors, the two sides of an interaction).
    names: Counter[str] = field(default_factory=Counter)
    # (actor name, kind of passage naming them) → facts; (actor name, nationality) → facts.
    mentions: Counter[tuple[str, str]] = field(default_factory=Counter)
    nationalities: Counter[tuple[str, str]] = field(default_factory=Counter)
    # (folded place, as written) → facts.
    place_forms: Counter[tuple[str, str]] = field(default_factory=Counter)
    # Folded place → (article, form) of its first mention in article order.
    first_place: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, share: Tallies) -> None:
        for name in _COUNTS:
            getattr(self, name).update(getattr(share, name))
        for place, (article, form) in share.first_place.items():
            held = self.first_place.get(place)
            if held is None or article < held[0]:
                self.first_place[place] = (article, form)

    def remove(self, share: Tallies) -> set[str]:
        """Take an article's share away; returns the places whose first mention it held
        (the caller finds their next one in the new snapshot's facts)."""
        for name in _COUNTS:
            counts = getattr(self, name)
            counts.subtract(getattr(share, name))
            for key in [k for k, n in counts.items() if n <= 0]:
                del counts[key]
        lost = set()
        for place, first in share.first_place.items():
            if self.first_place.get(place) == first:
                del self.first_place[place]
                lost.add(place)
        return lost

    def save(self, folder: Path) -> None:
        with open(folder / FILE, "wb") as fh:
            pickle.dump(self, fh, pickle.HIGHEST_PROTOCOL)

    @classmethod
    def load(cls, folder: Path) -> Tallies:
        """The tallies saved in a snapshot's folder (ValueError when they cannot be read:
        the snapshot is then built again)."""
        try:
            with open(folder / FILE, "rb") as fh:
                found = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError) as err:
            raise ValueError(f"cannot read {folder / FILE}: {err}") from err
        if not isinstance(found, cls):
            raise ValueError(f"{folder / FILE} does not hold tallies")
        return found


_COUNTS = [f.name for f in fields(Tallies) if f.name != "first_place"]


def of_article(
    article_id: str,
    page: Sequence[Passage],
    analysis_of: Callable[[int], SentenceAnalysis | None],
    facts: Iterable[Fact],
) -> Tallies:
    """One article's share: its page's own passages (teasers aside), their parses, and
    its facts in the order the facts file lists them."""
    share = Tallies()
    for passage in page:
        if passage.kind == "related":
            continue
        for i, m in enumerate(_WORDS.finditer(passage.text)):
            word = m.group(0)
            if i == 0 or len(word) < 2 or word.isupper():
                continue
            counts = share.capitalised if word[0].isupper() else share.lower
            counts[fold(word)] += 1
        analysis = analysis_of(passage.sentence)
        if analysis is None:
            continue
        for e in analysis.entities:
            counts = share.person if e.label == "PER" else share.other
            for i in range(e.start, e.end):
                counts[fold(analysis.word(passage.text, i))] += 1
    ordered = sorted(facts, key=lambda f: (f.article_id, f.sentence, f.start, f.kind))
    for f in ordered:
        if f.kind == "actor":
            share.names[f.value] += 1
            share.mentions[f.value, f.source_kind] += 1
            if f.nationality:
                share.nationalities[f.value, f.nationality] += 1
        elif f.kind == "interaction":
            for name in (f.value, f.extra.get("object", "")):
                if name:
                    share.names[name] += 1
        elif f.kind == "place":
            place = fold_place(f.value).strip()
            share.place_forms[place, f.value] += 1
            share.first_place.setdefault(place, (article_id, f.value))
    return share
