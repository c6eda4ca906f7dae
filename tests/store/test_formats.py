"""Specification of reading the formats archives come in: exports, feeds, encodings, archives.

The fixtures under tests/data/formats are written by hand as a CMS, a feed generator or
an old Windows editor would write them; the broken ones are broken the way real files
are (a line cut off mid-export, a row with a stray column, an item with no text).
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest

from store.errors import ArticleError, StoreError
from store.formats import FieldMap, read_documents
from store.formats.archives import MAX_RATIO
from store.formats.encoding import decode
from store.formats.identity import id_from_url, normalise_url
from store.formats.metadata import author_name, period_bound, publication_date, within
from store.models import Document
from store.parse import load_article, parse_document

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"
FRENCH_EXPORT_FIELDS = {
    "title": "Titre",
    "text": "Texte intégral",
    "date": "Date de parution",
    "url": "Lien permanent",
    "author": "Signé",
}


def read(path: Path, fields: dict[str, str] | None = None) -> list[Document | ArticleError]:
    return list(read_documents(path, fields))


def documents(path: Path, fields: dict[str, str] | None = None) -> list[Document]:
    got = read(path, fields)
    assert not [d for d in got if isinstance(d, ArticleError)]
    return [d for d in got if isinstance(d, Document)]


def failures(got: list[Document | ArticleError]) -> list[tuple[str, str]]:
    return [(e.path, e.reason) for e in got if isinstance(e, ArticleError)]


def body(document: Document) -> str:
    return "\n".join(b.text for b in document.blocks if not b.caption)


# -- encodings ------------------------------------------------------------------------------


def test_a_windows_1252_file_keeps_its_accents_apostrophes_and_guillemets() -> None:
    article = load_article(FORMATS / "windows-1252.txt")
    assert article.meta.encoding == "windows-1252"
    assert article.title.startswith("Le Vietnam et la France célèbrent")
    assert "« une amitié qui a traversé les épreuves », lors d’une réception" in article.text
    assert "le cœur de notre partenariat" in article.text
    assert "3,7 milliards d’euros" in article.text


def test_a_latin_1_file_is_read_and_recorded_as_latin_1() -> None:
    article = load_article(FORMATS / "latin-1.txt")
    assert article.meta.encoding == "iso-8859-1"
    assert article.title == "Les pêcheurs de Quy Nhon inaugurent un nouveau port"
    assert "« " in article.text


@pytest.mark.parametrize(
    ("codec", "prefix", "name"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16", b"", "utf-16"),
        ("utf-16-le", b"", "utf-16-le"),
        ("cp1252", b"", "windows-1252"),
    ],
)
def test_each_encoding_is_detected_and_named(codec: str, prefix: str, name: str) -> None:
    text = "Élan d’été\n\nLe Vietnam et la Russie ont signé « un accord » à Hanoï.\n"
    decoded = decode(prefix + text.encode(codec), "a.txt")
    assert (decoded.text, decoded.encoding) == (text, name)


def test_a_file_in_no_one_encoding_is_refused_with_the_fix() -> None:
    mixed = "Café crème\n\nLe texte.\n".encode() + "Élan à l'été, « oui ».\n".encode("cp1252")
    with pytest.raises(ArticleError) as caught:
        decode(mixed, "mixed.txt")
    assert caught.value.path == "mixed.txt"
    assert "encoding cannot be determined" in caught.value.reason
    assert "convert it to UTF-8" in caught.value.reason


def test_a_reencoded_file_records_its_new_encoding_on_the_next_ingest(tmp_path: Path) -> None:
    text = (FORMATS / "latin-1.txt").read_bytes().decode("latin-1")
    path = tmp_path / "port.txt"
    path.write_bytes(text.encode("latin-1"))
    before = load_article(path)
    path.write_bytes(text.encode("utf-8"))
    after = load_article(path)
    assert (before.meta.encoding, after.meta.encoding) == ("iso-8859-1", "utf-8")
    assert before.text == after.text and before.sha256 != after.sha256


# -- JSON Lines, JSON, CSV ------------------------------------------------------------------


def test_a_cms_jsonl_export_gives_one_article_per_line_with_its_metadata() -> None:
    docs = documents(FORMATS / "export.jsonl")
    assert [d.title for d in docs] == [
        "Les ventes de fruits du dragon vers la Chine repartent à la hausse",
        "Hanoï et Moscou renforcent leur coopération énergétique",
        "Un pont suspendu relie désormais les deux rives du Tien",
    ]
    first, _, third = docs
    assert first.meta.published == "2016-03-08"
    assert (
        first.meta.url
        == "https://courrier-delta.example/economie/2016/03/08/fruits-du-dragon-chine"
    )
    assert first.meta.author == "Claire Dubois"
    assert (first.meta.format, first.meta.encoding) == ("jsonl", "utf-8")
    assert third.meta.author == "Pham Duc Anh, Claire Dubois"
    # the lead (`summary`) comes first, then the body's HTML as paragraphs
    assert first.blocks[0].text.startswith("Après deux années difficiles")
    assert "<p>" not in body(first) and "Binh Thuan vers la Chine" in body(first)
    assert [d.location for d in docs] == [f"{FORMATS / 'export.jsonl'}:{n}" for n in (1, 2, 3)]


def test_a_broken_jsonl_reports_each_bad_line_and_reads_the_others() -> None:
    path = FORMATS / "broken.jsonl"
    got = read(path)
    assert [d.title for d in got if isinstance(d, Document)] == [
        "La pêche au thon rouge ouvre à Phu Yen",
        "Les rizières en terrasses de Mu Cang Chai attirent les photographes",
    ]
    bad = failures(got)
    assert [where for where, _ in bad] == [f"{path}:2", f"{path}:3", f"{path}:5"]
    assert "not valid JSON" in bad[0][1]
    assert "no title" in bad[1][1] and "--field title=" in bad[1][1]
    assert "not an object" in bad[2][1]


def test_a_csv_export_reads_quoted_multi_line_texts_and_day_first_dates() -> None:
    docs = documents(FORMATS / "export.csv")
    assert [d.meta.published for d in docs] == ["2015-07-01", "2015-07-09"]
    assert docs[1].meta.author == "Lê Quang Vinh"
    assert len(docs[0].blocks) == 3
    assert docs[0].blocks[2].text.startswith("« C'est une étape historique")
    assert {d.meta.format for d in docs} == {"csv"}


def test_a_csv_row_with_a_wrong_column_count_is_reported_by_its_line() -> None:
    path = FORMATS / "broken.csv"
    got = read(path)
    assert [d.article_id for d in got if isinstance(d, Document)] == ["c-1", "c-3"]
    assert failures(got) == [(f"{path}:3", "the row has 5 columns where the header has 4")]


def test_fields_with_other_names_are_mapped_and_their_html_cleaned() -> None:
    path = FORMATS / "export-fr.csv"
    # unmapped, the French column names hold no field ingest knows
    assert all("no text" in reason for _, reason in failures(read(path)))
    docs = documents(path, FRENCH_EXPORT_FIELDS)
    assert [d.title for d in docs] == [
        "Les cerisiers de Da Lat fleurissent en avance",
        "Hoi An interdit les sacs plastiques dans la vieille ville",
    ]
    assert docs[0].meta.author == "Nguyen Thi Lan"
    assert docs[0].meta.url == "https://courrier-delta.example/cerisiers-da-lat"
    assert all("<" not in b.text for d in docs for b in d.blocks)
    assert len(docs[1].blocks) >= 2


def test_an_unknown_field_in_a_mapping_is_refused() -> None:
    with pytest.raises(StoreError, match="unknown article field 'texte'"):
        FieldMap.of({"texte": "body"})


def test_a_dotted_field_name_reaches_inside_an_object(tmp_path: Path) -> None:
    path = tmp_path / "wp.json"
    path.write_text(
        '[{"id": 7, "title": {"rendered": "Un titre"}, '
        '"content": {"rendered": "<p>Le texte de l\'article, en une phrase.</p>"}, '
        '"meta": {"signature": "Tran Van Minh"}}]',
        "utf-8",
    )
    (doc,) = documents(path, {"author": "meta.signature"})
    assert (doc.article_id, doc.title, doc.meta.author) == ("7", "Un titre", "Tran Van Minh")
    assert body(doc) == "Le texte de l'article, en une phrase."


def test_a_json_file_holds_an_array_an_object_of_articles_or_one_article(
    tmp_path: Path,
) -> None:
    record = '{"title": "Un titre", "text": "Une phrase de texte, assez longue."}'
    (tmp_path / "array.json").write_text(f"[{record},\n{record}]", "utf-8")
    (tmp_path / "wrapped.json").write_text(f'{{"articles": [\n{record}]}}', "utf-8")
    (tmp_path / "vna-12.json").write_text(record, "utf-8")
    assert len(documents(tmp_path / "array.json")) == 2
    assert len(documents(tmp_path / "wrapped.json")) == 1
    (one,) = documents(tmp_path / "vna-12.json")
    assert (one.article_id, one.identity) == ("vna-12", "stem")


def test_a_broken_json_file_is_refused_at_the_line_it_breaks(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('[\n{"title": "Un titre",\n "text": "coupé', "utf-8")
    with pytest.raises(ArticleError) as caught:
        read(path)
    assert caught.value.path == f"{path}:3" and "not valid JSON" in caught.value.reason


# -- feeds ----------------------------------------------------------------------------------


def test_an_rss_feed_gives_its_items_full_text_else_their_summary() -> None:
    path = FORMATS / "feed.rss"
    got = read(path)
    docs = [d for d in got if isinstance(d, Document)]
    assert [d.title for d in docs] == [
        "La crevette de Ca Mau décroche une indication géographique",
        "Le riz du delta du Mékong s'exporte vers l'Afrique de l'Ouest",
        "Les producteurs de poivre de Phu Quoc misent sur le tourisme",
    ]
    crevette, riz, _ = docs
    # content:encoded, not the cut-down description beside it
    assert len(crevette.blocks) == 3 and "280.000 hectares" in body(crevette)
    assert body(riz).startswith("Les exportateurs de Can Tho")
    assert crevette.meta.published == "2019-03-12"
    assert (crevette.meta.author, crevette.meta.format) == ("Nguyen Thi Lan", "rss")
    # the item with no text is reported by the line it starts on
    assert [(w, "no text" in r) for w, r in failures(got)] == [(f"{path}:36", True)]


def test_an_atom_feed_gives_its_entries_with_the_publication_date_not_the_update() -> None:
    docs = documents(FORMATS / "feed.atom")
    assert [d.meta.published for d in docs] == ["2021-12-01", "2021-12-03"]
    assert {d.meta.format for d in docs} == {"atom"}
    assert docs[0].meta.author == "Lê Quang Vinh"
    assert "illuminé chaque soir jusqu'au 15 janvier" in body(docs[0])
    assert "Philharmonie de Paris" in body(docs[1])


def test_an_xml_file_that_is_not_a_feed_is_refused() -> None:
    with pytest.raises(ArticleError, match="no RSS or Atom items"):
        read(FORMATS / "pas-un-flux.xml")


# -- compressed and bundled -----------------------------------------------------------------


def test_a_gzipped_export_is_read_as_the_export(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl.gz"
    path.write_bytes(gzip.compress((FORMATS / "export.jsonl").read_bytes()))
    docs = documents(path)
    assert [d.article_id for d in docs] == [
        d.article_id for d in documents(FORMATS / "export.jsonl")
    ]
    assert {d.source for d in docs} == {str(path)}


def test_a_zip_is_read_member_by_member_and_a_bad_member_does_not_stop_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "archive.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(FORMATS / "feed.atom", "flux/feed.atom")
        archive.write(FORMATS / "windows-1252.txt", "textes/france.txt")
        archive.writestr("textes/vide.txt", b"")
        archive.writestr("notes.docx", b"not read")
        archive.writestr("__MACOSX/._feed.atom", b"\x00\x05")
    got = read(path)
    docs = [d for d in got if isinstance(d, Document)]
    assert [d.location for d in docs] == [
        f"{path}:flux/feed.atom:7",
        f"{path}:flux/feed.atom:17",
        f"{path}:textes/france.txt",
    ]
    assert {d.source for d in docs} == {str(path)}
    assert docs[2].meta.encoding == "windows-1252"
    assert failures(got) == [(f"{path}:textes/vide.txt", "the file is empty")]


def test_a_zip_bomb_is_refused_before_it_is_expanded_and_the_rest_is_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bombe.jsonl", b"\n" * 200_000_000)
        archive.write(FORMATS / "latin-1.txt", "port.txt")
    info = zipfile.ZipFile(path).getinfo("bombe.jsonl")
    assert info.file_size > MAX_RATIO * info.compress_size
    got = read(path)
    assert [d.article_id for d in got if isinstance(d, Document)] == ["port"]
    ((where, reason),) = failures(got)
    assert where == f"{path}:bombe.jsonl" and "zip bomb" in reason


def test_a_gzip_bomb_is_stopped_while_expanding(tmp_path: Path) -> None:
    path = tmp_path / "bombe.txt.gz"
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb") as out:
        for _ in range(50):
            out.write(b" " * 1_000_000)
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ArticleError, match="zip bomb|limit"):
        read(path)


@pytest.mark.parametrize(("name", "what"), [("a.zip", "zip archive"), ("a.txt.gz", "gzip")])
def test_a_corrupt_archive_is_refused(tmp_path: Path, name: str, what: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 not really" if name.endswith(".zip") else b"\x1f\x8b broken")
    with pytest.raises(ArticleError, match=what):
        read(path)


def test_a_file_of_another_format_is_refused_with_the_formats_ingest_reads(
    tmp_path: Path,
) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"x")
    with pytest.raises(ArticleError, match=r"\.docx is not a format ingest reads \(\.txt, \.html"):
        read(path)


# -- identity -------------------------------------------------------------------------------


def test_one_page_linked_two_ways_has_one_id() -> None:
    plain = "https://courrier-delta.example/monde/2014/06/16/hanoi-moscou-energie"
    tracked = (
        "http://www.Courrier-Delta.example/monde/2014/06/16/hanoi-moscou-energie/?utm_source=x#top"
    )
    assert normalise_url(tracked) == normalise_url(plain)
    assert id_from_url(tracked) == id_from_url(plain) == "hanoi-moscou-energie_999baca5f97c"


def test_an_article_is_named_by_its_url_else_its_record_id_else_a_hash_of_its_text(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mix.jsonl"
    text = "Une phrase de texte, assez longue pour un article."
    records = [
        {"id": "a-1", "url": "https://x.example/a/un-titre", "title": "T", "text": text},
        {"id": "a-2", "title": "T", "text": text},
        {"title": "Un titre sans id", "text": text},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    docs = documents(path)
    assert [d.identity for d in docs] == ["url", "id", "hash"]
    assert docs[0].article_id.startswith("un-titre_") and docs[1].article_id == "a-2"
    assert docs[2].article_id.startswith("un-titre-sans-id_")
    # the same record read again (another run, another file) has the same id
    again = tmp_path / "again.jsonl"
    again.write_text(path.read_text("utf-8").split("\n")[2], "utf-8")
    assert documents(again)[0].article_id == docs[2].article_id


def test_a_page_and_its_export_record_are_one_article() -> None:
    page = load_article(FORMATS / "pages" / "courrier-delta-energie.html")
    record = next(d for d in documents(FORMATS / "export.jsonl") if d.title == page.title)
    assert record.article_id == page.article_id
    assert parse_document(record).meta.published == page.meta.published == "2014-06-16"


# -- metadata -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2014-06-16T08:30:00+02:00", "2014-06-16"),
        ("2014-06-16 23:59", "2014-06-16"),
        ("2014-06", "2014-06"),
        ("Mon, 16 Jun 2014 08:30:00 +0200", "2014-06-16"),
        ("16/06/2014", "2014-06-16"),
        ("16.06.2014", "2014-06-16"),
        ("20140616", "2014-06-16"),
        ("16 juin 2014", "2014-06-16"),
        ("le lundi 16 juin 2014", "2014-06-16"),
        (1402900200, "2014-06-16"),
        ("1402900200000", "2014-06-16"),
        ("2014-02-30", None),
        ("hier", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_publication_dates_are_read_from_what_exports_write(
    value: object, expected: str | None
) -> None:
    assert publication_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Par Claire Dubois", "Claire Dubois"),
        ({"name": "Claire Dubois"}, "Claire Dubois"),
        ([{"name": "A"}, "B", {"name": "A"}], "A, B"),
        ("  ", None),
        (None, None),
    ],
)
def test_authors_are_read_as_one_line(value: object, expected: str | None) -> None:
    assert author_name(value) == expected


@pytest.mark.parametrize(
    ("published", "start", "end", "inside"),
    [
        ("2014-06-16", "2014", "2014", True),
        ("2014-06-16", "2014-06-17", None, False),
        ("2014-06-16", None, "2014-06", True),
        ("2014-06", "2014-06-01", "2014-06-30", True),
        ("2015-01-01", None, "2014", False),
        (None, "2014", None, False),
        (None, None, None, True),
    ],
)
def test_a_period_takes_whole_years_and_months_at_its_bounds(
    published: str | None, start: str | None, end: str | None, inside: bool
) -> None:
    assert within(published, start, end) is inside


@pytest.mark.parametrize("bad", ["juin 2014", "2014-13", "2014-02-30", "14-06-16", "2014/06"])
def test_a_period_bound_that_is_not_a_date_is_refused_with_its_form(bad: str) -> None:
    with pytest.raises(ValueError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        period_bound(bad)
