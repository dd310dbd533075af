# newsreader: make run (serve the demo on SQLite), make test, make lint, make eval.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CORPUS ?= ../shared/corpus
PG_URL = $(filter postgres%,$(DATABASE_URL))

.PHONY: install run test test-sqlite test-postgres lint format eval clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install test-sqlite test-postgres

test-sqlite: install
	DATABASE_URL= $(PY) -m pytest

# Runs only when DATABASE_URL names a PostgreSQL server; CI always sets it.
test-postgres: install
ifneq ($(PG_URL),)
	$(PY) -m pytest -m "not browser"
else
	@echo "DATABASE_URL names no PostgreSQL server: PostgreSQL tests not run."
endif

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DATABASE_URL= $(PY) manage.py check
	DATABASE_URL= $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

eval: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py analyze $(CORPUS)/*.txt --json > $(VENV)/eval-predictions.jsonl
	$(PY) scripts/evaluate.py --gold $(CORPUS)/gold.json --predictions $(VENV)/eval-predictions.jsonl

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# Benchmarks and the soak test, on their own PostgreSQL database (docs/BENCHMARKS.md).
BENCH_STORIES ?= 100000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsreader_bench

.PHONY: bench soak

bench: install
	DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_STORIES=$(BENCH_STORIES) $(PY) -m bench.run

soak: install
	DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_STORIES=$(BENCH_STORIES) $(PY) -m bench.soak
