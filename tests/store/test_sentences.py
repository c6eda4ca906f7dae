"""Specification of split_sentences: French sentence boundaries with exact offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_a_full_stop_followed_by_a_capital_ends_a_sentence() -> None:
    assert sentences("Le Vietnam signe. La Russie aussi.") == [
        "Le Vietnam signe.",
        "La Russie aussi.",
    ]


def test_question_and_exclamation_marks_and_ellipses_end_sentences() -> None:
    text = "Qui vient ? Le président ! Et puis... Le ministre… Enfin 2012 arrive."
    assert sentences(text) == [
        "Qui vient ?",
        "Le président !",
        "Et puis...",
        "Le ministre…",
        "Enfin 2012 arrive.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "sur invitation des Premier-ministres russe, D. Medvedev, et biélorusse, M. Myasnikovich.",
        "les présidents russes V. Poutine en mars 2001 et D. Medvedev en octobre 2010.",
        "La visite en Russie de M. Nguyen Tan Dung a pour objet d'affirmer son estime.",
        "Mme Tran et Dr. Lê sont arrivés.",
        "Le 12 sept. 2012 à Hanoi, la séance a eu lieu.",
    ],
)
def test_initials_and_abbreviations_do_not_end_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


def test_a_quote_closing_after_the_full_stop_stays_with_its_sentence() -> None:
    text = 'Il a dit «Nous irons.» Puis il est parti. "C\'est fait." Voilà.'
    assert sentences(text) == [
        "Il a dit «Nous irons.»",
        "Puis il est parti.",
        '"C\'est fait."',
        "Voilà.",
    ]


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f"])
def test_a_closing_guillemet_after_a_french_space_stays_with_its_sentence(space: str) -> None:
    # French typography puts a (no-break) space inside guillemets: « Nous irons. »
    text = f"Il a dit «{space}Nous irons.{space}» Puis il est parti."
    assert sentences(text) == [f"Il a dit «{space}Nous irons.{space}»", "Puis il est parti."]


def test_a_lower_case_word_after_a_full_stop_does_not_start_a_sentence() -> None:
    assert sentences("Il cite l'ONU. et l'ASEAN.") == ["Il cite l'ONU. et l'ASEAN."]


def test_decimal_numbers_and_thousands_do_not_split() -> None:
    text = "Le commerce a atteint 2,45 milliards et 176.000 citoyens sont venus."
    assert sentences(text) == [text]


def test_surrounding_space_is_trimmed_and_empty_text_has_no_sentence() -> None:
    assert split_sentences("  Une phrase.   Une autre.  ") == [(2, 13), (16, 26)]
    assert split_sentences("") == []
    assert split_sentences("   \n ") == []


_text = st.text(
    alphabet=st.sampled_from(list('abcXYZ éÉ.!?…«»"()0123 \n')), min_size=0, max_size=200
)


@settings(max_examples=300, deadline=None)
@given(_text)
def test_spans_are_ordered_trimmed_and_cover_every_visible_character(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    covered = set()
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.update(range(start, end))
        previous_end = end
    visible = {i for i, c in enumerate(text) if not c.isspace()}
    assert visible <= covered
