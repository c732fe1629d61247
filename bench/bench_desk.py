#!/usr/bin/env python
"""The review desk's pages beside the API's claims list, on one generated corpus, in one run.

    .venv/bin/python bench/bench_desk.py                      # 100,000 claims in a temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom .venv/bin/python bench/bench_desk.py --claims 1000000
        # PostgreSQL: a database <name>_bench_<pid> on that server (dropped afterwards unless --keep)
    .venv/bin/python bench/bench_desk.py --reuse postgres://postgres@127.0.0.1:5432/newsroom_bench_123
        # a database filled by `bench/bench_api.py --claims N --keep` or by this script with --keep

The corpus is bench_api.py's (claims, 1.2 appearances each, a fifth published), plus what the desk
pages need: an article with 2,000 attributions and one with 5,000 (each added once, also to a
reused database). Each page is requested ROUNDS times, alternately with the API's list
(`/api/v1/claims/?page_size=50`), through Django's test client (server time only, as the issue's
figures), signed in as an editor; printed: p50 and p95 of each, the page's p95 over the API's p95
in the same rounds, its queries and its size.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_api  # noqa: E402  (the corpus and the database set-up are bench_api's)

ROUNDS = 40
API = "/api/v1/claims/?page_size=50"


def crowded_article(n: int) -> int:
    """An article of `n` one-sentence paragraphs, each an appearance of its own new claim."""
    from claims.models import Article, Attribution, Claim, Outlet, Source
    from claims.names import content_hash

    headline = f"Bench: an article with {n} statements"
    found = Article.objects.filter(headline=headline).values_list("pk", flat=True).first()
    if found:
        return found
    speakers = list(Source.objects.order_by("pk")[:50])
    sentences = [f"{speakers[i % 50].name} said inflation rose by {i % 97} percent in district {i}." for i in range(n)]
    body = "\n\n".join(sentences)
    article = Article.objects.create(outlet=Outlet.objects.order_by("pk").first(), headline=headline, body=body,
                                     content_hash=content_hash(body), url=f"https://news.example/crowded-{n}")
    claims = Claim.objects.bulk_create([Claim(text=s, claimant=speakers[i % 50]) for i, s in enumerate(sentences)])
    position, rows = 0, []
    for i, (claim, sentence) in enumerate(zip(claims, sentences, strict=True)):
        rows.append(Attribution(article=article, claim=claim, text=sentence, start=position,
                                end=position + len(sentence), speaker=speakers[i % 50], cue="said"))
        position += len(sentence) + 2
    Attribution.objects.bulk_create(rows, batch_size=5000)
    return article.pk


def percentile(values: list[float], p: float) -> float:
    return bench_api.percentile(values, p)


def measure(pages: list[tuple[str, str]]) -> list[dict[str, object]]:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    client.get(API)
    results = []
    for name, url in pages:
        queries: list[str] = []
        with connection.execute_wrapper(lambda execute, sql, *args, seen=queries: seen.append(sql) or execute(
                sql, *args)):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        page_times, api_times = [], []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            client.get(url)
            page_times.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            client.get(API)
            api_times.append((time.perf_counter() - start) * 1000)
        results.append({
            "page": name, "url": url, "p50": percentile(page_times, 50), "p95": percentile(page_times, 95),
            "api_p50": percentile(api_times, 50), "api_p95": percentile(api_times, 95),
            "queries": len(queries), "kb": len(response.content) / 1000,
        })
        print(f"  measured {name}", file=sys.stderr, flush=True)
    return results


def desk_pages() -> list[tuple[str, str]]:
    from django.db.models import Count

    from claims.models import Claim, Outlet, Review

    busiest = (Claim.objects.exclude(claimant=None).values("claimant_id").annotate(n=Count("id")).order_by("-n")
               .values_list("claimant_id", flat=True).first())
    outlet = Outlet.objects.order_by("pk").values_list("pk", flat=True).first()
    claim = Claim.objects.filter(verdict__isnull=False).order_by("pk").values_list("pk", flat=True)[500]
    article = crowded_article(2000)
    crowded_article(5000)
    review = Review.objects.public().order_by("-id").values_list("pk", flat=True).first()
    from django.http import QueryDict

    from claims.selectors import claim_queue

    cursor = claim_queue(QueryDict(""), request=None).next_cursor
    return [
        ("queue", "/review/"),
        ("queue, next page (cursor)", f"/review/?cursor={cursor}"),
        ("queue, status tab", "/review/?status=new"),
        ("queue, search", "/review/?q=inflation"),
        ("queue, search + sort", "/review/?q=inflation+budget&sort=-updated"),
        ("queue, filters", f"/review/?status=published&outlet={outlet}&kind=direct&sort=-checkworthiness"),
        ("claim page", f"/review/claims/{claim}/"),
        ("article, 2,000 statements", f"/review/articles/{article}/"),
        ("busiest source", f"/review/sources/{busiest}/"),
        ("public index", "/fact-checks/"),
        ("public fact-check", f"/fact-checks/{review}/"),
    ]


def article_5000() -> dict[str, float]:
    """The article page of the 5,000-statement article: first part, in ms and KB (median of 10)."""
    from django.contrib.auth.models import User
    from django.test import Client

    from claims.models import Article

    article = Article.objects.get(headline="Bench: an article with 5000 statements")
    client = Client()
    client.force_login(User.objects.get(username="bench"))
    times = []
    for _ in range(10):
        start = time.perf_counter()
        response = client.get(f"/review/articles/{article.pk}/")
        times.append((time.perf_counter() - start) * 1000)
    from claims.selectors import article_part

    return {"p50": percentile(times, 50), "kb": len(response.content) / 1000, "parts": article_part(article).parts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    bench_api.add_corpus_arguments(parser)
    args = parser.parse_args()
    url, cleanup = bench_api.open_corpus_database(args)
    from django.core.management import call_command
    from django.db import connection

    from claims.models import Claim

    try:
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        if not args.reuse:
            bench_api.generate(args.claims)
        pages = desk_pages()
        with connection.cursor() as cursor:  # settle the database, as autovacuum would
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        setup = time.perf_counter() - start
        claims = Claim.objects.count()
        results = measure(pages)
        crowded = article_5000()
    finally:
        cleanup()
    print(f"database: {connection.vendor}; {claims:,} claims; set-up {setup:.0f} s"
          + ("" if args.reuse else f" (generated {args.claims:,})") + (f"; kept: {url}" if args.keep else ""))
    print(f"{ROUNDS} rounds a page, each beside a request of {API}; times in ms (server time, test client)")
    print("| page | p50 | p95 | API p50 | API p95 | p95 / API p95 | queries | KB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(f"| {r['page']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['api_p50']:.1f} | {r['api_p95']:.1f} "
              f"| {r['p95'] / r['api_p95']:.2f} | {r['queries']} | {r['kb']:.0f} |")
    print(f"article with 5,000 statements: p50 {crowded['p50']:.1f} ms, {crowded['kb']:.0f} KB "
          f"(first of {crowded['parts']} parts)")


if __name__ == "__main__":
    main()
