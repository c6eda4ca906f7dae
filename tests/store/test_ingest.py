"""Specification of ingest: idempotent, replacing changed files, skipping bad ones, safe to kill.

Every test runs on the embedded store and on a chroma server (see conftest.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

import store.ingest as ingest_module
from store.ingest import IngestReport, builtin_corpus, ingest
from store.parse import MAX_BYTES, load_article
from store.records import passages_of
from store.store import Store
from tests.store.conftest import WITH_POSTGRES, ChromaServer, OpenStore, records_url

A000 = "000_a250743516c9c4b6"
A003 = "003_3d485451dd2f1f97"
A004 = "004_5a294bfd1c110c67"
ROOT = Path(__file__).resolve().parents[2]


def folder_of(tmp_path: Path, *article_ids: str, name: str = "articles") -> Path:
    """A writable folder holding copies of some built-in articles."""
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    for article_id in article_ids:
        target = folder / f"{article_id}.txt"
        shutil.copyfile(builtin_corpus() / f"{article_id}.txt", target)
        target.chmod(0o644)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def counts(store: Store, raw_collection: Callable[[str], Any]) -> tuple[int, int]:
    return len(store.snapshot().passages), raw_collection("articles").count()


def visible(store: Store, fragment: str) -> list[str]:
    """Article ids of every committed passage whose text contains `fragment`."""
    return [p.article_id for p in store.snapshot().passages if fragment in p.text]


# -- adding and re-adding -------------------------------------------------------------------


def test_ingesting_the_built_in_corpus_adds_every_article(open_store: OpenStore) -> None:
    store = open_store()
    seen: list[tuple[str, str]] = []
    report = ingest(store, progress=lambda name, status: seen.append((name, status)))
    ids = sorted(p.stem for p in builtin_corpus().glob("*.txt"))
    assert sorted(report.added) == ids
    assert (report.updated, report.unchanged, report.removed, report.failed) == ([], [], [], [])
    assert report.ok
    # each article is told when found in its file, when read, then when written with its chunk
    statuses = ("found", "read", "added")
    assert sorted(seen) == sorted((i, status) for i in ids for status in statuses)
    assert all(seen.index((i, "found")) < seen.index((i, "read")) for i in ids)
    assert all(seen.index((i, "read")) < seen.index((i, "added")) for i in ids)
    assert report.summary() == "5 added, 0 updated, 0 unchanged, 0 removed, 0 failed"
    assert [a.article_id for a in store.articles()] == ids


def test_reingesting_unchanged_files_writes_nothing(
    open_store: OpenStore,
    raw_collection: Callable[[str], Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = folder_of(tmp_path, A003, A004)
    store = open_store()
    ingest(store, [folder])
    before = counts(store, raw_collection), store.snapshot().signature, store.articles()

    again = open_store()

    def no_write(*_args: object) -> None:
        raise AssertionError("an unchanged article was written again")

    monkeypatch.setattr(again, "write_article", no_write)
    monkeypatch.setattr(again, "remove_article", no_write)
    report = ingest(again, [folder], prune=True)
    assert sorted(report.unchanged) == [A003, A004]
    assert (report.added, report.updated, report.removed, report.failed) == ([], [], [], [])
    assert (counts(again, raw_collection), again.snapshot().signature, again.articles()) == before


def test_a_changed_file_replaces_its_old_entries(
    open_store: OpenStore, raw_collection: Callable[[str], Any], tmp_path: Path
) -> None:
    folder = folder_of(tmp_path, A004)
    store = open_store()
    ingest(store, [folder])
    query = "exporter de la viande et des produits aquatiques"
    assert "viande" in store.search(query, k=1)[0].passage.text
    edit(
        folder / f"{A004}.txt",
        "exporter de la viande et des produits",
        "exporter du riz et des fruits",
    )

    report = ingest(store, [folder])
    assert report.updated == [A004]
    new = load_article(folder / f"{A004}.txt")
    assert len(store.snapshot().passages) == len(passages_of(new))
    assert store.article(A004).sha256 == new.sha256
    for reader in (store, open_store()):
        assert not [h for h in reader.search(query, k=10) if "viande" in h.passage.text]
        assert "du riz et des fruits" in reader.search("riz et fruits", k=1)[0].passage.text
        passages = reader.snapshot().passages
        assert len({p.text for p in passages}) == len(passages), "duplicate passages"
        assert visible(reader, "exporter de la viande") == []
        assert visible(reader, "exporter du riz et des fruits") == [A004]


def test_a_shortened_file_leaves_no_passage_behind(
    open_store: OpenStore, raw_collection: Callable[[str], Any], tmp_path: Path
) -> None:
    folder = folder_of(tmp_path, A004)
    path = folder / f"{A004}.txt"
    store = open_store()
    ingest(store, [folder])
    text = path.read_text("utf-8")
    start = text.index("Les deux vice-Premiers ministres ont chargés")
    path.write_text(text[:start] + text[text.index("Voir plus") :], "utf-8")

    ingest(store, [folder])
    assert len(store.snapshot().passages) == len(passages_of(load_article(path)))
    assert visible(open_store(), "sous-comités") == []


def test_a_changed_file_drops_the_teasers_it_no_longer_shows(
    open_store: OpenStore, tmp_path: Path
) -> None:
    folder = folder_of(tmp_path, A004)
    teaser = "La visite du Premier ministre Pham Minh Chinh massivement couverte par les médias"
    store = open_store()
    ingest(store, [folder])
    assert visible(store, teaser) == [A004]
    edit(folder / f"{A004}.txt", teaser, "Un autre titre de la rubrique")

    ingest(store, [folder])
    for reader in (store, open_store()):
        assert visible(reader, teaser) == []
        assert not [h for h in reader.search(teaser, k=10) if teaser in h.passage.text]


def test_worker_processes_store_what_one_process_stores(
    tmp_path: Path, vectors_dir: Path, ingested_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two worker processes, given two articles at a time (so that both get some, and a
    teaser run by one is run again by the other), find the same facts and analyses."""
    monkeypatch.setattr(ingest_module, "TASK", 2)
    store = Store.open(tmp_path / "data", vectors_dir=vectors_dir)
    assert ingest(store, workers=2).ok
    ids = sorted(a.article_id for a in ingested_store.articles())
    assert sorted(a.article_id for a in store.articles()) == ids
    for article_id in ids:
        one, two = ingested_store.article(article_id), store.article(article_id)
        assert [asdict(f) for f in two.facts] == [asdict(f) for f in one.facts]
        assert two.analyses == one.analyses


