#!/usr/bin/env python
"""The pre-publication check at scale: a 1,500-word draft against 100,000 stored claims.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_wt14_bench .venv/bin/python bench/bench_drafts.py

It runs on a database filled by `bench/bench_api.py --claims 100000 --keep` (100,000 claims by
5,000 speakers, 20,000 of them with published verdicts) and prepares it once (idempotent): twenty
speakers get names a reporter writes ("Alma Berg"), the 20,000 checked claims are spread over them
(1,000 each, a newsroom's busiest speakers), and the matching index (`ClaimTerm`) is built for
every claim, as imports build it (the bulk fill skips it); then ANALYZE.

The draft: about 1,500 words in 25 paragraphs, each with a quoted statement by one of those
speakers, 12 of them cuts of stored checked claims and 13 new. It is checked --runs times after 3
warm-ups, and printed side by side: the extraction alone (parser, quotes, check-worthiness: no
database; the baseline), `check_draft` (the selector), and `POST /api/v1/drafts/check/` with a
token (in-process test client: authentication, throttle, parsing, JSON), each p50/p95.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NAMES = ("Alma Berg", "Bruno Costa", "Carla Diaz", "Dmitri Eriksen", "Elena Fox", "Felipe Garcia", "Greta Holt",
         "Hiro Ito", "Ines Jansen", "Jonas Kahn", "Karin Lind", "Luc Moreau", "Marta Novak", "Nils Ortiz",
         "Olga Park", "Pavel Quinn", "Rosa Rossi", "Sven Sato", "Tara Ulloa", "Victor Weiss")
FILLER = ("the council met again on tuesday to discuss the plan for the harbour and the new roads while residents "
          "waited outside the hall for news about the budget and the schools").split()


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


def prepare() -> None:
    from django.db import connection, transaction

    from claims.choices import ClaimStatus
    from claims.models import Claim, ClaimTerm, Source
    from claims.names import normalize_name
    from claims.services import matching

    if Source.objects.filter(name=NAMES[0]).exists():
        return
    started = time.perf_counter()
    with transaction.atomic():
        named = []
        for i, name in enumerate(NAMES):
            Source.objects.filter(name=f"Speaker {i}").update(name=name, normalized_name=normalize_name(name))
            named.append(Source.objects.get(name=name))
        checked = list(Claim.objects.filter(status=ClaimStatus.PUBLISHED).order_by("pk").values_list("pk", flat=True))
        for i, source in enumerate(named):
            Claim.objects.filter(pk__in=checked[i::len(named)]).update(claimant=source)
    if not ClaimTerm.objects.exists():
        ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), 2000):
            with transaction.atomic():
                matching.claims_index(claim_ids=ids[start:start + 2000])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"prepared: names, checked claims spread, {ClaimTerm.objects.count():,} index rows in "
          f"{time.perf_counter() - started:.0f} s")


def make_draft(rng: random.Random) -> tuple[str, int]:
    from claims.choices import ClaimStatus
    from claims.models import Claim

    paragraphs, cuts = [], 0
    for p in range(25):
        name = NAMES[p % len(NAMES)]
        if p % 2 == 0 and cuts < 12:
            checked = Claim.objects.filter(claimant__name=name, status=ClaimStatus.PUBLISHED).order_by("pk")
            text = checked.values_list("text", flat=True)[rng.randrange(checked.count())]
            quote = " ".join(text.split(":", 1)[1].strip().rstrip(".").split()[:12])
            cuts += 1
        else:
            quote = f"we will open {rng.randint(2, 40)} new clinics in the {rng.choice(FILLER)} district next year"
        narrative = " ".join(rng.choices(FILLER, k=45)).capitalize()
        paragraphs.append(f'{narrative}. "{quote.capitalize()}," {name} said on {rng.choice(FILLER)}.')
    return "\n\n".join(paragraphs) + "\n", cuts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.test_settings")
    os.environ["API_THROTTLE_TOKEN"] = "100000000/hour"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    from claims.extraction import checkworthiness
    from claims.extraction.parser import parse_article
    from claims.extraction.quotes import extract_quotes_from_article
    from claims.models import ApiToken, Claim
    from claims.selectors.drafts import check_draft

    prepare()
    draft, cuts = make_draft(random.Random(11))
    words = len(draft.split())
    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench-drafts")
    _, key = ApiToken.issue(name="bench drafts", user=user, read_only=True)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    body = json.dumps({"text": draft, "headline": "Council approves the harbour plan"})

    def extraction() -> None:
        for quote in extract_quotes_from_article(parse_article(draft)):
            checkworthiness.score(quote.text, kind=quote.kind)

    def api() -> None:
        response = client.post("/api/v1/drafts/check/", body, content_type="application/json")
        assert response.status_code == 200, response.content[:300]

    runs = {"extraction alone (baseline)": extraction, "check_draft": lambda: check_draft(text=draft),
            "POST /api/v1/drafts/check/": api}
    timings: dict[str, list[float]] = {label: [] for label in runs}
    for _ in range(3):
        for run in runs.values():
            run()
    for _ in range(args.runs):
        for label, run in runs.items():  # interleaved, so each sees the same load
            started = time.perf_counter()
            run()
            timings[label].append((time.perf_counter() - started) * 1000)
    result = check_draft(text=draft)
    print(f"database: {connection.vendor}; {Claim.objects.count():,} claims; draft of {words} words, "
          f"{len(result.statements)} statements ({cuts} cuts of checked claims): "
          f"{sum(1 for s in result.statements if s.match)} matched, {len(result.already_checked)} already checked")
    for label, values in timings.items():
        print(f"{label:<30} p50 {percentile(values, 50):6.1f} ms   p95 {percentile(values, 95):6.1f} ms")


if __name__ == "__main__":
    main()
