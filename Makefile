# The README's two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export FLASK_APP := wsgi
export WORKER_VOICE_ENV ?= development

.PHONY: run test install install-dev translations browser lighthouse fonts pdftools screenshots lint typecheck bench voice-prompts

run: install translations fonts
	$(BIN)/flask db upgrade
	$(BIN)/flask demo seed
	@echo
	@echo "  Worker report form:  http://127.0.0.1:5000/report"
	@echo "  Organizer dashboard: http://127.0.0.1:5000/organizer/  (login printed above)"
	@echo "  SMS simulator:       http://127.0.0.1:5000/sms/simulator  (or: .venv/bin/flask sms simulate)"
	@echo "  Voice simulator:     http://127.0.0.1:5000/voice/simulator  (or: .venv/bin/flask voice simulate)"
	@echo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

# One test process per core (pytest-xdist): each has its own PostgreSQL schema, SQLite files,
# Redis queues and servers.
test: lint typecheck translations browser lighthouse fonts pdftools
	$(BIN)/python -m pytest -n auto

# Benchmarks print figures; they are not tests. Needs PostgreSQL on 127.0.0.1:5432.
bench: install-dev translations
	@command -v wrk >/dev/null 2>&1 || $(SUDO) apt-get install -y -q wrk
	$(BIN)/python benchmarks/sms_webhook.py
	$(BIN)/python benchmarks/matching.py
	$(BIN)/python benchmarks/summaries.py
	$(BIN)/python benchmarks/campaigns.py

# Settings for both are in pyproject.toml.
lint: install-dev
	$(BIN)/ruff check .

typecheck: install-dev
	$(BIN)/mypy

install: $(VENV)/.stamp-runtime
install-dev: $(VENV)/.stamp-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.stamp-runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.stamp-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.stamp-runtime

# Compiled catalogs are build output, not committed.
translations: install
	$(BIN)/pybabel -q compile -d translations -D worker
	$(BIN)/pybabel -q compile -d translations -D messages

# Recorded prompts for the call languages Twilio has no voice for (Haitian Creole), made from
# the catalogs with Debian's espeak-ng into static/voice/<locale>/ (git-ignored). A native
# speaker's recordings, under the same names, go in VOICE_PROMPTS_DIR instead.
voice-prompts: install translations
	command -v espeak-ng >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y espeak-ng)
	$(BIN)/flask voice prompts

# Debian's Chromium for the browser tests; no browser is ever downloaded by a test tool.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

# Lighthouse for the accessibility and performance checks, at the version package-lock.json pins.
lighthouse: node_modules/.stamp

node_modules/.stamp: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
		echo "Installing Node.js for Lighthouse"; \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q nodejs npm; }
	npm ci --no-audit --no-fund --silent
	touch $@

# Screenshots of the report form in every language (not committed), for a person to look at.
screenshots: install-dev translations browser fonts
	$(BIN)/python tools/screenshots.py screenshots

# Fonts for Chinese, Korean and Arabic, so that screenshots and dossiers (PDF) show real glyphs.
fonts:
	@fc-list | grep -q "Noto Sans CJK" && fc-list | grep -q "Noto Naskh Arabic" || { \
		echo "Installing Noto fonts for Chinese, Korean and Arabic"; \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q fonts-noto-cjk fonts-noto-core; }

# Poppler's pdftotext and pdffonts: the dossier tests read the PDFs' text and embedded fonts.
pdftools:
	@command -v pdftotext >/dev/null 2>&1 || { \
		echo "Installing poppler-utils for the dossier tests"; \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q poppler-utils; }