# -- pruning -------------------------------------------------------------------------------


def test_prune_removes_articles_whose_file_is_gone(open_store: OpenStore, tmp_path: Path) -> None:
    folder = folder_of(tmp_path, A003, A004)
    store = open_store()
    ingest(store, [folder])
    (folder / f"{A003}.txt").unlink()

    kept = ingest(store, [folder])
    assert kept.removed == [] and A003 in [a.article_id for a in store.articles()]

    report = ingest(store, [folder], prune=True)
    assert report.removed == [A003]
    assert report.unchanged == [A004]
    for reader in (store, open_store()):
        assert [a.article_id for a in reader.articles()] == [A004]
        assert A003 not in {p.article_id for p in reader.snapshot().passages}
        assert all(h.passage.article_id == A004 for h in reader.search("Alexander Bortnikov", k=10))


def test_pruning_an_article_keeps_the_teasers_other_pages_still_show(
    open_store: OpenStore, tmp_path: Path
) -> None:
    # 000 and 004 end with some of the same "Voir plus" teasers; each is stored once.
    teaser = "Le secrétaire général Tô Lâm promeut une Garde-côte vietnamienne moderne"
    folder = folder_of(tmp_path, A000, A004)
    store = open_store()
    ingest(store, [folder])
    assert len(visible(store, teaser)) == 1
    (folder / f"{A004}.txt").unlink()

    assert ingest(store, [folder], prune=True).removed == [A004]
    for reader in (store, open_store()):
        assert len(visible(reader, teaser)) == 1, "a teaser shown by 000 was lost"
        hits = reader.search(teaser, k=5, kinds=["related"])
        assert hits and teaser in hits[0].passage.text


# -- bad files -----------------------------------------------------------------------------

