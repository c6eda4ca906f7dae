"""The archive as the list tools read it: each article's own sentences (never the
« Voir plus » teasers, which are other articles' summaries), the people and places they
name and their dated events, built once per snapshot and cached beside it."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from store.nationalities import country_of
from store.passage_table import KINDS
from store.records import Passage
from store.text import fold, fold_words
from tools.archive.periods import Period
from tools.archive.weights import KIND_WEIGHT, SAME_SENTENCE

if TYPE_CHECKING:
    from tools.knowledge import Knowledge

# Bump when what the catalog holds changes: the cached copy of an older one is not read.
# Its records are named tuples: a tenth of the archive's facts are mentions, and a tuple
# holds one in half the memory of a dataclass instance.
VERSION = 3
_CIVILITY = re.compile(r"^(?:M|Mme|Mlle|MM|Mr|Mrs|Ms|Dr|Me|Mgr|Pr)\.?\s")
_NAME_WORD = re.compile(r"[^\W\d_]+")
_ELISION = re.compile(r"^(?:l|d)['’]\s*|^(?:la|le|les)\s+", re.IGNORECASE)
_COMPOUND = re.compile(r"\s*[-–]\s*")
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:a|au|aux|en|dans|vers|depuis|pres de|jusqu a)|\b(?:province|ville|region|port|"
    r"delta|capitale|commune|district|pays|ile|quartier|localite|prefecture|village|zone)"
    r"\s+(?:de|du|des|d))\s+(?:(?:la|le|les|l)\s+)?$"
)
_DATELINE = re.compile(r"\s*\([A-Z][A-Za-z]{1,9}\)\s*[–-]")


class Entry(NamedTuple):
    """One article: its id, title, publication date when the source gives one, and the
    positions of its passages in `Knowledge.passages` (`first` up to `end`, teasers
    shown on its page included)."""

    article_id: str
    title: str
    first: int
    end: int
    published: str | None = None


class Mention(NamedTuple):
    """A person or place named in an article's own sentence, with the role and the
    nationality the sentence gives a person (None when it gives none) and where in the
    sentence the name starts."""

    article: int
    position: int
    role: str | None = None
    nationality: str | None = None
    start: int = 0


class Event(NamedTuple):
    """A dated sentence: the date as written, its ISO value and the days it covers."""

    period: Period
    text: str
    article: int
    position: int


@dataclass(frozen=True)
class _Data:
    entries: tuple[Entry, ...]
    people: dict[str, tuple[Mention, ...]]
    places: dict[str, tuple[Mention, ...]]
    events: tuple[Event, ...]


class Catalog:
    """Lookups over the archive's own text: which passages hold a word, which articles
    name a person or a place, which sentences are dated within a period."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        data = knowledge.store.derived(f"archive-catalog-v{VERSION}", lambda: _build(knowledge))
        self.entries = data.entries
        self.people = data.people
        self.places = data.places
        self.events = data.events
        self.index = {e.article_id: i for i, e in enumerate(self.entries)}
        size = len(knowledge.passages)
        self.article_of = np.full(size, -1, dtype=np.int32)
        self.weight = np.zeros(size, dtype=np.float32)
        for i, entry in enumerate(self.entries):
            self.article_of[entry.first : entry.end] = i
        by_kind = np.array([KIND_WEIGHT.get(kind, 0.0) for kind in KINDS], dtype=np.float32)
        self.weight[:] = by_kind[knowledge.passages.kinds()]
        self.article_of[self.weight == 0] = -1  # teasers belong to no article here
        self._people_keys = {fold(name): name for name in self.people}
        # The places, folded: a subject word is a place when the articles write it where a
        # place stands (« ministère du Commerce », tagged a place, is none).
        self.place_keys = frozenset(fold(name) for name in self.places)
        # Lookups other modules derive from this snapshot once (the articles of each
        # topic): the catalog lives as long as its snapshot, so they never go stale.
        self.derived: dict[tuple[str, str], Any] = {}

    # -- passages -----------------------------------------------------------------------

    def passage(self, position: int) -> Passage:
        return self.knowledge.passages[position]

    def holding(self, group: Iterable[str]) -> np.ndarray:
        """The own passages (sorted positions) that hold any stem of a word group."""
        found = [self.knowledge.passages_with(stem) for stem in group]
        found = [f for f in found if len(f)]
        if not found:
            return np.zeros(0, dtype=np.int64)
        positions = np.unique(np.concatenate(found))
        return positions[self.article_of[positions] >= 0]

    def holding_all(self, groups: Iterable[Iterable[str]]) -> np.ndarray:
        """The own passages that hold a stem of every group."""
        result: np.ndarray | None = None
        for group in groups:
            found = self.holding(group)
            result = found if result is None else np.intersect1d(result, found, True)
            if not len(result):
                break
        return result if result is not None else np.zeros(0, dtype=np.int64)

    # -- people, places, events ---------------------------------------------------------

    def person(self, name: str) -> str | None:
        """The catalog's name for a person the archive knows, written any way it knows."""
        canonical = self.knowledge.person(name)
        if canonical in self.people:
            return canonical
        return self._people_keys.get(fold(canonical))

    def role_in(self, name: str, article: int) -> str | None:
        """The fullest role an article gives a person (« homologue… » only when it gives
        no other)."""
        roles = [m.role for m in self.people.get(name, ()) if m.article == article and m.role]
        plain = [r for r in roles if not fold(r).startswith("homologue")]
        return max(plain or roles, key=len, default=None)

    @cached_property
    def people_at(self) -> dict[int, list[tuple[str, Mention]]]:
        """The people each own sentence names, by passage position."""
        found: dict[int, list[tuple[str, Mention]]] = defaultdict(list)
        for name, mentions in self.people.items():
            for m in mentions:
                found[m.position].append((name, m))
        return dict(found)

    @cached_property
    def people_of(self) -> dict[int, dict[str, list[Mention]]]:
        """The people each article names, with their mentions, by article."""
        found: dict[int, dict[str, list[Mention]]] = defaultdict(dict)
        for name, mentions in self.people.items():
            for m in mentions:
                found[m.article].setdefault(name, []).append(m)
        return dict(found)

    @cached_property
    def places_of(self) -> dict[int, dict[str, list[Mention]]]:
        """The places each article names, with their mentions, by article."""
        found: dict[int, dict[str, list[Mention]]] = defaultdict(dict)
        for name, mentions in self.places.items():
            for m in mentions:
                found[m.article].setdefault(name, []).append(m)
        return dict(found)

    def warm(self) -> None:
        """Build the lazy indexes now (a server does it before it says it is ready)."""
        for index in (self.people_at, self.people_of, self.places_of):
            assert index is not None
        from tools.archive.topics import articles_about, topics

        for topic in topics():
            articles_about(self, topic)

    def events_within(self, period: Period) -> list[Event]:
        """Dated sentences whose date lies wholly within the period, oldest first."""
        return [e for e in self.events if period.holds(e.period)]


