"""The first start's progress counts articles, not the messages ingest sends about them."""

from __future__ import annotations

from tui.backend import IndexProgress, _counted


def test_an_article_read_then_written_counts_once() -> None:
    shown: list[IndexProgress] = []
    note = _counted(shown.append)
    for status in ("read", "added"):
        note("a1", status)
    note("a2", "read")
    note("a3", "failed")
    assert [p.done for p in shown] == [1, 2, 3]
    assert shown[-1].total >= 3
