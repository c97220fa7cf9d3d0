# Festival: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app app
CHROMIUM := /usr/bin/chromium

.PHONY: run test install install-test translations migrate demo browser lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d festival/translations --statistics

migrate: install translations
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo

run: demo
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Debian's Chromium drives the browser tests (Playwright cannot download its own here).
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null) \
	      || echo "WARNING: could not install chromium; browser tests will be skipped"; \
	  else \
	    echo "WARNING: $(CHROMIUM) is missing and we are not root: browser tests will be skipped"; \
	  fi; \
	fi

test: install-test translations browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check festival tests bench

bench: install-test translations
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) festival/translations/*/LC_MESSAGES/*.mo
