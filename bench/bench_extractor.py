"""Throughput of ``extract_quotes`` on one core, for 500-1,500-word news articles.

Reads the seed article and the PolNeAR dev articles in that word range from
``../shared`` at run time (they are evaluation material and are not copied here).

    .venv/bin/python bench/bench_extractor.py [--repeat 20]
"""

from __future__ import annotations

import argparse
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
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    articles = load_articles()
    if not articles:
        print(f"no articles under {SHARED}", file=sys.stderr)
        return 1
    for text in articles:  # warm up (regex compilation, imports)
        extract_quotes(text)
    per_article: list[float] = []
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for text in articles:
            t = time.perf_counter()
            extract_quotes(text)
            per_article.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - t0
    n = len(articles) * args.repeat
    words = statistics.mean(len(t.split()) for t in articles)
    q = statistics.quantiles(per_article, n=20)
    print(f"{len(articles)} articles (mean {words:.0f} words) x {args.repeat}: {n / total:.0f} articles/second")
    print(f"per article: p50 {statistics.median(per_article):.2f} ms, p95 {q[18]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
