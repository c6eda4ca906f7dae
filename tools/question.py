"""A question read once: what it asks for, about what, and what an answer must meet.

`read_question` turns the text into a `Question` without any language model: the
question word gives the expected answer type (data/question.yaml), the archive's own
vocabulary says which words are names (a word the articles capitalise is a name even
typed in lower case), and every name, place, nationality, year and counted noun the
question states becomes a constraint the reader must verify.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol

from store.extract.dates import find_dates, year_span
from store.extract.figures import find_figures
from store.nationalities import (
    country_of,
    country_of_nationality,
    inflections,
    nationality_of,
    nationality_of_country,
)
from store.search import terms
from store.text import normalise
from store.yamlfile import read_yaml

AnswerType = Literal["date", "number", "person", "place", "expansion", "role", "thing"]
TermKind = Literal["word", "name", "year", "number", "nationality", "focus"]

DATA = Path(__file__).parent / "data"
# A capitalised word at least this frequent in French (wordfreq Zipf) is a common noun
# written with a capital (« Premier ministre », « Parlement »), not a proper name.
COMMON_CAPITAL_ZIPF = 4.5
# Key prefix of a compound word matched whole (tools.reader.evidence indexes them so).
WHOLE = "="
# The weight of an acronym no passage contains (a word of ordinary rarity is about 3).
UNSEEN_ACRONYM_WEIGHT = 1.0
_WORD = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:[-'&][^\W_]+)*", re.UNICODE)
_DECIMAL = re.compile(r"\d+(?:[.,]\d+)+")
_CAPITALISED = re.compile(r"^[A-ZÀ-ÖØ-ÞĐ]")
# The pronoun of an inverted verb (« rejoint-t-elle », « a-t-il ») is no content word.
_INVERSION = re.compile(r"(?:-t)?-(?:il|elle|ils|elles|on|je|tu|nous|vous|ce)$", re.IGNORECASE)
# « né » folds to the negation « ne », which every index drops: say what it means.
_BORN = re.compile(r"^(?:nee?s?|naquit|naitre)$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,7}\+?$")
_EN_MARKERS = frozenset(
    "the what when who whom how was were is are did does of between with much many which "
    "happened worth his her their and about has have hello hi hey thanks thank bye goodbye "
    "please help where will".split()
)
_FR_MARKERS = frozenset(
    "le la les de du des quel quelle quels quelles quand qui est et en que combien ont "
    "il elle avec au aux une un sont etait pour sur dans ete bonjour salut merci "
    "bonsoir revoir aide ou ce".split()
)


@dataclass(frozen=True)
class Term:
    """One content word of the question: its stems (with synonyms), its weight in this
    archive (BM25 idf) and what kind of constraint it is."""

    word: str
    stems: frozenset[str]
    weight: float
    kind: TermKind = "word"
    # An acronym the archive defines also matches the words of its expansion.
    phrase: tuple[str, ...] = ()
    # Whether some passage has this stem; an unknown name is matched one letter off.
    known: bool = True
    # Carried over from an earlier turn: context of the question, not its own words.
    inherited: bool = False
    # The question's own stem (the others in `stems` are its synonyms'); "" for terms
    # that are only their stems.
    root: str = ""
    # As written, accents kept (« créé » and « cree » are different words to a vector).
    written: str = ""
    # Stems that meet the term less well: the adjective of a country named (« russes »
    # for « Russie »), the country of a nationality asked.
    weak: frozenset[str] = frozenset()
    # Written after a preposition of place (« au Vietnam », "in Vietnam"): where the
    # question's event happens, not who does it.
    locative: bool = False
    # The stem of its lemma when the stemmer misses it (« obtenu » → « obten »,
    # « naquit » → « naitr »): the same word, inflected otherwise.
    lemma: str = ""


def _term_state(term: Term) -> dict[str, Any]:
    """A term as plain JSON: sets sorted, tuples as lists."""
    out: dict[str, Any] = {}
    for f in fields(term):
        value = getattr(term, f.name)
        out[f.name] = (
            sorted(value)
            if isinstance(value, frozenset)
            else (list(value) if isinstance(value, tuple) else value)
        )
    return out


def _term_of_state(data: dict[str, Any]) -> Term:
    """The term `_term_state` wrote; a field an older session lacks keeps its default."""
    kinds = {f.name: f.type for f in fields(Term)}
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name not in kinds:
            continue
        kind = str(kinds[name])
        if kind.startswith("frozenset"):
            value = frozenset(value)
        elif kind.startswith("tuple"):
            value = tuple(value)
        elif kind == "float":
            value = float(value)
        values[name] = value
    return Term(**values)


@dataclass(frozen=True)
class Question:
    """Everything the router and the reader need to know about one question."""

    text: str
    folded: str
    lang: str
    expected: AnswerType | None
    cue: str | None = None
    focus: str | None = None
    dimension: str | None = None
    terms: tuple[Term, ...] = ()
    names: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    preposition: str | None = None
    asks_object: bool = False
    # « Qui l'a reçu ? », « Qui les a accueillis ? »: an object clitic stands for who the
    # dialogue is about, so the answer is the verb's subject, never its object.
    object_clitic: bool = False
    passive: bool = False
    list_answer: bool = False
    acronym: str | None = None
    noun: str | None = None
    # « qui les a apportées »: it points back to something it does not name.
    anaphoric: bool = False
    # A follow-up's discourse focus: the sentence (article id, index) the last answer
    # came from; the reader looks around it first.
    anchor: tuple[str, int] | None = None
    # The figures the question states itself (« les 9,7 % d'audience »): no answer.
    numbers: tuple[float, ...] = ()
    # « Quels présidents russes… », "Which Russian presidents…": the nationality the
    # people asked for have (the focus noun's own adjective), masculine singular.
    focus_nationality: str | None = None
    # « Quand débute… », « Quand cesse-t-il… »: whether the date asked is a beginning
    # ("start") or an end ("end").
    phase: str | None = None
    # A date question about a birth or a death, and the question's words that say it.
    life: str | None = None
    life_words: tuple[str, ...] = ()
    inherited: tuple[str, ...] = field(default=(), compare=False)

    @property
    def words(self) -> str:
        """The content words as text (what a BM25 query is made of)."""
        return " ".join(t.word for t in self.terms)

    def year_spans(self) -> list[tuple[int, int]]:
        """The first and last year of each year the question gives (a decade, « les
        années 1880 », is 1880–1889)."""
        return [span for y in self.years if (span := year_span(y)) is not None]

    def constraints(self) -> tuple[Term, ...]:
        """The terms an answer must meet: names, years, numbers, nationalities, focus."""
        return tuple(t for t in self.terms if t.kind != "word")

    def with_terms(self, extra: tuple[Term, ...], note: str) -> Question:
        """This question with terms carried over from an earlier turn."""
        known = {t.word for t in self.terms}
        added = tuple(replace(t, inherited=True) for t in extra if t.word not in known)
        return replace(self, terms=self.terms + added, inherited=(*self.inherited, note))

    def retyped(self, kind: AnswerType) -> Question:
        """The question asked of a tool that answers `kind` (the router or an API caller
        chose that tool): its focus noun is read again for that type."""
        if kind == self.expected:
            return self
        focus, dimension = _focus(self.folded, kind, self.noun, self.lang)
        terms_ = tuple(
            replace(t, kind="focus")
            if focus is not None and t.word == focus and t.kind in ("word", "nationality")
            else replace(t, kind="word")
            if t.kind == "focus" and t.word != focus
            else t
            for t in self.terms
        )
        return replace(self, expected=kind, focus=focus, dimension=dimension, terms=terms_)

    def with_people(self, people: dict[str, frozenset[str]]) -> Question:
        """The question with each known person it names as one name term met by any of
        that person's names in the archive (« Vladimir Poutine » by « V. Poutine » or
        « Putin »), instead of one term per word of the name as typed."""
        terms_ = list(self.terms)
        for name, stems in people.items():
            if not stems:
                continue  # no name part of its own: matched word by word, as typed
            parts = {p for w in re.split(r"[\s'-]+", name) for p in terms(w)}
            mine = [t for t in terms_ if t.kind == "name" and t.stems & (stems | parts)]
            if not mine:
                continue
            weight = sum(t.weight for t in mine)  # a full name weighs as its words
            terms_ = [t for t in terms_ if t not in mine]
            terms_.append(Term(normalise(name), stems, weight, "name"))
        return replace(self, terms=tuple(terms_))

    def with_person(self, name: str, stems: frozenset[str] = frozenset()) -> Question:
        """The question with a person it refers to by a pronoun (« Qui a-t-il reçu ? »),
        met by any of `stems` (the person's names in the archive) when given."""
        if stems:
            extra: tuple[Term, ...] = (Term(normalise(name), stems, 3.0, "name"),)
        else:
            extra = tuple(
                Term(normalise(part), frozenset(terms(part)), 3.0, "name")
                for part in re.split(r"[\s'-]+", name)
                if terms(part)
            )
        return replace(self.with_terms(extra, f"pronoun: {name}"), anaphoric=False)

    def to_state(self) -> dict[str, Any]:
        """Plain JSON for the session's memory."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["terms"] = [_term_state(t) for t in self.terms]
        for name in (
            "names",
            "years",
            "dates",
            "nationalities",
            "countries",
            "inherited",
            "numbers",
            "life_words",
        ):
            data[name] = list(data[name])
        data["anchor"] = list(self.anchor) if self.anchor else None
        return data

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> Question:
        known = {f.name for f in fields(cls)}
        fields_ = {k: v for k, v in data.items() if k in known}  # a field since dropped
        fields_["terms"] = tuple(_term_of_state(t) for t in data.get("terms", []))
        for name in (
            "names",
            "years",
            "dates",
            "nationalities",
            "countries",
            "inherited",
            "life_words",
        ):
            fields_[name] = tuple(data.get(name, ()))
        fields_["numbers"] = tuple(float(n) for n in data.get("numbers", ()))
        if fields_.get("anchor") is not None:
            fields_["anchor"] = (str(fields_["anchor"][0]), int(fields_["anchor"][1]))
        return cls(**fields_)

    def follow_up(self, before: Question) -> Question:
        """This question read as a follow-up of `before` (« Et en 2017 ? », « Quand ? »,
        « Et côté coréen ? »): what it states replaces the same kind of constraint of the
        turn before, the rest is kept; new subject words replace the old ones."""
        mine = {t.kind for t in self.terms}
        subject = any(t.kind in ("word", "focus") for t in self.terms)
        kept = []
        for t in before.terms:
            if t.kind in ("word", "focus"):
                if subject:
                    continue
            elif t.kind in mine or (
                t.kind in ("name", "nationality") and mine & {"name", "nationality"} and not subject
            ):
                continue
            kept.append(t)
        expected = self.expected if self.expected not in (None, "thing") else before.expected
        same = expected == before.expected
        merged = replace(
            self,
            anaphoric=False,
            expected=expected,
            cue=self.cue or before.cue,
            focus=self.focus or (before.focus if same and not subject else None),
            dimension=self.dimension or (before.dimension if same and not subject else None),
            terms=self.terms
            + tuple(
                replace(t, inherited=True)
                for t in kept
                if t.stems not in {x.stems for x in self.terms}
            ),
            inherited=(*self.inherited, before.text),
        )
        return replace(
            merged,
            names=tuple(
                dict.fromkeys((*self.names, *(n for n in before.names if _kept_name(n, merged))))
            ),
            years=tuple(t.word for t in merged.terms if t.kind == "year"),
            nationalities=tuple(t.word for t in merged.terms if t.kind == "nationality"),
        )

    def describe(self) -> dict[str, Any]:
        """The question as read, for `assistant explain`."""
        return {
            "expected": self.expected,
            "cue": self.cue,
            "focus": self.focus,
            "dimension": self.dimension,
            "constraints": [f"{t.kind}:{t.word}" for t in self.constraints()],
            "words": [t.word for t in self.terms if t.kind == "word"],
            "asks_object": self.asks_object,
            "object_clitic": self.object_clitic,
            "preposition": self.preposition,
            "passive": self.passive,
            "list": self.list_answer,
            "inherited": list(self.inherited),
        }


def _compounds(
    raw: list[tuple[str, int]], focus: str | None, skip: frozenset[str], lexicon: Lexicon
) -> list[Term]:
    """Compound words kept whole beside their parts: « R&D » (no part is a word) and a
    hyphenated focus noun (« vice-ministre » must not be met by « vice-Premier ministre »)."""
    out = []
    for word, _ in raw:
        folded = normalise(word).replace(" ", "")
        if "&" in word:
            out.append(Term(WHOLE + folded, frozenset({WHOLE + folded}), 3.0, "name"))
        elif "-" in word and focus is not None and normalise(word) == focus:
            out.append(Term(WHOLE + folded, frozenset({WHOLE + folded}), 2.0, "focus"))
    return out


def _nationality_stems(adjective: str) -> frozenset[str]:
    """Every form of a nationality adjective."""
    return frozenset(s for form in inflections(adjective) for s in terms(form))


def _country_stems(adjective: str) -> frozenset[str]:
    """The stems of the country a nationality adjective refers to (one-word names)."""
    country = country_of_nationality(adjective)
    return frozenset(terms(country)) if country and len(terms(country)) == 1 else frozenset()


def _kept_name(name: str, question: Question) -> bool:
    words = {t.word for t in question.terms if t.kind == "name"}
    return any(normalise(part) in words for part in re.split(r"[\s'-]+", name) if part)


class Lexicon(Protocol):
    """What the question reader needs to know about the archive."""

    def idf(self, stem: str) -> float | None: ...

    def spell(self, word: str, stem: str) -> str: ...

    def is_name_word(self, folded: str) -> bool: ...

    def expansion(self, acronym: str) -> str | None: ...

    def zipf(self, word: str) -> float: ...

    def lemma(self, folded: str) -> str | None: ...


@dataclass(frozen=True)
class _Rules:
    answer_types: tuple[tuple[AnswerType, str, tuple[re.Pattern[str], ...]], ...]
    list_patterns: tuple[re.Pattern[str], ...]
    noun_types: dict[str, AnswerType]
    dimension_nouns: dict[str, str]
    question_words: frozenset[str]
    passive_aux: re.Pattern[str]
    english: dict[str, str]
    amount_verbs: frozenset[str]
    life_events: dict[str, str]  # folded word → "birth" | "death"
    prenominal: frozenset[str]  # adjectives written before their noun
    phases: dict[str, str]  # folded word → "start" | "end"
    author_nouns: frozenset[str]  # folded nouns saying who made a work (« auteur »)


@lru_cache(maxsize=1)
def _question_data() -> dict[str, Any]:
    """data/question.yaml, read once for `rules` and `dimensions` alike."""
    data: dict[str, Any] = read_yaml(DATA / "question.yaml")
    return data


@lru_cache(maxsize=1)
def rules() -> _Rules:
    data = _question_data()
    english = read_yaml(DATA / "english.yaml")["words"]
    kinds = tuple(
        (entry["type"], entry["cue"], tuple(re.compile(p) for p in entry["patterns"]))
        for entry in data["answer_types"]
    )
    noun_types = {n: t for t, nouns in data["noun_types"].items() for n in nouns}
    dimensions = {n: name for name, d in data["dimensions"].items() for n in d["nouns"]}
    words = frozenset(w for lang in ("fr", "en") for w in data["question_words"][lang])
    aux = "|".join(re.escape(a) for a in sorted(data["passive_auxiliaries"], key=len, reverse=True))
    return _Rules(
        answer_types=kinds,
        list_patterns=tuple(re.compile(p) for p in data["list_patterns"]),
        noun_types=noun_types,
        dimension_nouns=dimensions,
        question_words=words,
        passive_aux=re.compile(
            rf"^\W*(?:qui|who) (?:{aux}) (?:(?:le|la|les|l|un|une)\s+)?"
            r"(\w+(?:e|es|ee|ees|i|is|ie|ies|it|u|us|ue|ues|ert|erte|int|inte|ed|en))\b"
        ),
        english={normalise(k): v for k, v in english.items()},
        amount_verbs=frozenset(normalise(v) for v in data["amount_verbs"]),
        life_events={normalise(w): e for e, words in data["life_events"].items() for w in words},
        prenominal=frozenset(normalise(w) for w in data["prenominal_adjectives"]),
        phases={normalise(w): p for p, words in data["phases"].items() for w in words},
        author_nouns=frozenset(normalise(w) for w in data["author_nouns"]),
    )


@lru_cache(maxsize=1)
def is_author_noun(folded: str) -> bool:
    """« auteur », « réalisateur »…: a noun saying who made a work, which « <œuvre> de
    <personne> » says without the noun."""
    return folded in rules().author_nouns


def phase_of_word(folded: str) -> str | None:
    """Whether a word (folded) begins something ("start") or ends it ("end")."""
    return rules().phases.get(folded)


@lru_cache(maxsize=1)
def dimensions() -> dict[str, dict[str, Any]]:
    """Each dimension a figure question may ask for, with its nouns, units and kind (read
    once: a figure question asks for it per candidate span). Callers must not mutate it."""
    data: dict[str, dict[str, Any]] = _question_data()["dimensions"]
    return data


# The words that say what a question asks for; one typed a letter off (« temops »,
# « combein ») is read as the word, so the question still says what it asks.
_CUE_WORDS = (
    "quand combien temps quelle quelles quels annee date dates lequel laquelle lesquels "
    "pourquoi comment depuis jusqu where when which many much"
).split()


def _fix_cue_typos(folded: str, zipf: Callable[[str], float]) -> str:
    from rapidfuzz.distance import OSA  # a swap of two letters is one typo

    words = folded.split()
    for i, word in enumerate(words):
        if len(word) < 4 or word in _CUE_WORDS or zipf(word) > 0:
            continue
        close = [c for c in _CUE_WORDS if OSA.distance(word, c, score_cutoff=1) <= 1]
        if len(close) == 1:
            words[i] = close[0]
    return " ".join(words)


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    data: dict[str, str] = read_yaml(DATA / "abbreviations.yaml")["abbreviations"]
    return data


def _expand_abbreviations(text: str, lexicon: Lexicon) -> str:
    """« Qui est le PDG de X ? » as « Qui est le président-directeur général de X ? »:
    articles write general abbreviations in full. One the archive defines itself keeps
    its own meaning (it is matched through the definition instead)."""
    table = _abbreviations()
    if re.search(r"signifi|veut dire|stand for|\bmean", text, re.IGNORECASE):
        return text  # the abbreviation itself is asked about

    def expand(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in table and lexicon.expansion(word) is None:
            return table[word]
        return word

    return re.sub(r"\b[A-Z]{2,4}\b", expand, text)


def detect_language(folded: str) -> str:
    words = folded.split()
    en = sum(w in _EN_MARKERS for w in words)
    fr = sum(w in _FR_MARKERS for w in words)
    return "en" if en > fr else "fr"


def _where_is_or(text: str, folded: str) -> bool:
    """Whether a folded "ou" may be « où »: the question writes « où », or writes no
    accent at all (typed without them)."""
    if "où" in text.lower():
        return True
    return not re.search(r"[à-ÿ]", text.lower())


def answer_type(text: str, folded: str) -> tuple[AnswerType | None, str | None, str | None]:
    """The expected answer type, the cue that says so, and the "quel <nom>" noun."""
    r = rules()
    for kind, cue, patterns in r.answer_types:
        for pattern in patterns:
            match = pattern.search(folded)
            if match is None:
                continue
            if kind == "place" and cue == "ou" and " ou" in f" {match.group(0)}":
                if not _where_is_or(text, folded):
                    continue
            noun = _noun_after_quel(folded)
            if kind == "thing" and noun in r.noun_types:
                return r.noun_types[noun], cue, noun
            return kind, cue, noun
    return None, None, None


_QUEL_NOUN = re.compile(
    r"\b(?:quel|quelle|quels|quelles|which|what)\s+(?:(?:est|sont|etait|etaient|fut|a ete|"
    r"ont ete|was|is|were|are)\s+)?(?:(?:le|la|les|l|un|une|the)\s+)?([a-z][a-z-]+)"
)


def _noun_after_quel(folded: str) -> str | None:
    match = _QUEL_NOUN.search(folded)
    return match.group(1) if match else None


_DURATION = re.compile(
    r"\bcombien de temps\b|\bhow long\b|\bduree\b|"
    r"\bcombien d (?:annees|ans|jours|mois|heures|minutes|semaines|siecles)\b"
)
# An object or subject pronoun standing for something the question does not name
# (« qui les a apportées », « quand l'a-t-il reçu »); « y a-t-il » is no pronoun.
_ANAPHORA = re.compile(
    r"\b(?:l|les|lui|leur|y|en)\s+(?:a|ont|avait|avaient|aura|auront|est|sont)\b(?![ -]t[ -]il)"
    r"|^\W*(?:il|elle|ils|elles)\b"
)
_OBJECT_CLITIC = re.compile(
    r"^\W*qui\s+(?:l|les|la|le)\s+(?:a|ont|avait|avaient|aura|auront)\b(?![ -]t[ -]il)"
)
_ORDINALS = {
    "1er": "premier",
    "1ers": "premiers",
    "1ere": "premiere",
    "1re": "premiere",
    "1eres": "premieres",
    "2e": "deuxieme",
    "2eme": "deuxieme",
    "2nd": "second",
    "2nde": "seconde",
    "3e": "troisieme",
    "3eme": "troisieme",
}
_PLACE_PREPOSITIONS = frozenset({"au", "aux", "en", "a", "dans", "in", "at"})
_COUNTED = re.compile(r"\b(?:combien|how many|how much|nombre|quantite)\s+(?:de |d |of )?(.+)$")
_ROLE_NOUN = re.compile(
    r"^\W*(?:qui|who)\s+(?:est|sont|etait|etaient|fut|serait|a ete|ont ete|avait ete|"
    r"is|was|are|were|has been)\s+(?:(?:le|la|les|l|un|une|the|son|sa|ses|leur)\s+)?(.+)$"
)
# « Qui a été élu… »: a participle after the verb is no role noun.
_PARTICIPLE = re.compile(r"(?:e|es|ee|ees|u|us|ue|ues|i|is|ie|ies|it|ed)$")


def _first_content(words: list[str], skip: frozenset[str]) -> str | None:
    for word in words:
        if word not in skip and not word.isdigit() and len(word) > 1:
            return word
    return None


AMOUNT_VERB_SHARE = 0.25
_EN_AUXILIARIES = frozenset("did do does is are was were has have had will would can".split())
# Words between a number cue and the counted noun that are not the noun.
_COUNT_FILLERS = frozenset(
    "de d des du le la les l y a t il elle ils elles en au aux ont est sont fois temps "
    "premiers premieres derniers dernieres autres nouveaux nouvelles grands grandes of the "
    "were was are is there did do does".split()
)


def _focus(
    folded: str, kind: AnswerType | None, quel_noun: str | None, lang: str
) -> tuple[str | None, str | None]:
    """The noun the answer's type hangs on, and the figure dimension it names."""
    r = rules()
    dims = r.dimension_nouns
    if kind == "number":
        if _DURATION.search(folded):
            return None, "duration"
        if re.search(r"\bpour combien\b(?! de| d)", folded):
            return None, "money"  # « Pour combien X a-t-il acheté… »: a price
        if re.search(r"\b(?:combien de fois|how many times|how often)\b", folded):
            return "fois", None  # how many times: a count of « fois », nothing else
        match = _COUNTED.search(folded)
        if match:
            words = match.group(1).split()
            if lang == "en":
                # "how many Russian projects": English puts the counted noun after its
                # adjectives, with no « de » to mark it.
                # "How much did trade reach": no noun is counted.
                if words and words[0] in _EN_AUXILIARIES:
                    words = []
                # A nationality is an adjective there (« Russian projects »), but a plural
                # one is the people counted ("How many Greeks…" → « grecs »).
                words = [
                    f"{nat}s" if (nat := nationality_of(w[:-1])) and w.endswith("s") else w
                    for w in words
                ]
                words = [r.english.get(w, w) for w in words]
                words = [w for w in words if nationality_of(w) is None or w.endswith("s")]
            noun = _first_content(words, _COUNT_FILLERS | r.question_words | r.prenominal)
            counted = noun is not None and (
                lang == "en"
                or re.search(rf"\b(?:de|d|of) (?:\w+ ){{0,2}}?{re.escape(noun)}\b", match.group(0))
            )
            if noun is not None and noun in dims:
                # « combien d'habitants » counts them; « combien était payé X » only
                # says the dimension
                return (noun if counted else None), dims[noun]
            if counted:
                return noun, None
        for word in folded.split():
            if word in dims:
                # « Combien était payé X ? »: the word says the dimension (money), it is
                # no counted noun a sentence must repeat.
                return None, dims[word]
        return None, None
    if (
        kind in ("person", "thing", "place", "role")
        and quel_noun
        and quel_noun not in ("est", "sont")
    ):
        return quel_noun, None
    if kind == "person":
        match = _ROLE_NOUN.match(folded)
        if match:
            noun = _first_content(match.group(1).split(), r.question_words | r.prenominal)
            if noun is not None and _PARTICIPLE.search(noun) and " ete " in f" {folded} ":
                return None, None
            if noun and (title := re.search(rf"\b{noun} (ministres?)\b", folded)):
                return title.group(1), None  # « le Premier ministre » is a minister
            return noun, None
    return None, None


def read_question(
    text: str, lexicon: Lexicon, synonyms: Callable[[str], frozenset[str]]
) -> Question:
    """Read a question once; every layer below uses this reading."""
    text = _expand_abbreviations(text, lexicon)
    folded = _fix_cue_typos(normalise(text), lexicon.zipf)
    lang = detect_language(folded)
    kind, cue, quel_noun = answer_type(text, folded)
    focus, dimension = _focus(folded, kind, quel_noun, lang)
    r = rules()
    mentions = find_dates(text)
    # The years the question writes inside its dates (« en 2012 », « dans les années
    # 1880 »): a sentence must write them too. (A value's first characters are no year:
    # « 198 » is the 1980s.)
    years = tuple(sorted({y for d in mentions for y in re.findall(r"\b\d{4}\b", d.text)}))
    # « dans les années 1880 » is any year of the decade: its term is the decade's value.
    decades = {
        y: d.value
        for d in mentions
        if re.fullmatch(r"[0-9]{3}", d.value)
        for y in re.findall(r"\b\d{4}\b", d.text)
    }
    dates = tuple(d.value for d in mentions)
    terms_, names, nationalities, countries = _terms(
        text, folded, lang, lexicon, synonyms, focus, years
    )
    if decades:
        terms_ = tuple(
            replace(t, word=decades[t.word], stems=frozenset({decades[t.word]}))
            if t.kind == "year" and t.word in decades
            else t
            for t in terms_
        )
        years = tuple(sorted({decades.get(y, y) for y in years}))
    if kind == "number":
        # « À combien s'est élevé… », « Combien a atteint… »: the verb says only that a
        # figure is asked; a sentence need not repeat it.
        terms_ = tuple(
            replace(t, weight=t.weight * AMOUNT_VERB_SHARE)
            if t.kind == "word" and t.word in rules().amount_verbs
            else t
            for t in terms_
        )
    acronym = next((w for w in _WORD.findall(text) if _ACRONYM.match(w) and len(w) >= 2), None)
    life = {t.word: r.life_events[t.word] for t in terms_ if t.word in r.life_events}
    preposition = None
    prep = re.search(
        r"\b(avec|par|a|pour|chez|de|contre|sur|envers|with|by|to|from|for) (qui|whom)\b", folded
    )
    if prep:
        preposition = {"with": "avec", "by": "par", "to": "a", "from": "de", "for": "pour"}.get(
            prep.group(1), prep.group(1)
        )
    return Question(
        text=text,
        folded=folded,
        lang=lang,
        expected=kind,
        cue=cue,
        focus=focus,
        dimension=dimension,
        terms=terms_,
        names=names,
        years=years,
        dates=dates,
        nationalities=nationalities,
        countries=countries,
        preposition=preposition,
        asks_object=kind == "person" and _asks_object(text, folded, lexicon),
        object_clitic=kind == "person" and bool(_OBJECT_CLITIC.search(folded)),
        passive=kind == "person" and _is_passive(folded),
        list_answer=any(p.search(folded) for p in r.list_patterns),
        acronym=acronym if kind == "expansion" else None,
        noun=quel_noun,
        anaphoric=bool(_ANAPHORA.search(folded)),
        numbers=tuple(f.value for f in find_figures(text, mentions)),
        focus_nationality=_focus_nationality(terms_, focus) if kind == "person" else None,
        phase=next((r.phases[t.word] for t in terms_ if t.word in r.phases), None)
        if kind == "date"
        else None,
        life=next(iter(life.values()), None) if kind == "date" else None,
        life_words=tuple(life) if kind == "date" else (),
    )


def _focus_nationality(terms_: tuple[Term, ...], focus: str | None) -> str | None:
    """The nationality written next to the focus noun (« présidents russes »)."""
    words = [t.word for t in terms_]
    if focus is None or focus not in words:
        return None
    i = words.index(focus)
    for j in (i + 1, i - 1):
        if 0 <= j < len(terms_) and terms_[j].kind == "nationality":
            return nationality_of(terms_[j].word)
    return None


def _is_passive(folded: str) -> bool:
    """« Qui a été élu… », « Qui est nommé… », "Who was elected…": the answer is the
    subject of a passive verb (an article before the word makes it a noun)."""
    match = rules().passive_aux.match(folded)
    if match is None or re.match(r"^\W*\w+ \w+ (le|la|les|l|un|une) ", folded):
        return False
    return match.group(1) not in rules().question_words


def _asks_object(text: str, folded: str, lexicon: Lexicon) -> bool:
    """« Qui X a-t-il rencontré ? », "Whom did X meet?": the question names the subject
    of its verb, so the answer is its object."""
    if re.match(r"^\W*whom\b|^\W*who (did|does|do|will|would|has|have)\b", folded):
        return True
    match = re.match(
        r"^\W*qui (.+?)\b(\w+)-(?:t-)?(il|elle|ils|elles|on)\b", text.lower().replace("’", "'")
    )
    if match is None:
        return False
    between = normalise(match.group(1)).split()
    return bool(between) and between[0] not in ("est", "a", "ont", "sont", "etait", "fut")


def _terms(
    text: str,
    folded: str,
    lang: str,
    lexicon: Lexicon,
    synonyms: Callable[[str], frozenset[str]],
    focus: str | None,
    years: tuple[str, ...],
) -> tuple[tuple[Term, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    r = rules()
    raw = [
        (_INVERSION.sub("", m.group(0)), m.start()) for m in _WORD.finditer(text.replace("’", "'"))
    ]
    # A question that capitalises some word past its first says by itself which words
    # are names; one typed all in lower case is read with the archive's own names.
    trust_case = any(
        _CAPITALISED.match(piece)
        for n, (w, _) in enumerate(raw)
        for k, piece in enumerate(re.split(r"['-]", w))
        if n or k
    )
    out: list[Term] = []
    names: list[str] = []
    run: list[str] = []
    nationalities: list[str] = []
    countries: list[str] = []

    def close_run() -> None:
        if run:
            names.append(" ".join(run))
            run.clear()

    first = True
    locative = False  # the name being read follows a preposition of place
    flat = [
        piece
        for word, _ in raw
        for piece in ([word] if _DECIMAL.fullmatch(word) else re.split(r"['-]", word))
        if piece
    ]
    position = -1
    for word, _start in raw:
        pieces = [word] if _DECIMAL.fullmatch(word) else [p for p in re.split(r"['-]", word) if p]
        for original in pieces:
            position += 1
            # « Thai Nguyen » is a name, not a nationality: a capitalised word next to
            # another capitalised word (the question's first word aside) is part of it.
            before = flat[position - 1] if position > 1 else ""
            after = flat[position + 1] if position + 1 < len(flat) else ""
            in_name = bool(_CAPITALISED.match(original)) and any(
                _CAPITALISED.match(b) for b in (before, after) if b
            )
            part = normalise(original)
            if not part:
                continue
            if not trust_case and not in_name and lexicon.is_name_word(part):
                # typed in lower case (« a thai nguyen »): two neighbours the archive
                # writes capitalised are one name, though one is also a nationality
                in_name = any(
                    (n := normalise(b)) not in r.question_words and lexicon.is_name_word(n)
                    for b in (before, after)
                    if b
                )
            if not run:
                locative = position > 0 and normalise(flat[position - 1]) in _PLACE_PREPOSITIONS
            if lang == "en" and part in r.english:
                part = normalise(r.english[part])
            elif lang == "en" and part.endswith("s") and (nat := nationality_of(part[:-1])):
                part = normalise(f"{nat}s")  # "Greeks" → « grecs »
            elif (
                lang == "en"
                and not lexicon.is_name_word(part)
                and (country := country_of(part)) is not None
            ):
                part = normalise(country)  # "Brazil" → « brésil » (not a word the archive uses)
            if _BORN.match(part):
                part = "naissance"
            part = _ORDINALS.get(part, part)  # « 1ère » is « première »
            capitalised = bool(_CAPITALISED.match(original)) and not first
            # « le Premier ministre », « le Parlement », « la Déclaration de … »: a
            # capitalised common word is a word to look for, not a name to insist on.
            if (
                capitalised
                and lexicon.zipf(part) >= COMMON_CAPITAL_ZIPF
                and country_of(part) is None
                and not lexicon.is_name_word(part)  # « Louis » is common, and a name
            ):
                capitalised = False
            # « Lang Son »: a capitalised word inside a name is part of it, even one that
            # is a question word elsewhere (« son »).
            is_name = (capitalised and (part not in r.question_words or in_name)) or (
                not trust_case
                and part not in r.question_words
                and len(part) > 2
                and (
                    # a country is a name though the archive never writes it (« venezuela »)
                    country_of(part) is not None
                    or (lexicon.is_name_word(part) and lexicon.zipf(part) < COMMON_CAPITAL_ZIPF)
                )
            )
            first = False
            if part in r.question_words and not is_name:
                close_run()
                continue
            if _fix_cue_typos(part, lexicon.zipf) != part:
                continue  # a question word typed a letter off (« temops »)
            if _DECIMAL.fullmatch(part):
                close_run()
                out.append(Term(part, frozenset({part}), 3.0, "number"))
                continue
            if part.isdigit():
                if run and part not in years:
                    # « Orlov 12 », « Louis XVI »: a number right after a name is part
                    # of that name.
                    run.append(original)
                    out.append(Term(part, frozenset({part}), 3.0, "name"))
                    continue
                close_run()
                kind: TermKind = "year" if part in years else "number"
                out.append(Term(part, frozenset({part}), 3.0, kind))
                continue
            if (nat := nationality_of(part)) is not None and part != focus and not in_name:
                close_run()
                nationalities.append(nat)
                out.append(
                    Term(
                        part,
                        _nationality_stems(nat),
                        2.0,
                        "nationality",
                        weak=_country_stems(nat) - _nationality_stems(nat),
                    )
                )
                continue
            stems = terms(part)
            if not stems:
                close_run()
                continue
            # An acronym is no typo of another word (« DRV » is not « dr »).
            stem = stems[0] if _ACRONYM.match(original) else lexicon.spell(part, stems[0])
            group = synonyms(stem) | {stem}
            weight = max((w for w in (lexicon.idf(s) for s in group) if w is not None), default=3.0)
            if is_name:
                run.append(original)
                weak: frozenset[str] = frozenset()
                if (country := country_of(part)) is not None:
                    countries.append(part)
                    # « Brésil » is also met, less well, by « brésilien(ne) ».
                    if adjective := nationality_of_country(country):
                        weak = _nationality_stems(adjective) - group
                phrase: tuple[str, ...] = ()
                if _ACRONYM.match(original) and (expanded := lexicon.expansion(original)):
                    phrase = tuple(terms(expanded))
                known = lexicon.idf(stem) is not None
                if _ACRONYM.match(original) and not known and not phrase:
                    # An acronym the archive never writes may stand for words it does
                    # (« RDV » for « République démocratique du Vietnam »): a word to
                    # look for, not a name every answer must contain.
                    out.append(Term(part, frozenset(group), UNSEEN_ACRONYM_WEIGHT, "word"))
                    continue
                out.append(
                    Term(
                        part,
                        frozenset(group),
                        weight,
                        "name",
                        phrase,
                        known,
                        root=stem,
                        weak=weak,
                        locative=locative,
                    )
                )
            else:
                close_run()
                term_kind: TermKind = "focus" if focus is not None and part == focus else "word"
                lemma = lexicon.lemma(part) or ""
                out.append(
                    Term(
                        part,
                        frozenset(group),
                        weight,
                        term_kind,
                        root=stem,
                        written=original.lower() if lang == "fr" else part,
                        lemma=lemma if lemma not in group else "",
                    )
                )
    close_run()
    out.extend(_compounds(raw, focus, r.question_words, lexicon))
    # One term per stem group, the first kept.
    unique: dict[frozenset[str], Term] = {}
    for t in out:
        unique.setdefault(t.stems, t)
    return tuple(unique.values()), tuple(names), tuple(nationalities), tuple(countries)
