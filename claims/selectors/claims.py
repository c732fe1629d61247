"""Claim reads: search, the API representation and the NDJSON export.

Search (`search_claims`): on PostgreSQL, `Claim.search_vector` (claim text weighted A, quotes B,
speaker names and aliases C) kept by triggers from migration 0003, GIN-indexed, queried with
`websearch_to_tsquery` and ranked; on SQLite, a case-insensitive LIKE over the same texts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import orjson
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.dateparse import parse_datetime

from claims.links import factcheck_urls
from claims.models import Attribution, Claim, Source
from claims.names import format_partial_date

SEARCH_CONFIG = "english"


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


EXPORT_CHUNK = 2000


EXPORT_LINES_PER_WRITE = 500


def _dt(value: datetime | str | None) -> str | None:
    """A timestamp as the API writes it: ISO 8601 in UTC with a "Z" (as DRF's encoder does).

    Naive values are UTC: SQLite's, as Django stores them with USE_TZ (orjson: OPT_NAIVE_UTC)."""
    if value is None:
        return None
    if type(value) is str:
        value = parse_datetime(value.replace(" ", "T", 1))
        if value is None:
            return None
    text = value.isoformat()
    if value.tzinfo is None:
        return text + "Z"
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _d(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _fetch(queryset: QuerySet) -> list[tuple[Any, ...]]:
    """The rows of a values_list() queryset as the driver returns them, without Django's per-row
    converters: dates and datetimes come as the driver's objects (naive UTC ones on SQLite)."""
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


CLAIM_FIELDS = (
    "id", "text", "status", "said_on", "said_on_precision", "checkworthiness", "merged_into_id",
    "created", "updated", "claimant_id", "claimant__name", "claimant__kind", "claimant__role",
    "assigned_to__username",
    # The latest public verdict, as Claim.verdict holds it (services.reviews.claim_verdict_follows).
    "verdict_id", "verdict__status", "verdict__headline", "verdict__published_at", "verdict__rating__label",
    "verdict__rating__value",
)


APPEARANCE_FIELDS = (
    "claim_id", "id", "text", "start", "end", "kind", "status", "speaker_id", "speaker_name",
    "speaker_role", "cue", "channel", "said_on", "article_id", "article__headline", "article__url",
    "article__published_on", "article__outlet_id", "article__outlet__name", "said_on_precision",
)


def _partial(value: date | str | None, precision: str) -> str | None:
    """A date at its precision, "2023-03" for March 2023 (SQLite's driver may give the ISO text)."""
    if value is None:
        return None
    return format_partial_date(date.fromisoformat(value) if type(value) is str else value, precision)


# A claim's latest public verdict, read through Claim.verdict: claim id, then as a review's fields
# (id, status, headline, published_at, rating label and value).
VERDICT_FIELDS = ("id", *CLAIM_FIELDS[-6:])


def claim_rows(queryset: QuerySet[Claim]) -> QuerySet:
    """The claim columns the representation needs, as dicts (for pagination)."""
    return queryset.prefetch_related(None).values(*CLAIM_FIELDS)


def _already_checked(row: tuple[Any, ...], url) -> dict[str, Any]:
    """'already checked: False (published 2023-03-14)' from a VERDICT_FIELDS row."""
    published = _dt(row[4])
    return {
        "rating": row[5], "published": published[:10] if published else None, "status": row[2],
        "review": row[1], "url": url(row[1]),
    }


def already_checked_for_claims(claim_ids: set[int] | list[int], *, base_url: str = "") -> dict[int, dict[str, Any]]:
    """claim id -> `already_checked` of its latest public verdict, for these claims: one query."""
    if not claim_ids:
        return {}
    rows = _fetch(Claim.objects.filter(pk__in=sorted(claim_ids), verdict__isnull=False).values_list(*VERDICT_FIELDS))
    url = factcheck_urls(base_url)
    return {r[0]: _already_checked(r, url) for r in rows}


def _claim_dicts(claims: list[tuple[Any, ...]], *, contiguous: bool, base_url: str) -> list[dict[str, Any]]:
    """The representation with dates and datetimes left as the driver's objects (see `_to_text`)."""
    ids = [c[0] for c in claims]
    if not ids:
        return []
    by_claim = {"claim_id__gte": ids[0], "claim_id__lte": ids[-1]} if contiguous else {"claim_id__in": ids}
    verdicts: dict[int, dict[str, Any]] = {}
    already: dict[int, dict[str, Any]] = {}
    url = factcheck_urls(base_url)
    for c in claims:
        if c[14] is not None:  # the claim's latest public verdict, read with the claim
            r = (c[0], *c[14:20])
            verdicts[c[0]] = {
                "id": r[1], "status": r[2], "headline": r[3], "published_at": r[4],
                "rating": {"label": r[5], "value": r[6]} if r[5] is not None else None,
            }
            already[c[0]] = _already_checked(r, url)
    appearances: dict[int, list[dict[str, Any]]] = {}
    get_checked = already.get
    for a in _fetch(
        Attribution.objects.filter(**by_claim).order_by("article_id", "start").values_list(*APPEARANCE_FIELDS)
    ):
        row = {
            "id": a[1],
            "article": {
                "id": a[13], "headline": a[14], "url": a[15], "published_on": a[16],
                "outlet": {"id": a[17], "name": a[18]},
            },
            "text": a[2], "start": a[3], "end": a[4], "kind": a[5], "status": a[6], "speaker": a[7],
            "speaker_name": a[8], "speaker_role": a[9], "cue": a[10], "channel": a[11],
            "said_on": _partial(a[12], a[19]), "said_on_precision": a[19], "already_checked": get_checked(a[0]),
        }
        rows = appearances.get(a[0])
        if rows is None:
            appearances[a[0]] = [row]
        else:
            rows.append(row)
    get_appearances, get_verdict = appearances.get, verdicts.get
    return [
        {
            "id": c[0], "text": c[1], "status": c[2],
            "claimant": {"id": c[9], "name": c[10], "kind": c[11], "role": c[12]} if c[9] is not None else None,
            "said_on": _partial(c[3], c[4]), "said_on_precision": c[4], "checkworthiness": c[5], "assigned_to": c[13],
            "merged_into": c[6], "appearances": get_appearances(c[0]) or [],
            "verdict": get_verdict(c[0]), "created": c[7], "updated": c[8],
        }
        for c in claims
    ]


def _to_text(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dates and datetimes of `_claim_dicts` as the API's JSON writes them, in place, for encoders
    and renderers that would not (the CSV renderer, the ETag hash)."""
    for claim in claims:
        claim["created"], claim["updated"] = _dt(claim["created"]), _dt(claim["updated"])
        if claim["verdict"] is not None:
            claim["verdict"]["published_at"] = _dt(claim["verdict"]["published_at"])
        for appearance in claim["appearances"]:
            appearance["article"]["published_on"] = _d(appearance["article"]["published_on"])
    return claims


def claim_dicts(claims: list[dict[str, Any]], *, base_url: str = "") -> list[dict[str, Any]]:
    """The API representation of these claim rows (from `claim_rows`): one more query (their
    appearances), whatever their number. Each appearance carries `already_checked`: its claim's latest public verdict as
    the import flags it (rating, publication date, review id and its public page), or None."""
    rows = [tuple(c[f] for f in CLAIM_FIELDS) for c in claims]
    return _to_text(_claim_dicts(rows, contiguous=False, base_url=base_url))


def claim_dict(pk: int, *, base_url: str = "") -> dict[str, Any]:
    return claim_dicts(list(claim_rows(Claim.objects.filter(pk=pk))), base_url=base_url)[0]


def export_claim_dicts(
    queryset: QuerySet[Claim], *, chunk: int = EXPORT_CHUNK, base_url: str = "", native: bool = False
) -> Iterator[dict[str, Any]]:
    """Every claim of `queryset` as the API represents it, in id order, a chunk at a time.

    Related rows are fetched by id range (the chunk is contiguous in id order), and rows of claims
    outside the chunk are skipped. `native`: leave date and datetime objects as they are, for an
    encoder that writes them as the API does (orjson with OPT_UTC_Z, see export_claim_lines).
    """
    base = claim_rows(queryset).order_by("pk").values_list(*CLAIM_FIELDS)
    last = 0
    while True:
        claims = _fetch(base.filter(pk__gt=last)[:chunk])
        if not claims:
            return
        last = claims[-1][0]
        dicts = _claim_dicts(claims, contiguous=True, base_url=base_url)
        yield from dicts if native else _to_text(dicts)


def export_claim_lines(queryset: QuerySet[Claim], *, chunk: int = EXPORT_CHUNK, base_url: str = "") -> Iterator[bytes]:
    """NDJSON: one claim per line, streamed EXPORT_LINES_PER_WRITE lines at a time.

    orjson writes datetimes as the API's JSON does ("2024-01-02T03:04:05.123456Z": OPT_UTC_Z, and
    OPT_NAIVE_UTC for naive ones), dates as "2024-01-02", and UTF-8 unescaped (ensure_ascii=False)
    but for U+0085, U+2028 and U+2029, which are escaped (`_escape_line_breaks`).
    """
    dumps, option = orjson.dumps, orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC | orjson.OPT_APPEND_NEWLINE
    buffer: list[bytes] = []
    for item in export_claim_dicts(queryset, chunk=chunk, base_url=base_url, native=True):
        buffer.append(dumps(item, option=option))
        if len(buffer) >= EXPORT_LINES_PER_WRITE:
            yield _escape_line_breaks(b"".join(buffer))
            buffer.clear()
    if buffer:
        yield _escape_line_breaks(b"".join(buffer))


# Characters that JSON allows raw in strings but Python's str.splitlines() (and JavaScript before
# ES2019) takes for line ends: escaped, so one record is always one line whatever splits it. Their
# UTF-8 bytes occur nowhere else, so replacing bytes is safe.
_LINE_BREAKS = ((b"\xc2\x85", b"\\u0085"), (b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))


def _escape_line_breaks(lines: bytes) -> bytes:
    for raw, escaped in _LINE_BREAKS:
        lines = lines.replace(raw, escaped)
    return lines


def active_claim_id(claim: Claim, limit: int = 50) -> int:
    """The claim a merged claim now lives in, following chains of merges (one query a hop)."""
    seen = {claim.pk}
    target = claim.merged_into_id
    while target is not None and len(seen) < limit:
        seen.add(target)
        following = Claim.objects.filter(pk=target).values_list("merged_into_id", flat=True).first()
        if following is None or following in seen:
            break
        target = following
    return target if target is not None else claim.pk


# --- The claim page on the desk ------------------------------------------------------------------


def desk_claim_queryset() -> QuerySet[Claim]:
    """A claim with what the claim page shows of it and its neighbours."""
    # Not its search document (kept by the database, never shown): a few KB a claim, read for nothing.
    return Claim.objects.select_related("claimant__affiliation", "assigned_to", "merged_into").defer(
        "search_vector", "merged_into__search_vector")


def claim_by_id(pk: int, *, with_claimant: bool = False) -> Claim | None:
    claims = Claim.objects.select_related("claimant", "merged_into") if with_claimant else Claim.objects.all()
    return claims.filter(pk=pk).first()


def claim_appearances(claim: Claim) -> list[Attribution]:
    """The claim's appearances in publication order, with article, outlet and speaker."""
    return list(
        claim.appearances.select_related("article__outlet", "speaker").order_by("article__published_on", "start")
    )


def claim_notes(claim: Claim) -> list:
    return list(claim.notes.select_related("author"))


def merge_summary(claim: Claim) -> dict[str, Any]:
    """What a merge moves: the claim, how many appearances, verdicts and notes, its current verdict."""
    from claims.selectors.reviews import current_review

    return {
        "claim": claim,
        "appearances": claim.appearances.count(),
        "reviews": claim.reviews.count(),
        "notes": claim.notes.count(),
        "review": current_review(claim),
    }
