#!/usr/bin/env python
"""Webhook delivery latency: from a verdict's publication (its transaction committed) to the
receipt of the signed delivery by a local receiver, with the real worker running.

    .venv/bin/python bench/bench_webhooks.py                         # a temporary SQLite file
    .venv/bin/python bench/bench_webhooks.py --database-url postgres://postgres@127.0.0.1:5432/nr_wt14_hooks

It migrates a scratch database (PostgreSQL: created if missing, and dropped after), starts
`manage.py db_worker --interval 0.5` (as `make run` does; `--interval` changes it) as a separate
process, and a receiver on 127.0.0.1 that verifies every signature with `standardwebhooks`. It
then publishes --events verdicts through the services, one every --pace seconds, and prints
p50/p95/max of publish-to-receipt.
Baseline in the same run: the publish service's own time without any endpoint, then with one
(what the outbox adds to the editor's click).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


def scratch_database(url: str | None) -> tuple[str, callable]:
    if url and url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        name = parts.path.lstrip("/")
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return url, drop
    folder = tempfile.mkdtemp(prefix="bench_hooks_")
    return f"sqlite:///{folder}/bench.sqlite3", lambda: None


class Receiver:
    """Records the arrival time of each delivery by its webhook-id, after verifying its signature."""

    def __init__(self) -> None:
        self.secret = ""
        self.arrived: dict[str, float] = {}
        self.bad = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                at = time.time()
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                from standardwebhooks import Webhook

                try:
                    Webhook(receiver.secret).verify(body, dict(self.headers))
                    receiver.arrived.setdefault(self.headers["webhook-id"], at)
                except Exception:
                    receiver.bad += 1
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hook"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--pace", type=float, default=0.25, help="seconds between two publications")
    parser.add_argument("--interval", type=float, default=0.5, help="the worker's polling interval (db_worker)")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url, cleanup = scratch_database(args.database_url)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "newsroom.test_settings",
           "DJANGO_OUTBOUND_ALLOW": "127.0.0.0/8", "DJANGO_LOG_LEVEL": "WARNING"}
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import transaction

    from claims import services
    from claims.models import Rating, WebhookEvent
    from claims.services import webhooks

    call_command("migrate", verbosity=0)
    editor = User.objects.create_user("bench-editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    rating = Rating.objects.get(label="False", scale__is_default=True)

    def publish(i: int) -> float:
        """Publish a verdict on a new claim; the seconds the publish service took."""
        claim = services.claim_create(user=editor, text=f"Statement number {i} about the bridge budget.")
        review = services.review_create(claim=claim, fact_checker=editor, rating=rating, headline=f"Check {i}")
        services.review_submit(review=review, user=editor)
        services.review_approve(review=review, editor=editor)
        started = time.perf_counter()
        with transaction.atomic():
            services.review_publish(review=review, editor=editor)
        return time.perf_counter() - started

    baseline = [publish(i) for i in range(args.events)]
    receiver = Receiver()
    endpoint, receiver.secret = webhooks.endpoint_create(user=editor, url=receiver.url)
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", str(args.interval),
                               "--no-startup-delay"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(2)  # the worker is up and polling
        published: dict[str, float] = {}
        with_outbox = []
        for i in range(args.events):
            with_outbox.append(publish(args.events + i))
            published[WebhookEvent.objects.latest("id").webhook_id] = time.time()
            time.sleep(args.pace)
        deadline = time.time() + 60
        while len(receiver.arrived) < args.events and time.time() < deadline:
            time.sleep(0.1)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        cleanup()
    latencies = [(receiver.arrived[k] - t) * 1000 for k, t in published.items() if k in receiver.arrived]
    from django.db import connection

    print(f"database: {connection.vendor}; worker: db_worker --interval {args.interval} (one process); "
          f"pace {args.pace} s")
    print(f"deliveries received:          {len(latencies)} of {args.events}, {receiver.bad} bad signatures")
    print(f"publish to receipt:           p50 {pct(latencies, 50):.0f} ms, p95 {pct(latencies, 95):.0f} ms, "
          f"max {max(latencies):.0f} ms, mean {statistics.mean(latencies):.0f} ms")
    print(f"publish service, no endpoint: p50 {pct(baseline, 50) * 1000:.1f} ms, p95 {pct(baseline, 95) * 1000:.1f} ms")
    print(f"publish service, 1 endpoint:  p50 {pct(with_outbox, 50) * 1000:.1f} ms, "
          f"p95 {pct(with_outbox, 95) * 1000:.1f} ms (the outbox rows and payload, in the same transaction)")


if __name__ == "__main__":
    main()
