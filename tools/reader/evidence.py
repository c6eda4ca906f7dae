"""Where a question's words stand in a candidate sentence, and what its context adds.

A sentence is read with its article's title and lead (what the sentence is about)
and the sentence before it (what its pronouns refer to); each question term is found
in the sentence's tokens when possible, so the reader knows which token it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from text_to_num import text2num

from store.analysis import SentenceAnalysis
from store.search import terms
from store.text import fold
from tools.question import Question, Term
from tools.reader import weights as W
from tools.reader.weights import CONTEXT_SHARE, MATCH_QUALITY, PREVIOUS_SHARE

SentenceKey = tuple[str, int]


@dataclass(frozen=True)
class TermMatch:
    """One question term and where it was found: `tokens` of the sentence, or only in
    its context ("context", "previous"), or nowhere (None)."""

    term: Term
    tokens: tuple[int, ...]
    where: str | None
    quality: float = 1.0  # 1 for the question's own word, less for a synonym or a near form


@dataclass(frozen=True)
class Evidence:
    """A candidate sentence read against the question."""

    key: SentenceKey
    text: str
    kind: str
    analysis: SentenceAnalysis | None
    matches: tuple[TermMatch, ...]
    coverage: float
    retrieval: float
    # Near the conversation's focus (a follow-up's last answer): a preference, no evidence.
    focus: float = 0.0

    def tokens_of(self, kinds: tuple[str, ...] = ("word", "focus", "name")) -> set[int]:
        return {i for m in self.matches if m.term.kind in kinds for i in m.tokens}

    def missing(self) -> list[Term]:
        """Constraint terms found neither in the sentence nor its context."""
        return [m.term for m in self.matches if m.term.kind != "word" and m.where is None]

    @property
    def question_tokens(self) -> set[int]:
        """Every token of the sentence that repeats a word of the question."""
        return {i for m in self.matches for i in m.tokens}


@lru_cache(maxsize=65536)
def word_stems(word: str) -> tuple[str, ...]:
    """The stems of one written word; a hyphenated word has one per part."""
    return tuple(terms(word))


def word_stem(word: str) -> str:
    stems = word_stems(word)
    return stems[0] if stems else ""


@dataclass(frozen=True)
class WordTable:
    """The words of a text as the reader matches them, computed once per text: each
    word's folded hyphen parts and stems, and where each stem stands."""

    words: tuple[str, ...]
    parts: tuple[tuple[str, ...], ...]
    at: dict[str, tuple[int, ...]]
    long: dict[str, tuple[str, ...]] = field(default_factory=dict)  # 4-letter prefix → stems
    compound: frozenset[int] = frozenset()  # tokens that are one part of a hyphenated word
    verbs: tuple[int, ...] = ()  # tokens the parser tagged as verbs

    @classmethod
    def of(
        cls,
        words: list[str],
        glued: list[bool] | None = None,
        verbs: tuple[int, ...] = (),
        lemmas: Mapping[str, str] | None = None,
    ) -> WordTable:
        """`glued[i]`: token i touches token i + 1 (no space between them); `lemmas`:
        irregular forms → their lemma's stem (« obtint » stands also at « obten »)."""
        parts = tuple(tuple(p for p in fold(w).split("-") if p) for w in words)
        at: dict[str, list[int]] = {}
        for i, w in enumerate(words):
            stems = word_stems(w)
            for stem in stems:
                at.setdefault(stem, []).append(i)
            if lemmas and (lemma := lemmas.get(fold(w))) and lemma not in stems:
                at.setdefault(lemma, []).append(i)
            if "-" in w or "&" in w:  # a compound as a whole: « vice-ministre », « R&D »
                at.setdefault(WHOLE + fold(w), []).append(i)
        compound: set[int] = set()
        if glued:
            # The parser's tokens split « vice-président » in three: join them back.
            i = 0
            while i < len(words):
                j = i
                while j + 2 < len(words) and glued[j] and glued[j + 1] and words[j + 1] in "-&":
                    j += 2
                if j > i:
                    whole = WHOLE + fold("".join(words[i : j + 1]))
                    for k in range(i, j + 1):
                        at.setdefault(whole, []).append(k)
                        compound.add(k)
                i = j + 1
        long: dict[str, list[str]] = {}
        for key in at:
            if len(key) >= 4 and not key.startswith(WHOLE):
                long.setdefault(key[:4], []).append(key)
        return cls(
            tuple(words),
            parts,
            {k: tuple(v) for k, v in at.items()},
            {k: tuple(v) for k, v in long.items()},
            frozenset(compound),
            verbs,
        )


EMPTY = WordTable((), (), {}, {})
# Key prefix of a compound word indexed whole.
WHOLE = "="


def _fuzzy_positions(term: Term, table: WordTable) -> list[int]:
    """A name typed one letter off (« Mesier », « Strutthof »)."""
    if term.kind != "name" or term.known or len(term.word) < 5:
        return []
    limit = 1 if len(term.word) < 8 else 2
    size = len(term.word)
    return [
        i
        for i, parts in enumerate(table.parts)
        if any(
            abs(len(p) - size) <= limit
            and Levenshtein.distance(p, term.word, score_cutoff=limit) <= limit
            for p in parts
        )
    ]


