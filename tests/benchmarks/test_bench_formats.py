"""benchmarks/bench_formats.py measures what it says: every format it writes reads back to
the same articles, with the metadata it wrote."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from store.errors import ArticleError
from store.formats import article_files, read_documents
from store.parse import parse_document

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "bench_formats.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_formats", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_formats"] = module
    spec.loader.exec_module(module)
    return module


bench = _load()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generator = ROOT / "benchmarks" / "gen_corpus.py"
    command = [sys.executable, str(generator), "--n", "5", "--seed", "7", "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    return out


@pytest.mark.parametrize("fmt", bench.FORMATS)
def test_each_format_reads_back_to_the_same_articles(
    corpus: Path, tmp_path: Path, fmt: str
) -> None:
    sources = bench._sources(corpus)
    path = bench.write_format(fmt, corpus, sources, tmp_path / fmt)
    articles = []
    for file in article_files([path]):
        for doc in read_documents(file):
            assert not isinstance(doc, ArticleError), doc
            articles.append(parse_document(doc))
    assert sorted(a.title for a in articles) == sorted(s.title for s in sources)
    if fmt not in ("txt", "zip"):
        assert sorted(a.meta.published or "" for a in articles) == [s.published for s in sources]
        assert {a.meta.author for a in articles} == {"Rédaction"}
