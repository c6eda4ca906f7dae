"""Specification of the glued-word repair, against the reviewed list of the corpus's repairs."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from store.ingest import builtin_corpus
from store.models import Article
from store.parse import load_article
from store.repair import repair_text, split_token

EXPECTED_REPAIRS = Path(__file__).resolve().parents[1] / "data" / "expected_repairs.yaml"
NAMES = [
    "PetroVietnam",
    "Vietsovpetro",
    "Rusvietpetro",
    "Gazpromviet",
    "Vietgazprom",
    "Zarubezhneft",
]


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    return {p.stem: load_article(p) for p in sorted(builtin_corpus().glob("*.txt"))}


@pytest.fixture(scope="module")
def expected() -> dict[str, list[list[str]]]:
    return yaml.safe_load(EXPECTED_REPAIRS.read_text("utf-8"))  # type: ignore[no-any-return]


def test_the_reviewed_list_covers_every_article(
    articles: dict[str, Article], expected: dict[str, list[list[str]]]
) -> None:
    assert sorted(expected) == sorted(articles)


@pytest.mark.parametrize("article_id", sorted(p.stem for p in builtin_corpus().glob("*.txt")))
def test_the_repairs_made_are_exactly_the_reviewed_ones(
    articles: dict[str, Article], expected: dict[str, list[list[str]]], article_id: str
) -> None:
    made = Counter((r.before, r.after) for r in articles[article_id].repairs)
    reviewed = Counter((before, after) for before, after in expected[article_id] or [])
    assert made - reviewed == Counter(), "repairs not in the reviewed list (precision)"
    assert reviewed - made == Counter(), "reviewed repairs not made (recall)"


def test_every_repair_only_inserts_spaces(articles: dict[str, Article]) -> None:
    for article in articles.values():
        for repair in article.repairs:
            assert repair.after.replace(" ", "") == repair.before.replace(" ", ""), repair
            assert repair.after != repair.before


def test_names_of_joint_ventures_are_never_split(articles: dict[str, Article]) -> None:
    raw = "\n".join(p.read_text("utf-8") for p in builtin_corpus().glob("*.txt"))
    text = "\n".join(a.text for a in articles.values())
    for name in NAMES:
        assert raw.count(name) > 0, name
        assert re.findall(rf"\b{name}\b", text), f"{name} was split"
    for article in articles.values():
        for repair in article.repairs:
            assert not any(name.lower() in repair.before.lower() for name in NAMES[:3]), repair


def test_no_repair_is_left_in_the_article_text(articles: dict[str, Article]) -> None:
    for article in articles.values():
        words = set(re.findall(r"[^\W_]+", article.text))
        glued = {r.before for r in article.repairs if "," not in r.before}
        assert not glued & words, glued & words


@pytest.mark.parametrize(
    ("token", "parts"),
    [
        ("enRussie", ["en", "Russie"]),
        ("deuxpays", ["deux", "pays"]),
        ("Lesrelations", ["Les", "relations"]),
        ("coopérationéconomique", ["coopération", "économique"]),
        ("2012représentant", ["2012", "représentant"]),
        ("de190", ["de", "190"]),
        ("Gazpromvietdont", ["Gazpromviet", "dont"]),
        ("surles", ["sur", "les"]),
    ],
)
def test_glued_words_are_split(token: str, parts: list[str]) -> None:
    assert split_token(token, lambda _word: False) == parts


@pytest.mark.parametrize(
    "token",
    [
        "surtout",
        "pourtant",
        "lesquelles",
        "maintenant",
        "Vietnam",
        "Biélorussie",
        "Medvedev",
        "Myasnikovich",
        "Chernyshenko",
        "TASS",
        "COVID",
        "intenfiant",
        "novemre",
        "co",
        "2020",
    ],
)
def test_real_words_names_and_typos_are_left_alone(token: str) -> None:
    assert split_token(token, lambda _word: False) == [token]


def test_a_camel_case_name_is_split_only_when_both_halves_stand_alone() -> None:
    assert split_token("PetroVietnam", lambda _word: False) == ["PetroVietnam"]
    assert split_token("NguyenMinh", {"Nguyen", "Minh"}.__contains__) == ["Nguyen", "Minh"]


def test_a_missing_space_after_a_comma_is_restored_but_numbers_are_not_touched() -> None:
    text, repairs = repair_text("le Vietnam,notamment 2,45 milliards et 176.000 citoyens")
    assert text == "le Vietnam, notamment 2,45 milliards et 176.000 citoyens"
    assert repairs == [("Vietnam,notamment", "Vietnam, notamment")]


def test_a_word_glued_to_an_elided_article_is_split() -> None:
    text, repairs = repair_text("dans leurs secteurs d'excellence commel'industrie lourde")
    assert text == "dans leurs secteurs d'excellence comme l'industrie lourde"
    assert repairs == [("commel", "comme l")]


@pytest.mark.parametrize(
    ("glued", "fixed"),
    [
        # Both from 004, where a common word lost the space before a long, rarer one.
        ("l'Union économiqueeurasiatique", "l'Union économique eurasiatique"),
        (
            "la 23e réunion du Comitéintergouvernemental",
            "la 23e réunion du Comité intergouvernemental",
        ),
    ],
)
def test_a_common_word_glued_to_a_long_rare_word_is_split(glued: str, fixed: str) -> None:
    assert repair_text(glued)[0] == fixed


def test_clean_text_is_left_unchanged() -> None:
    text = (
        "Les relations bilatérales connaissent un bon développement, et les deux pays se "
        "préparent à célébrer les 25 ans du Traité sur les principes fondamentaux."
    )
    assert repair_text(text) == (text, [])


_token = st.text(alphabet="aeilnorstuvdpcmé,ARVLP0129'", min_size=1, max_size=14)


@settings(max_examples=150, deadline=None)
@given(st.lists(_token, min_size=1, max_size=8).map(" ".join))
def test_repair_only_ever_inserts_spaces(text: str) -> None:
    repaired, repairs = repair_text(text)
    assert repaired.replace(" ", "") == text.replace(" ", "")
    for before, after in repairs:
        assert after.replace(" ", "") == before.replace(" ", "")


def test_a_capitalised_name_inside_a_sentence_is_not_split_at_a_common_word() -> None:
    # At a sentence start « Lesrelations » is « Les » + « relations »; inside one, a
    # capitalised word is a name, whatever common word it begins with.
    assert repair_text("Il visite le village de Lang Vuon Cau.")[0] == (
        "Il visite le village de Lang Vuon Cau."
    )
    assert repair_text("Fin. Lesrelations progressent.")[0] == "Fin. Les relations progressent."
    assert split_token("Vuon", lambda _word: False, initial=False) == ["Vuon"]
