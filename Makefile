# SWN CRM: the project's front door. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help venv run migrate demo test test-fast lint format messages check clean

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

test: venv ## Run the whole test suite (browser tests need /usr/bin/chromium)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv ## ruff lint and format check, migrations in sync
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: venv ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: venv ## Extract translatable strings and compile the translations
	$(PY) manage.py makemessages --locale nl --locale en --ignore '.venv/*' --ignore 'staticfiles/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean: ## Remove the virtual environment, caches and the SQLite database
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles db.sqlite3
