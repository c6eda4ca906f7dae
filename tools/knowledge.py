"""What the tools read: the store's facts indexed by sentence, names merged, and shared scoring.

Every lookup scores a candidate sentence the same way: how many of the
question's content words (with their synonyms) the sentence contains, plus the
question's people named in it. Keeping that in one place makes the tools agree.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import numpy as np

from store.aliases import AliasIndex
from store.analysis import SentenceAnalysis
from store.fact_table import FactTable
from store.models import Fact
from store.passage_table import PassageTable
from store.records import Passage
from store.search import fold, terms
from store.store import Store
from store.tallies import Tallies
from store.yamlfile import read_yaml
from tools.base import Item, Source
from tools.question import Question, read_question
from tools.reader.evidence import EMPTY, WordTable, glued_tokens, sentence_words

if TYPE_CHECKING:
    from tools.archive.catalog import Catalog
    from tools.reader.reader import Reader

SentenceKey = tuple[str, int]
# How many sentences of an article's lead are the context of each of its sentences.
CONTEXT_LEAD_SENTENCES = 1
# Words at least this frequent in French (wordfreq's Zipf scale) are real words, never
# typos to correct.
COMMON_WORD_ZIPF = 3.0
UNSEEN_WEIGHT = 3.0
# An acronym the archive never uses may stand for words it does ("DRV" for
# "Organisation mondiale du commerce"): missing it costs less.
UNSEEN_ACRONYM_WEIGHT = 1.0
# The question's words count twice as much as naming one of its people: a sentence
# about the very event beats one that only names the person.
COVERAGE_WEIGHT = 2.0
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_WORDS = re.compile(r"[\w-]+")
_NON_WORDS = re.compile(r"\W+")
# How much a source counts, by where it sits on the page.
KIND_WEIGHT = {"body": 1.0, "lead": 1.0, "title": 0.9, "caption": 0.8, "related": 0.5}


@lru_cache(maxsize=1)
def synonyms() -> dict[str, frozenset[str]]:
    """Stem → the stems of its synonyms, from the general vocabulary in data/synonyms.yaml."""
    groups = read_yaml(Path(__file__).parent / "data" / "synonyms.yaml")
    table: dict[str, set[str]] = defaultdict(set)
    for group in groups["groups"]:
        stems = {t for phrase in group for t in terms(phrase)}
        for s in stems:
            table[s] |= stems
    return {k: frozenset(v) for k, v in table.items()}


@dataclass(frozen=True)
class Query:
    """A question's content words as groups of interchangeable stems, each weighted by
    how rare it is in the archive (a word every article uses tells little)."""

    groups: tuple[frozenset[str], ...]
    weights: tuple[float, ...] = ()

    @classmethod
    def of(
        cls,
        text: str,
        idf: Callable[[str], float | None] | None = None,
        spell: Callable[[str], str] | None = None,
    ) -> Query:
        table = synonyms()
        seen: list[frozenset[str]] = []
        for t in terms(text):
            t = spell(t) if spell else t
            group = table.get(t, frozenset({t}))
            if group not in seen:
                seen.append(group)
        weights: list[float] = []
        if idf is not None:
            for group in seen:
                known = [w for w in (idf(s) for s in group) if w is not None]
                # A word no passage has is as telling as the rarest: it must count as missing.
                weights.append(max(known) if known else UNSEEN_WEIGHT)
        return cls(tuple(seen), tuple(weights))

    @property
    def text(self) -> str:
        return " ".join(sorted(s for g in self.groups for s in g))

    def matched(self, sentence_terms: frozenset[str]) -> int:
        """How many of the question's word groups the sentence contains."""
        return sum(1 for group in self.groups if _matches(group, sentence_terms))

    def coverage(self, sentence_terms: frozenset[str]) -> float:
        """The (weighted) share of the question's word groups found in the sentence."""
        if not self.groups:
            return 0.0
        weights = self.weights or (1.0,) * len(self.groups)
        hit = 0.0
        for group, weight in zip(self.groups, weights, strict=True):
            if _matches(group, sentence_terms):
                hit += weight
        return hit / sum(weights)


def _matches(group: frozenset[str], sentence_terms: frozenset[str]) -> bool:
    return bool(group & sentence_terms) or any(_prefix_match(g, sentence_terms) for g in group)


