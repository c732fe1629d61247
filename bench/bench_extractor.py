"""Throughput of ``extract_quotes`` on one core, for 500-1,500-word news articles, beside a baseline.

Reads the seed article and the PolNeAR dev articles in that word range from ``../shared`` at
run time (they are evaluation material and are not copied here).

The baseline is the extractor of another git revision (default: the one before issue 13's
work, ``--baseline REV`` to choose), unpacked from git into a temporary package and timed in
the same process, alternating with the current code article by article: the machine is shared
and noisy, and the ratio of the two is steadier than either time.

Two measures:

- CPU: per article, the best of the repeats by ``process_time`` (the cost of the code itself,
  little disturbed by other processes), summed over the articles;
- wall: every article timed with ``perf_counter`` over all repeats (what a user waits).

    .venv/bin/python bench/bench_extractor.py [--repeat 7] [--baseline REV | --no-baseline] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import pstats
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
sys.path.insert(0, str(ROOT))

from claims.extraction.quotes import extract_quotes  # noqa: E402

# The last commit before issue 13 changed the extractor (rules-1.3).
DEFAULT_BASELINE = "48ef213"

Extractor = Callable[[str], object]


def load_articles() -> list[str]:
    paths = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "eval" / "polnear-dev").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    return [t for t in texts if 500 <= len(t.split()) <= 1500] or texts


def load_baseline(rev: str, into: Path) -> Extractor:
    """``extract_quotes`` of revision ``rev``, imported as a package of its own."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "claims/extraction"],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    package = into / "baseline_extraction"
    (into / "claims" / "extraction").rename(package)
    sys.path.insert(0, str(into))
    return importlib.import_module("baseline_extraction.quotes").extract_quotes


def measure(extractors: dict[str, Extractor], articles: list[str], repeat: int) -> dict[str, tuple[list, list]]:
    """{name: (best CPU seconds per article, every wall time)}, the extractors alternating."""
    best = {name: [float("inf")] * len(articles) for name in extractors}
    wall: dict[str, list[float]] = {name: [] for name in extractors}
    for _ in range(repeat):
        for i, text in enumerate(articles):
            for name, extract in extractors.items():
                c, w = time.process_time(), time.perf_counter()
                extract(text)
                wall[name].append(time.perf_counter() - w)
                best[name][i] = min(best[name][i], time.process_time() - c)
    return {name: (best[name], wall[name]) for name in extractors}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--baseline", default=DEFAULT_BASELINE, help="git revision to compare with")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--profile", action="store_true", help="print the 25 costliest functions (cProfile)")
    args = ap.parse_args()
    articles = load_articles()
    if not articles:
        print(f"no articles under {SHARED}", file=sys.stderr)
        return 1
    extractors: dict[str, Extractor] = {"current": extract_quotes}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_baseline and not args.profile:
            try:
                extractors[f"baseline {args.baseline}"] = load_baseline(args.baseline, Path(tmp))
            except (subprocess.CalledProcessError, OSError) as exc:
                print(f"no baseline ({exc}); timing the current extractor alone", file=sys.stderr)
        for extract in extractors.values():  # warm up (regex compilation, imports)
            for text in articles:
                extract(text)
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            for text in articles:
                extract_quotes(text)
            prof.disable()
            pstats.Stats(prof).sort_stats("tottime").print_stats(25)
            return 0
        results = measure(extractors, articles, args.repeat)
    words = statistics.mean(len(t.split()) for t in articles)
    print(f"{len(articles)} articles (mean {words:.0f} words) x {args.repeat}, alternating")
    rates = {}
    for name, (best, wall) in results.items():
        cpu_mean = sum(best) / len(articles)
        rates[name] = 1 / cpu_mean
        q = statistics.quantiles(wall, n=20)
        print(f"{name:>18}: CPU (best of {args.repeat} per article) {cpu_mean * 1000:.2f} ms per article, "
              f"{1 / cpu_mean:.0f} articles/second; wall p50 {statistics.median(wall) * 1000:.2f} ms, "
              f"p95 {q[18] * 1000:.2f} ms")
    if len(rates) == 2:
        current, baseline = rates.values()
        print(f"current / baseline throughput: {current / baseline:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
