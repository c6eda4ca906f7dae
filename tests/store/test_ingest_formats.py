"""Specification of ingesting other formats: what holds for `.txt` holds for each of them.

Idempotent re-ingest, `--prune`, the bad-record report, one article stored once whatever
the number of files it comes in, its metadata kept and usable as a filter. Runs on the
embedded store (the write path is the `.txt` one, checked on a server in test_ingest.py).
"""

from __future__ import annotations

import gzip
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from store.ingest import ingest
from store.store import Store

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"
PAGE = FORMATS / "pages" / "courrier-delta-energie.html"
ENERGY = "hanoi-moscou-energie_999baca5f97c"


@pytest.fixture
def new_store(tmp_path: Path, vectors_dir: Path) -> Store:
    return Store.open(tmp_path / "data", vectors_dir=vectors_dir)


def archive_folder(tmp_path: Path) -> Path:
    """One of each format: a page, an export, a feed, a Windows-1252 text, a zip, a gzip."""
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(PAGE, folder / PAGE.name)
    shutil.copy(FORMATS / "export.jsonl", folder)
    shutil.copy(FORMATS / "feed.atom", folder)
    shutil.copy(FORMATS / "windows-1252.txt", folder / "france.txt")
    with zipfile.ZipFile(folder / "exports.zip", "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.write(FORMATS / "export.csv", "export.csv")
    (folder / "port.txt.gz").write_bytes(gzip.compress((FORMATS / "latin-1.txt").read_bytes()))
    return folder


def test_every_format_in_a_folder_is_ingested_with_its_metadata(
    new_store: Store, tmp_path: Path
) -> None:
    folder = archive_folder(tmp_path)
    seen: list[tuple[str, str]] = []
    report = ingest(new_store, [folder], progress=lambda name, status: seen.append((name, status)))
    assert report.ok, report.failed
    infos = {a.article_id: a for a in new_store.articles()}
    # 1 page + 3 export records (one of them the page again) + 2 entries + 1 + 2 + 1
    assert len(infos) == 9 and len(report.added) == 9
    assert {a.format for a in infos.values()} == {"html", "jsonl", "atom", "txt", "csv"}
    energy = infos[ENERGY]
    assert (energy.published, energy.author, energy.format) == (
        "2014-06-16",
        "Claire Dubois",
        "html",
    )
    assert energy.source == str(folder / PAGE.name)
    assert infos["france"].encoding == "windows-1252"
    assert infos["port"].encoding == "iso-8859-1"
    assert infos["port"].source == str(folder / "port.txt.gz")
    assert {a.source for a in infos.values() if a.format == "csv"} == {str(folder / "exports.zip")}
    # the page's export record is the same article: stored once, reported as a duplicate
    assert [kept for _, kept in report.duplicates] == [ENERGY]
    assert report.summary().endswith(", 1 duplicates")
    assert sum(1 for name, status in seen if status == "found") == 10
    assert new_store.article(ENERGY).meta.published == "2014-06-16"


def test_reingesting_an_unchanged_archive_writes_nothing(
    new_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = archive_folder(tmp_path)
    ingest(new_store, [folder])
    before = new_store.articles(), new_store.snapshot().signature

    def no_write(*_args: object) -> None:
        raise AssertionError("an unchanged article was written again")

    monkeypatch.setattr(new_store, "write_articles", no_write)
    monkeypatch.setattr(new_store, "remove_article", no_write)
    report = ingest(new_store, [folder], prune=True)
    assert len(report.unchanged) == 9
    assert (report.added, report.updated, report.removed, report.failed) == ([], [], [], [])
    assert (new_store.articles(), new_store.snapshot().signature) == before


def test_a_changed_record_is_updated_and_one_dropped_from_its_export_is_pruned(
    new_store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    export = folder / "export.jsonl"
    shutil.copy(FORMATS / "export.jsonl", export)
    ingest(new_store, [folder])
    records = [json.loads(line) for line in export.read_text("utf-8").splitlines()]
    records[0]["headline"] += " (mise à jour)"
    export.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records[:2]), "utf-8")
    dropped = [a.article_id for a in new_store.articles() if "pont" in a.article_id]

    report = ingest(new_store, [folder], prune=True)
    assert len(report.updated) == 1 and len(report.unchanged) == 1
    assert report.removed == dropped
    assert all(p.article_id not in dropped for p in new_store.snapshot().passages)


def test_an_export_with_a_broken_line_keeps_its_stored_records(
    new_store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    export = folder / "export.jsonl"
    shutil.copy(FORMATS / "export.jsonl", export)
    ingest(new_store, [folder])
    before = new_store.articles()
    lines = export.read_text("utf-8").splitlines()
    export.write_text("\n".join([lines[0], lines[1][:80], lines[2]]), "utf-8")

    report = ingest(new_store, [folder], prune=True)
    assert [where for where, _ in report.failed] == [f"{export}:2"]
    # a file read with a failure prunes nothing: the broken record keeps its last version
    assert report.removed == [] and new_store.articles() == before


def test_deleting_a_file_prunes_every_article_it_held(new_store: Store, tmp_path: Path) -> None:
    folder = archive_folder(tmp_path)
    ingest(new_store, [folder])
    (folder / "feed.atom").unlink()
    report = ingest(new_store, [folder], prune=True)
    assert len(report.removed) == 2
    assert {a.format for a in new_store.articles()} == {"html", "jsonl", "txt", "csv"}


def test_broken_records_are_reported_by_file_and_line_and_the_rest_ingested(
    new_store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    for name in ("broken.jsonl", "broken.csv", "pas-un-flux.xml"):
        shutil.copy(FORMATS / name, folder)
    shutil.copy(FORMATS / "pages" / "sans-article.html", folder)
    report = ingest(new_store, [folder])
    failed = sorted(where.removeprefix(f"{folder}/") for where, _ in report.failed)
    assert failed == [
        "broken.csv:3",
        "broken.jsonl:2",
        "broken.jsonl:3",
        "broken.jsonl:5",
        "pas-un-flux.xml",
        "sans-article.html",
    ]
    assert sorted(a.article_id for a in new_store.articles()) == [
        "b-1_f0ff36401e0f",
        "b-4",
        "c-1",
        "c-3",
    ]


def test_a_field_mapping_reaches_ingest(new_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "export-fr.csv"
    shutil.copy(FORMATS / "export-fr.csv", path)
    fields = {"title": "Titre", "text": "Texte intégral", "date": "Date de parution"}
    fields |= {"url": "Lien permanent", "author": "Signé"}
    assert not ingest(new_store, [path]).ok
    report = ingest(new_store, [path], fields=fields)
    assert report.ok and len(report.added) == 2
    assert {a.published for a in new_store.articles()} == {"2016-01-04", "2016-01-08"}


def test_two_files_that_only_share_a_name_are_still_refused(
    new_store: Store, tmp_path: Path
) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
    shutil.copy(FORMATS / "latin-1.txt", tmp_path / "a" / "port.txt")
    shutil.copy(FORMATS / "windows-1252.txt", tmp_path / "b" / "port.txt")
    report = ingest(new_store, [tmp_path / "a", tmp_path / "b"])
    assert [(w, "same article id" in r) for w, r in report.failed] == [
        (str(tmp_path / "b" / "port.txt"), True)
    ]


def test_search_keeps_the_articles_published_in_a_period(new_store: Store, tmp_path: Path) -> None:
    ingest(new_store, [archive_folder(tmp_path)])

    def published(start: str | None, end: str | None) -> set[str | None]:
        hits = new_store.search("le pont et la ville", k=50, published_from=start, published_to=end)
        return {h.published for h in hits}

    assert published(None, None) >= {"2021-12-01", "2016-04-30", None}
    assert published("2021", None) == {"2021-12-01", "2021-12-03"}
    assert published("2016-04", "2016-04") == {"2016-04-30"}
    assert published("2030", None) == set()


def test_a_yearless_date_in_a_dated_article_gets_its_year_marked_inferred(
    new_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "feed.atom"
    shutil.copy(FORMATS / "feed.atom", path)
    ingest(new_store, [path])
    facts = [
        f for f in new_store.snapshot().facts if f.kind == "date" and f.text.endswith("15 janvier")
    ]
    # « jusqu'au 15 janvier » in an article of 1 December 2021
    assert [(f.value, f.inferred) for f in facts] == [("2022-01-15", True)]


# -- a killed ingest of one export ----------------------------------------------------------


@pytest.fixture(scope="module")
def export_of_many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twenty-five articles in one JSONL export: the built-in five and twenty edited copies
    (without their teasers, so the test spends its time writing)."""
    from store.ingest import builtin_corpus

    folder = tmp_path_factory.mktemp("export")
    sources = sorted(builtin_corpus().glob("*.txt"))
    records = []
    for n in range(5 + 20):
        page = sources[n % 5].read_text("utf-8")
        title, rest = page[: page.index("Voir plus")].split("\n", 1)
        if n >= 5:
            title, rest = f"{title} (copie {n})", rest.replace("coopération", "collaboration", 1)
        records.append({"id": f"rec-{n:02d}", "title": title, "text": rest})
    lines = (json.dumps(r, ensure_ascii=False) for r in records)
    (folder / "export.jsonl").write_text("\n".join(lines), "utf-8")
    return folder


def test_an_ingest_of_an_export_killed_while_writing_resumes_to_a_clean_runs_store(
    tmp_path: Path, vectors_dir: Path, export_of_many: Path
) -> None:
    import signal

    from tests.store.test_ingest import article_text_passages, start_killable_ingest

    reference = Store.open(tmp_path / "reference", vectors_dir=vectors_dir)
    assert len(ingest(reference, [export_of_many]).added) == 25
    expected = article_text_passages(reference)

    process, watcher, lines = start_killable_ingest(
        tmp_path / "data", vectors_dir, None, export_of_many
    )
    watcher.join(timeout=120)
    if process.poll() is None:
        process.kill()
        pytest.fail(f"the ingest subprocess hung: {lines}")
    assert process.returncode == -signal.SIGKILL, f"not killed mid-ingest: {lines}"

    store = Store.open(tmp_path / "data", vectors_dir=vectors_dir)
    interrupted = article_text_passages(store)
    assert interrupted and len(interrupted) < len(expected)
    for article_id, passages in interrupted.items():
        assert passages == expected[article_id], f"{article_id} is visible half-written"
    report = ingest(store, [export_of_many])
    assert report.ok and sorted(report.unchanged) == sorted(interrupted)
    assert article_text_passages(store) == expected
