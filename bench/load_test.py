"""Load test against a running `make serve`: simulated editors and integrations, 127.0.0.1 only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom make serve      # in one shell
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom .venv/bin/python bench/load_test.py

It first prepares the data it needs in the same database (fact-checker accounts, an API token,
claims with draft reviews; idempotent), then runs --users simulated users for --seconds, each
signed in with its own session and looping (with --think MIN MAX seconds of pause between
actions, as a person reading a page would; none by default) over a mix of: the queue (30%), a claim page (30%),
a verdict save with the version read from the page (10%), API claim lists with a token (20%)
and a filtered NDJSON export (10%). The queue is read as an editor pages through it: its first
page, then on through its next-page (cursor) links. Every user stops by itself at the deadline or after
--max-requests. A 409 on a verdict save is a correct refusal of a stale version (two users
saved the same claim), counted apart; anything 5xx or a failed connection is an error.

It prints requests per second, p50/p95/p99 latency, and errors, overall and per kind.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-test-password-1"
ACCOUNTS = 10
CLAIMS = 2000


def prepare() -> tuple[list[int], list[int], str]:
    """Accounts, a read-only token and claims with draft reviews, in the server's database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ.setdefault("NEWSROOM_URL", "http://127.0.0.1:8000")
    if "DJANGO_SECRET_KEY" not in os.environ:
        os.environ["DJANGO_SECRET_KEY"] = (ROOT / ".local-secret-key").read_text().strip()
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.db import transaction

    from claims.models import ApiToken, Claim, Review, Source

    with transaction.atomic():
        checkers = Group.objects.get(name="Fact-checkers")
        for i in range(ACCOUNTS):
            user, created = User.objects.get_or_create(username=f"load{i}")
            if created:
                user.set_password(PASSWORD)
                user.save()
            user.groups.add(checkers)
        tool = User.objects.get(username="load0")
        ApiToken.objects.filter(name="load test").delete()
        _, key = ApiToken.issue(name="load test", user=tool, read_only=True)
        speaker, _ = Source.objects.get_or_create(name="Load Test Speaker", kind="person")
        have = Claim.objects.filter(claimant=speaker).count()
        Claim.objects.bulk_create(
            [Claim(text=f"Load test statement number {n} about the harbour budget.", claimant=speaker)
             for n in range(have, CLAIMS)]
        )
        claims = list(Claim.objects.filter(claimant=speaker).order_by("pk").values_list("pk", flat=True))
        without = list(Claim.objects.filter(pk__in=claims, reviews__isnull=True).values_list("pk", flat=True))
        Review.objects.bulk_create([Review(claim_id=c, headline="Draft") for c in without])
        # As review_create leaves them (bulk_create skips the service): in review, the draft copied on.
        Claim.objects.filter(pk__in=claims, reviews__status="draft").update(status="in_review", review_status="draft")
    return claims, [speaker.pk], key


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.codes: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.errors: list[str] = []

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.codes[kind][status] += 1


