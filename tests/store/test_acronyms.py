"""Acronyms defined in text, and acronyms from questions matched against phrases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.extract.acronyms import acronym_matches, find_acronyms


@pytest.mark.parametrize(
    ("text", "acronym", "phrase"),
    [
        (
            "Le secrétaire général du Parti communiste du Vietnam (PCV) Nguyên Phu Trong.",
            "PCV",
            "Parti communiste du Vietnam",
        ),
        (
            "Dmitri Medvedev, président du Parti Russie unie (PRU) et vice-président.",
            "PRU",
            "Parti Russie unie",
        ),
        (
            "Le Vietnam est le premier pays à signer un accord de libre-échange avec l’Union "
            "économique eurasiatique (UEEA).",
            "UEEA",
            "Union économique eurasiatique",
        ),
        (
            "Participer à la Conférence des ministres de la Défense de l’ASEAN élargie (ADMM+) "
            "et à la célébration du 10e anniversaire de l’ADMM+.",
            "ADMM+",
            "Conférence des ministres de la Défense de l’ASEAN élargie",
        ),
        (
            "La 6e réunion du Comité mixte Vietnam-Union européenne (UE) s’est tenue.",
            "UE",
            "Union européenne",
        ),
        (
            "Dans la région DMV (Washington DC, Maryland et Virginie), le club.",
            "DMV",
            "Washington DC, Maryland et Virginie",
        ),
        (
            "Le Vietnam a adhéré à l'OMC (Organisation mondiale du commerce) en 2007.",
            "OMC",
            "Organisation mondiale du commerce",
        ),
    ],
)
def test_definitions(text: str, acronym: str, phrase: str) -> None:
    assert find_acronyms(text)[acronym] == phrase


def test_first_definition_wins_and_non_acronyms_are_ignored() -> None:
    text = (
        "Hanoi (VNA) – Le Parti communiste du Vietnam (PCV) salue, à gauche (droite), la Chine "
        "(Chine) et le PCV (Parti communiste vietnamien)."
    )
    assert find_acronyms(text) == {"PCV": "Parti communiste du Vietnam"}


@pytest.mark.parametrize(
    ("acronym", "phrase", "expected"),
    [
        ("RDV", "République démocratique du Vietnam", True),
        ("URSS", "Union des Républiques socialistes soviétiques", True),
        ("PCV", "Parti communiste du Vietnam", True),
        ("ONU", "Organisation des Nations unies", True),
        ("pcv", "parti communiste du vietnam", True),
        ("PCV", "Parti Russie unie", False),
        ("PRU", "Parti communiste du Vietnam", False),
        ("URSS", "Union européenne", False),
        ("", "Union européenne", False),
        ("UE", "", False),
    ],
)
def test_acronym_matches(acronym: str, phrase: str, expected: bool) -> None:
    assert acronym_matches(acronym, phrase) is expected


@pytest.mark.parametrize(
    "text",
    ["", "sans sigle ici", "The United Nations (UN) met.", "(((", "(A)", "x" * 10_000],
)
def test_bad_or_foreign_input(text: str) -> None:
    found = find_acronyms(text)
    assert isinstance(found, dict)
    if text.startswith("The United"):
        assert found == {"UN": "United Nations"}
    else:
        assert found == {}


def test_many_function_words_stay_fast() -> None:
    assert not acronym_matches("DDDDDDDDDDX", " ".join(["de"] * 200) + " Vietnam")
    assert find_acronyms("PCV (" + "de " * 38 + "du)") == {}


def test_long_text() -> None:
    text = "Le Parti communiste du Vietnam (PCV) agit. " * 500
    assert find_acronyms(text) == {"PCV": "Parti communiste du Vietnam"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_fails(text: str) -> None:
    for acronym, phrase in find_acronyms(text).items():
        assert acronym in text and phrase in text