BAD: dict[str, bytes] = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 4,
    "mixed.txt": "Café\n\nLe Vietnam et la Russie ont signé un traité.\n".encode()
    + "Élan à l'été, « oui ».\n".encode("cp1252"),
    "huge.txt": b"Un titre\n\n" + b"Le Vietnam et la Russie. " * (MAX_BYTES // 25 + 1),
    "notitle.txt": "2-5925 -- 12\n\nLe Vietnam et la Russie ont signé un traité.\n".encode(),
}


def test_bad_files_are_reported_and_skipped_and_the_rest_is_indexed(
    open_store: OpenStore, tmp_path: Path
) -> None:
    folder = folder_of(tmp_path, A004)
    for name, data in BAD.items():
        (folder / name).write_bytes(data)
    store = open_store()
    report = ingest(store, [folder])

    assert report.added == [A004]
    assert not report.ok
    failed = dict(report.failed)
    assert sorted(Path(p).name for p in failed) == sorted(BAD)
    reasons = {Path(p).name: reason for p, reason in failed.items()}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "encoding cannot be determined" in reasons["mixed.txt"]
    assert "limit" in reasons["huge.txt"]
    assert "title" in reasons["notitle.txt"]
    assert [a.article_id for a in store.articles()] == [A004]
    assert store.search("Dmitry Chernyshenko", k=1)[0].passage.article_id == A004


def test_a_file_that_turns_bad_keeps_its_last_good_version(
    open_store: OpenStore, tmp_path: Path
) -> None:
    folder = folder_of(tmp_path, A004)
    path = folder / f"{A004}.txt"
    store = open_store()
    ingest(store, [folder])
    good = store.article(A004)
    path.write_bytes(BAD["mixed.txt"])

    report = ingest(store, [folder], prune=True)
    assert [Path(p).name for p, _ in report.failed] == [path.name]
    assert report.removed == [] and report.updated == []
    assert open_store().article(A004) == good
    assert store.search("Dmitry Chernyshenko", k=1)[0].passage.article_id == A004


def test_two_files_with_the_same_article_id_are_reported(
    open_store: OpenStore, tmp_path: Path
) -> None:
    one = folder_of(tmp_path, A004, name="one")
    two = folder_of(tmp_path, A004, name="two")
    report = ingest(open_store(), [one, two])
    assert report.added == [A004]
    assert len(report.failed) == 1
    path, reason = report.failed[0]
    assert path == str(two / f"{A004}.txt")
    assert "same article id" in reason and str(one / f"{A004}.txt") in reason


# -- a killed ingest -------------------------------------------------------------------------

COPIES = 20
# Batches of five articles instead of 64, so the 25 files are written in five batches
# as a large archive is: the kill then falls between committed and uncommitted batches.
KILL_CHUNK = 5
# With a records database, the script waits once the second batch's records are in
# PostgreSQL, before their markers, so that the kill falls in that window.
_INGEST_SCRIPT = """
import sys, time
from pathlib import Path
import store.ingest
from store.store import Store
data, vectors, host, port, records, folder, chunk = sys.argv[1:]
store.ingest.CHUNK = int(chunk)
target = Store.open(Path(data), chroma_host=host or None, chroma_port=int(port),
                    vectors_dir=Path(vectors), records_url=records or None)
put, batches = target._records.put, []
def put_then_wait(rows):
    put(rows)
    batches.append([aid for aid, _, _ in rows])
    if len(batches) == 2:
        print("records", *batches[1], flush=True)
        time.sleep(120)
target._records.put = put_then_wait
store.ingest.ingest(
    target, [Path(folder)], progress=lambda name, status: print(status, name, flush=True)
)
print("finished", flush=True)
"""


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five articles and twenty renamed copies, each with a small edit.

    The copies leave out the "Voir plus" teasers, so the test spends its time writing
    rather than running NER over other articles' summaries.
    """
    folder = tmp_path_factory.mktemp("many")
    sources = sorted(builtin_corpus().glob("*.txt"))
    for source in sources:
        shutil.copyfile(source, folder / source.name)
    for n in range(COPIES):
        source = sources[n % len(sources)]
        page = source.read_text("utf-8")
        title, rest = page[: page.index("Voir plus")].split("\n", 1)
        rest = rest.replace("coopération", "collaboration", 1)
        (folder / f"{source.stem[:3]}copy{n:02d}.txt").write_text(
            f"{title} (copie {n})\n{rest}", "utf-8"
        )
    return folder


@pytest.fixture(scope="module")
def reference(
    many_articles: Path, tmp_path_factory: pytest.TempPathFactory, vectors_dir: Path
) -> Store:
    """A clean, uninterrupted ingest of `many_articles` into a local store."""
    store = Store.open(tmp_path_factory.mktemp("reference"), vectors_dir=vectors_dir)
    report = ingest(store, [many_articles])
    assert len(report.added) == 5 + COPIES and report.ok
    return store


def article_text_passages(store: Store) -> dict[str, list[tuple[str, str]]]:
    """Each article's own passages (teasers are shared between pages), as (id, text)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for p in store.snapshot().passages:
        if p.kind != "related":
            out.setdefault(p.article_id, []).append((p.id, p.text))
    return out


