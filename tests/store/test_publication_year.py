"""Specification of yearless dates resolved with the article's publication date.

« le 5 février » in an article published in 2019 is 2019-02-05, marked inferred; a text
file with no publication date keeps its yearless value, as before.
"""

from __future__ import annotations

import pytest

from store.extract.dates import find_dates, with_publication_date


def resolved(text: str, published: str | None) -> list[tuple[str, bool]]:
    return [(d.value, d.inferred) for d in with_publication_date(find_dates(text), published)]


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("La réunion aura lieu le 5 février.", "2019-06-16", "2019-02-05"),
        ("Il est arrivé le 28 décembre.", "2019-01-03", "2018-12-28"),
        ("Le salon ouvrira le 2 janvier.", "2018-12-20", "2019-01-02"),
        ("Les travaux commencent en mars.", "2019-02-10", "2019-03"),
        ("Du 30 décembre au 2 janvier, la ville fête.", "2019-12-20", "2019-12-30/2020-01-02"),
        ("Le chiffre du quatrième trimestre a reculé.", "2019-02-14", "2018-Q4"),
        ("La visite, du 5 au 8 septembre, est la première.", "2014-09", "2014-09-05/2014-09-08"),
        ("Il viendra le 5 février.", "2019", "2019-02-05"),
    ],
)
def test_a_yearless_date_takes_the_year_nearest_the_publication_day(
    text: str, published: str, value: str
) -> None:
    assert resolved(text, published) == [(value, True)]


def test_a_date_with_its_year_is_left_as_the_text_gives_it() -> None:
    assert resolved("Le traité a été signé le 16 juin 2014.", "2019-06-16") == [
        ("2014-06-16", False)
    ]


def test_without_a_publication_date_a_yearless_date_stays_yearless() -> None:
    assert resolved("La réunion aura lieu le 5 février.", None) == [("--02-05", False)]


def test_a_day_the_publication_year_does_not_have_stays_yearless() -> None:
    assert resolved("Il est né un 29 février.", "2019-03-01") == [("--02-29", False)]
