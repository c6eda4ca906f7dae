"""One table of nationalities and countries, for extraction and for questions alike.

Adjectives (every inflection) map to their masculine singular and to the country they
refer to (data/nationalities.yaml); country names in French and English come from
Unicode CLDR through babel, so a country no article names yet is still recognised.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from store.text import fold
from store.yamlfile import read_yaml

# Feminine forms that do not follow the -e / -ne rule.
_FEMININE = {"turc": "turque", "grec": "grecque"}


def inflections(adjective: str) -> set[str]:
    """Masculine, feminine and plural forms of a French nationality adjective."""
    fem = _FEMININE.get(adjective) or adjective + (
        "" if adjective.endswith("e") else "ne" if adjective[-2:] == "en" else "e"
    )
    plural = adjective if adjective.endswith(("s", "x")) else adjective + "s"
    return {adjective, fem, fem + "s", plural}


@lru_cache(maxsize=1)
def _adjectives() -> dict[str, str]:
    return _table()["countries"]


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    path = Path(__file__).parent / "data" / "nationalities.yaml"
    table: dict[str, dict[str, str]] = read_yaml(path)
    return table


@lru_cache(maxsize=1)
def nationality_forms() -> dict[str, str]:
    """Any form of a nationality adjective → its masculine singular (accents kept)."""
    return {form: adj for adj in _adjectives() for form in inflections(adj)}


@lru_cache(maxsize=1)
def _folded_forms() -> dict[str, str]:
    return {fold(form): adj for form, adj in nationality_forms().items()}


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Folded country name (French or English, CLDR) → French name."""
    from babel import Locale

    fr, en = Locale("fr").territories, Locale("en").territories
    table: dict[str, str] = {}
    for code, name in fr.items():
        if not code.isalpha():
            continue  # numeric codes are regions of the world, not countries
        table[fold(name)] = name
        if code in en:
            table.setdefault(fold(en[code]), name)
    for country in _adjectives().values():
        table.setdefault(fold(country), country)
    return table


def nationality_of(word: str) -> str | None:
    """The masculine singular of a French nationality adjective in any form (or of an
    English one: "Brazilian" → « brésilien »), else None."""
    folded = fold(word)
    return _folded_forms().get(folded) or _english().get(folded)


@lru_cache(maxsize=1)
def _english() -> dict[str, str]:
    return {fold(k): v for k, v in _table()["english"].items()}


def country_of(name: str) -> str | None:
    """The French name of a country written in French or English, else None."""
    return _countries().get(fold(name).strip())


def country_of_nationality(adjective: str) -> str | None:
    """« cubain » → « Cuba »."""
    base = nationality_of(adjective)
    return _adjectives().get(base) if base else None


@lru_cache(maxsize=1)
def _nationality_by_country() -> dict[str, str]:
    return {fold(country): adj for adj, country in _adjectives().items()}


def nationality_of_country(country: str) -> str | None:
    """« Cuba » → « cubain »."""
    return _nationality_by_country().get(fold(country))
