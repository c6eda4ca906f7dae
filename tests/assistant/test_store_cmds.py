"""`assistant ingest --field` and `assistant search --from/--to`, on a store of their own."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

import assistant.cli.store_cmds as cli
from store.store import Store

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"
FRENCH = [
    "--field",
    "title=Titre",
    "--field",
    "text=Texte intégral",
    "--field",
    "date=Date de parution",
]


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, vectors_dir: Path) -> Store:
    opened = Store.open(tmp_path / "data", vectors_dir=vectors_dir)
    monkeypatch.setattr(cli, "open_store", lambda: opened)
    return opened


def main(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="assistant")
    cli.add_parsers(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    return int(args.func(args))


@pytest.mark.parametrize(
    ("option", "message"),
    [("text", "write it as FIELD=NAME"), ("texte=corps", "unknown article field 'texte'")],
)
def test_a_malformed_field_mapping_is_refused_before_anything_is_read(
    store: Store, capsys: Any, option: str, message: str
) -> None:
    assert main("ingest", str(FORMATS / "export-fr.csv"), "--field", option) == 2
    assert message in " ".join(capsys.readouterr().err.split())
    assert store.is_empty()


def test_ingest_maps_an_exports_own_field_names(store: Store, capsys: Any) -> None:
    assert main("ingest", str(FORMATS / "export-fr.csv"), *FRENCH) == 0
    assert "2 added" in capsys.readouterr().out
    assert {a.published for a in store.articles()} == {"2016-01-04", "2016-01-08"}


def test_ingest_reports_each_broken_record_with_its_line(store: Store, capsys: Any) -> None:
    assert main("ingest", str(FORMATS / "broken.csv")) == 1
    captured = capsys.readouterr()
    err = " ".join(captured.err.split())
    assert "broken.csv:3: the row has 5 columns where the header has 4" in err
    assert "2 added" in captured.out


def test_search_keeps_the_period_asked_and_shows_the_dates(store: Store, capsys: Any) -> None:
    main("ingest", str(FORMATS / "export-fr.csv"), str(FORMATS / "feed.atom"), *FRENCH)
    capsys.readouterr()
    assert main("search", "la ville", "--from", "2016-01-05", "--to", "2016", "--json") == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and {h["published"] for h in hits} == {"2016-01-08"}


@pytest.mark.parametrize("bad", ["juin", "2016-13"])
def test_search_refuses_a_period_bound_that_is_not_a_date(
    store: Store, capsys: Any, bad: str
) -> None:
    assert main("search", "la ville", "--from", bad) == 2
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in capsys.readouterr().err


def test_ingest_runs_the_analysis_in_the_worker_processes_asked(
    store: Store, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.ingest as ingest_module

    seen: list[int] = []
    analyse = ingest_module._analysed

    def spy(articles: Any, processes: int) -> Any:
        seen.append(processes)
        return analyse(articles, 1)  # the count asked is passed on; one process here

    monkeypatch.setattr(ingest_module, "_analysed", spy)
    assert main("ingest", "--workers", "3", str(FORMATS / "export.jsonl")) == 0
    assert seen == [3]
    assert "added" in capsys.readouterr().out


def test_ingest_refuses_fewer_than_one_worker(store: Store, capsys: Any) -> None:
    assert main("ingest", "--workers", "0", str(FORMATS / "export.jsonl")) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err
    assert store.is_empty()


def test_ingest_leaves_what_every_server_derives_ready_beside_the_snapshot(
    store: Store, capsys: Any
) -> None:
    """A server's first question after an ingest finds the aliases, the names and
    places, the suggestions and the catalog already derived, not derived over the whole
    archive while the user waits."""
    assert main("ingest", str(FORMATS / "export-fr.csv"), *FRENCH) == 0
    folder = store._cache_dir / store.snapshot().signature
    derived = {p.name for p in folder.glob("derived-*.pickle")}
    for name in ("aliases", "vocabulary", "name-words", "person-words", "name-parts"):
        assert f"derived-{name}.pickle" in derived
    assert "derived-suggestions.pickle" in derived
    assert any(n.startswith("derived-archive-catalog") for n in derived)