def _prefix_match(stem: str, sentence_terms: frozenset[str]) -> bool:
    # "copreside" and "copresident" stem differently; a long shared prefix is the same word.
    if len(stem) < 6:
        return False
    return any(len(t) >= 6 and (t.startswith(stem) or stem.startswith(t)) for t in sentence_terms)


class Knowledge:
    """The store's snapshot seen as facts per sentence, with canonical person names."""

    def __init__(self, store: Store) -> None:
        snap = store.snapshot()
        self.store = store
        self.signature = snap.signature
        self.lemmas = store.lemmas()
        self._vector_table: Any = None
        # The passages and facts stay in the snapshot's files: what a question touches is
        # read from them (and kept in the bounded caches below), never the whole archive.
        self.passages: PassageTable = snap.passages
        self.facts: FactTable = snap.facts
        self._lexical = snap.lexical
        self.position = _Lookup[SentenceKey, int | None](snap.passages.position, 200_000)
        self.titles: dict[str, str] = snap.passages.titles
        # When each article appeared, as its source says (none for the `.txt` layout).
        self.published: dict[str, str] = {
            aid: meta.published for aid, meta in snap.meta.items() if meta.published
        }
        self.by_sentence = _Lookup[SentenceKey, list[Fact]](snap.facts.of_sentence, 100_000)
        # Every fact of a kind: read again at each use, never kept (what is derived from
        # a whole kind is cached with the snapshot instead).
        self.by_kind = _Lookup[str, list[Fact]](snap.facts.of_kind, keep=False)
        # What is derived from the counts over every article (store.tallies) is kept
        # with the snapshot's cache: merging names is the costliest part of opening.
        tallies = snap.tallies
        self.aliases = store.derived("aliases", lambda: AliasIndex.of_counts(tallies().names))
        vocabulary = store.derived(
            "vocabulary",
            lambda: _Vocabulary.of(tallies(), snap.facts, self.aliases),
        )
        self._canonical = vocabulary.canonical
        self._forms = vocabulary.forms
        self.nationalities = vocabulary.nationalities
        self.prominence = vocabulary.prominence
        self.acronyms = vocabulary.acronyms
        self.places = vocabulary.places
        self.mentions_of = _Lookup[str, list[Fact]](self._mentions, 20_000)
        self.sentences_of = _Lookup[str, list[SentenceKey]](self._sentences_of, 20_000)
        self.people_in = _Lookup[SentenceKey, set[str]](self._people_in, 100_000)
        self.people_in_article = _Lookup[str, set[str]](self._people_in_article, 20_000)
        self.unique = _Lookup[str, list[Fact]](lambda kind: dedupe(self.by_kind[kind]), keep=False)
        self._date_values: list[str] | None = None
        self._terms: dict[SentenceKey, frozenset[str]] = {}
        self._corrections: dict[str, str] = {}
        self._vocabulary: list[str] | None = None
        self.analyses = snap.analyses
        self._reader: Reader | None = None
        self._catalog: Catalog | None = None
        self._catalog_lock = threading.Lock()  # (built once, by a warm-up thread or a question)
        self._place_words = {w for place in self.places for w in place.split()}
        self._context: dict[str, list[str]] = {}
        self._tables: dict[SentenceKey, WordTable] = {}
        self._units: dict[str, Any] = {}
        self._shared_stems: frozenset[str] | None = None
        self._context_tables: dict[str, WordTable] = {}
        self._names = store.derived("name-words", lambda: name_words(tallies()))
        self._person_words = store.derived("person-words", lambda: person_words(tallies()))

    # -- the facts, as the tools look them up --------------------------------------------

    def _mentions(self, person: str) -> list[Fact]:
        """The actor facts naming a person under any of the names the archive gives them."""
        forms = self._forms.get(person)
        return self.facts.with_values("actor", forms) if forms else []

    def _sentences_of(self, person: str) -> list[SentenceKey]:
        return list(dict.fromkeys((f.article_id, f.sentence) for f in self.mentions_of[person]))

    def _people_in(self, key: SentenceKey) -> set[str]:
        return {self.person(f.value) for f in self.by_sentence[key] if f.kind == "actor"}

    def _people_in_article(self, article_id: str) -> set[str]:
        return {self.person(f.value) for f in self.facts.of_article(article_id, "actor")}

    def dates_with(self, keep: Callable[[str], bool]) -> list[Fact]:
        """The dates (once each, as `unique` lists them) whose value `keep` accepts: the
        values are read from the facts file's index (one per distinct date), then only
        the facts of the values kept."""
        if self._date_values is None:
            self._date_values = self.facts.values(["date"])
        return dedupe(self.facts.with_values("date", [v for v in self._date_values if keep(v)]))

    # -- what the question reader and the reader ask ------------------------------------

    @property
    def reader(self) -> Reader:
        if self._reader is None:
            from tools.reader.reader import Reader

            self._reader = Reader(self)
        return self._reader

    def _vectors(self) -> Any:
        if self._vector_table is None:
            self._vector_table = self.store.word_vectors()
        return self._vector_table

    @staticmethod
    def synonyms_of(stem: str) -> frozenset[str]:
        """The stems of a stem's synonyms in the general vocabulary (data/synonyms.yaml)."""
        return synonyms().get(stem, frozenset())

    @property
    def catalog(self) -> Catalog:
        """The archive's own text indexed for the list tools (built on first use)."""
        with self._catalog_lock:
            if self._catalog is None:
                from tools.archive.catalog import Catalog

                self._catalog = Catalog(self)
            return self._catalog

    def passages_with(self, stem: str) -> np.ndarray:
        """The positions of the passages that hold a stem (the lexical index's postings)."""
        return self._lexical.postings(stem)

    def zipf(self, word: str) -> float:
        """How common a word is in French (Zipf scale), from the memory-mapped vector
        table: no frequency list to load on a question."""
        return float(self._vectors().zipf(word))

    def similar(self, a: str, b: str) -> float:
        """Cosine of two words' vectors (0 when either is unknown); memory-mapped
        vectors, cached per word."""
        va, vb = self._unit(a), self._unit(b)
        return float(va @ vb) if va is not None and vb is not None else 0.0

    def _unit(self, word: str) -> Any:
        key = word.lower()
        if key not in self._units:
            if len(self._units) > 200_000:
                self._units.clear()
            self._units[key] = self._vectors().unit(key)
        return self._units[key]

    def name_stems(self, person: str) -> frozenset[str]:
        """The stems of the names the archive gives a person (initials left out) that no
        other person shares: « Nguyen » names too many people to tell them apart. Empty
        when every part of the name is shared (then the name is matched as written)."""
        canonical = self.person(person)
        own = self._stems_of_person(canonical)
        if self._shared_stems is None:
            # A pass over every person: cached with the snapshot, not made per process.
            self._shared_stems = self.store.derived(
                "shared-name-stems", self._stems_shared, signature=self.signature
            )
        return own - self._shared_stems

    def _stems_shared(self) -> frozenset[str]:
        """The stems of names that more than one person is given."""
        people = Counter(s for name in self.aliases.names() for s in self._stems_of_person(name))
        return frozenset(stem for stem, n in people.items() if n > 1)

    def _stems_of_person(self, canonical: str) -> frozenset[str]:
        forms = {canonical, *self.aliases.aliases(canonical)}
        return frozenset(
            stem
            for form in forms
            for word in re.split(r"[\s'-]+", form)
            if len(word.rstrip(".")) > 1
            for stem in terms(word)
        )

    def role_in(self, key: SentenceKey, name: str) -> str | None:
        """The role a sentence gives the person named `name`, if any."""
        wanted = self.person(name)
        for f in self.by_sentence.get(key, []):
            if f.kind == "actor" and f.role and self.person(f.value) == wanted:
                return f.role
        return None

    def is_place_word(self, folded: str) -> bool:
        """Whether the articles name a place with this word."""
        return folded in self._place_words

    def read(self, text: str) -> Question:
        """The question as read against this archive's vocabulary."""
        return read_question(text, self, lambda stem: synonyms().get(stem, frozenset()))

    def idf(self, stem: str) -> float | None:
        return self._lexical.idf(stem)

    def lemma(self, folded: str) -> str | None:
        """The stem of an irregular form's lemma (« obtint » → « obten »), else None."""
        return self.lemmas.get(folded)

    def spell(self, word: str, stem: str) -> str:
        """The stem, or the archive's spelling of a word mistyped: a common French word
        (« textes ») is never "corrected" to another one the archive happens to use."""
        if self._lexical.idf(stem) is not None or self.zipf(word) >= COMMON_WORD_ZIPF:
            return stem
        return self._spelling(stem)

    def expansion(self, acronym: str) -> str | None:
        """What an acronym stands for, as the articles define it."""
        fact = self.acronyms.get(acronym.upper())
        return fact.value if fact is not None else None

    def is_name_word(self, folded: str) -> bool:
        """Whether the articles write this word capitalised inside a sentence (a name)."""
        return folded in self._names

    def passage(self, key: SentenceKey) -> Passage | None:
        pos = self.position.get(key)
        return self.passages[pos] if pos is not None else None

    def analysis(self, key: SentenceKey) -> SentenceAnalysis | None:
        return self.analyses.get(key)

    def sentence_start(self, key: SentenceKey) -> int:
        pos = self.position.get(key)
        return self.passages[pos].start if pos is not None else 0

    def words_of(self, key: SentenceKey) -> WordTable:
        """A sentence's words as the reader matches them (computed once per sentence)."""
        table = self._tables.get(key)
        if table is None:
            passage = self.passage(key)
            if passage is None:
                return EMPTY
            analysis = self.analysis(key)
            verbs = (
                tuple(i for i, tag in enumerate(analysis.tags) if tag == "VERB")
                if analysis is not None
                else ()
            )
            table = WordTable.of(
                sentence_words(passage.text, analysis), glued_tokens(analysis), verbs, self.lemmas
            )
            if len(self._tables) > 100_000:
                self._tables.clear()
            self._tables[key] = table
        return table

    def context_table(self, article_id: str) -> WordTable:
        """The words of an article's title and lead, as the reader matches them."""
        table = self._context_tables.get(article_id)
        if table is None:
            table = self._context_tables[article_id] = WordTable.of(
                self.context_words(article_id), lemmas=self.lemmas
            )
        return table

    def previous_table(self, key: SentenceKey) -> WordTable:
        """The words of the sentence before, in the same article."""
        before = self.passage((key[0], key[1] - 1))
        if before is None or before.kind in ("related", "title"):
            return EMPTY
        return self.words_of((key[0], key[1] - 1))

    def context_words(self, article_id: str) -> list[str]:
        """The words of an article's title and lead: what each of its sentences is about."""
        cached = self._context.get(article_id)
        if cached is None:
            texts = [self.titles.get(article_id, "")]
            start = self.position.get((article_id, 0))
            if start is not None:
                lead = 0
                for p in self.passages[start : start + 12]:
                    if p.article_id != article_id:
                        break
                    # The first sentences of the lead say what the article is about; a
                    # page that is all lead (one paragraph) is not all context.
                    if p.kind == "lead" and lead < CONTEXT_LEAD_SENTENCES:
                        texts.append(p.text)
                        lead += 1
            cached = self._context[article_id] = _WORDS.findall(" ".join(texts))
        return cached

    def lexical_keys(self, stems: list[str], depth: int) -> list[SentenceKey]:
        """The sentences BM25 ranks first for these stems."""
        if not stems or not self.passages:
            return []
        scores = self._lexical.scores_of(stems)
        hits = np.nonzero(scores > 0)[0]
        if len(hits) > depth:
            hits = hits[np.argsort(-scores[hits], kind="stable")[:depth]]
        else:
            hits = hits[np.argsort(-scores[hits], kind="stable")]
        return self.passages.keys(hits)

    def query(self, text: str) -> Query:
        """The question's words, weighted by their rarity in this archive; a word the
        archive lacks is read as its nearest spelling when one edit away ("Rusie")."""
        acronyms = {t for a in _ACRONYM.findall(text) for t in terms(a)}

        def idf(stem: str) -> float | None:
            weight = self._lexical.idf(stem)
            if weight is None and stem in acronyms:
                return UNSEEN_ACRONYM_WEIGHT
            return weight

        return Query.of(text, idf, self._spelling)

    def knows_word(self, word: str) -> bool:
        """Whether some passage holds this word (after stemming)."""
        stems = terms(word)
        return bool(stems) and self._lexical.idf(stems[0]) is not None

    def _spelling(self, stem: str) -> str:
        """The stem itself when some passage has it, else the one stem one edit away."""
        if len(stem) < 3 or self._lexical.idf(stem) is not None:
            return stem
        if stem not in self._corrections:
            from rapidfuzz import process
            from rapidfuzz.distance import Levenshtein

            if self._vocabulary is None:
                self._vocabulary = self._lexical.vocabulary()
            near = process.extract(
                stem, self._vocabulary, scorer=Levenshtein.distance, score_cutoff=1, limit=20
            )
            # Among spellings one edit away, the most common in the archive (lowest idf).
            best = min(near, key=lambda n: (self._lexical.idf(n[0]) or 99.0, n[0]), default=None)
            self._corrections[stem] = best[0] if best else stem
        return self._corrections[stem]

    def person(self, name: str) -> str:
        known = self._canonical.get(name)
        if known is not None:
            return known
        return self.aliases.canonical(name) or name

    def _sentence(self, key: SentenceKey) -> tuple[str, str]:
        """A sentence's text and kind, from its facts or else from its passage."""
        facts = self.by_sentence.get(key)
        if facts:
            return facts[0].quote, facts[0].source_kind
        pos = self.position.get(key)
        if pos is None:
            return "", "body"
        return self.passages[pos].text, self.passages[pos].kind

    def quote(self, key: SentenceKey) -> str:
        return self._sentence(key)[0]

    def sentence_terms(self, key: SentenceKey) -> frozenset[str]:
        cached = self._terms.get(key)
        if cached is None:
            cached = frozenset(terms(self.quote(key)))
            self._terms[key] = cached
        return cached

    def lexical_candidates(self, query: Query, limit: int = 300) -> list[SentenceKey]:
        """Sentences sharing words with the query, most relevant first (BM25)."""
        if not query.groups or not self.passages:
            return []
        scores = self._lexical.scores(query.text)
        hits = np.nonzero(scores > 0)[0]
        if len(hits) > limit:
            hits = hits[np.argsort(-scores[hits], kind="stable")[:limit]]
        return self.passages.keys(hits)

    def sentences_with(self, people: Iterable[str]) -> list[SentenceKey]:
        return list(dict.fromkeys(k for p in people for k in self.sentences_of[p]))

    def kind_of(self, key: SentenceKey) -> str:
        return self._sentence(key)[1]

    def score(self, key: SentenceKey, query: Query, people: Iterable[str] = ()) -> float:
        """Relevance of a sentence: word coverage, plus the question's people named in it."""
        people = list(people)
        value = COVERAGE_WEIGHT * query.coverage(self.sentence_terms(key)) if query.groups else 0.0
        named = self.people_in.get(key, set())
        for person in people:
            if person in named or fold(person.split()[-1]) in fold(self.quote(key)):
                value += 1.0
            elif person in self.people_in_article.get(key[0], set()):
                value += 0.25
        return value * KIND_WEIGHT.get(self.kind_of(key), 1.0)

    def item(self, fact: Fact, **extra: object) -> Item:
        """A tool result for a fact, carrying its source sentence."""
        data: dict[str, object] = {
            "kind": fact.kind,
            "text": fact.text,
            "value": fact.value,
            "article_id": fact.article_id,
            "quote": fact.quote,
        }
        if fact.kind == "figure":
            data.update(
                value=fact.number,
                unit=fact.unit,
                approx=fact.approx,
                subject=fact.subject,
                period=fact.period,
            )
        if fact.kind == "date":
            data["inferred"] = fact.inferred
        if fact.source_kind in ("related", "caption"):
            data["source_kind"] = fact.source_kind
        data.update(extra)
        return Item(**data)  # type: ignore[arg-type]

    def cite(self, article_id: str, sentence: int, quote: str, kind: str | None = None) -> Source:
        pos = self.position.get((article_id, sentence))
        passage = self.passages[pos] if pos is not None else None
        if passage is not None and passage.text != quote:
            passage = None  # a teaser cited under another page: no offsets here
        return Source(
            article_id=article_id,
            title=self.titles.get(article_id, passage.title if passage else article_id),
            quote=quote,
            kind=passage.kind if passage else (kind or "body"),
            start=passage.start if passage else None,
            end=passage.end if passage else None,
            sentence=sentence if passage else None,
            published=self.published.get(article_id),
        )

    def cite_fact(self, fact: Fact) -> Source:
        return self.cite(fact.article_id, fact.sentence, fact.quote, fact.source_kind)


