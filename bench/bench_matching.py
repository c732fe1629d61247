"""Claim matching at scale: time to match one new article's statements against N stored claims.

    .venv/bin/python bench/bench_matching.py --claims 100000
    .venv/bin/python bench/bench_matching.py --claims 1000000 --database-url postgres://postgres@127.0.0.1:5432/bench_matching

It fills a scratch database (a temporary SQLite file unless --database-url is given; the
PostgreSQL database is created if missing and emptied first) with N generated claims by 5,000
speakers whose output follows a Zipf law (the busiest speaker holds about 7% of all claims, as
a head of government would), and their candidate-index rows. Then it matches 60 new
"articles" of 15 statements each (half are cuts of stored claims, half new) with the app's
own `claims.selectors.matching.find_candidates`, and prints p50/p95 per article and per statement.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEAKERS = 5000
STATEMENTS_PER_ARTICLE = 15
ARTICLES = 60


def make_vocabulary(rng: random.Random, size: int = 8000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ne", "ro", "ta", "vu", "shi", "pe", "dor", "lin", "gra", "tem", "bos", "quil"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def sentence(rng: random.Random, vocabulary: list[str], cum_weights: list[float]) -> str:
    words = rng.choices(vocabulary, cum_weights=cum_weights, k=rng.randint(10, 24))
    return " ".join(words).capitalize() + "."


def insert_terms(connection, rows: list[tuple[int, int, str]]) -> None:
    """The index rows, written the fastest way each database has (the ORM is too slow for 10^7)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY claims_claimterm (claim_id, speaker_id, term) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany("INSERT INTO claims_claimterm (claim_id, speaker_id, term) VALUES (%s, %s, %s)", rows)


def prepare_database(url: str | None, scratch: str, reuse: bool) -> str:
    if url is None:
        return f"sqlite:///{scratch}/bench_matching.sqlite3"
    if url.startswith("postgres") and not reuse:
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    return url


def fill(count: int, rng: random.Random, vocabulary: list[str], word_weights: list[float],
         speaker_weights: list[float]) -> tuple[list[int], list[int], list[tuple[int, str]]]:
    from django.db import connection, transaction

    from claims.models import Claim, Source
    from claims.similarity import terms

    Source.objects.bulk_create([Source(name=f"Speaker {i}", normalized_name=f"speaker {i}") for i in range(SPEAKERS)])
    speakers = list(Source.objects.order_by("pk").values_list("pk", flat=True))
    owners = rng.choices(speakers, weights=speaker_weights, k=count)
    texts: list[tuple[int, str]] = []
    batch = 20_000
    for offset in range(0, count, batch):
        end = min(count, offset + batch)
        with transaction.atomic():
            chunk = [(owners[i], sentence(rng, vocabulary, word_weights)) for i in range(offset, end)]
            created = Claim.objects.bulk_create([Claim(text=t, claimant_id=s) for s, t in chunk], batch_size=5000)
            rows = [(c.pk, s, w[:40]) for c, (s, t) in zip(created, chunk, strict=True) for w in terms(t)]
            insert_terms(connection, rows)
            if len(texts) < 5000:
                texts.extend((c.claimant_id, c.text) for c in created[:500])
        print(f"\r  generated {end:,} claims", end="", file=sys.stderr)
    print(file=sys.stderr)
    return owners, speakers, texts


def settle(connection) -> None:
    """What autovacuum does soon after a bulk load: statistics, and (PostgreSQL) the visibility
    map, without which an index-only scan still visits the table for every row."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true",
                        help="keep a database filled by an earlier run with --database-url (same --claims)")
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    os.environ["DATABASE_URL"] = prepare_database(args.database_url, scratch.name, args.reuse)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.test_settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from claims.models import Claim, ClaimTerm, Source
    from claims.selectors.matching import find_candidates
    from claims.similarity import LINK_THRESHOLD

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    vocabulary = make_vocabulary(rng)
    word_weights = list(itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(vocabulary))))  # Zipf-like
    speaker_weights = [1 / (rank + 1) for rank in range(SPEAKERS)]

    started = time.perf_counter()
    if args.reuse and Claim.objects.count() >= args.claims:
        owners = list(Claim.objects.values_list("claimant_id", flat=True))
        speakers = list(Source.objects.filter(name__startswith="Speaker ").order_by("pk").values_list("pk", flat=True))
        texts = list(Claim.objects.filter(pk__in=[rng.randint(1, args.claims) for _ in range(5000)])
                     .values_list("claimant_id", "text"))
    else:
        owners, speakers, texts = fill(args.claims, rng, vocabulary, word_weights, speaker_weights)
    settle(connection)
    fill_seconds = time.perf_counter() - started
    top_share = max(owners.count(s) for s in speakers[:3]) / args.claims

    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        speaker_pk, text = texts[0]
        cProfile.runctx("for _ in range(20): find_candidates(text=text, speaker=Source.objects.get(pk=speaker_pk))",
                        globals(), locals(), sort="cumulative")
    per_article, per_statement = [], []
    linked = 0
    source_by_pk = {s.pk: s for s in Source.objects.all()}
    for _ in range(ARTICLES):
        statements = []
        for i in range(STATEMENTS_PER_ARTICLE):
            if i % 2 == 0:
                speaker_pk, text = rng.choice(texts)
                words = text.rstrip(".").split()
                cut = rng.randint(0, max(0, len(words) - 8))
                statements.append((speaker_pk, " ".join(words[cut : cut + 8])))  # a cut of a stored claim
            else:
                statements.append((rng.choices(speakers, weights=speaker_weights)[0],
                                   sentence(rng, vocabulary, word_weights)))
        t_article = time.perf_counter()
        for speaker_pk, text in statements:
            t0 = time.perf_counter()
            candidates = find_candidates(text=text, speaker=source_by_pk[speaker_pk])
            per_statement.append(time.perf_counter() - t0)
            linked += bool(candidates and candidates[0].score >= LINK_THRESHOLD)
        per_article.append(time.perf_counter() - t_article)

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    print(f"database: {connection.vendor}; claims: {args.claims:,}; index rows: {ClaimTerm.objects.count():,}; "
          f"busiest speaker holds {top_share:.1%}; filled in {fill_seconds:.0f} s")
    print(f"match one article ({STATEMENTS_PER_ARTICLE} statements): p50 {pct(per_article, 0.5):.1f} ms, "
          f"p95 {pct(per_article, 0.95):.1f} ms, mean {statistics.mean(per_article) * 1000:.1f} ms")
    print(f"per statement: p50 {pct(per_statement, 0.5):.2f} ms, p95 {pct(per_statement, 0.95):.2f} ms")
    cuts = ARTICLES * ((STATEMENTS_PER_ARTICLE + 1) // 2)
    print(f"cuts of stored claims linked: {linked} of {cuts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
