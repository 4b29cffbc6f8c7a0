# Trygg: `make demo` and `make test` are the two commands a newcomer needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test install install-dev migrate demo-data lint typecheck bench clean messages

# make demo needs only the runtime; make test adds the test tools and the peer libraries the analysis
# tests compare against (geopandas, esda, scikit-learn, ...).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip >/dev/null
	$(PIP) install -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(PIP) install -e '.[dev,bench]'
	touch $(DEV_STAMP)

install: $(STAMP)

install-dev: $(DEV_STAMP)

messages: install
	$(PY) manage.py compile_translations

migrate: install messages
	$(PY) manage.py migrate --noinput

demo-data: migrate
	$(PY) manage.py demo --if-empty

## make demo: install, migrate, load the Eskilstuna demo data, serve on http://127.0.0.1:8000 (SQLite)
demo: demo-data
	$(PY) manage.py collectstatic --noinput >/dev/null
	$(PY) manage.py demo --print-logins
	$(VENV)/bin/gunicorn config.wsgi:application --bind 127.0.0.1:8000 --workers 2 \
		--access-logfile - --env DJANGO_SETTINGS_MODULE=config.settings.demo

## make test: install and run the whole suite (ruff, mypy, migrations check, tests; browser tests when Chromium exists)
## PYTEST_ARGS passes extra pytest options (CI's PostgreSQL pass uses it to leave out the browser tests).
test: install-dev messages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy trygg
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test
	$(PY) manage.py check --settings=config.settings.test
	$(VENV)/bin/pytest -n 2 --dist loadfile -q $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .

typecheck: install-dev
	$(VENV)/bin/mypy trygg

## make bench: run every benchmark side by side with the peers; writes docs/performance.md
bench: install-dev
	$(PY) -m bench

clean:
	rm -rf $(VENV) staticfiles var .pytest_cache