def dedupe(facts: Iterable[Fact]) -> list[Fact]:
    """One fact per (kind, value, quote): a lead repeated in the body counts once."""
    seen: set[tuple[str, str, str]] = set()
    folded: dict[str, str] = {}  # many facts share a sentence: fold each once
    out = []
    for f in facts:
        text = folded.get(f.quote)
        if text is None:
            text = folded[f.quote] = _NON_WORDS.sub(" ", f.quote.casefold())
        key = (f.kind, f.value, text)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def person_words(tallies: Tallies) -> frozenset[str]:
    """Folded words NER labels as part of a person more often than as anything else
    (« Nordvik » in « Nordvik Semitronics » is mostly an organisation)."""
    other = tallies.other
    return frozenset(w for w, n in tallies.person.items() if n > other.get(w, 0))


def name_words(tallies: Tallies) -> frozenset[str]:
    """Folded words the articles write capitalised inside a sentence at least twice as
    often as not: names, which a question may type in lower case."""
    lower = tallies.lower
    return frozenset(w for w, n in tallies.capitalised.items() if n >= 2 * lower.get(w, 0))


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Lookup(Generic[K, V]):
    """An index of the snapshot read from its files as asked for, with the answers kept
    (up to `limit`, then forgotten at once): a process holds what its questions touched.
    Reads like the dicts it replaces: `[key]` gives the (maybe empty) value, `get` the
    default for an empty one."""

    def __init__(self, load: Callable[[K], V], limit: int = 1_000, keep: bool = True) -> None:
        self._load = load
        self._limit = limit if keep else 0
        self._kept: dict[K, V] = {}

    def __getitem__(self, key: K) -> V:
        try:
            return self._kept[key]
        except KeyError:
            pass
        value = self._load(key)
        if not self._limit:
            return value
        if len(self._kept) >= self._limit:
            self._kept.clear()
        self._kept[key] = value
        return value

    def get(self, key: K, default: Any = None) -> Any:
        value = self[key]
        return default if _absent(value) else value

    def __contains__(self, key: K) -> bool:
        return not _absent(self[key])