class User(threading.Thread):
    think: tuple[float, float] = (0.0, 0.0)

    def __init__(self, n: int, base: str, claims: list[int], speakers: list[int], key: str, stats: Stats,
                 deadline: float, max_requests: int) -> None:
        super().__init__(daemon=True)
        self.n, self.claims, self.speakers, self.key, self.stats = n, claims, speakers, key, stats
        self.deadline, self.max_requests = deadline, max_requests
        parts = urlsplit(base)
        assert parts.hostname in ("127.0.0.1", "localhost", "::1"), "load tests target this machine only"
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies: dict[str, str] = {}
        self.rng = random.Random(n)
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(self, kind: str, method: str, path: str, body: dict | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        started = time.perf_counter()
        try:
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection: reconnect once, as browsers do.
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.stats.record(kind, 0, time.perf_counter() - started)
            with self.stats.lock:
                self.stats.errors.append(f"{kind}: {type(exc).__name__}: {exc}")
            return 0, b""
        self.stats.record(kind, response.status, time.perf_counter() - started)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content

    def sign_in(self) -> None:
        self.request("login", "GET", "/accounts/login/")
        status, _ = self.request("login", "POST", "/accounts/login/", {
            "username": f"load{self.n % ACCOUNTS}", "password": PASSWORD,
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
        })
        if status != 302:
            raise SystemExit(f"user {self.n} could not sign in (HTTP {status})")

    def run(self) -> None:
        done = 0
        self.next_queue_page: str | None = None
        while time.monotonic() < self.deadline and done < self.max_requests:
            roll = self.rng.random()
            claim = self.rng.choice(self.claims)
            if roll < 0.30:
                # The queue's first page, then on through its next-page links (keyset cursors).
                path = self.next_queue_page or "/review/?status=in_review&status=new"
                status, page = self.request("queue", "GET", path)
                following = re.search(rb'href="\?([^"]*cursor=[^"]*)" rel="next"', page) if status == 200 else None
                self.next_queue_page = (
                    "/review/?" + following.group(1).decode().replace("&amp;", "&")
                    if following and self.rng.random() < 0.8 else None
                )
            elif roll < 0.60:
                self.request("claim page", "GET", f"/review/claims/{claim}/")
            elif roll < 0.70:
                status, page = self.request("claim page", "GET", f"/review/claims/{claim}/")
                version = re.search(rb'name="version" value="(\d+)"', page)
                if status == 200 and version:
                    self.request("verdict save", "POST", f"/review/claims/{claim}/verdict/", {
                        "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), "version": version.group(1).decode(),
                        "headline": f"Checked by load{self.n} at {time.time():.3f}", "summary": "", "rationale": "",
                    })
            elif roll < 0.90:
                self.request("api list", "GET", "/api/v1/claims/?page_size=50",
                             headers={"Authorization": f"Token {self.key}", "Accept": "application/json"})
            else:
                self.request("api export", "GET", f"/api/v1/claims/export/?speaker={self.speakers[0]}&status=in_review",
                             headers={"Authorization": f"Token {self.key}"})
            done += 1
            if self.think[1] > 0:
                time.sleep(self.rng.uniform(*self.think))
        self.conn.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=5000, help="per user, a hard bound")
    parser.add_argument("--think", type=float, nargs=2, default=[0.0, 0.0], metavar=("MIN", "MAX"),
                        help="seconds a user pauses between actions, drawn uniformly (0 0: no pause)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    claims, speakers, key = prepare()
    stats = Stats()
    users = [User(n, args.url, claims, speakers, key, stats, 0.0, args.max_requests) for n in range(args.users)]
    # Sign everyone in first (password hashing is deliberately slow), then start the clock.
    for user in users:
        user.sign_in()
    stats = Stats()
    deadline = time.monotonic() + args.seconds
    for user in users:
        user.stats, user.deadline, user.think = stats, deadline, tuple(args.think)
    started = time.perf_counter()
    for user in users:
        user.start()
    for user in users:
        user.join(timeout=args.seconds + 60)
    elapsed = time.perf_counter() - started

    every = [s for values in stats.latency.values() for s in values]
    errors = sum(n for codes in stats.codes.values() for status, n in codes.items() if status == 0 or status >= 500)
    unexpected = sum(
        n for kind, codes in stats.codes.items() for status, n in codes.items()
        if 400 <= status < 500 and not (kind == "verdict save" and status == 409)
    )
    conflicts = stats.codes["verdict save"].get(409, 0)
    summary = {
        "users": args.users, "think_s": args.think, "seconds": round(elapsed, 1), "requests": len(every),
        "rps": round(len(every) / elapsed, 1), "p50_ms": round(percentile(every, .5), 1),
        "p95_ms": round(percentile(every, .95), 1), "p99_ms": round(percentile(every, .99), 1),
        "errors": errors, "unexpected_4xx": unexpected, "stale_version_409": conflicts,
    }
    print(f"{summary['requests']} requests in {summary['seconds']} s from {args.users} users "
          f"(pausing {args.think[0]:g}-{args.think[1]:g} s between actions): {summary['rps']} req/s; "
          f"p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms; "
          f"errors {errors}, unexpected 4xx {unexpected}, stale-version refusals (409) {conflicts}")
    for kind in sorted(stats.latency):
        values = stats.latency[kind]
        codes = ", ".join(f"{status}: {n}" for status, n in sorted(stats.codes[kind].items()))
        p50, p95, p99 = (percentile(values, q) for q in (.5, .95, .99))
        print(f"  {kind:13} n={len(values):6} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms  [{codes}]")
    for line in stats.errors[:10]:
        print("  error:", line)
    if args.json:
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
