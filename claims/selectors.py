"""Reads that are more than a filter: the API's querysets, claim search and the NDJSON export.

Search (`search_claims`): on PostgreSQL, `Claim.search_vector` (claim text weighted A, quotes B,
speaker names and aliases C) kept by triggers from migration 0003, GIN-indexed, queried with
`websearch_to_tsquery` and ranked; on SQLite, a case-insensitive LIKE over the same texts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from claims.choices import PUBLIC_REVIEW_STATUSES
from claims.models import (
    Article,
    Attribution,
    Claim,
    Evidence,
    Rating,
    RatingScale,
    Review,
    Source,
    SourceAlias,
)

SEARCH_CONFIG = "english"


def attribution_queryset() -> QuerySet[Attribution]:
    return Attribution.objects.select_related("article__outlet")


def article_queryset() -> QuerySet[Article]:
    return Article.objects.select_related("outlet")


def source_queryset() -> QuerySet[Source]:
    return Source.objects.prefetch_related(Prefetch("aliases", queryset=SourceAlias.objects.order_by("name")))


def rating_scale_queryset() -> QuerySet[RatingScale]:
    return RatingScale.objects.prefetch_related(Prefetch("ratings", queryset=Rating.objects.order_by("-value")))


def review_queryset() -> QuerySet[Review]:
    return Review.objects.select_related("claim", "rating", "fact_checker", "editor").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("position", "id")), "corrections"
    )


def search_claims(queryset: QuerySet[Claim], q: str) -> QuerySet[Claim]:
    """Claims whose text, quotes, or speakers' names and aliases match `q`."""
    q = q.strip()
    if not q:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(search_vector=SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG))
    names = Q(name__icontains=q) | Q(aliases__name__icontains=q)
    speakers = Source.objects.filter(names)
    quoted = Attribution.objects.filter(claim=OuterRef("pk")).filter(
        Q(text__icontains=q) | Q(speaker_name__icontains=q) | Q(speaker__in=speakers)
    )
    return queryset.filter(Q(text__icontains=q) | Q(claimant__in=speakers) | Exists(quoted))


# --- NDJSON export ------------------------------------------------------------------------------
# The same JSON as the claim serializer, built from plain rows: three queries per chunk of
# EXPORT_CHUNK claims (keyset on id), so memory stays constant however many claims there are.

EXPORT_CHUNK = 2000


def _dt(value: datetime | None) -> str | None:
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _d(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _convert(rows: list[dict[str, Any]], datetimes: tuple[str, ...], dates: tuple[str, ...]) -> None:
    for row in rows:
        for key in datetimes:
            row[key] = _dt(row[key])
        for key in dates:
            row[key] = _d(row[key])


CLAIM_FIELDS = (
    "id", "text", "status", "said_on", "said_on_precision", "checkworthiness", "merged_into_id",
    "created", "updated", "claimant_id", "claimant__name", "claimant__kind", "claimant__role",
    "assigned_to__username",
)


def claim_rows(queryset: QuerySet[Claim]) -> QuerySet:
    """The claim columns the representation needs, as dicts (for pagination and export)."""
    return queryset.prefetch_related(None).values(*CLAIM_FIELDS)


def claim_dicts(claims: list[dict[str, Any]], *, contiguous: bool = False) -> list[dict[str, Any]]:
    """The API representation of these claim rows: two more queries, whatever their number.

    `contiguous`: the rows are in id order (the export), so related rows are fetched by id range
    rather than by a long IN list, and rows of claims outside `claims` are skipped.
    """
    ids = [c["id"] for c in claims]
    if not ids:
        return []
    by_claim = {"claim_id__gte": ids[0], "claim_id__lte": ids[-1]} if contiguous else {"claim_id__in": ids}
    appearances: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for a in (
        Attribution.objects.filter(**by_claim)
        .order_by("article_id", "start")
        .values_list(
            "claim_id", "id", "text", "start", "end", "kind", "status", "speaker_id", "speaker_name",
            "speaker_role", "cue", "channel", "said_on", "article_id", "article__headline", "article__url",
            "article__published_on", "article__outlet_id", "article__outlet__name",
        )
    ):
        appearances[a[0]].append({
            "id": a[1],
            "article": {
                "id": a[13], "headline": a[14], "url": a[15], "published_on": _d(a[16]),
                "outlet": {"id": a[17], "name": a[18]},
            },
            "text": a[2], "start": a[3], "end": a[4], "kind": a[5], "status": a[6], "speaker": a[7],
            "speaker_name": a[8], "speaker_role": a[9], "cue": a[10], "channel": a[11], "said_on": _d(a[12]),
        })
    verdicts: dict[int, dict[str, Any]] = {}
    for r in (
        Review.objects.filter(**by_claim, status__in=PUBLIC_REVIEW_STATUSES)
        .order_by("claim_id", "published_at", "id")
        .values_list("claim_id", "id", "status", "headline", "published_at", "rating__label", "rating__value")
    ):
        verdicts[r[0]] = {  # ascending, so the latest wins
            "id": r[1], "status": r[2], "headline": r[3], "published_at": _dt(r[4]),
            "rating": {"label": r[5], "value": r[6]} if r[5] is not None else None,
        }
    out = []
    for c in claims:
        claimant = (
            {"id": c["claimant_id"], "name": c["claimant__name"], "kind": c["claimant__kind"],
             "role": c["claimant__role"]}
            if c["claimant_id"] is not None else None
        )
        out.append({
            "id": c["id"], "text": c["text"], "status": c["status"], "claimant": claimant,
            "said_on": _d(c["said_on"]), "said_on_precision": c["said_on_precision"],
            "checkworthiness": c["checkworthiness"], "assigned_to": c["assigned_to__username"],
            "merged_into": c["merged_into_id"], "appearances": appearances.get(c["id"], []),
            "verdict": verdicts.get(c["id"]), "created": _dt(c["created"]), "updated": _dt(c["updated"]),
        })
    return out


def claim_dict(pk: int) -> dict[str, Any]:
    return claim_dicts(list(claim_rows(Claim.objects.filter(pk=pk))))[0]


def export_claim_dicts(queryset: QuerySet[Claim], *, chunk: int = EXPORT_CHUNK) -> Iterator[dict[str, Any]]:
    """Every claim of `queryset` as the API represents it, in id order, a chunk at a time."""
    base = claim_rows(queryset).order_by("pk")
    last = 0
    while True:
        claims = list(base.filter(pk__gt=last)[:chunk])
        if not claims:
            return
        last = claims[-1]["id"]
        yield from claim_dicts(claims, contiguous=True)


def export_claim_lines(queryset: QuerySet[Claim], *, chunk: int = EXPORT_CHUNK) -> Iterator[bytes]:
    """NDJSON: one claim per line, streamed chunk by chunk (bytes, joined per chunk)."""
    encode = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode
    buffer: list[str] = []
    for item in export_claim_dicts(queryset, chunk=chunk):
        buffer.append(encode(item))
        if len(buffer) >= 500:
            yield ("\n".join(buffer) + "\n").encode()
            buffer.clear()
    if buffer:
        yield ("\n".join(buffer) + "\n").encode()
