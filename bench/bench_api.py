#!/usr/bin/env python
"""Benchmark of the REST API on a generated corpus (>= 100,000 claims), printed in one run.

    .venv/bin/python bench/bench_api.py                 # a temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom .venv/bin/python bench/bench_api.py
        # PostgreSQL: a separate database <name>_bench_<pid> on that server, dropped afterwards

    .venv/bin/python bench/bench_api.py --reuse postgres://postgres@127.0.0.1:5432/newsroom_api_bench_123
        # measure again on a database kept by an earlier run (--keep prints its URL)

Prints: queries per list request at page sizes 10 and 100; claims list page of 100 (p50/p95 ms,
walking cursors); claim detail (p50 ms); NDJSON export of every claim (rows/s, and peak Python
memory under tracemalloc in a second pass); and the raw baseline: the same rows read with raw SQL
by the same three queries per chunk of 2000 claims (claims by id, their appearances and verdicts by
the chunk's id range), each result streamed from the driver (`fetchmany`), and every claim written
as one orjson line (rows/s), with the export/baseline ratio. The export and the baseline run five
times each, alternately; rates are medians, and the ratio is the median of the five pairs' ratios
(the machine may be shared: one pair's two runs see about the same load).
After generating, the database is settled (PostgreSQL: VACUUM ANALYZE; SQLite: ANALYZE), as
autovacuum would after a bulk load: without statistics PostgreSQL plans the page queries as
sequential scans (autovacuum is off on this machine's server, or may not have run yet).
Options: --claims N (default 100000), --keep (keep the database), --reuse URL (skip generating).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = (
    "minister official said percent million budget troops border grain wheat ammunition deal talks "
    "election vote inflation tax hospital vaccine report army drone missile treaty ceasefire port"
).split()


def add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every benchmark on this corpus takes."""
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", metavar="URL", help="a database filled by an earlier run with --keep")


def open_corpus_database(args: argparse.Namespace) -> tuple[str, callable]:
    """The database to measure (a new one, or the reused one) with Django set up on it, unthrottled."""
    url, cleanup = (args.reuse, lambda: None) if args.reuse else prepare_database(args.keep)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.test_settings")
    os.environ["API_THROTTLE_USER"] = "100000000/hour"
    import django

    django.setup()
    return url, cleanup


def prepare_database(keep: bool) -> tuple[str, callable]:
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(given)
        name = f"{parts.path.lstrip('/') or 'newsroom'}_bench_{os.getpid()}"
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            if keep:
                return
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

        return urlunsplit(parts._replace(path=f"/{name}")), drop
    folder = tempfile.mkdtemp(prefix="bench_api_")
    path = Path(folder) / "bench.sqlite3"

    def remove() -> None:
        if not keep:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            os.rmdir(folder)

    return f"sqlite:///{path}", remove


# PostgreSQL keeps each claim's search document by triggers (migration 0003): a row trigger on
# claims, a statement trigger on appearances that recomputes the claims a batch touches. For a bulk
# load they are off, and every document is computed once at the end, in one UPDATE.
SEARCH_TRIGGERS = (("claims_claim", "claims_claim_search"), ("claims_attribution", "claims_attribution_search_ins"))


def generate(n_claims: int) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        _generate(n_claims)
        return
    with connection.cursor() as cursor:
        for table, trigger in SEARCH_TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        try:
            _generate(n_claims)
        finally:
            for table, trigger in SEARCH_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
        cursor.execute("UPDATE claims_claim SET search_vector = claims_claim_document(id, text, claimant_id)")