def _build(knowledge: Knowledge) -> _Data:
    entries = _entries(knowledge)
    index = {e.article_id: i for i, e in enumerate(entries)}
    places_seen = Counter(fold(f.value) for f in knowledge.by_kind["place"])
    people = _people(knowledge, index, places_seen)
    return _Data(
        entries=tuple(entries),
        people=people,
        places=_places(knowledge, index, {fold(n) for n in people}),
        events=_events(knowledge, index),
    )


def _entries(knowledge: Knowledge) -> list[Entry]:
    """The articles in passage order (the passages of one article are contiguous)."""
    numbers, first = np.unique(knowledge.passages.article_numbers(), return_index=True)
    articles = knowledge.passages.articles
    starts = {articles[n]: int(pos) for n, pos in zip(numbers.tolist(), first, strict=True)}
    ids = list(starts)
    ends = [starts[a] for a in ids[1:]] + [len(knowledge.passages)]
    return [
        Entry(
            a,
            knowledge.titles.get(a, knowledge.passages[starts[a]].title),
            starts[a],
            end,
            published=knowledge.published.get(a),
        )
        for a, end in zip(ids, ends, strict=True)
    ]


def _name_words(name: str) -> frozenset[str]:
    words = _NAME_WORD.findall(fold(_CIVILITY.sub("", name)))
    return frozenset(words)


