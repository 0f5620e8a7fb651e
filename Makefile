# Kaiken: `make run` serves the demo workshop, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed
CATALOGS := $(patsubst %.po,%.mo,$(wildcard simulator/translations/*/LC_MESSAGES/messages.po))

.PHONY: run test lint format bench translations extract clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

translations: $(CATALOGS)

run: $(STAMP) translations
	$(BIN)/kaiken db upgrade
	$(BIN)/kaiken demo --if-empty --port $(PORT)
	$(BIN)/kaiken serve --host 0.0.0.0 --port $(PORT)

test: $(STAMP) translations
	$(BIN)/ruff check simulator tests
	$(BIN)/ruff format --check simulator tests
	$(BIN)/kaiken scenarios lint
	$(BIN)/kaiken bank lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check simulator tests

format: $(STAMP)
	$(BIN)/ruff format simulator tests

# Refresh the catalog template and merge new strings into every language.
extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output -o simulator/translations/messages.pot .
	$(BIN)/pybabel update -N -i simulator/translations/messages.pot -d simulator/translations

clean:
	rm -rf $(VENV) instance