def _generate(n_claims: int) -> None:
    from django.contrib.auth.models import User

    from claims.choices import ClaimStatus, ReviewStatus
    from claims.models import Article, Attribution, Claim, Outlet, Rating, Review, Source
    from claims.names import content_hash, normalize_name

    rng = random.Random(4)
    batch = 20000  # few round trips: a million claims load in minutes
    outlets = Outlet.objects.bulk_create([Outlet(name=f"Outlet {i}") for i in range(50)])
    sources = Source.objects.bulk_create(
        [Source(name=f"Speaker {i}", normalized_name=normalize_name(f"Speaker {i}")) for i in range(5000)],
        batch_size=batch,
    )
    n_articles = max(n_claims // 5, 1)
    articles = []
    for i in range(n_articles):
        sentences = [f"Speaker {rng.randrange(5000)} said {' '.join(rng.choices(WORDS, k=12))}." for _ in range(8)]
        body = f"Article {i}. " + " ".join(sentences)
        articles.append(Article(outlet=outlets[i % 50], headline=f"Headline {i} {rng.choice(WORDS)}", body=body,
                                content_hash=content_hash(body), published_on=date(2024, 1, 1) + timedelta(i % 700),
                                url=f"https://news.example/{i}"))
    articles = Article.objects.bulk_create(articles, batch_size=batch)
    # Where each article's sentences start ("Speaker ..."), found once an article, not once a quote.
    starts = [[k for k, ch in enumerate(a.body) if ch == "S"] for a in articles]
    claims = Claim.objects.bulk_create(
        [Claim(text=f"Claim {i}: {' '.join(rng.choices(WORDS, k=14))}.", claimant=sources[i % 5000],
               checkworthiness=i % 101) for i in range(n_claims)],
        batch_size=batch,
    )
    attributions = []
    for i, claim in enumerate(claims):
        for j in range(2 if i % 5 == 0 else 1):  # 1.2 appearances per claim
            article = articles[(i + j * 7) % n_articles]
            slot = (i // n_articles + j) % 8
            sentence_start = starts[(i + j * 7) % n_articles][slot]
            end = article.body.index(".", sentence_start) + 1
            attributions.append(Attribution(article=article, claim=claim, text=article.body[sentence_start:end],
                                            start=sentence_start, end=end, speaker=claim.claimant,
                                            speaker_name=claim.claimant.name, cue="said"))
    Attribution.objects.bulk_create(attributions, batch_size=batch, ignore_conflicts=True)
    editor = User.objects.create_superuser("bench", password="bench-pw")
    ratings = list(Rating.objects.all())
    now = datetime.now(UTC)
    reviewed = claims[::5]
    Review.objects.bulk_create(
        [Review(claim=c, rating=rng.choice(ratings), headline=f"Review of {c.pk}", fact_checker=editor, editor=editor,
                status=ReviewStatus.PUBLISHED, published_at=now, version=4) for c in reviewed],
        batch_size=batch,
    )
    for start in range(0, len(reviewed), batch):
        Claim.objects.filter(pk__in=[c.pk for c in reviewed[start:start + batch]]).update(
            status=ClaimStatus.PUBLISHED)
    copy_verdicts()


def copy_verdicts() -> None:
    """Each claim's copy of its current and latest public verdict (services.reviews keeps them one
    claim at a time; here, set-based, with the statements of migration 0012)."""
    from importlib import import_module

    from django.db import connection

    backfill = import_module("claims.migrations.0014_backfill_claim_verdict_copy")
    with connection.cursor() as cursor:
        for statement in (backfill.POSTGRESQL.split(";") if connection.vendor == "postgresql" else [backfill.SQLITE]):
            cursor.execute(statement)


PAIRS = 5  # export and baseline runs, alternating


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def _stream(cur, sql: str, params: list, size: int = 500):
    """The rows of one query, taken from the driver `size` at a time."""
    cur.execute(sql, params)
    while batch := cur.fetchmany(size):
        yield from batch


def baseline_rows_per_second() -> tuple[int, float]:
    """The export's rows read with raw SQL, and each claim written as one orjson line.

    The same three queries per chunk of EXPORT_CHUNK claims as the export (claims after the last id;
    their appearances and public verdicts by the chunk's id range), on the same connection, with the
    lines joined and handed on 500 at a time as the export streams them; what it leaves out is the
    export's own work: building the API's nested objects from the rows.
    """
    import orjson
    from django.db import connection

    from claims.selectors import EXPORT_CHUNK

    option = orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC | orjson.OPT_APPEND_NEWLINE
    rows = written = 0
    start = time.perf_counter()
    last = 0
    with connection.cursor() as cur:
        while True:
            claims = list(_stream(
                cur,
                "SELECT c.id, c.text, c.status, c.said_on, c.said_on_precision, c.checkworthiness, c.merged_into_id,"
                " c.created, c.updated, c.claimant_id, s.name, s.kind, s.role, u.username"
                " FROM claims_claim c LEFT JOIN claims_source s ON s.id = c.claimant_id"
                " LEFT JOIN auth_user u ON u.id = c.assigned_to_id WHERE c.id > %s ORDER BY c.id LIMIT %s",
                [last, EXPORT_CHUNK],
            ))
            if not claims:
                break
            first, last = claims[0][0], claims[-1][0]
            appearances: dict[int, list] = {}
            for a in _stream(
                cur,
                'SELECT a.claim_id, a.id, a.text, a.start, a."end", a.kind, a.status, a.speaker_id, a.speaker_name,'
                " a.speaker_role, a.cue, a.channel, a.said_on, ar.id, ar.headline, ar.url, ar.published_on, o.id,"
                " o.name FROM claims_attribution a JOIN claims_article ar ON ar.id = a.article_id"
                " JOIN claims_outlet o ON o.id = ar.outlet_id WHERE a.claim_id >= %s AND a.claim_id <= %s"
                " ORDER BY a.article_id, a.start",
                [first, last],
            ):
                appearances.setdefault(a[0], []).append(a[1:])
            verdicts = {
                r[0]: r[1:] for r in _stream(
                    cur,
                    "SELECT r.claim_id, r.id, r.status, r.headline, r.published_at, g.label, g.value"
                    " FROM claims_review r LEFT JOIN claims_rating g ON g.id = r.rating_id"
                    " WHERE r.claim_id >= %s AND r.claim_id <= %s"
                    " AND r.status IN ('published', 'corrected', 'retracted')"
                    " ORDER BY r.claim_id, r.published_at, r.id",
                    [first, last],
                )
            }
            lines = []
            for c in claims:
                lines.append(orjson.dumps(
                    {"claim": c, "appearances": appearances.get(c[0], []), "verdict": verdicts.get(c[0])},
                    option=option,
                ))
                if len(lines) >= 500:
                    written += len(b"".join(lines))
                    lines.clear()
            written += len(b"".join(lines))
            rows += len(claims)
    return rows, rows / (time.perf_counter() - start)


def measure() -> dict[str, object]:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from claims.models import Claim

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    out: dict[str, object] = {"claims": Claim.objects.count()}
    client.get("/api/v1/claims/?page_size=1")  # warm up
    for size in (10, 100):
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/api/v1/claims/?page_size={size}")
        out[f"queries_page_{size}"] = len(queries)
    timings = []
    url = "/api/v1/claims/?page_size=100"
    for _ in range(60):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content[:300]
        url = response.json()["next"] or "/api/v1/claims/?page_size=100"
    out["list_p50_ms"], out["list_p95_ms"] = percentile(timings, 50), percentile(timings, 95)
    ids = list(Claim.objects.order_by("?").values_list("pk", flat=True)[:200])
    detail = []
    for pk in ids:
        start = time.perf_counter()
        client.get(f"/api/v1/claims/{pk}/")
        detail.append((time.perf_counter() - start) * 1000)
    out["detail_p50_ms"] = percentile(detail, 50)

    def export() -> int:
        response = client.get("/api/v1/claims/export/")
        return sum(chunk.count(b"\n") for chunk in response.streaming_content)

    export_rates, baseline_rates = [], []
    for _ in range(PAIRS):  # alternately, so each pair sees about the same machine load and warm caches
        start = time.perf_counter()
        rows = export()
        export_rates.append(rows / (time.perf_counter() - start))
        out["baseline_rows"], rate = baseline_rows_per_second()
        baseline_rates.append(rate)
    out["export_rows"], out["export_rows_per_s"] = rows, percentile(export_rates, 50)
    out["baseline_rows_per_s"] = percentile(baseline_rates, 50)
    out["export_vs_baseline"] = percentile([e / b for e, b in zip(export_rates, baseline_rates, strict=True)], 50)
    out["ratios"] = " ".join(f"{e / b:.2f}" for e, b in zip(export_rates, baseline_rates, strict=True))
    tracemalloc.start()
    export()
    out["export_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_corpus_arguments(parser)
    args = parser.parse_args()
    url, cleanup = open_corpus_database(args)
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        if args.reuse:
            print(f"database: {connection.vendor}; reusing {url}")
        else:
            start = time.perf_counter()
            generate(args.claims)
            with connection.cursor() as cursor:  # settle the database, as autovacuum would
                cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
            elapsed = time.perf_counter() - start
            print(f"database: {connection.vendor}; generated {args.claims} claims in {elapsed:.0f} s"
                  + (f"; kept: {url}" if args.keep else ""))
        results = measure()
    finally:
        cleanup()
    print(f"claims in database:           {results['claims']}")
    print(f"queries per list request:     page 10: {results['queries_page_10']}, "
          f"page 100: {results['queries_page_100']}")
    print(f"claims list, page of 100:     p50 {results['list_p50_ms']:.1f} ms, p95 {results['list_p95_ms']:.1f} ms")
    print(f"claim detail:                 p50 {results['detail_p50_ms']:.1f} ms")
    print(f"NDJSON export:                {results['export_rows']} rows, {results['export_rows_per_s']:,.0f} rows/s, "
          f"peak {results['export_peak_mb']:.1f} MB (tracemalloc)")
    print(f"raw SQL + orjson baseline:    {results['baseline_rows']} rows, "
          f"{results['baseline_rows_per_s']:,.0f} rows/s")
    print(f"export / baseline:            {results['export_vs_baseline']:.2f}x (median of the pairs: "
          f"{results['ratios']})")


if __name__ == "__main__":
    main()
