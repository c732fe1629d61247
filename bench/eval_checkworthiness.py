"""How well the check-worthiness scorer ranks checkable statements first, against two baselines.

The labelled set (``bench/data/checkworthiness_labels.jsonl``) holds references only: which
evaluation set, article and gold-quote index, the label (1 checkable, 0 not), and the half it
belongs to (``tune``: the rules were adjusted looking at it; ``held-out``: not looked at while
tuning). The statements themselves are third-party text, read here from ``../shared/eval`` at run
time and never stored in the project.

Each ranker orders the statements; printed for the whole set and each half, side by side:

- precision@10 and precision@20: the share of checkable statements among the first 10 and 20;
- AP: average precision over the whole ranking (1.0 when every checkable statement comes first;
  the share of checkable statements when the order is random).

Scores tie often (whole numbers for the scorer, 0/1 for "has a number"), so each figure is the
expected value over every order of the tied statements, computed exactly: no ranker gains from
the order of the file.  Last, speed: the scorer over every gold statement of the evaluation
sets, best of five passes by CPU time, next to the "has a number" baseline in the same run.

    .venv/bin/python bench/eval_checkworthiness.py [--eval ../shared/eval] [--misses tune]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "bench" / "data" / "checkworthiness_labels.jsonl"
EVAL = ROOT / ".." / "shared" / "eval"
sys.path.insert(0, str(ROOT))

from claims.extraction.checkworthiness import score  # noqa: E402


@dataclass(frozen=True)
class Item:
    text: str
    kind: str
    label: int
    split: str
    note: str


def load(eval_dir: Path = EVAL, labels: Path = LABELS) -> list[Item]:
    """The labelled statements with their text read from the evaluation sets."""
    quotes: dict[tuple[str, str], list[dict]] = {}
    items = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        ref = json.loads(line)
        key = (ref["set"], ref["article"])
        if key not in quotes:
            gold = eval_dir / ref["set"] / f"{ref['article']}.gold.json"
            quotes[key] = json.loads(gold.read_text(encoding="utf-8"))["quotes"]
        quote = quotes[key][ref["index"]]
        items.append(Item(quote["text"], quote["kind"], ref["label"], ref["split"], ref.get("note", "")))
    return items


_DIGIT = re.compile(r"\d")

RANKERS: dict[str, Callable[[Item], float]] = {
    "scorer": lambda item: score(item.text, kind=item.kind).score,
    "length": lambda item: len(item.text.split()),
    "has a number": lambda item: 1.0 if _DIGIT.search(item.text) else 0.0,
}


def _tied_groups(keys: Sequence[float], labels: Sequence[int]) -> list[tuple[int, int]]:
    """(size, positives) of each group of equal keys, highest key first."""
    groups: dict[float, list[int]] = {}
    for key, label in zip(keys, labels, strict=True):
        groups.setdefault(key, [0, 0])
        groups[key][0] += 1
        groups[key][1] += label
    return [(n, r) for _, (n, r) in sorted(groups.items(), reverse=True)]


def precision_at(k: int, keys: Sequence[float], labels: Sequence[int]) -> float:
    """Expected share of positives among the first k, over every order of tied keys."""
    taken = positives = 0.0
    for n, r in _tied_groups(keys, labels):
        slots = min(n, k - taken)
        positives += slots * r / n
        taken += slots
        if taken >= k:
            break
    return positives / k


def average_precision(keys: Sequence[float], labels: Sequence[int]) -> float:
    """Expected average precision over every order of tied keys.

    In a tied group of n statements holding r positives, placed after c statements of which R
    are positive, a positive lands at each place j (1..n) with equal chance, and the expected
    number of the group's other positives ahead of it there is (j-1)(r-1)/(n-1); precision is
    linear in that count, so the expectation is exact.
    """
    total = sum(labels)
    if not total:
        return 0.0
    ap = 0.0
    before = before_pos = 0
    for n, r in _tied_groups(keys, labels):
        if r:
            share = (r - 1) / (n - 1) if n > 1 else 0.0
            ap += r * sum((before_pos + 1 + (j - 1) * share) / (before + j) for j in range(1, n + 1)) / n
        before += n
        before_pos += r
    return ap / total


def figures(items: Sequence[Item]) -> dict[str, dict[str, float]]:
    labels = [item.label for item in items]
    out = {}
    for name, ranker in RANKERS.items():
        keys = [ranker(item) for item in items]
        out[name] = {
            "p@10": precision_at(10, keys, labels),
            "p@20": precision_at(20, keys, labels),
            "ap": average_precision(keys, labels),
        }
    return out


def speed(texts: Sequence[str], repeat: int = 5) -> tuple[float, float]:
    """Statements per second by CPU time, best of ``repeat``: the scorer, then the digit baseline."""
    rates = []
    for fn in (lambda t: score(t), lambda t: _DIGIT.search(t)):
        best = float("inf")
        for _ in range(repeat):
            t0 = time.process_time()
            for text in texts:
                fn(text)
            best = min(best, time.process_time() - t0)
        rates.append(len(texts) / best)
    return rates[0], rates[1]


def all_statements(eval_dir: Path) -> list[str]:
    return [
        q["text"]
        for path in sorted(eval_dir.glob("*/*.gold.json"))
        for q in json.loads(path.read_text(encoding="utf-8")).get("quotes", [])
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=EVAL, help="the shared evaluation sets (default ../shared/eval)")
    ap.add_argument("--misses", choices=["tune", "held-out", "all"],
                    help="list the scorer's worst misses in that half (for tuning: use 'tune')")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if not (args.eval / "polnear-dev").is_dir():
        print(f"skipped: the evaluation sets are not at {args.eval} (the labelled set refers to their statements)")
        return 0
    items = load(args.eval)
    halves = {"all": items} | {s: [i for i in items if i.split == s] for s in ("tune", "held-out")}
    print(f"{len(items)} labelled statements ({sum(i.label for i in items)} checkable); "
          "expected values over tied orders\n")
    print(f"{'set':<10} {'n':>4} {'checkable':>9}  {'ranker':<13} {'P@10':>5} {'P@20':>5} {'AP':>5}")
    for name, subset in halves.items():
        positives = sum(i.label for i in subset)
        for k, (ranker, f) in enumerate(figures(subset).items()):
            head = f"{name:<10} {len(subset):>4} {positives:>9}" if k == 0 else " " * 25
            print(f"{head}  {ranker:<13} {f['p@10']:>5.2f} {f['p@20']:>5.2f} {f['ap']:>5.3f}")
    texts = all_statements(args.eval)
    mine, digit = speed(texts, args.repeat)
    print(f"\nspeed over {len(texts):,} gold statements (CPU, best of {args.repeat}): "
          f"scorer {mine:,.0f}/s, 'has a number' {digit:,.0f}/s ({digit / mine:.0f}x)")
    if args.misses:
        subset = halves[args.misses]
        scored = sorted(((score(i.text, kind=i.kind), i) for i in subset), key=lambda p: p[0].score)
        print(f"\nlowest-scored checkable statements ({args.misses}):")
        for result, item in [p for p in scored if p[1].label][:25]:
            print(f"  {result.score:>3} {result.features} [{item.kind}] {item.text[:140]!r}")
        print(f"\nhighest-scored statements labelled not checkable ({args.misses}):")
        for result, item in [p for p in reversed(scored) if not p[1].label][:25]:
            print(f"  {result.score:>3} {result.features} [{item.kind}] {item.text[:140]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
