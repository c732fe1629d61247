"""Throughput of ``extract_quotes`` on one core, for 500-1,500-word news articles.

Reads the seed article and the PolNeAR dev articles in that word range from
``../shared`` at run time (they are evaluation material and are not copied here).

Two measures, because a shared machine makes wall time noisy:

- wall: every article timed with ``perf_counter`` over all repeats (what a user waits);
- CPU: per article, the best of the repeats by ``process_time`` (the cost of the code
  itself, little disturbed by other processes), summed over the articles.

    .venv/bin/python bench/bench_extractor.py [--repeat 7] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
sys.path.insert(0, str(ROOT))

from claims.extraction.quotes import extract_quotes  # noqa: E402


def load_articles() -> list[str]:
    paths = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "eval" / "polnear-dev").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    return [t for t in texts if 500 <= len(t.split()) <= 1500] or texts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--profile", action="store_true", help="print the 25 costliest functions (cProfile)")
    args = ap.parse_args()
    articles = load_articles()
    if not articles:
        print(f"no articles under {SHARED}", file=sys.stderr)
        return 1
    for text in articles:  # warm up (regex compilation, imports)
        extract_quotes(text)
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for text in articles:
            extract_quotes(text)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return 0
    wall: list[float] = []
    best_cpu = [float("inf")] * len(articles)
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for i, text in enumerate(articles):
            c, w = time.process_time(), time.perf_counter()
            extract_quotes(text)
            wall.append(time.perf_counter() - w)
            best_cpu[i] = min(best_cpu[i], time.process_time() - c)
    total = time.perf_counter() - t0
    n = len(articles) * args.repeat
    words = statistics.mean(len(t.split()) for t in articles)
    cpu_mean = sum(best_cpu) / len(articles)
    q = statistics.quantiles(wall, n=20)
    print(f"{len(articles)} articles (mean {words:.0f} words) x {args.repeat}")
    print(f"wall: {n / total:.0f} articles/second; per article p50 {statistics.median(wall) * 1000:.2f} ms, "
          f"p95 {q[18] * 1000:.2f} ms")
    print(f"CPU (best of {args.repeat} per article): {cpu_mean * 1000:.2f} ms per article, "
          f"{1 / cpu_mean:.0f} articles/second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