@lru_cache(maxsize=8192)
def _spelled(word: str) -> str | None:
    """The digits of a number written in words (« cinq » → "5"), else None."""
    if not word.isalpha() and "-" not in word:
        return None
    try:
        return str(text2num(word.lower(), "fr"))
    except ValueError:
        return None


def _same_family(a: str, b: str) -> bool:
    """Two stems of one word family the stemmer left apart: a long shared prefix
    (« copreside », « copresident »), or one letter more (« entr », « entre »)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if not long.startswith(short):
        return False
    return len(short) >= 6 or (len(short) >= 4 and len(long) - len(short) <= 1)


def term_in_words(term: Term, words: list[str] | WordTable) -> list[int]:
    """Positions of the words (as written) that the term matches."""
    return match_term(term, words)[0]


Similar = Callable[[str, str], float]


def match_term(
    term: Term, words: list[str] | WordTable, similar: Similar | None = None
) -> tuple[list[int], float]:
    """Where the term stands among the words, and how well it matches: the question's
    own word counts fully, a synonym, a near form, a typo or a verb of close meaning
    less (weights.MATCH_QUALITY)."""
    table = words if isinstance(words, WordTable) else WordTable.of(words)
    if term.kind == "year" and len(term.word) == 3:
        # a decade (« les années 1880 »): any year of it
        decade = [
            i
            for i, w in enumerate(table.words)
            if len(w) == 4 and w.isdigit() and w.startswith(term.word)
        ]
        return decade, 1.0
    if term.kind in ("year", "number") or term.word.isdigit():
        digits = [
            i
            for i, w in enumerate(table.words)
            if w.replace(".", "").replace("\u202f", "") == term.word
            or (term.kind == "number" and _spelled(w) == term.word)
        ]
        return digits, 1.0
    if term.word.startswith(WHOLE):
        return sorted({i for stem in term.stems for i in table.at.get(stem, ())}), 1.0
    quality = 1.0
    found: set[int] = set()
    if term.root and term.root in table.at:
        found.update(table.at[term.root])
    if term.kind == "word" and (written := _spelled(term.word)) is not None:
        # « deux grands prix » in the question, « 2 victoires » in the sentence
        found.update(i for i, w in enumerate(table.words) if w == written)
    if term.lemma and term.lemma in table.at:  # « obtenu » and « obtint »: one verb
        found.update(table.at[term.lemma])
    for stem in term.stems:
        if stem != term.root and stem in table.at:
            if not found and term.root:  # a term with no root is all its forms
                quality = MATCH_QUALITY["synonym"]
            found.update(table.at[stem])
    if not found and term.weak:
        for stem in term.weak:
            found.update(table.at.get(stem, ()))
        quality = MATCH_QUALITY["form"]
    if not found and table.long and term.kind in ("word", "focus"):
        # "copreside" and "copresident" stem differently: one word family.
        for own in term.stems:
            if len(own) < 4:
                continue
            for stem in table.long.get(own[:4], ()):
                if _same_family(own, stem):
                    found.update(table.at[stem])
                    quality = MATCH_QUALITY["family"]
    if term.kind == "focus":
        # The noun the answer hangs on must be that noun, not part of a compound of
        # it: « président » is not « vice-président ».
        kept = [i for i in found if i not in table.compound and "-" not in table.words[i]]
        return sorted(kept), quality
    if not found and (near := _fuzzy_positions(term, table)):
        found.update(near)
        quality = MATCH_QUALITY["typo"]
    if not found and term.phrase:
        # « RDV » stands for « République démocratique du Vietnam »: all its words there.
        if all(s in table.at for s in term.phrase):
            found = {table.at[s][0] for s in term.phrase}
            quality = MATCH_QUALITY["expansion"]
    if not found and similar is not None and term.kind == "word" and table.verbs:
        # « saccagé » for « ravagés », « créé » for « fondé »: a verb whose word vector is
        # very close. Verbs only: close nouns are often different things (« ministre »,
        # « président »).
        word = term.written or term.word
        best = max(table.verbs, key=lambda i: similar(word, table.words[i]))
        if similar(word, table.words[best]) >= W.VERB_SIMILARITY:
            found = {best}
            quality = MATCH_QUALITY["similar"]
    return sorted(found), quality


def glued_tokens(analysis: SentenceAnalysis | None) -> list[bool] | None:
    """For each token, whether the next one follows it with no space."""
    if analysis is None:
        return None
    return [
        i + 1 < len(analysis) and analysis.ends[i] == analysis.starts[i + 1]
        for i in range(len(analysis))
    ]


def sentence_words(text: str, analysis: SentenceAnalysis | None) -> list[str]:
    """The sentence's tokens as written (the parse's tokens when there is one)."""
    if analysis is not None:
        return [text[s:e] for s, e in zip(analysis.starts, analysis.ends, strict=True)]
    return text.split()


def read_evidence(
    question: Question,
    key: SentenceKey,
    text: str,
    kind: str,
    analysis: SentenceAnalysis | None,
    sentence: WordTable,
    context: WordTable,
    previous: WordTable,
    retrieval: float,
    similar: Similar | None = None,
    related: Related | None = None,
) -> Evidence:
    """Match every term of the question in the sentence, else in its context.
    `related(stem)` gives a word's synonyms (for a sentence naming again, in other
    words, what the sentence before named)."""
    matches: list[TermMatch] = []
    hit = total = 0.0
    continues = _continues(question, sentence, previous, related)
    for term in question.terms:
        total += term.weight
        tokens, quality = match_term(term, sentence, similar)
        if tokens:
            matches.append(TermMatch(term, tuple(tokens), "sentence", quality))
            hit += quality * term.weight
            continue
        if term.kind == "year":
            # A sentence that gives no year of its own is still in the time the one
            # before set (« Durant les années 1880, … . Ce catalogue fut compilé… »).
            found, _ = match_term(term, previous) if not _gives_a_year(sentence) else ([], 1.0)
            if found:
                matches.append(TermMatch(term, (), "previous", 1.0))
                hit += PREVIOUS_SHARE * term.weight
            else:
                matches.append(TermMatch(term, (), None))
            continue
        found, quality = match_term(term, context)
        if found:
            matches.append(TermMatch(term, (), "context", quality))
            hit += CONTEXT_SHARE * quality * term.weight
            continue
        # The sentence before explains a pronoun, not a name or place the question
        # insists on: those come from the sentence or what its article is about — unless
        # the sentence opens on the very thing the question asks about, named there
        # (« …l'ouverture de la ligne Lorvaneck – Marsk. La liaison sera
        # inaugurée le 15 décembre »).
        from_before = term.kind in ("word", "focus") or (continues and term.kind == "name")
        found, quality = match_term(term, previous) if from_before else ([], 1.0)
        if found:
            matches.append(TermMatch(term, (), "previous", quality))
            hit += PREVIOUS_SHARE * quality * term.weight
        else:
            matches.append(TermMatch(term, (), None))
    coverage = hit / total if total else 0.0
    return Evidence(key, text, kind, analysis, tuple(matches), coverage, retrieval)


Related = Callable[[str], frozenset[str]]
_OPENINGS = frozenset({"le", "la", "les", "l", "ce", "cet", "cette", "ces"})
_PRONOUNS = frozenset({"il", "elle", "ils", "elles"})
_POSSESSIVES = frozenset({"son", "sa", "ses", "leur", "leurs"})


def _continues(
    question: Question,
    sentence: WordTable,
    previous: WordTable | None = None,
    related: Related | None = None,
) -> bool:
    """The sentence opens on a noun of the question after a definite or demonstrative
    article (« La liaison sera… », « Ces territoires… »), or on a noun the sentence
    before wrote too, or a synonym of it (« …la ligne Lorvaneck – Marsk.
    La liaison sera inaugurée… »): it goes on about the thing the sentence before named."""
    first = fold(sentence.words[0]).rstrip("'’") if sentence.words else ""
    if first in _PRONOUNS:
        return True  # « Il accueille 1.600 véhicules par jour »: the one just named
    if first in _POSSESSIVES and len(sentence.words) > 1 and sentence.words[1][:1].islower():
        return True  # « Sa présidence dure jusqu'en 1911 »: the one just named's
    if len(sentence.words) < 2 or first not in _OPENINGS:
        return False
    for t in question.terms:
        if t.kind in ("word", "focus"):
            found, quality = match_term(t, sentence)
            if 1 in found and quality >= MATCH_QUALITY["synonym"]:
                return True
    noun = sentence.words[1]
    if previous is None or related is None or not noun[:1].islower():
        return False
    stems = set(_stems_of(noun))
    for stem in list(stems):
        stems |= related(stem)
    return any(stem in previous.at for stem in stems)


@lru_cache(maxsize=8192)
def _stems_of(word: str) -> tuple[str, ...]:
    return tuple(terms(word))


def _gives_a_year(table: WordTable) -> bool:
    return any(len(w) == 4 and w.isdigit() for w in table.words)


_SHARE = {"sentence": 1.0, "context": CONTEXT_SHARE, "previous": PREVIOUS_SHARE}


def met_at(evidence: Evidence, terms_: set[str], tokens: tuple[int, ...]) -> Evidence:
    """The evidence with these question terms met at these tokens of the sentence (a
    life span « X (1714-1791) » says X's birth and death without the words)."""
    matches = tuple(
        TermMatch(m.term, tokens, "sentence", 1.0)
        if m.term.word in terms_ and m.where != "sentence"
        else m
        for m in evidence.matches
    )
    total = sum(m.term.weight for m in matches)
    hit = sum(m.term.weight * m.quality * _SHARE.get(m.where or "", 0.0) for m in matches)
    return replace(evidence, matches=matches, coverage=hit / total if total else 0.0)
