"""Specification of load_article on the built-in corpus and on files it must refuse."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.errors import ArticleError
from store.ingest import builtin_corpus
from store.models import Article
from store.parse import MAX_BYTES, load_article, parse_text

A000 = "000_a250743516c9c4b6"
A001 = "001_5f0feb072f1e1255"
A002 = "002_4ab8014841a9bdf6"
A003 = "003_3d485451dd2f1f97"
A004 = "004_5a294bfd1c110c67"
ARTICLE_IDS = [A000, A001, A002, A003, A004]

# Read off the files by hand: one line of the page is one paragraph; a line repeated on
# the page (a caption shown twice, the lead repeated after the dateline) counts once.
EXPECTED = {
    A000: {
        "title": "Nouvel élan pour le partenariat stratégique intégral Vietnam-Russie",
        "dateline": "Hanoi (VNA)",
        "paragraphs": {"title": 1, "lead": 1, "body": 12, "caption": 2, "related": 23},
        "last_body": 'de plus en plus approfondie et durable", a-t-il conclu.',
    },
    A001: {
        "title": "Renforcement de la coopération Vietnam-Russie-Biélorussie",
        "dateline": None,
        "paragraphs": {"title": 1, "lead": 1, "body": 19, "related": 18},
        "last_body": "les sciences et les technologies, la culture, le sport...",
    },
    A002: {
        "title": "Les liens entre le PCV et le PRU constituent une base solide pour les "
        "relations entre le Vietnam et la Russie",
        "dateline": "Moscou, 10 mai (VNA)",
        "paragraphs": {"title": 1, "lead": 1, "body": 11, "caption": 2, "related": 27},
        "last_body": "à se rendre à nouveau au Vietnam prochainement.",
    },
    A003: {
        "title": "Vietnam-Russie : renforcement de la coopération bilatérale dans la défense",
        "dateline": "Moscou (VNA)",
        "paragraphs": {"title": 1, "lead": 1, "body": 11, "caption": 1, "related": 23},
        "last_body": "dans le cadre de leur visite officielle en Russie.",
    },
    A004: {
        "title": "Renforcement de la coopération entre le Vietnam et la Russie",
        "dateline": "Hanoï (VNA)",
        "paragraphs": {"title": 1, "lead": 1, "body": 5, "caption": 1, "related": 18},
        "last_body": "une fois l’épidémie de coronavirus maîtrisée.",
    },
}

_CREDIT = re.compile(r"\bPhotos?\s*[:/]")


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    return {p.stem: load_article(p) for p in sorted(builtin_corpus().glob("*.txt"))}


def texts(article: Article, kind: str) -> list[str]:
    return [p.text for p in article.paragraphs if p.kind == kind]


def test_the_built_in_corpus_has_the_five_articles(articles: dict[str, Article]) -> None:
    assert sorted(articles) == ARTICLE_IDS


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_the_title_is_the_first_line(articles: dict[str, Article], article_id: str) -> None:
    article = articles[article_id]
    assert article.title == EXPECTED[article_id]["title"]
    assert article.paragraphs[0].kind == "title"
    assert article.paragraphs[0].text == article.title
    assert article.sentences[0].text == article.title


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_each_line_of_the_page_gets_its_kind(articles: dict[str, Article], article_id: str) -> None:
    counts = Counter(p.kind for p in articles[article_id].paragraphs)
    assert dict(counts) == EXPECTED[article_id]["paragraphs"]


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_the_dateline_is_taken_off_the_first_body_paragraph(
    articles: dict[str, Article], article_id: str
) -> None:
    article = articles[article_id]
    assert article.dateline == EXPECTED[article_id]["dateline"]
    assert "(VNA)" not in article.text


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_the_lead_comes_before_the_body_and_the_teasers_come_last(
    articles: dict[str, Article], article_id: str
) -> None:
    kinds = [p.kind for p in articles[article_id].paragraphs]
    assert kinds.index("lead") == 1
    assert kinds.index("lead") < kinds.index("body")
    first_related = kinds.index("related")
    assert set(kinds[first_related:]) == {"related"}


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_the_end_mark_is_removed(articles: dict[str, Article], article_id: str) -> None:
    article = articles[article_id]
    body = texts(article, "body")
    assert body[-1].endswith(EXPECTED[article_id]["last_body"])
    for paragraph in article.paragraphs:
        assert not re.search(r"[-–—]\s*VNA\s*$", paragraph.text), paragraph.text
        assert paragraph.text.strip().lower() != "source"


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_captions_are_cleaned_of_photo_markers_and_credits(
    articles: dict[str, Article], article_id: str
) -> None:
    article = articles[article_id]
    assert "ảnh" not in article.text
    for caption in texts(article, "caption"):
        assert not _CREDIT.search(caption), caption
        assert not caption.startswith(article.title), caption


def test_captions_keep_their_words() -> None:
    article = load_article(builtin_corpus() / f"{A003}.txt")
    assert texts(article, "caption") == [
        "L’entretien entre le ministre russe de la Défense, général d’armée Sergey Shoigu "
        "et son homologue vietnamien Ngo Xuan Lich."
    ]


def test_a_caption_with_only_a_credit_keeps_its_words() -> None:
    article = load_article(builtin_corpus() / f"{A002}.txt")
    assert "Lors de la rencontre." in texts(article, "caption")


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_teasers_are_cleaned_of_photo_credits(
    articles: dict[str, Article], article_id: str
) -> None:
    # 002 has "Délégation vietnamienne à la VECONAC 24. Photo : hoiccbvietnam.vn":
    # a credit naming a web site (with a dot) must go too.
    for teaser in texts(articles[article_id], "related"):
        assert not _CREDIT.search(teaser), teaser


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_image_file_lines_are_dropped(articles: dict[str, Article], article_id: str) -> None:
    assert not re.search(r"\.(jpe?g|png|gif|webp)\b", articles[article_id].text, re.IGNORECASE)


def test_a_line_repeated_on_the_page_appears_once(articles: dict[str, Article]) -> None:
    text = articles[A002].text
    lead = (
        "Le secrétaire général du Parti communiste du Vietnam (PCV), To Lam, a rencontré "
        "Dmitri Medvedev, président du Parti Russie unie (PRU)"
    )
    caption = "To Lam, (gauche) et Dmitri Medvedev, président du Parti Russie unie (PRU)"
    assert text.count(lead) == 1
    assert text.count(caption) == 1
    assert articles[A002].lead.startswith(lead)


def test_a_teaser_repeated_on_the_page_appears_once(articles: dict[str, Article]) -> None:
    teasers = texts(articles[A000], "related")
    assert teasers.count("Les relations d'amitié traditionnelle Vietnam - Algérie") == 1
    teasers = texts(articles[A003], "related")
    assert teasers.count("Activités culturelles célébrant le succès du 14ᵉ Congrès du Parti") == 1


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_sentence_and_paragraph_offsets_point_into_the_article_text(
    articles: dict[str, Article], article_id: str
) -> None:
    article = articles[article_id]
    for paragraph in article.paragraphs:
        assert article.text[paragraph.start : paragraph.end] == paragraph.text
    for i, sentence in enumerate(article.sentences):
        assert sentence.index == i
        assert sentence.article_id == article_id
        assert article.text[sentence.start : sentence.end] == sentence.text
        paragraph = article.paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end
        assert sentence.kind == paragraph.kind
    starts = [s.start for s in article.sentences]
    assert starts == sorted(starts)


def test_initials_do_not_end_a_sentence(articles: dict[str, Article]) -> None:
    sentences = [s.text for s in articles[A001].sentences]
    assert any("russe, D. Medvedev, et biélorusse, M. Myasnikovich." in s for s in sentences)
    assert any(
        "V. Poutine en mars 2001" in s and "D. Medvedev en octobre 2010" in s for s in sentences
    )
    assert not [s for s in sentences if re.search(r"\b[A-Z]\.$", s)]


def test_a_sentence_glued_after_a_full_stop_is_split(articles: dict[str, Article]) -> None:
    # 001: "…830 millions d'importations.Ce premier trimestre…" lost its space; as one
    # sentence, a citation for "734 millions" would quote both.
    sentences = [s.text for s in articles[A001].sentences]
    assert any(s.endswith("830 millions d'importations.") for s in sentences)
    assert any(s.startswith("Ce premier trimestre, le commerce bilatéral") for s in sentences)


def test_the_lead_property_is_the_lead_paragraph(articles: dict[str, Article]) -> None:
    assert articles[A001].lead == (
        "Le Premier ministre effectuera une visite officielle du 12 au 15 mai en Russie "
        "et du 15 au 17 mai en Biélorussie."
    )


def test_the_article_id_is_the_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "my-article.txt"
    path.write_text("Un titre\n\nLe Vietnam et la Russie ont signé un accord.\n", "utf-8")
    article = load_article(path)
    assert article.article_id == "my-article"
    assert article.source == str(path)


def test_the_fingerprint_changes_with_the_content_only(tmp_path: Path) -> None:
    one, two = tmp_path / "a.txt", tmp_path / "b.txt"
    body = "Un titre\n\nLe Vietnam et la Russie ont signé un accord.\n"
    one.write_text(body, "utf-8")
    two.write_text(body.replace("accord", "traité"), "utf-8")
    assert load_article(one).sha256 == load_article(one).sha256
    assert load_article(one).sha256 != load_article(two).sha256


def test_windows_line_endings_and_a_bom_parse_like_plain_text(tmp_path: Path) -> None:
    plain = "Un titre\n\nLe Vietnam et la Russie ont signé un accord.\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + plain.replace("\n", "\r\n").encode("utf-8"))
    article = load_article(path)
    assert article.title == "Un titre"
    assert article.text == "Un titre\n\nLe Vietnam et la Russie ont signé un accord."


# -- files that cannot be ingested -------------------------------------------------------

BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "empty"),
    "blank": (b"\n  \n\t\n", "empty"),
    "binary": (bytes(range(256)) * 8, "binary"),
    "binary-no-nul": (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 200 + b"abc", "binary"),
    # UTF-8 and Windows-1252 in one file: no one encoding reads it.
    "mixed-encodings": (
        "Café crème\n\nLe Vietnam et la Russie ont signé.\n".encode()
        + "Élan à l'été, « oui ».\n".encode("cp1252"),
        "encoding cannot be determined",
    ),
    "no-title": (
        b"12345 - 678\n\nLe Vietnam et la Russie ont sign\xc3\xa9 un accord.\n",
        "no title",
    ),
    "title-only": (b"Un titre tout seul\n\n", "no article text"),
    "teasers-only": (b"Un titre\n\nVoir plus\n\nUn article voisin.\n", "no article text"),
}


def bad_file(folder: Path, name: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_bytes(BAD_FILES[name][0])
    return path


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_refused_with_its_name_and_the_reason(tmp_path: Path, name: str) -> None:
    path = bad_file(tmp_path, name)
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    assert caught.value.path == str(path)
    assert BAD_FILES[name][1] in caught.value.reason
    assert str(path) in str(caught.value)


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    sentence = "Le Vietnam et la Russie renforcent leur coopération. "
    path.write_text("Un titre\n\n" + sentence * (MAX_BYTES // len(sentence) + 1), "utf-8")
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    assert "limit" in caught.value.reason
    assert f"{MAX_BYTES:,}" in caught.value.reason


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stray multi-gigabyte .txt in an ingested folder must not be read into memory.
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(MAX_BYTES * 50)  # sparse: costs no disk
    read = Path.read_bytes

    def guarded(self: Path) -> bytes:
        if self.stat().st_size > MAX_BYTES:
            raise AssertionError(f"{self} was read whole although it is over the limit")
        return read(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    assert "limit" in caught.value.reason


def test_a_missing_file_is_an_article_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError) as caught:
        load_article(tmp_path / "absent.txt")
    assert "cannot be read" in caught.value.reason


def test_a_folder_is_an_article_error(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ArticleError):
        load_article(folder)


# -- any text ------------------------------------------------------------------------------

_words = st.text(alphabet="abcdeéèilmnorstuvxzABCDÉLMNRSTV'’-,;:", min_size=1, max_size=12)
_sentence = st.lists(_words, min_size=1, max_size=12).map(" ".join).map(lambda s: s + ".")
_paragraph = st.lists(_sentence, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(paragraphs=st.lists(_paragraph, min_size=1, max_size=5))
def test_offsets_are_exact_on_any_text(paragraphs: list[str]) -> None:
    raw = "Un titre\n\n" + "\n\n".join(paragraphs) + "\n"
    try:
        article = parse_text("any", raw)
    except ArticleError:
        return  # e.g. every paragraph was noise; refusing is allowed, crashing is not
    for sentence in article.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
