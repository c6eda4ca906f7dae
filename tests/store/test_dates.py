"""Specification of find_dates and render_date on clean French and English text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from store.extract.dates import (
    find_dates,
    keep_longest,
    month_number,
    render_date,
    roman_number,
    year_span,
)

DATE_FORMS = Path(__file__).resolve().parent.parent / "data" / "date_forms.yaml"
FORMS: list[dict[str, Any]] = yaml.safe_load(DATE_FORMS.read_text(encoding="utf-8"))


def values(text: str) -> list[str]:
    return [m.value for m in find_dates(text)]


def only(text: str) -> tuple[str, str]:
    """The single date of `text`, as (mention text, value)."""
    found = find_dates(text)
    assert len(found) == 1, found
    return found[0].text, found[0].value


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("le 30 janvier 1950", "30 janvier 1950", "1950-01-30"),
        ("le 1er mars 2001", "1er mars 2001", "2001-03-01"),
        ("en mai 2004", "mai 2004", "2004-05"),
        ("en 2012", "2012", "2012"),
        ("le 16 juin 1994, un traité", "16 juin 1994", "1994-06-16"),
        ("le 25 novembre 2014 à Sotchi", "25 novembre 2014", "2014-11-25"),
        ("la Révolution d'août 1945", "août 1945", "1945-08"),
        ("Moscou, 10 mai (VNA)", "10 mai", "--05-10"),
        ("à Moscou le 9 mai (heure locale)", "9 mai", "--05-09"),
        ("s'est recueilli mercredi 19 novembre au Mémorial", "mercredi 19 novembre", "--11-19"),
        ("le 3 février à Hanoï", "3 février", "--02-03"),
        ("le 14 octobre 2023", "14 octobre 2023", "2023-10-14"),
        ("le 29 février 2024", "29 février 2024", "2024-02-29"),
    ],
)
def test_french_dates_are_normalised_at_the_precision_the_text_gives(
    text: str, mention: str, value: str
) -> None:
    assert only(text) == (mention, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("du 5 au 8 septembre", "--09-05/--09-08"),
        ("du 12 au 15 mai en Russie", "--05-12/--05-15"),
        ("du 13 au 15 juillet", "--07-13/--07-15"),
        ("13-15 juillet", "--07-13/--07-15"),
        ("entre le 10 juin et le 1er juillet", "--06-10/--07-01"),
        ("14 - 20 sept. 2014", "2014-09-14/2014-09-20"),
        ("du 30 avril au 2 mai", "--04-30/--05-02"),
        ("du 30 décembre au 2 janvier 2015", "2014-12-30/2015-01-02"),
        ("(3 février 1930 - 3 février 2026)", "1930-02-03/2026-02-03"),
        ("de janvier à mars 2020", "2020-01/2020-03"),
    ],
)
def test_day_ranges_written_many_ways_become_start_slash_end(text: str, value: str) -> None:
    assert values(text) == [value]


@pytest.mark.parametrize("case", FORMS, ids=[c["text"][:50] for c in FORMS])
def test_every_date_form_of_the_golden_file_is_read_and_nothing_else(
    case: dict[str, Any],
) -> None:
    found = [(m.text, m.value, m.inferred) for m in find_dates(case["text"])]
    expected = [(d["text"], d["value"], d.get("inferred", False)) for d in case["dates"]]
    assert found == expected


def test_the_golden_file_holds_forty_dates_and_ten_sentences_without_one() -> None:
    assert sum(len(c["dates"]) for c in FORMS) >= 40
    assert sum(not c["dates"] for c in FORMS) >= 10


def test_yearless_range_keeps_no_year() -> None:
    text = "Durant cette visite du 5 au 8 septembre, il verra les dirigeants. En 2019, rien."
    found = find_dates(text)
    assert found[0].value == "--09-05/--09-08"
    assert not found[0].inferred


def test_range_text_includes_its_du_and_entre() -> None:
    assert only("Durant cette visite du 5 au 8 septembre, il")[0] == "du 5 au 8 septembre"
    assert only("entre le 10 juin et le 1er juillet")[0] == "entre le 10 juin et le 1er juillet"


def test_a_backwards_range_is_not_a_range() -> None:
    assert "--05-15/--05-12" not in values("du 15 au 12 mai")


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("pour la période 2013-2015", "2013-2015", "2013/2015"),
        ("pour la période 2020-2025.", "2020-2025", "2020/2025"),
        ("pour le mandat 2020-2021", "2020-2021", "2020/2021"),
        ("entre 2013 et 2015", "entre 2013 et 2015", "2013/2015"),
        ("fin 2019", "fin 2019", "2019"),
        ("début 2021, la reprise", "début 2021", "2021"),
        ("au premier trimestre", "premier trimestre", "--Q1"),
        ("Ce premier trimestre, le commerce", "premier trimestre", "--Q1"),
        ("au troisième trimestre 2020", "troisième trimestre 2020", "2020-Q3"),
        ("au second semestre 2019", "second semestre 2019", "2019-H2"),
        ("au cours des neuf premiers mois 2020", "neuf premiers mois 2020", "2020-01/2020-09"),
        ("les six premiers mois de 2021", "six premiers mois de 2021", "2021-01/2021-06"),
    ],
)
def test_periods_quarters_and_year_parts(text: str, mention: str, value: str) -> None:
    assert only(text) == (mention, value)


def test_quarter_without_year_uses_the_yearless_prefix() -> None:
    assert values("au dernier trimestre") == ["--Q4"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("24/12/2014", "2014-12-24"),
        ("le 3/4/2015", "2015-04-03"),
        ("le 03.04.2015", "2015-04-03"),
        ("2014-12-24", "2014-12-24"),
    ],
)
def test_numeric_dates_read_day_before_month(text: str, value: str) -> None:
    assert values(text) == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("le 5 sept. 2014", "2014-09-05"),
        ("le 5 fév 2015", "2015-02-05"),
        ("janv. 2014", "2014-01"),
        ("le 2 déc. 2019", "2019-12-02"),
        ("le 5 fevrier 2015", "2015-02-05"),
        ("le 15 aout 2015", "2015-08-15"),
    ],
)
def test_abbreviated_and_unaccented_months(text: str, value: str) -> None:
    assert values(text) == [value]


def test_misspelt_month_is_read_when_a_year_anchors_it() -> None:
    assert only("et de ce dernier encore en novemre 2012 mais") == ("novemre 2012", "2012-11")


def test_misspelling_far_from_every_month_is_not_a_date() -> None:
    assert values("le marche 2015 et la maison 2016") == []


def test_each_date_in_a_list_keeps_its_own_year() -> None:
    found = find_dates(
        "V. Poutine en mars 2001 et en novembre 2006, et D. Medvedev en octobre 2010"
    )
    assert [(m.value, m.inferred) for m in found] == [
        ("2001-03", False),
        ("2006-11", False),
        ("2010-10", False),
    ]


def test_year_from_the_next_date_of_the_clause_is_marked_inferred() -> None:
    found = find_dates("le 3 mars et le 5 avril 2015")
    assert [(m.text, m.value, m.inferred) for m in found] == [
        ("3 mars", "2015-03-03", True),
        ("5 avril 2015", "2015-04-05", False),
    ]


def test_year_is_not_propagated_across_a_year_boundary() -> None:
    assert values("le 30 décembre et le 2 janvier 2015")[0] == "--12-30"


def test_year_elsewhere_in_the_sentence_is_never_borrowed() -> None:
    found = find_dates("La visite aura lieu le 5 septembre ; le traité date de 2012.")
    assert found[0].value == "--09-05"
    assert not found[0].inferred


@pytest.mark.parametrize(
    "text",
    [
        "avec 93 projets totalisant 2,45 milliards de dollars",
        "le 18e des 101 investisseurs au Vietnam",
        "la dépêche officielle n°227/CĐ-TTg",
        "la célébration du 10e anniversaire de l'ADMM+",
        "plus de 176.000 citoyens, 1.234.567 habitants, 2000 personnes",
        "l'année dernière, ces dernières années, le même jour",
        "en sept jours, la centrale Ninh Thuan 1, la Région 4",
        "le 30 février",
        "2-5925.jpg",
    ],
)
def test_numbers_that_are_not_dates_are_not_reported(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("What happened on November 11?", "November 11", "--11-11"),
        ("on 11 November 2020", "11 November 2020", "2020-11-11"),
        ("on 5 September", "5 September", "--09-05"),
        ("in 2017", "2017", "2017"),
        ("in May 2004", "May 2004", "2004-05"),
        ("March 1, 2001", "March 1, 2001", "2001-03-01"),
        ("September 5-8", "September 5-8", "--09-05/--09-08"),
        ("between June 10 and July 1", "between June 10 and July 1", "--06-10/--07-01"),
        ("the first quarter of 2020", "first quarter of 2020", "2020-Q1"),
    ],
)
def test_english_dates_in_questions(text: str, mention: str, value: str) -> None:
    assert only(text) == (mention, value)


def test_month_number_reads_names_abbreviations_and_close_misspellings() -> None:
    assert month_number("Septembre") == 9
    assert month_number("sept.") == 9
    assert month_number("novemre") is None
    assert month_number("novemre", fuzzy=True) == 11
    assert month_number("maison", fuzzy=True) is None


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        ("1950-01-30", "30 janvier 1950", "January 30, 1950"),
        ("2001-03-01", "1er mars 2001", "March 1, 2001"),
        ("2004-05", "mai 2004", "May 2004"),
        ("2007-09", "septembre 2007", "September 2007"),
        ("2012", "2012", "2012"),
        ("--05-09", "9 mai", "May 9"),
        ("--09-05/--09-08", "du 5 au 8 septembre", "September 5–8"),
        ("--04-30/--05-02", "du 30 avril au 2 mai", "April 30 – May 2"),
        ("2014-09-14/2014-09-20", "du 14 au 20 septembre 2014", "September 14–20, 2014"),
        ("2013/2015", "de 2013 à 2015", "2013–2015"),
        ("2020-01/2020-09", "de janvier à septembre 2020", "January–September 2020"),
        ("--Q1", "premier trimestre", "the first quarter"),
        ("2020-Q3", "troisième trimestre 2020", "the third quarter of 2020"),
    ],
)
def test_render_date_reads_back_in_french_and_english(value: str, fr: str, en: str) -> None:
    assert render_date(value, "fr") == fr
    assert render_date(value, "en") == en


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        ("13", "XIVe siècle", "the 14th century"),
        ("00", "Ier siècle", "the 1st century"),
        ("20", "XXIe siècle", "the 21st century"),
        ("-02", "IIIe siècle av. J.-C.", "the 3rd century BC"),
        ("14/16", "du XVe au XVIIe siècle", "the 15th–17th centuries"),
        ("198", "années 1980", "the 1980s"),
        ("197/199", "des années 1970 aux années 1990", "the 1970s–1990s"),
        ("1945-21", "printemps 1945", "spring 1945"),
        ("2019-23", "automne 2019", "autumn 2019"),
        ("-0220", "221 av. J.-C.", "221 BC"),
        ("0000", "1 av. J.-C.", "1 BC"),
        ("0476", "476", "476"),
        ("-0799/-0449", "de 800 à 450 av. J.-C.", "800–450 BC"),
        ("-0043-03-15", "15 mars 44 av. J.-C.", "March 15, 44 BC"),
    ],
)
def test_render_date_reads_periods_and_years_before_christ_back(
    value: str, fr: str, en: str
) -> None:
    assert render_date(value, "fr") == fr
    assert render_date(value, "en") == en


@pytest.mark.parametrize(
    ("text", "value"), [("le 1/1/30", "2030-01-01"), ("le 1/1/31", "1931-01-01")]
)
def test_two_digit_years_turn_century_at_the_pivot(text: str, value: str) -> None:
    found = find_dates(text)
    assert [(m.value, m.inferred) for m in found] == [(value, True)]


def test_a_century_value_is_the_prefix_of_the_years_it_holds() -> None:
    century, decade = values("au XXe siècle")[0], values("les années 1980")[0]
    assert "1985".startswith(decade) and "1985".startswith(century)
    assert "-0250".startswith(values("au IIIe siècle av. J.-C.")[0])  # 251 av. J.-C.


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("2012", (2012, 2012)),
        ("1950-01-30", (1950, 1950)),
        ("2020-Q1", (2020, 2020)),
        ("1945-21", (1945, 1945)),
        ("13", (1300, 1399)),
        ("198", (1980, 1989)),
        ("-02", (-299, -200)),  # the IIIe siècle av. J.-C.: 300 to 201 av. J.-C.
        ("-0220", (-220, -220)),
        ("-0043-03-15", (-43, -43)),
        ("14/16", (1400, 1699)),
        ("-0026/0014", (-26, 14)),
        ("--09-05", None),
        ("--09-05/--09-08", None),
        ("--Q1", None),
    ],
)
def test_year_span_gives_the_years_a_value_covers(value: str, span: tuple[int, int] | None) -> None:
    assert year_span(value) == span


def test_a_year_is_never_borrowed_from_a_century_or_a_decade() -> None:
    assert values("le 3 mars et le XIXe siècle") == ["--03-03", "18"]
    assert values("le 3 mars et les années 1980") == ["--03-03", "198"]


def test_été_as_a_participle_is_no_summer() -> None:
    assert values("Le bilan a été 2000 fois plus lourd.") == []
    assert values("Été 2019 : les records de chaleur") == ["2019-22"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("trois mai", []),  # a spelled number needs "le", "du" or "au" to be a day
        ("du 1er-dix juillet", []),  # and a word, not a dash, to end a range
        ("au XXXe siècle", []),  # no century after the 21st without an era
        ("les IIer siècles", []),
        ("le 3 sept. 14, puis", ["--09-03"]),  # an abbreviated month takes no short year
        ("en 150 000 exemplaires", []),
        ("le 10 mai 68 manifestants", ["--05-10"]),  # a short year never before a noun
    ],
)
def test_date_like_forms_are_read_no_further_than_they_go(text: str, expected: list[str]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(("numeral", "value"), [("XIV", 14), ("XIX", 19), ("IV", 4), ("XL", 40)])
def test_roman_numbers_are_read(numeral: str, value: int) -> None:
    assert roman_number(numeral) == value


@pytest.mark.parametrize("numeral", ["IIII", "VX", "IC", "", "xiv"])
def test_roman_numbers_written_non_standard_ways_are_not(numeral: str) -> None:
    assert roman_number(numeral) is None


def test_render_date_returns_an_unknown_value_unchanged() -> None:
    assert render_date("not a date", "en") == "not a date"
    assert render_date("", "fr") == ""


def test_empty_and_non_french_text_give_no_dates() -> None:
    assert find_dates("") == []
    assert find_dates("   \n\t") == []
    assert find_dates("Привет мир 你好世界 مرحبا") == []


def test_a_megabyte_of_text_is_read_whole() -> None:
    chunk = "Les échanges ont atteint 2,45 milliards de dollars en 2012 et le 5 mai 2013. "
    text = chunk * (1_000_000 // len(chunk))
    found = find_dates(text)
    assert len(found) == 2 * (1_000_000 // len(chunk))


def test_keep_longest_keeps_every_other_span_of_one_long_chain_of_overlaps() -> None:
    chain = [(i * 10, i * 10 + 11) for i in range(20_000)]  # each overlaps the next
    kept = keep_longest(chain, lambda c: c)
    assert kept == chain[::2]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_mentions_whose_offsets_match(text: str) -> None:
    found = find_dates(text)
    assert isinstance(found, list)
    for m in found:
        assert text[m.start : m.end] == m.text
        assert isinstance(render_date(m.value, "en"), str)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "le",
                "5",
                "1er",
                "mai",
                "sept.",
                "2012",
                "-",
                "au",
                "du",
                "entre",
                "et",
                "en",
                "fin",
                "trimestre",
                "premier",
                "neuf",
                "premiers",
                "mois",
                "/",
                "12",
                "novemre",
                "XIXe",
                "siècle",
                "années",
                "60",
                "av.",
                "J.-C.",
                "printemps",
                "quinze",
                "24/12/14",
            ]
        ),  # fmt: skip
        max_size=12,
    )
)
def test_date_like_word_soup_never_breaks_offsets(words: list[str]) -> None:
    text = " ".join(words)
    for m in find_dates(text):
        assert text[m.start : m.end] == m.text
