# Two commands do everything on a fresh machine: `make chat` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
N ?= 500
SEED ?= 7

.PHONY: chat test install lint typecheck bench bench-answers bench-retrieval bench-api \
        bench-archive bench-corpus bench-engine bench-formats bench-ingest bench-scale bench-store bench-tui \
        eval-extract dialogues clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

chat: $(STAMP)
	$(BIN)/assistant chat

lint: $(STAMP)
	$(BIN)/ruff check assistant tools store tui tests benchmarks
	$(BIN)/ruff format --check assistant tools store tui

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -q -p no:cacheprovider

dialogues: $(STAMP)
	$(BIN)/assistant dialogues run tests/dialogues ../shared/eval/questions.yaml

eval-extract: $(STAMP)
	$(BIN)/python benchmarks/eval_extract.py

# Answer quality on the three development sets (fresh data directories), beside a
# BM25-top-1 baseline; writes benchmarks/results/answers.md and rebuilds BENCHMARKS.md.
bench-answers: $(STAMP)
	$(BIN)/python benchmarks/bench_answers.py --plain --out benchmarks/results/answers.md
	$(BIN)/python benchmarks/bench_archive.py --lists-only --out benchmarks/results/archive_lists.md
	$(BIN)/python benchmarks/report.py

# Archive questions: list precision / recall, and overview / "which articles" reply time
# on the built-in corpus and at 5,000 generated articles (ingested once into bench-data/).
bench-archive: $(STAMP)
	$(BIN)/python benchmarks/bench_archive.py --keep bench-data --out benchmarks/results/archive.md
	$(BIN)/python benchmarks/report.py

bench-retrieval: $(STAMP)
	$(BIN)/python benchmarks/bench_retrieval.py

# Text extraction on the saved pages of tests/data/formats, and ingest speed per format
# at N articles (default 500); writes benchmarks/results/formats.md.
bench-formats: $(STAMP)
	$(BIN)/python benchmarks/bench_formats.py --n $(N)
	$(BIN)/python benchmarks/report.py

# Ingest throughput at N generated articles (default 500) and the time of each stage;
# BASE=DIR (an older checkout, e.g. a `git worktree`) is measured beside this one, in turn.
# Writes benchmarks/results/ingest.md.
bench-ingest: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py --n $(N) $(if $(BASE),--code $(BASE) --code .)
	$(BIN)/python benchmarks/report.py

bench-store: $(STAMP)
	$(BIN)/python benchmarks/bench_store.py

bench-tui: $(STAMP)
	$(BIN)/python benchmarks/bench_tui.py

bench-engine: $(STAMP)
	$(BIN)/python benchmarks/bench_engine.py

bench-api: $(STAMP)
	$(BIN)/python benchmarks/bench_api.py

bench-corpus: $(STAMP)
	$(BIN)/python benchmarks/gen_corpus.py --n $(N) --seed $(SEED) --out bench-data/corpus-$(N)

# Issue 16's scale run: ingest, start-up, memory, latency, disk and freshness across two
# `assistant serve` replicas, embedded, on a `chroma run` server, and on that server with
# the article records in PostgreSQL (Debian's postgresql), each curve extrapolated
# to 100,000 articles; corpora generated into bench-data/ on first use. Hours at the
# default sizes: `make bench-scale SIZES=50,200 SCALE_OUT=benchmarks/results/scale-smoke.md`
# checks the harness in minutes.
SIZES ?= 1000,5000,20000
SCALE_OUT ?= benchmarks/results/scale.md
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/bench_scale.py --sizes $(SIZES) --server --postgres --out $(SCALE_OUT)

# Everything, then BENCHMARKS.md rebuilt from benchmarks/results/ (the scale run takes the
# longest by far: `make bench-scale SIZES=50,200` for a quick one).
bench: bench-answers bench-archive bench-retrieval eval-extract bench-formats bench-ingest bench-store bench-engine bench-api bench-tui bench-scale
	$(BIN)/python benchmarks/report.py

clean:
	rm -rf $(VENV) bench-data .pytest_cache .mypy_cache .ruff_cache
