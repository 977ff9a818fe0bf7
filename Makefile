# SWN CRM: the project's front door. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help venv run serve migrate demo test bench loadtest faulttest saturation concurrency backup restore lint format messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed ## Create .venv and install the pinned requirements

migrate: venv ## Apply database migrations
	$(PY) manage.py migrate --noinput

demo: migrate ## Replace the data with fresh demo data (DEBUG only)
	$(PY) manage.py seed_demo

run: migrate ## Set up, load demo data into an empty database, plan meetings from the rhythms and serve
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py generate_meetings
	@echo ""
	@echo "  SWN CRM runs at http://$(HOST):$(PORT)/"
	@echo "  Demo logins (DEBUG only): admin / admin (beheerder), or a colleague's lower-case"
	@echo "  first name with password 'demo': nienke, lex, sanne, joost, mohamed, ..."
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production-like: DEBUG off, gunicorn, WhiteNoise serving the collected static files. Plain HTTP
# on 127.0.0.1, so the HTTPS redirect and secure-only cookies are switched off for this target only.
SERVE_ENV = DEBUG=0 ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 \
	SECRET_KEY=$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}
WORKERS ?= 3

serve: migrate ## Serve with gunicorn + WhiteNoise and DEBUG off on http://127.0.0.1:8000/, as in production
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(VENV)/bin/gunicorn swn_crm.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - --error-logfile -

test: venv ## Run the whole test suite (browser tests need /usr/bin/chromium)
	$(PY) -m pytest $(PYTEST_ARGS)

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/swn_crm_bench

bench: venv ## Benchmark every main page against the floor and the admin on PostgreSQL (BENCH_ARGS=--scale-50)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/run.py $(BENCH_ARGS)

LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/swn_crm_load

loadtest: venv ## 18 colleagues, 1-5 s think time, 1 in 10 a write, 3 min, gunicorn + PostgreSQL, 10x data: p95 < 300 ms
	DATABASE_URL=$(LOAD_DATABASE_URL) $(PY) bench/loadtest.py $(LOAD_ARGS)

saturation: venv ## The mix without think time, more clients step by step: the req/s at which p95 passes 1 s
	DATABASE_URL=$(LOAD_DATABASE_URL) $(PY) bench/loadtest.py --saturation $(LOAD_ARGS)

faulttest: venv ## The load test with PostgreSQL restarted halfway: recovers by itself, no stack traces
	DATABASE_URL=$(LOAD_DATABASE_URL) $(PY) bench/loadtest.py --fault $(LOAD_ARGS)

CONCURRENCY_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/swn_crm_concurrency

concurrency: venv ## PostgreSQL: unrelated writers must not wait for each other; overleg save vs cancel must not deadlock
	DATABASE_URL=$(CONCURRENCY_DATABASE_URL) $(PY) bench/concurrency.py $(CONCURRENCY_ARGS)

backup: venv ## Back up the database (DATABASE_URL) to backups/
	$(PY) manage.py backup_db

restore: venv ## Replace all data with a backup: make restore FILE=backups/swn_crm-....dump
	@test -n "$(FILE)" || (echo "Give the backup: make restore FILE=backups/..." && exit 2)
	$(PY) manage.py restore_db "$(FILE)" --noinput

lint: venv ## ruff lint and format check, migrations in sync, import layers (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

format: venv ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: venv ## Extract translatable strings and compile the translations
	@# A union merge of two branches can leave an entry twice; keep the first translation.
	for po in locale/*/LC_MESSAGES/django.po; do msguniq --use-first --output-file=$$po $$po; done
	$(PY) manage.py makemessages --locale nl --locale en --ignore '.venv/*' --ignore 'staticfiles/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean: ## Remove the virtual environment, caches and the SQLite database
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles db.sqlite3
