# Two commands on a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Local development over plain HTTP on 127.0.0.1; production settings come from the environment.
LOCAL_ENV := DJANGO_DEBUG=1 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=0 \
	DJANGO_SECURE_COOKIES=0 DJANGO_MANIFEST_STATIC=0 DJANGO_SECRET_KEY="$$(cat .local-secret-key)"

.PHONY: run test venv lint migrate seed ci clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

.local-secret-key:
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

migrate: venv .local-secret-key
	$(LOCAL_ENV) $(PY) manage.py migrate --noinput

seed: migrate
	$(LOCAL_ENV) $(PY) manage.py load_seeds

run: seed
	$(LOCAL_ENV) $(PY) manage.py ensure_local_users
	$(LOCAL_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: venv
	$(VENV)/bin/pytest

lint: venv
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=newsroom.test_settings $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache .ruff_cache