def _people(
    knowledge: Knowledge, index: dict[str, int], places_seen: Counter[str]
) -> dict[str, tuple[Mention, ...]]:
    """Everyone an article's own text names as a person: given a role or a civility
    (« M. », « Mme ») somewhere in the article, and not a place the articles name more
    often than the person. A short form (« M. Kovel », « Kessel ») is the one longer name
    of the same article it is part of."""
    by_article: dict[int, dict[str, list[tuple[Mention, str]]]] = defaultdict(dict)
    for f in knowledge.by_kind["actor"]:
        if f.source_kind == "related" or f.article_id not in index:
            continue
        pos = knowledge.position.get((f.article_id, f.sentence))
        if pos is None:
            continue
        article = index[f.article_id]
        start = f.start - knowledge.passages[pos].start
        mention = Mention(article, pos, f.role, f.nationality, start)
        by_article[article].setdefault(knowledge.person(f.value), []).append((mention, f.text))
    people: dict[str, list[Mention]] = defaultdict(list)
    for _article, names in sorted(by_article.items()):
        words = {n: _name_words(n) for n in names}
        merged: dict[str, list[tuple[Mention, str]]] = defaultdict(list)
        for name, found in names.items():
            longer = [o for o in names if o != name and words[name] and words[name] < words[o]]
            merged[longer[0] if len(longer) == 1 else name].extend(found)
        for name, found in merged.items():
            titled = any(m.role for m, _ in found) or any(_CIVILITY.match(t) for _, t in found)
            if not titled or places_seen.get(fold(name), 0) > len(found):
                continue
            people[name].extend(sorted((m for m, _ in found), key=lambda m: (m.position, m.start)))
    return {name: tuple(found) for name, found in people.items()}


def _place_names(value: str, knowledge: Knowledge) -> list[str]:
    """The places a place mention names: « Vietnam-Russie » is two countries, « l'Asie »
    is Asia; an acronym, a common word written with a capital (« Partenariat ») or a
    word the articles do not write as a name is no place."""
    value = _ELISION.sub("", value.strip())
    parts = [p for p in _COMPOUND.split(value) if p]
    if len(parts) > 1 and all(fold(p) in knowledge.places or country_of(p) for p in parts):
        return [n for p in parts for n in _place_names(p, knowledge)]
    words = _NAME_WORD.findall(value)
    if not words or value.isupper() and not country_of(value):
        return []
    if country_of(value) is None and not all(
        knowledge.is_name_word(fold(w)) for w in words if w[:1].isupper()
    ):
        return []
    if not any(w[:1].isupper() for w in words):
        return []
    return [value]


def _locative(text: str, start: int, end: int) -> bool:
    """Whether a name stands where a place does: after « à », « en », « dans »,
    « province de »…, or as a dateline (« Ville (AGENCE) – »)."""
    before = fold_words(text[max(0, start - 40) : start])
    return bool(_PLACE_BEFORE.search(before) or _DATELINE.match(text[end : end + 16]))


def _places(
    knowledge: Knowledge, index: dict[str, int], people: set[str]
) -> dict[str, tuple[Mention, ...]]:
    """Every place an article's own text names, under its most common spelling: a
    country or a continent, or a name written at least once where a place stands (so
    a company the tagger took for a place, listed but never gone to, is none)."""
    found: dict[str, list[Mention]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    located: set[str] = set()
    for f in knowledge.by_kind["place"]:
        if f.source_kind == "related" or f.article_id not in index:
            continue
        pos = knowledge.position.get((f.article_id, f.sentence))
        if pos is None:
            continue
        passage = knowledge.passages[pos]
        start, end = f.start - passage.start, f.end - passage.start
        for name in _place_names(f.value, knowledge):
            key = fold(name)
            if key in people:
                continue
            spellings[key][name] += 1
            found[key].append(Mention(index[f.article_id], pos))
            if country_of(name) or _locative(passage.text, start, end):
                located.add(key)
    places: dict[str, tuple[Mention, ...]] = {}
    for key, mentions in found.items():
        if key not in located:
            continue
        name = spellings[key].most_common(1)[0][0]
        places[name] = tuple(sorted(set(mentions), key=lambda m: m.position))
    return places


def _events(knowledge: Knowledge, index: dict[str, int]) -> tuple[Event, ...]:
    """Every dated sentence of the articles' own text whose date has a year; a lead
    repeated in the body gives one event."""
    events: list[Event] = []
    seen: dict[tuple[int, str], list[frozenset[str]]] = defaultdict(list)
    for f in knowledge.by_kind["date"]:
        if f.source_kind == "related" or f.article_id not in index:
            continue
        period = Period.of(f.value)
        pos = knowledge.position.get((f.article_id, f.sentence))
        if period is None or pos is None:
            continue
        article = index[f.article_id]
        words = frozenset(_NAME_WORD.findall(fold(f.quote)))
        if any(_alike(words, other) for other in seen[(article, f.value)]):
            continue
        seen[(article, f.value)].append(words)
        events.append(Event(period, f.text, article, pos))
    events.sort(key=lambda e: (e.period.first, e.period.last, e.position))
    return tuple(events)


def _alike(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two sentences that say the same thing: most of their words are shared."""
    return len(a & b) >= SAME_SENTENCE * min(len(a), len(b))
