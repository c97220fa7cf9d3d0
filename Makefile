# Festival: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
MAIL_PORT ?= 8025
FLASK := $(BIN)/flask --app app
CHROMIUM := /usr/bin/chromium

.PHONY: run test install install-test translations migrate demo browser kannel pdftools lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# Front-end libraries come from the npm registry at setup time and are never committed
# (.npm/ is ignored); festival/checkin/views.py serves them under /static-vendor/:
# - jsQR decodes QR codes on phones without BarcodeDetector;
# - @noble/ed25519 (audited) checks badge signatures offline where WebCrypto has no Ed25519;
# - axe-core checks every page for accessibility in the browser tests.
# One npm command for all: `npm install --no-save` of one package removes the others.
JSQR := .npm/node_modules/jsqr/dist/jsQR.js
ED25519 := .npm/node_modules/@noble/ed25519/index.js
AXE := .npm/node_modules/axe-core/axe.min.js
NPM_PACKAGES := jsqr@1 @noble/ed25519@3 axe-core@4

$(JSQR) $(ED25519) $(AXE) &:
	@if command -v npm >/dev/null; then \
	  npm install --no-save --no-audit --no-fund --prefix .npm $(NPM_PACKAGES) \
	    || echo "WARNING: npm could not fetch $(NPM_PACKAGES): no jsQR/ed25519 fallback, the accessibility test will fail"; \
	else \
	  echo "WARNING: npm is missing: the scanner needs BarcodeDetector and WebCrypto Ed25519; the accessibility test will fail"; \
	fi

install: $(VENV)/.installed $(JSQR) $(ED25519)
install-test: $(VENV)/.installed-test $(JSQR) $(ED25519) $(AXE)

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d festival/translations --statistics

migrate: install translations
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo

# Three processes, stopped together by Ctrl-C: a local mail server that keeps every email in
# instance/mail/ (a Maildir: open it with any mail program, or read the files), the job
# consumer (emails, reminders, PDFs: `flask jobs work`), and the web server.
run: demo $(VENV)/.installed-dev
	@mkdir -p instance/mail/tmp instance/mail/new instance/mail/cur
	@echo "Festival: http://127.0.0.1:$(PORT)  (emails are kept in instance/mail/; Ctrl-C stops everything)"
	@$(BIN)/python -m aiosmtpd -n -l 127.0.0.1:$(MAIL_PORT) -c aiosmtpd.handlers.Mailbox instance/mail & mail=$$!; \
	  MAIL_SERVER=127.0.0.1 MAIL_PORT=$(MAIL_PORT) FESTIVAL_BASE_URL=$${FESTIVAL_BASE_URL:-http://127.0.0.1:$(PORT)} \
	    $(FLASK) jobs work & consumer=$$!; \
	  trap 'kill $$mail $$consumer 2>/dev/null' EXIT INT TERM; \
	  MAIL_SERVER=127.0.0.1 MAIL_PORT=$(MAIL_PORT) $(FLASK) run --host 127.0.0.1 --port $(PORT)

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

# Kannel (bearerbox, smsbox and its fake operator) for the SMS tests: Debian's, installed when root.
kannel:
	@if [ ! -x /usr/sbin/bearerbox ] || [ ! -x /usr/lib/kannel/test/fakesmsc ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's kannel for the SMS tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kannel kannel-extras >/dev/null) \
	      || echo "WARNING: could not install kannel; SMS tests will be skipped (or fail under CI)"; \
	  else \
	    echo "WARNING: kannel is missing and we are not root: SMS tests will be skipped"; \
	  fi; \
	fi

# poppler's pdftotext reads the badge PDF back in tests/badges/test_pdf_text.py.
pdftools:
	@if ! command -v pdftotext >/dev/null; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's poppler-utils for the PDF tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null) \
	      || echo "WARNING: could not install poppler-utils; the PDF text tests will fail"; \
	  else \
	    echo "WARNING: pdftotext is missing and we are not root: the PDF text tests will fail"; \
	  fi; \
	fi

test: install-test translations browser kannel pdftools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check festival tests bench

# wrk drives the load (Debian's, installed when root); without it bench/run.py uses a Python client.
# Options: make bench BENCH_ARGS="--reuse --seconds 20"  (see bench/README.md)
bench: install-test translations
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's wrk for the benchmarks"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) \
	      || echo "WARNING: could not install wrk; the benchmarks use the Python load generator"; \
	  else \
	    echo "WARNING: wrk is missing and we are not root: the benchmarks use the Python load generator"; \
	  fi; \
	fi
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) festival/translations/*/LC_MESSAGES/*.mo
