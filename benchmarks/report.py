"""Assemble BENCHMARKS.md from the result files each benchmark writes (`make bench`).

Each file under benchmarks/results/ names the command that produced it and its date;
this script only puts them in one place, after a summary of the goals.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = [
    "answers",
    "archive_lists",
    "archive",
    "retrieval",
    "extract",
    "formats",
    "ingest",
    "store",
    "engine",
    "api",
    "tui",
    "scale",
    "scale-postgres",
]


def main() -> None:
    results = ROOT / "benchmarks" / "results"
    summary = (ROOT / "benchmarks" / "summary.md").read_text("utf-8")
    parts = [summary.rstrip()]
    for name in ORDER:
        path = results / f"{name}.md"
        if path.exists():
            text = path.read_text("utf-8").strip()
            # Each result file starts with its own level-1 heading: nest it under ours.
            text = "\n".join(
                "#" + line if line.startswith("#") else line for line in text.splitlines()
            )
            parts.append(text)
    (ROOT / "BENCHMARKS.md").write_text("\n\n".join(parts) + "\n", "utf-8")


if __name__ == "__main__":
    main()
