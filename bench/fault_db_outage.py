"""Fault: PostgreSQL stops for 10 seconds under load; the app answers 503 and recovers by itself.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom make serve        # in one shell
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom .venv/bin/python bench/fault_db_outage.py

Runs the load test's simulated users (bench/load_test.py) for --seconds; --stop-at seconds in,
it stops the local PostgreSQL cluster (pg_ctlcluster, as root) for --outage seconds, then starts
it again, without touching the app servers. Prints, per phase (before, during, after), the
status codes seen; the result is good when no request got a 500 and requests succeed again
after the outage.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_test  # noqa: E402


def cluster(action: str) -> None:
    version = subprocess.run(["ls", "/etc/postgresql"], capture_output=True, text=True, check=True).stdout.split()[0]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action, *(
        ["-m", "fast"] if action == "stop" else [])], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--stop-at", type=float, default=10)
    parser.add_argument("--outage", type=float, default=10)
    args = parser.parse_args()

    claims, speakers, key = load_test.prepare()
    from django.db import connections

    connections.close_all()  # this process holds no connection across the outage
    stats = load_test.Stats()
    users = [load_test.User(n, args.url, claims, speakers, key, stats, 0.0, 100_000) for n in range(args.users)]
    for user in users:
        user.sign_in()
    phases: dict[str, Counter] = {"before": Counter(), "during": Counter(), "after": Counter()}
    phase = {"now": "before"}
    original = stats.record

    def record(kind: str, status: int, seconds: float) -> None:
        original(kind, status, seconds)
        phases[phase["now"]][status] += 1

    stats.record = record  # type: ignore[method-assign]
    deadline = time.monotonic() + args.seconds
    for user in users:
        user.stats, user.deadline = stats, deadline
        user.start()

    time.sleep(args.stop_at)
    phase["now"] = "during"
    cluster("stop")
    time.sleep(args.outage)
    cluster("start")
    phase["now"] = "after"
    threading.Event().wait(2)
    for user in users:
        user.join(timeout=args.seconds + 60)

    for name, codes in phases.items():
        print(f"{name:7} " + ", ".join(f"{status or 'no answer'}: {n}" for status, n in sorted(codes.items())))
    after_ok = sum(n for status, n in phases["after"].items() if 200 <= status < 400)
    no_500 = all(status != 500 for codes in phases.values() for status in codes)
    ok = no_500 and after_ok > 0 and phases["during"].get(503, 0) > 0
    print("RESULT:", "ok: 503 during the outage, no 500, recovered without a restart" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