def _absent(value: object) -> bool:
    """None or an empty collection: what the dicts replaced had no entry for (a
    position 0 is there)."""
    return value is None or (not isinstance(value, int) and not value)


@dataclass(frozen=True)
class _Vocabulary:
    """What the archive says of each name and place, one entry per name (not per fact):
    built once per snapshot and cached with it."""

    canonical: dict[str, str]
    forms: dict[str, tuple[str, ...]]
    nationalities: dict[str, set[str]]
    prominence: dict[str, float]
    acronyms: dict[str, Fact]
    places: dict[str, str]

    @classmethod
    def of(cls, tallies: Tallies, facts: FactTable, aliases: AliasIndex) -> _Vocabulary:
        names = sorted(tallies.names)  # (sorted: the same whatever order articles came in)
        canonical = {n: aliases.canonical(n) or n for n in names}
        forms: dict[str, list[str]] = defaultdict(list)
        for name, person in canonical.items():
            forms[person].append(name)
        # How prominent each person is: mentions in article text count more than teasers.
        prominence: dict[str, float] = defaultdict(float)
        for (name, kind), n in sorted(tallies.mentions.items()):
            person = canonical.get(name) or aliases.canonical(name) or name
            prominence[person] += n * KIND_WEIGHT.get(kind, 1.0)
        nationalities: dict[str, set[str]] = defaultdict(set)
        for name, nationality in sorted(tallies.nationalities):
            nationalities[canonical.get(name) or aliases.canonical(name) or name].add(nationality)
        # Acronyms as the articles define them, article text before teasers.
        acronyms: dict[str, Fact] = {}
        for f in sorted(
            facts.iter_kind("acronym"), key=lambda f: -KIND_WEIGHT.get(f.source_kind, 1.0)
        ):
            acronyms.setdefault(f.text.upper(), f)
        # Each place as its first mention writes it.
        places = {place: form for place, (_, form) in sorted(tallies.first_place.items())}
        return cls(
            canonical,
            {person: tuple(names) for person, names in forms.items()},
            dict(nationalities),
            dict(prominence),
            acronyms,
            places,
        )
