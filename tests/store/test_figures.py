"""Specification of find_figures on clean French text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from store.extract.dates import find_dates
from store.extract.figures import FigureRange, find_figures
from store.models import FigureMention

FIGURE_FORMS = Path(__file__).resolve().parent.parent / "data" / "figure_forms.yaml"
FORMS: list[dict[str, Any]] = yaml.safe_load(FIGURE_FORMS.read_text(encoding="utf-8"))

TRADE = (
    "Les relations économiques se développent avec des échanges bilatéraux de près de "
    "2,45 milliards de dollars en 2012 représentant une croissance annuelle de 23%, dont "
    "près de 1,62 milliard de dollars d'exportations vietnamiennes et 830 millions "
    "d'importations. Ce premier trimestre, le commerce bilatéral s'est élevé à 734 millions "
    "de dollars dont 418 millions d'exportations vietnamiennes."
)
INVESTMENT = (
    "La Russie, avec 93 projets totalisant 2,07 milliards de dollars de capitaux enregistrés, "
    "était en avril 2013 le 18e des 101 investisseurs au Vietnam."
)


def by_text(text: str) -> dict[str, FigureMention]:
    return {f.text: f for f in find_figures(text)}


def only(text: str) -> FigureMention:
    found = find_figures(text)
    assert len(found) == 1, found
    return found[0]


def _reading(f: FigureMention) -> tuple[Any, ...]:
    high = f.high if isinstance(f, FigureRange) else None
    return f.text, pytest.approx(f.value), f.unit, f.kind, f.approx, high


@pytest.mark.parametrize("case", FORMS, ids=[c["text"][:50] for c in FORMS])
def test_every_figure_form_of_the_golden_file_is_read_and_nothing_else(
    case: dict[str, Any],
) -> None:
    found = [_reading(f) for f in find_figures(case["text"])]
    expected = [
        (f["text"], f["value"], f["unit"], f["kind"], f.get("approx", False), f.get("high"))
        for f in case["figures"]
    ]
    assert found == expected


def test_the_golden_file_holds_forty_figures_and_ten_sentences_without_one() -> None:
    assert sum(len(c["figures"]) for c in FORMS) >= 40
    assert sum(not c["figures"] for c in FORMS) >= 10


def test_money_is_scaled_and_given_an_iso_currency() -> None:
    f = by_text(TRADE)["2,45 milliards de dollars"]
    assert (f.value, f.unit, f.kind, f.approx) == (2_450_000_000, "USD", "money", True)


def test_amount_without_currency_takes_the_currency_of_its_sentence() -> None:
    f = by_text(TRADE)["830 millions"]
    assert (f.value, f.unit, f.kind, f.approx) == (830_000_000, "USD", "money", False)
    assert f.subject == "importations"


def test_amount_in_millions_alone_in_its_sentence_counts_its_noun() -> None:
    f = only("La ville compte 2 millions d'habitants.")
    assert (f.value, f.unit, f.kind) == (2_000_000, "habitants", "count")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("un budget de 2,5 millions d'euros", 2_500_000, "EUR"),
        ("porter leurs échanges à un milliard de dollars", 1_000_000_000, "USD"),
        ("un prêt de 300 millions de roubles", 300_000_000, "RUB"),
        ("une aide de 500 euros", 500, "EUR"),
        ("un contrat de 12 000 milliards de dongs", 12_000_000_000_000, "VND"),
        ("trade reached $2.45 billion", 2_450_000_000, "USD"),
        ("un fonds de 3 millions €", 3_000_000, "EUR"),
    ],
)
def test_money_in_several_currencies(text: str, value: float, unit: str) -> None:
    f = only(text)
    assert (f.value, f.unit, f.kind) == (value, unit, "money")


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("une croissance annuelle de 23%", "23%", 23),
        ("soit une croissance de 13% en variation annuelle", "13%", 13),
        ("une hausse de 23 %", "23 %", 23),
        ("une baisse de 2,5 pour cent", "2,5 pour cent", 2.5),
        ("une hausse de cinq pour cent", "cinq pour cent", 5),
    ],
)
def test_percentages(text: str, mention: str, value: float) -> None:
    f = only(text)
    assert (f.text, f.value, f.unit, f.kind) == (mention, value, "%", "percent")


@pytest.mark.parametrize(
    ("text", "mention", "value", "unit"),
    [
        ("avec 93 projets totalisant", "93 projets", 93, "projets"),
        ("plus de 176.000 citoyens ayant visité", "176.000 citoyens", 176_000, "citoyens"),
        ("176 000 citoyens", "176 000 citoyens", 176_000, "citoyens"),
        ("176\u202f000 citoyens", "176\u202f000 citoyens", 176_000, "citoyens"),
        ("1.234.567 habitants", "1.234.567 habitants", 1_234_567, "habitants"),
        ("deux cents projets", "deux cents projets", 200, "projets"),
        ("l'un des dix premiers marchés", "dix premiers marchés", 10, "marchés"),
        ("une centaine de photos", "une centaine de photos", 100, "photos"),
    ],
)
def test_counts_carry_their_noun(text: str, mention: str, value: float, unit: str) -> None:
    f = only(text)
    assert (f.text, f.value, f.unit, f.kind) == (mention, value, unit, "count")


def test_thousands_and_decimals_follow_french_conventions() -> None:
    assert only("1.234.567 habitants").value == 1_234_567
    assert only("2,45 milliards de dollars").value == 2_450_000_000
    assert only("1 234,5 tonnes").value == 1234.5


def test_ordinal_and_count_in_one_phrase() -> None:
    found = by_text(INVESTMENT)
    assert (found["18e"].value, found["18e"].kind, found["18e"].unit) == (
        18,
        "ordinal",
        "investisseurs",
    )
    f = found["101 investisseurs"]
    assert (f.value, f.kind, f.unit) == (101, "count", "investisseurs")


@pytest.mark.parametrize(
    ("text", "mention", "value", "unit"),
    [
        ("d'organiser la 23e réunion du Comité", "23e réunion", 23, "réunion"),
        ("le 75e anniversaire de l'établissement", "75e anniversaire", 75, "anniversaire"),
        ("la célébration du 10e anniversaire de l'ADMM+", "10e anniversaire", 10, "anniversaire"),
        ("au 80e anniversaire de la victoire", "80e anniversaire", 80, "anniversaire"),
        ("le succès du 14ᵉ Congrès national", "14ᵉ Congrès", 14, "congrès"),
        ("le 1er rang mondial", "1er rang", 1, "rang"),
    ],
)
def test_ordinals_with_the_noun_they_rank(text: str, mention: str, value: int, unit: str) -> None:
    f = only(text)
    assert (f.text, f.value, f.unit, f.kind) == (mention, value, unit, "ordinal")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("célébrer les 25 ans du Traité", 25, "ans"),
        ("les 70 ans des relations diplomatiques", 70, "ans"),
        ("au cours des trois dernières années", 3, "années"),
        ("une mission de six mois", 6, "mois"),
    ],
)
def test_durations(text: str, value: int, unit: str) -> None:
    f = only(text)
    assert (f.value, f.unit, f.kind) == (value, unit, "duration")


@pytest.mark.parametrize(
    "qualifier", ["près de", "environ", "plus de", "quelque", "au moins", "moins de"]
)
def test_qualifiers_mark_a_figure_approximate(qualifier: str) -> None:
    f = only(f"un commerce de {qualifier} 3,5 milliards de dollars")
    assert f.approx
    assert f.text == "3,5 milliards de dollars"


def test_exact_figure_is_not_approximate() -> None:
    assert not only("un commerce bilatéral de 190 millions de dollars").approx


@pytest.mark.parametrize(
    "text",
    [
        "en 2012",
        "pour la période 2013-2015",
        "le 30 janvier 1950",
        "du 5 au 8 septembre",
        "au cours des neuf premiers mois 2020",
        "la dépêche officielle n°227/CĐ-TTg (en date du 23 novembre 2025)",
        "situé au n° 2, rue Le Thach",
        "les impacts du COVID-19, la centrale Ninh Thuan 1 au Vietnam, la Région 4",
        "les deux pays et les deux peuples ont signé un accord",
        "l'Année du Cheval 2026.",
        "Premier ministre, le premier pays",
    ],
)
def test_dates_references_and_bare_numbers_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


@pytest.mark.parametrize(
    ("mention", "subject"),
    [
        ("2,45 milliards de dollars", "échanges bilatéraux"),
        ("23%", "croissance annuelle"),
        ("1,62 milliard de dollars", "exportations vietnamiennes"),
        ("830 millions", "importations"),
        ("734 millions de dollars", "commerce bilatéral"),
        ("418 millions", "exportations vietnamiennes"),
    ],
)
def test_subject_is_the_noun_phrase_the_amount_measures(mention: str, subject: str) -> None:
    assert by_text(TRADE)[mention].subject == subject


@pytest.mark.parametrize(
    ("text", "mention", "subject"),
    [
        (INVESTMENT, "2,07 milliards de dollars", "capitaux enregistrés"),
        (
            "Ils se réjouissent que les échanges commerciaux bilatéraux entre le Vietnam et la "
            "Russie aient atteint 4,1 milliards de dollars au cours des neuf premiers mois 2020",
            "4,1 milliards de dollars",
            "échanges commerciaux bilatéraux",
        ),
        (
            "16 projets, représentant un investissement de plus de 1,7 milliard de dollars...",
            "1,7 milliard de dollars",
            "investissement",
        ),
        (
            "reste modeste, avec des échanges évalués à environ 3,5 milliards de dollars en 2017",
            "3,5 milliards de dollars",
            "échanges",
        ),
    ],
)
def test_subject_rules_after_before_and_around_verbs(text: str, mention: str, subject: str) -> None:
    assert by_text(text)[mention].subject == subject


def test_period_is_the_nearest_date_of_the_sentence() -> None:
    found = by_text(TRADE)
    assert found["2,45 milliards de dollars"].period == "2012"
    assert found["23%"].period == "2012"
    assert found["830 millions"].period == "2012"
    assert found["734 millions de dollars"].period == "premier trimestre"


def test_a_date_a_figure_is_compared_with_is_not_its_period() -> None:
    found = by_text("Le pays en a acheté pour 142 millions de dollars, trois fois plus qu'en 2023.")
    assert found["142 millions de dollars"].period is None
    found = by_text("Le taux est de 15 % en 2024 contre 12 % en 2022.")
    assert (found["15 %"].period, found["12 %"].period) == ("2024", "2022")


def test_period_prefers_the_date_of_the_same_clause() -> None:
    text = (
        "les deux pays célébreront les 25 ans du Traité en 2019 et les 70 ans des relations "
        "diplomatiques bilatérales en 2020."
    )
    found = by_text(text)
    assert (found["25 ans"].period, found["70 ans"].period) == ("2019", "2020")


def test_period_can_be_a_relative_expression() -> None:
    f = only("avec plus de 176.000 citoyens ayant visité le Vietnam l'année dernière.")
    assert f.period == "l'année dernière"


def test_period_is_none_when_the_sentence_has_no_date() -> None:
    assert only("Le Vietnam développe 16 projets dans les secteurs russes.").period is None


def test_period_does_not_cross_into_the_next_sentence() -> None:
    found = find_figures("Il a signé 16 projets. En 2019, la visite a eu lieu.")
    assert found[0].period is None


def test_initials_do_not_end_a_sentence() -> None:
    found = find_figures("En 2012, D. Medvedev a signé 16 projets.")
    assert found[0].period == "2012"


def test_dates_found_already_are_passed_in_instead_of_found_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dates = find_dates(TRADE)
    expected = find_figures(TRADE)

    def no_second_run(text: str) -> list[Any]:
        raise AssertionError("find_dates ran again")

    monkeypatch.setattr("store.extract.figures.find_dates", no_second_run)
    assert find_figures(TRADE, dates) == expected


def test_a_range_is_a_figure_whose_value_is_its_low_end() -> None:
    f = only("entre 110 000 et 127 000 manifestants")
    assert isinstance(f, FigureRange) and isinstance(f, FigureMention)
    assert (f.value, f.high, f.unit) == (110_000, 127_000, "manifestants")


@pytest.mark.parametrize(
    "text",
    [
        "les effectifs sont passés de 3 à 5 millions",  # a change, not a range
        "le score de 5 à 3 points",  # the high end must be higher
        "3 et 5 %",  # "et" makes a range only after "entre"
    ],
)
def test_two_numbers_are_a_range_only_when_the_text_says_so(text: str) -> None:
    assert not any(isinstance(f, FigureRange) for f in find_figures(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("un recul de -2 %", -2),
        ("(-0,4 %)", -0.4),
        ("un solde de −15 millions d'euros", -15_000_000),
        ("de 2 % à +3 %", 3),
        ("une baisse de 2 %", 2),
    ],
)
def test_only_a_written_sign_makes_a_figure_negative(text: str, value: float) -> None:
    assert find_figures(text)[-1].value == value


def test_a_sum_of_millions_beside_dollars_counts_people_but_takes_the_currency_of_trade() -> None:
    found = by_text(
        "Le pays de 4,4 millions d'habitants a exporté 830 millions d'importations et "
        "de biens, pour 3 milliards de dollars."
    )
    assert (found["4,4 millions d'habitants"].kind, found["4,4 millions d'habitants"].unit) == (
        "count",
        "habitants",
    )
    assert (found["830 millions"].kind, found["830 millions"].unit) == ("money", "USD")


def test_empty_and_non_french_text_give_no_figures() -> None:
    assert find_figures("") == []
    assert find_figures("Привет мир 你好世界 مرحبا ١٢٣ ٤٥") == []


def test_a_megabyte_of_text_is_read_whole() -> None:
    chunk = "Les échanges ont atteint 2,45 milliards de dollars en 2012 avec 93 projets. "
    text = chunk * (1_000_000 // len(chunk))
    found = find_figures(text)
    assert len(found) == 2 * (1_000_000 // len(chunk))


def test_a_megabyte_without_punctuation_is_read_whole() -> None:
    # (how fast is the benchmarks' business, not a test's: this machine is shared; a
    # pattern that backtracked without bound would never return)
    text = "quelque 93 projets de 2,5 millions " * 30_000
    assert len(find_figures(text)) == 60_000


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_figures_whose_offsets_match(text: str) -> None:
    found = find_figures(text)
    assert isinstance(found, list)
    for f in found:
        assert text[f.start : f.end] == f.text
        assert f.kind in {"money", "percent", "count", "ordinal", "duration", "number"}
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "2,45",
                "milliards",
                "de",
                "dollars",
                "d'",
                "importations",
                "830",
                "millions",
                "%",
                "près",
                "18e",
                "des",
                "101",
                "un",
                "milliard",
                "176.000",
                "citoyens",
                ".",
                ",",
                "en",
                "2012",
                "s'est",
                "élevé",
                "à",
                "n°227",
                "ans",
                "deux",
                "cents",
                "-3",
                "−",
                "k$",
                "M€",
                "et",
                "demi",
                "min",
                "s",
                "km2",
                "entre",
                "quelques",
                "01 23 45 67 89",
                "h",
            ]
        ),  # fmt: skip
        max_size=14,
    )
)
def test_figure_like_word_soup_never_breaks_offsets(words: list[str]) -> None:
    text = " ".join(words)
    for f in find_figures(text):
        assert text[f.start : f.end] == f.text
