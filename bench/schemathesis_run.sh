#!/usr/bin/env bash
# Schemathesis against a live, production-style server, as `make serve` runs it: gunicorn (gthread),
# PostgreSQL, DEBUG off, static files collected. A superuser's read-write token, so every write is
# fuzzed too. Two runs:
#   1. positive data, every phase (examples, coverage, fuzzing, stateful), for POSITIVE_SECONDS;
#   2. negative data (the coverage and fuzzing phases), for NEGATIVE_SECONDS.
# Prints, per run: test cases, server errors (5xx) and schema violations (status code, content type,
# headers or body not as the schema documents), and the other checks' failures.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_fuzz bench/schemathesis_run.sh [POSITIVE_SECONDS] [NEGATIVE_SECONDS]
#
# The database is created if missing and filled with what the fuzzer writes: use a throwaway one.
set -euo pipefail
cd "$(dirname "$0")/.."

POSITIVE_SECONDS=${1:-330}
NEGATIVE_SECONDS=${2:-150}
PORT=${PORT:-8715}
WORKERS=${ST_WORKERS:-2}
REPORTS=${REPORTS:-bench/schemathesis-report}
PY=.venv/bin/python
: "${DATABASE_URL:?set DATABASE_URL to a throwaway PostgreSQL database}"
case "$DATABASE_URL" in postgres*) ;; *) echo "DATABASE_URL must be PostgreSQL" >&2; exit 2 ;; esac

[ -f .local-secret-key ] || { $PY -c "import secrets; print(secrets.token_urlsafe(50))" > .local-secret-key; chmod 600 .local-secret-key; }
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECRET_KEY="$(cat .local-secret-key)" \
    DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 NEWSROOM_URL="http://127.0.0.1:$PORT" \
    DJANGO_LOG_LEVEL=WARNING
# One token sends tens of thousands of requests: the throttle (tested elsewhere) would answer 429.
export API_THROTTLE_TOKEN=100000000/hour API_THROTTLE_USER=100000000/hour API_THROTTLE_ANON=100000000/hour

$PY -m claims.dbcreate
$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
$PY manage.py load_seeds >/dev/null
KEY=$($PY manage.py shell -v0 -c "
from django.contrib.auth.models import User
from claims.models import ApiToken
user = User.objects.filter(username='schemathesis').first() or User.objects.create_superuser('schemathesis', password=None)
print(ApiToken.issue(name='schemathesis run', user=user, read_only=False)[1])
")

mkdir -p "$REPORTS"
: > "$REPORTS/gunicorn.log"
.venv/bin/gunicorn newsroom.wsgi --bind "127.0.0.1:$PORT" --workers 2 --threads 8 --worker-class gthread \
    --timeout 60 --graceful-timeout 20 --capture-output --error-logfile "$REPORTS/gunicorn.log" &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.5; done

run() {  # name, seconds, schemathesis options...
    local name=$1 seconds=$2; shift 2
    local started=$SECONDS
    .venv/bin/st run "http://127.0.0.1:$PORT/api/schema/?format=json" -H "Authorization: Bearer $KEY" \
        --checks all --workers "$WORKERS" --max-time "$seconds" --suppress-health-check all --seed 15 \
        --request-timeout 60 --report ndjson --report-ndjson-path "$REPORTS/$name.ndjson" "$@" \
        > "$REPORTS/$name.txt" 2>&1 || true
    echo "$name: $((SECONDS - started)) s"
    $PY bench/schemathesis_figures.py "$REPORTS/$name.ndjson"
}

run positive "$POSITIVE_SECONDS" --mode positive --phases examples,coverage,fuzzing,stateful
run negative "$NEGATIVE_SECONDS" --mode negative --phases coverage,fuzzing
echo "server errors in the gunicorn log: $(grep -c 'Internal Server Error' "$REPORTS/gunicorn.log" || true)"
