# Kaiken: `make run` serves the demo workshop, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
CATALOGS := $(patsubst %.po,%.mo,$(wildcard simulator/translations/*/LC_MESSAGES/messages.po))

.PHONY: run test lint format bench translations extract clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The benchmark's client side (aiohttp) and Redis client, on top of the usual set-up.
$(BENCH_STAMP): pyproject.toml | $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

translations: $(CATALOGS)

run: $(STAMP) translations
	$(BIN)/kaiken db upgrade
	$(BIN)/kaiken demo --if-empty --port $(PORT)
	$(BIN)/kaiken serve --host 0.0.0.0 --port $(PORT)

test: $(STAMP) translations
	$(BIN)/ruff check simulator tests benchmarks
	$(BIN)/ruff format --check simulator tests benchmarks
	$(BIN)/kaiken scenarios lint
	$(BIN)/kaiken bank lint
	$(BIN)/python -m pytest -q

# Every scenario of benchmarks/ (docs/performance.md); results in benchmarks/results/latest.json.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--quick" or "--scenario vote-storm".
bench: $(BENCH_STAMP) translations
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check simulator tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format simulator tests benchmarks

# Refresh the catalog template and merge new strings into every language.
extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output -o simulator/translations/messages.pot .
	$(BIN)/pybabel update -N -i simulator/translations/messages.pot -d simulator/translations

clean:
	rm -rf $(VENV) instance

# The guide's pictures (docs/img/<lang>/), taken in Chromium from a real workshop in both languages.
screenshots: $(STAMP) translations
	KAIKEN_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/browser/test_screenshots.py
