# Two commands on a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Local development over plain HTTP on 127.0.0.1; production settings come from the environment.
# Outbound requests may reach loopback (a local feed or webhook receiver); mail goes to the console.
LOCAL_ENV := DJANGO_DEBUG=1 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=0 \
	DJANGO_SECURE_COOKIES=0 DJANGO_MANIFEST_STATIC=0 DJANGO_SECRET_KEY="$$(cat .local-secret-key)" \
	DJANGO_OUTBOUND_ALLOW=127.0.0.0/8,::1/128 DJANGO_EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend \
	NEWSROOM_URL="$${NEWSROOM_URL:-http://127.0.0.1:$(PORT)}"

.PHONY: run test venv lint migrate seed serve worker clean

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

# The server and, beside it, a worker (feeds, webhook deliveries, batch jobs); Ctrl-C stops both.
run: seed
	$(LOCAL_ENV) $(PY) manage.py ensure_local_users
	@$(LOCAL_ENV) $(PY) manage.py db_worker --interval 0.5 & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(LOCAL_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: venv
	$(VENV)/bin/pytest

# Production-style on this machine: PostgreSQL, gunicorn, whitenoise, DEBUG off (see README "Production").
# Behind an HTTPS proxy set DJANGO_SECURE_SSL_REDIRECT=1 DJANGO_SECURE_COOKIES=1 and the real host names.
SERVE_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/newsroom)
SERVE_ENV := DATABASE_URL=$(SERVE_DATABASE_URL) DJANGO_DEBUG=0 \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat .local-secret-key)}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-0}" DJANGO_SECURE_COOKIES="$${DJANGO_SECURE_COOKIES:-0}" \
	NEWSROOM_URL="$${NEWSROOM_URL:-http://127.0.0.1:$(PORT)}"
WEB_WORKERS ?= 3
WEB_THREADS ?= 8

serve: venv .local-secret-key
	$(SERVE_ENV) $(PY) -m claims.dbcreate
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(VENV)/bin/gunicorn newsroom.wsgi --bind 127.0.0.1:$(PORT) --workers $(WEB_WORKERS) \
		--threads $(WEB_THREADS) --worker-class gthread --max-requests 2000 --max-requests-jitter 200 \
		--timeout 60 --graceful-timeout 20 --keep-alive 30 --access-logfile - --forwarded-allow-ips="$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

# The background worker for imports and exports; run as many as you like, on any machine.
worker: venv .local-secret-key
	$(SERVE_ENV) $(PY) manage.py db_worker

lint: venv
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=newsroom.test_settings $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache .ruff_cache
