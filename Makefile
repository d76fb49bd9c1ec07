# Developer entry points for the 龙江工匠 portal.
#
#   make run      zero-setup demo server on http://127.0.0.1:$(PORT) (SQLite in var/)
#   make test     lint, format check, then the whole pytest suite
#
# Everything runs inside .venv; the only requirement on a fresh clone is
# Python 3.11. Environment variables (DATABASE_URL, REDIS_URL, ...) pass through
# to the commands unchanged.

# Recipes use bash for `trap`, `$$!` and `set -o pipefail`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
# How far the demo data of an empty database goes: one of the stages that
# `manage.py seed_demo --help` lists, in order (intake, check, review, council, locked, ...).
DEMO_STAGE ?= intake
BIN := $(VENV)/bin
# The stamp records that the current pyproject.toml has been installed, so
# repeated `make test` / `make run` skip pip entirely.
STAMP := $(VENV)/.installed

PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help .venv install run test lint fmt worker clean messages bench bench-publicity

help:
	@echo "Targets:"
	@echo "  install   create .venv and install the project with its dev extra"
	@echo "  run       migrate, seed demo data and serve on 127.0.0.1:\$$PORT ($(PORT))"
	@echo "  test      ruff check, ruff format --check, pytest (PYTEST_ARGS=...)"
	@echo "  lint      ruff check and ruff format --check"
	@echo "  fmt       ruff format, then ruff check --fix"
	@echo "  worker    Celery worker (needs REDIS_URL)"
	@echo "  messages  update the English message catalogue"
	@echo "  bench     benchmarks against DATABASE_URL (see docs/benchmarks.md)"
	@echo "  bench-publicity  the public list through nginx and Django (needs nginx, wrk, ab)"
	@echo "  clean     remove .venv, var/ and caches"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e ".[dev]"
	@touch $@

.venv install: $(STAMP)

run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty --stage $(DEMO_STAGE)
	@# Without REDIS_URL the settings run Celery tasks eagerly, so no worker is
	@# needed. With it, a worker runs beside the dev server and is stopped when
	@# the server exits (Ctrl-C included).
	@set -e; \
	if [ -n "$${REDIS_URL:-}" ]; then \
		$(BIN)/celery -A longjiang worker -l info & \
		worker_pid=$$!; \
		trap 'kill $$worker_pid 2>/dev/null || true; wait $$worker_pid 2>/dev/null || true' EXIT; \
		trap 'exit 130' INT TERM; \
	fi; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: install
	mkdir -p var
	$(BIN)/celery -A longjiang worker -l info

# makemessages only extracts (without source locations, so two branches adding
# strings rarely conflict); the .mo files are compiled by hand and committed,
# so `make run` and the image never need gettext.
messages: install
	DJANGO_SETTINGS_MODULE=longjiang.settings $(BIN)/django-admin makemessages -l en --no-location --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=static/vendor
	@echo "Now translate the updated .po files, then compile and commit the .mo files:"
	@echo "  DJANGO_SETTINGS_MODULE=longjiang.settings $(BIN)/django-admin compilemessages --ignore=.venv"

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

bench: install
	$(BIN)/python -m bench.lists
	$(BIN)/python -m bench.attachment2
	$(BIN)/python -m bench.attachment1
	$(BIN)/python -m bench.score_workbook

# Starts its own nginx on deploy/nginx/longjiang.conf and a gunicorn; the pages it
# measures make no query, so any DATABASE_URL (SQLite by default) will do.
bench-publicity: install
	$(BIN)/python -m bench.publicity
