"""Time to import 1,000 articles through the real import service, into a scratch database.

    .venv/bin/python bench/bench_import.py [--articles 1000] [--database-url postgres://...]

Articles are the evaluation texts of ../shared/eval (read at run time, never copied), each
made unique by a numbered closing line so that every one is a new article. Without
--database-url a temporary SQLite file is used.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "eval" / "polnear-dev").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    if not texts:
        print("no articles under ../shared/eval; nothing to measure", file=sys.stderr)
        return 1

    scratch = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite:///{scratch.name}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.test_settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from claims.models import Article, Attribution
    from claims.services.imports import import_article

    call_command("migrate", verbosity=0)
    run_tag = f"{time.time_ns()}"
    durations = []
    statements = 0
    started = time.perf_counter()
    for i in range(args.articles):
        text = texts[i % len(texts)].rstrip("\n") + f"\n\nBenchmark copy {run_tag}-{i}.\n"
        t0 = time.perf_counter()
        result = import_article(text=text, filename=f"bench-{i}.txt")
        durations.append(time.perf_counter() - t0)
        statements += len(result.attributions)
    total = time.perf_counter() - started
    durations.sort()
    p50 = durations[len(durations) // 2] * 1000
    p95 = durations[int(len(durations) * 0.95)] * 1000
    print(f"database: {url.split('://')[0]}")
    print(f"imported {args.articles} articles ({statements} statements) in {total:.1f} s: "
          f"{args.articles / total:.1f} articles/s, p50 {p50:.1f} ms, p95 {p95:.1f} ms per article")
    print(f"rows: {Article.objects.count()} articles, {Attribution.objects.count()} attributions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
