"""benchmarks/bench_scale.py's arithmetic: the lines it fits, where they reach a goal or
this machine's capacity, and the goals table it prints (no measuring, nothing timed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "bench_scale.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_scale", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_scale"] = module
    spec.loader.exec_module(module)
    return module


bench = _load()


def test_the_line_through_two_sizes_is_exact() -> None:
    line = bench.fit_line([1000.0, 5000.0], [2.0, 6.0])
    assert line == pytest.approx((1.0, 0.001))
    assert bench.at(line, 100_000) == pytest.approx(101.0)


def test_three_sizes_get_the_least_squares_line() -> None:
    # y = 2 + 3x exactly at 0 and 2, one above and one below in between: the line stays.
    a, b = bench.fit_line([0.0, 1.0, 1.0, 2.0], [2.0, 6.0, 4.0, 8.0])
    assert (a, b) == pytest.approx((2.0, 3.0))


def test_one_size_gives_no_line_and_no_extrapolation() -> None:
    assert bench.fit_line([500.0, 500.0], [1.0, 2.0]) is None
    assert bench.at(None, 100_000) is None
    assert bench.crossing(None, 10.0) is None


def test_crossing_is_where_a_growing_line_reaches_the_limit() -> None:
    assert bench.crossing((100.0, 0.5), 600.0) == pytest.approx(1000.0)
    assert bench.crossing((700.0, 0.5), 600.0) == 0.0  # over the limit from the start
    assert bench.crossing((100.0, -0.1), 600.0) is None  # shrinking: never
    assert bench.crossing((100.0, 0.0), 600.0) is None


def test_the_resource_that_runs_out_first_is_the_one_reached_at_the_smallest_size() -> None:
    sentence = bench.run_out_sentence({"memory (24 GB)": 40_000.0, "disk (70 GB free)": 9e5})
    assert sentence.startswith("memory (24 GB) runs out first, at about 40,000 articles, before")
    assert "disk (70 GB free) at about 900,000" in sentence
    later = bench.run_out_sentence({"memory (24 GB)": None, "disk (70 GB free)": 250_000.0})
    assert later.startswith("disk (70 GB free) runs out first")
    assert "only after 100,000" in later and "memory (24 GB): not reached" in later
    assert "no resource" in bench.run_out_sentence({"memory": None, "disk": None})


def test_a_goal_set_at_20000_is_not_held_against_smaller_sizes() -> None:
    rss = next(f for f in bench.FIGURES if f.name.startswith("serving peak RSS"))
    assert not rss.missed(900.0, 5000)
    assert rss.missed(900.0, 20_000)
    assert rss.missed(900.0, None)  # the extrapolated value is held against the goal
    rate = next(f for f in bench.FIGURES if f.name == "ingest rate")
    assert rate.missed(12.0, 50) and not rate.missed(25.0, 50)  # higher is better


def _row(size: int, mode: str, **values: float) -> object:
    defaults = {"ingest_s": size / 10, "serve_rss_mb": 100 + size / 10, "text_kb": 5.0}
    return bench.Row(size, mode, **(defaults | values))


def test_the_goals_table_extrapolates_each_mode_on_its_own_sizes() -> None:
    rows = [
        _row(1000, "embedded"),
        _row(5000, "embedded"),
        _row(1000, "server", serve_rss_mb=300.0),
        _row(5000, "server", serve_rss_mb=700.0),
    ]
    embedded = "\n".join(bench.goals_table(rows, "embedded"))
    server = "\n".join(bench.goals_table(rows, "server"))
    rss = [line for line in embedded.splitlines() if line.startswith("| serving peak RSS")][0]
    # 100 + N/10 at 1,000 and 5,000: 200 and 600 MB (met: the goal is set at 20,000),
    # 10,100 MB at 100,000 (missed).
    cells = [c.strip() for c in rss.strip("|").split("|")]
    assert cells[2:4] == ["200 MB", "600 MB"]
    assert cells[-1] == "10,100 MB ✗"
    served = [line for line in server.splitlines() if line.startswith("| serving peak RSS")][0]
    assert served.rstrip("| ").endswith("10,200 MB ✗")  # 200 + 0.1·N
    assert "freshness" not in embedded and "another server" not in embedded
    assert "another server" in server
    assert bench.goals_table(rows, "nowhere") == []


def test_ingest_rate_is_missed_at_every_size_below_goal() -> None:
    rows = [_row(1000, "embedded", ingest_s=100.0), _row(5000, "embedded", ingest_s=200.0)]
    line = [r for r in bench.goals_table(rows, "embedded") if r.startswith("| ingest rate")][0]
    assert "10.0 articles/s ✗" in line and "25.0 articles/s |" in line


def test_a_line_falling_below_zero_is_not_printed_as_a_figure() -> None:
    # p50 noisier at the small size than at the large one: the line through them falls
    # below 0 ms well before 100,000, which is noise, not a prediction.
    rows = [_row(50, "embedded", p50=12.0), _row(200, "embedded", p50=9.0)]
    line = [r for r in bench.goals_table(rows, "embedded") if r.startswith("| reply p50")][0]
    assert line.endswith("| – (the line falls below 0) |")


def test_a_server_row_with_its_records_in_postgresql_counts_the_table_on_disk() -> None:
    row = _row(1000, "server+postgres", server_disk_mb=60.0, records_db_mb=20.0)
    assert row.disk_kb == pytest.approx(80.0)  # chroma's directory and the records table
    text = bench.report([row], "python benchmarks/bench_scale.py --postgres", [])
    assert "### server+postgres" in text
    assert "| 1,000 (server+postgres) | 0.0 MB | 60.0 MB | 20.0 MB | 80 kB |" in text
    assert "another server" in "\n".join(bench.goals_table([row], "server+postgres"))
