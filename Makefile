# Werkplaats: `make run` serves the demo, `make test` runs the whole suite on PostgreSQL.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
WP := $(VENV)/bin/werkplaats
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PUPILS ?= 1500

.PHONY: run test setup e2e bench lint format lock messages clean worker

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed
	@command -v msgfmt >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null)
	cd src/werkplaats && ../../$(WP) compilemessages >/dev/null

## The demo on SQLite (var/werkplaats.sqlite3): migrate, seed once, serve on http://127.0.0.1:8000
run: setup
	$(WP) migrate --no-input
	$(WP) demo seed --pupils $(DEMO_PUPILS) --seed 1 --if-empty
	@echo "Werkplaats draait op http://$(HOST):$(PORT) — demo-accounts staan in README.md"
	$(WP) runserver $(HOST):$(PORT)

## The whole suite on PostgreSQL (see scripts/test-database.sh for which server it uses)
test: setup
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	$(VENV)/bin/ruff check --quiet .
	export DATABASE_URL=$$(scripts/test-database.sh) && $(VENV)/bin/pytest -n 2 -q

worker: setup
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} $(VENV)/bin/celery -A werkplaats worker -B -l info

bench: setup
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/werkplaats_bench} $(PY) bench/run.py

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .

messages: setup
	cd src/werkplaats && ../../$(WP) makemessages -l nl -l en --ignore=conf/*

lock:
	$(VENV)/bin/pip-compile --quiet --extra dev --strip-extras --output-file requirements.lock pyproject.toml

clean:
	rm -rf var
