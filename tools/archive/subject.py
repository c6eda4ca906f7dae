"""What a list question is about: « la défense », « Vladimir Poutine », « Cuba en 2025 »
— the people it names, the word groups a sentence about it holds, and a period."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.nationalities import country_of
from store.search import terms
from store.text import fold, normalise
from store.yamlfile import read_yaml
from tools.archive.periods import Period, period_in

if TYPE_CHECKING:
    from tools.knowledge import Knowledge

DATA = Path(__file__).resolve().parents[1] / "data"
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+", re.UNICODE)
_PLAIN_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The archive tools' words (data/archive.yaml), folded."""
    data: dict[str, Any] = read_yaml(DATA / "archive.yaml")
    data["filler"] = frozenset(normalise(w) for w in data["filler"])
    data["english"] = {normalise(k): v for k, v in data["english"].items()}
    return data


@lru_cache(maxsize=1)
def _english_words() -> dict[str, str]:
    from tools.question import rules

    return {**rules().english, **vocabulary()["english"]}


@dataclass(frozen=True)
class Subject:
    """The subject of a list question. `words` are its content words in French (what
    the groups were made from), `text` the subject as typed, for the reply."""

    text: str
    people: tuple[str, ...] = ()
    groups: tuple[frozenset[str], ...] = ()
    words: tuple[str, ...] = ()
    period: Period | None = None
    # The places among the words, folded, each as every way it may be written (« russie »;
    # « vietnam », « viet nam »): a sentence about a place names it, and « russes » shares
    # the stem of « Russie » without naming the country.
    places: tuple[frozenset[str], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.people or self.groups or self.period)


def french_word(word: str) -> str | None:
    """An English word in the French the articles use (the word tables, else a
    country's French name); None when it is no English word the tables know."""
    folded = normalise(word)
    if (french := _english_words().get(folded)) is not None:
        return french
    return country_of(folded)


def read_subject(
    text: str, knowledge: Knowledge, lang: str = "fr", period: Period | None = None
) -> Subject:
    """The subject a phrase names. A period it names (« en 2013 », « entre 2001 et
    2006 ») is its period unless one is given; a person known to the archive is one of
    its people, matched by any name the archive gives them; every other content word
    becomes a group of interchangeable stems (its synonyms), each of which a sentence
    about the subject holds."""
    found, rest = period_in(text)
    period = period or found
    catalog = knowledge.catalog
    people: list[str] = []
    spans: list[tuple[int, int]] = []
    for name, start, end in knowledge.aliases.match(rest):
        written = rest[start:end]
        if len(written) < 4 or (written.islower() and " " not in written):
            continue  # a short or lower-case word only sounding like a name
        person = catalog.person(name)
        if person is not None and person not in people:
            people.append(person)
            spans.append((start, end))
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    filler = vocabulary()["filler"]
    words: list[str] = []
    places: list[frozenset[str]] = []
    for token in _countries_in_french(_WORD.findall(rest), knowledge):
        folded = normalise(token)
        if folded in filler or token.isdigit() or not terms(token):
            continue
        # An English word the archive does not hold is read in French ("Russia", "coffee").
        if (lang == "en" or not knowledge.knows_word(token)) and (
            french := french_word(token)
        ) is not None:
            token = french
        words.append(token)
        if (country := country_of(token)) is not None or fold(token) in catalog.place_keys:
            spellings = {fold(token), fold(country or token)}
            places.append(frozenset(" ".join(_PLAIN_WORD.findall(w)) for w in spellings))
    groups = knowledge.query(" ".join(words)).groups if words else ()
    return Subject(
        text=text.strip(" ?!.,;:«»\"'"),
        people=tuple(people),
        groups=tuple(groups),
        words=tuple(words),
        period=period,
        places=tuple(places),
    )


def _countries_in_french(tokens: list[str], knowledge: Knowledge) -> list[str]:
    """The tokens with a country named in several words the archive does not write
    ("South Korea", "United States") replaced by the words of its French name
    (« Corée du Sud »), each of which a sentence about it may hold."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for n in (3, 2):
            phrase = " ".join(tokens[i : i + n])
            if len(tokens) - i >= n and not knowledge.knows_word(phrase):
                if (french := country_of(phrase)) is not None:
                    out.extend(_WORD.findall(french))
                    i += n
                    break
        else:
            out.append(tokens[i])
            i += 1
    return out


def is_filler(word: str) -> bool:
    return fold(word) in vocabulary()["filler"]
