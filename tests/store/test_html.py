"""Specification of reading saved news pages: the article kept, the page around it dropped.

The pages under tests/data/formats/pages are news pages with the boilerplate real ones
carry (navigation, cookie banner, share bar, comments, related articles, newsletter box,
footer); expected.yaml says, sentence by sentence, which text is the article's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from store.errors import ArticleError
from store.formats import read_documents
from store.formats.html import fragment_blocks, looks_like_html
from store.formats.identity import fingerprint
from store.models import Article
from store.parse import load_article

PAGES = Path(__file__).resolve().parents[1] / "data" / "formats" / "pages"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((PAGES / "expected.yaml").read_text("utf-8"))


def contains(text: str, sentence: str) -> bool:
    """`sentence` is in `text`, compared word by word (case, punctuation and spacing aside)."""
    return f" {fingerprint(sentence)} " in f" {fingerprint(text)} "


@pytest.fixture(scope="module")
def pages() -> dict[str, Article]:
    return {name: load_article(PAGES / name) for name in EXPECTED}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_sentence_of_the_article_is_kept(pages: dict[str, Article], name: str) -> None:
    article = pages[name]
    text = "\n".join(p.text for p in article.paragraphs if p.kind in ("lead", "body"))
    missing = [s for s in EXPECTED[name]["article"] if not contains(text, s)]
    assert missing == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_boilerplate_is_left(pages: dict[str, Article], name: str) -> None:
    leaked = [s for s in EXPECTED[name]["boilerplate"] if contains(pages[name].text, s)]
    assert leaked == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_photo_captions_are_kept_as_captions(pages: dict[str, Article], name: str) -> None:
    captions = [p.text for p in pages[name].paragraphs if p.kind == "caption"]
    assert captions == EXPECTED[name]["captions"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_title_date_author_and_url_come_from_the_markup(
    pages: dict[str, Article], name: str
) -> None:
    article, expected = pages[name], EXPECTED[name]
    assert article.title == expected["title"]
    assert article.meta.published == expected["published"]
    assert article.meta.author == expected["author"]
    assert article.meta.url == expected["url"]
    assert (article.meta.format, article.meta.encoding) == ("html", "utf-8")


def test_the_headline_is_not_repeated_as_a_paragraph(pages: dict[str, Article]) -> None:
    for article in pages.values():
        assert [p.kind for p in article.paragraphs].count("title") == 1
        assert not [p for p in article.paragraphs[1:] if p.text == article.title]


def test_a_page_with_a_url_is_named_by_it_and_one_without_by_its_file(
    pages: dict[str, Article],
) -> None:
    assert pages["courrier-delta-energie.html"].article_id == "hanoi-moscou-energie_999baca5f97c"
    assert pages["depeche-hanoi-vaccins.html"].article_id == "depeche-hanoi-vaccins"


def test_a_page_with_no_article_text_is_refused() -> None:
    path = PAGES / "sans-article.html"
    with pytest.raises(ArticleError) as caught:
        list(read_documents(path))
    assert caught.value.path == str(path)
    assert "no article text" in caught.value.reason


def test_an_empty_page_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "vide.html"
    path.write_text("<html><head><title>Rien</title></head><body></body></html>", "utf-8")
    with pytest.raises(ArticleError) as caught:
        list(read_documents(path))
    assert "no article text" in caught.value.reason


def test_a_page_in_windows_1252_is_decoded(tmp_path: Path) -> None:
    source = (PAGES / "depeche-hanoi-vaccins.html").read_text("utf-8")
    path = tmp_path / "depeche.htm"
    path.write_bytes(source.replace("l'an dernier", "l’an dernier").encode("cp1252"))
    article = load_article(path)
    assert article.meta.encoding == "windows-1252"
    assert "recensé 2.300 cas de rougeole dans la ville l’an dernier" in article.text


# -- HTML inside an export's text field ----------------------------------------------------


def test_html_in_a_text_field_is_cleaned_into_paragraphs_and_captions() -> None:
    body = (
        "<p>Le Vietnam et la Russie ont signé lundi à Hanoï trois accords sur l'énergie.</p>"
        '<figure><img src="a.jpg"><figcaption>La signature, le 16 juin.</figcaption></figure>'
        "<p>Les deux pays ont conclu ces accords lors de la visite du vice-Premier ministre "
        "russe.</p><script>track();</script>"
    )
    blocks = fragment_blocks(body)
    assert [(b.text, b.caption) for b in blocks] == [
        ("Le Vietnam et la Russie ont signé lundi à Hanoï trois accords sur l'énergie.", False),
        ("La signature, le 16 juin.", True),
        (
            "Les deux pays ont conclu ces accords lors de la visite du vice-Premier ministre "
            "russe.",
            False,
        ),
    ]


def test_a_short_html_fragment_keeps_all_its_text() -> None:
    blocks = fragment_blocks("Une <b>seule</b> phrase.<br>Et une autre, &eacute;crite court.")
    assert [b.text for b in blocks] == ["Une seule phrase.", "Et une autre, écrite court."]


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<p>Un paragraphe.</p>", True),
        ("Une ligne.<br/>Une autre.", True),
        ("Le Vietnam &amp; la Russie", True),
        ("Le Vietnam et la Russie : 5 < 6 et 7 > 3.", False),
        ("Une ligne.\nUne autre.", False),
    ],
)
def test_html_is_told_from_plain_text(text: str, html: bool) -> None:
    assert looks_like_html(text) is html
