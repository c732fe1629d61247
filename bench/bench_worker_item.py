"""What one import item costs the worker: time and peak memory by article size, worst case.

    .venv/bin/python bench/bench_worker_item.py [--sizes 8,128,1024]

Each size (KiB) is imported in a fresh process on a scratch SQLite database: an article made of
nothing but attributed quotes by many speakers, the most work per byte the extractor and the
matcher can be given. The largest size the app accepts is DJANGO_UPLOAD_MAX_BYTES (1 MiB), so
the last line is the longest a worker can take to finish the article in hand on SIGTERM, and
the most memory one item can take. Prints one line per size.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jon", "Kemal", "Lena"]
LAST = ["Abbott", "Brandt", "Castro", "Dunne", "Eriksen", "Fischer", "Gallo", "Haddad", "Ivanova", "Jensen"]
TOPICS = ["bridge", "budget", "school", "harbour", "tram line", "hospital", "water rates", "library", "park"]


def article(size: int) -> str:
    head = " date 2024-05-01 Council Week - The Bench Ledger\nCouncil Week\n\nB. Writer\n\n"
    paragraphs, n = [], 0
    while len(head) + sum(len(p) + 2 for p in paragraphs) < size:
        who = f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]}"
        topic = TOPICS[n % len(TOPICS)]
        paragraphs.append(f'"The {topic} plan number {n} will cost {n * 7 % 900 + 100} million over '
                          f'{n % 9 + 2} years," {who} said on day {n % 28 + 1}.')
        n += 1
    return head + "\n\n".join(paragraphs) + "\n"


def child(size: int) -> None:
    import resource

    import django

    django.setup()
    from django.core.management import call_command

    from claims.services.imports import import_article

    call_command("migrate", verbosity=0)
    text = article(size)
    start = time.perf_counter()
    result = import_article(text=text, filename="bench.txt")
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"bytes": len(text.encode()), "statements": len(result.attributions),
                      "seconds": round(seconds, 1), "peak_mib": round(peak_mib)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="8,128,1024", help="article sizes in KiB")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print("size     statements  import time  worker peak RSS")
    for kib in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DJANGO_SECRET_KEY": "bench",
                   "DJANGO_ALLOWED_HOSTS": "localhost", "NEWSROOM_URL": "http://localhost", "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
            out = subprocess.run([sys.executable, __file__, "--child", str(kib * 1024)], cwd=ROOT, env=env,
                                 capture_output=True, text=True, check=True).stdout
            row = json.loads(out.strip().splitlines()[-1])
            print(f"{kib:>5} KiB  {row['statements']:>10}  {row['seconds']:>9} s  {row['peak_mib']:>11} MiB")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