# Bytes of SQLite growth that mean passages (with their vectors) are being written.


def start_killable_ingest(
    data_dir: Path,
    vectors_dir: Path,
    server: ChromaServer | None,
    folder: Path,
    records_url: str | None = None,
) -> tuple[subprocess.Popen[str], threading.Thread, list[str]]:
    """Run ingest in a subprocess; SIGKILL it once its second batch's records are
    written and before their markers commit them (the script says when)."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _INGEST_SCRIPT,
            str(data_dir),
            str(vectors_dir),
            server.host if server else "",
            str(server.port if server else 0),
            records_url or "",
            str(folder),
            str(KILL_CHUNK),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: list[str] = []

    def watch() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.strip())
            if line.startswith("records"):
                break
        process.send_signal(signal.SIGKILL)
        process.wait()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    return process, watcher, lines


@pytest.mark.parametrize("backend", WITH_POSTGRES)
def test_an_ingest_killed_while_writing_resumes_to_the_same_store_as_a_clean_run(
    backend: str,
    open_store: OpenStore,
    raw_collection: Callable[[str], Any],
    tmp_path: Path,
    vectors_dir: Path,
    many_articles: Path,
    reference: Store,
    request: pytest.FixtureRequest,
) -> None:
    server = request.getfixturevalue("scratch_chroma_server") if backend != "local" else None
    process, watcher, lines = start_killable_ingest(
        tmp_path / "data", vectors_dir, server, many_articles, records_url(backend, request)
    )
    watcher.join(timeout=120)
    if process.poll() is None:
        process.kill()
        pytest.fail(f"the ingest subprocess hung: {lines}")
    assert process.returncode == -signal.SIGKILL, f"not killed mid-ingest: {lines}"
    assert "finished" not in lines

    store = open_store()
    expected = article_text_passages(reference)
    # What the killed process left: only whole articles are visible.
    interrupted = article_text_passages(store)
    assert interrupted and len(interrupted) < len(expected)
    for article_id, passages in interrupted.items():
        assert passages == expected[article_id], f"{article_id} is visible half-written"
    if backend == "postgres":  # killed with the second batch's records written, not its markers
        pending = next(line for line in lines if line.startswith("records")).split()[1:]
        assert pending and set(store._records.get(pending)) == set(pending)
        assert not set(pending) & set(interrupted)
    committed = [a.article_id for a in store.articles()]

    report: IngestReport = ingest(store, [many_articles])
    assert report.ok and report.updated == []
    assert sorted(report.unchanged) == sorted(committed)
    assert sorted(report.added + report.unchanged) == sorted(expected)

    for reader in (store, open_store()):
        ids = [a.article_id for a in reader.articles()]
        assert ids == sorted(set(ids)) == sorted(expected)
        assert article_text_passages(reader) == expected
        passages = reader.snapshot().passages
        assert len(passages) == len(reference.snapshot().passages)
        assert {p.id for p in passages} == {p.id for p in reference.snapshot().passages}
        assert not [k for k, n in Counter(p.id for p in passages).items() if n > 1]
        assert raw_collection("articles").count() == 5 + COPIES
        if backend == "postgres":  # the records are in PostgreSQL, none in chroma
            assert raw_collection("records").count() == 0
        hits = reader.search("Alexander Bortnikov", k=5, dense=False)
        assert len(hits) == 5 and all("Bortnikov" in h.passage.text for h in hits)
        titles = reader.search("copie", k=COPIES + 5, kinds=["title"])
        assert sum(1 for h in titles if "(copie " in h.passage.text) == COPIES
