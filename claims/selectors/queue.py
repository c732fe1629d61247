"""The review desk's queue: the claims `ClaimFilterSet` finds (the API's list filters and searches
with the same one), a page at a time by keyset, with bounded counts for the status tabs.

Every query of the queue page is here (with the filter form's two lists in claims.forms):
  1. the counts, in one statement, each stopping at its limit + 1 rows ("10,000+"): exact counts
     over a million claims cost a scan each. Unfiltered (or by status only), the shown claims and
     each status tab, each an index scan; filtered or searched, only the shown claims, up to
     NARROWED_COUNT_LIMIT (a tab's count would scan the whole filter again, once a status);
  2. the page: one row more than shown (is there a next page?), after the cursor's key, sorted by
     an index (claims.models.Claim.Meta.indexes) on the claim's own columns: the current verdict
     is copied onto the claim (Claim.review_status, rating_label, rating_value);
  3. the page's appearances with their article and outlet.
A filter value that does not validate is reported at its field and left out; the other filters
apply, and the count is the count of the claims shown.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, FloatField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.http import QueryDict

from claims.choices import AttributionStatus, ClaimStatus
from claims.filtersets import NON_FILTER_PARAMS, ClaimFilterSet
from claims.ids import parse_id
from claims.links import claim_urls
from claims.models import Attribution, Claim, Source
from claims.models.claims import QUEUE_SORT_KEYS
from claims.names import display_partial_date
from claims.selectors.claims import SEARCH_CONFIG

PAGE_SIZE = 25
COUNT_LIMIT = 10_000
NARROWED_COUNT_LIMIT = 1_000
RANK_WINDOW = 1_000
QUEUE_PARAMS = frozenset({"sort", "cursor"})


@dataclass(frozen=True)
class Sort:
    label: str
    keys: tuple[str, ...]  # "-updated": descending; the last key is unique (the id)


SORTS = {
    "-updated": Sort("Recently updated", ("-updated", "-id")),
    "updated": Sort("Least recently updated", ("updated", "id")),
    "-checkworthiness": Sort("Most check-worthy", ("-worth", "-updated", "-id")),
    "-said_on": Sort("Newest statement", ("-said_first_last", "-id")),
    "said_on": Sort("Oldest statement", ("said_last_last", "id")),
    "relevance": Sort("Best match (with a search)", ("-rank", "-id")),
}
DEFAULT_SORT = "-updated"
# Sort keys that are expressions (the empty values last: Claim's QUEUE_SORT_KEYS, each indexed).
EXPRESSIONS = {name: expressions[0] for name, expressions in QUEUE_SORT_KEYS.items()}
KEY_TYPES = {"updated": datetime.fromisoformat, "said_first_last": date.fromisoformat,
             "said_last_last": date.fromisoformat, "worth": int, "rank": float, "id": int}


def bounded(count: int, limit: int | None = None) -> str:
    """A count as the page shows it: "10,000+" past the limit."""
    limit = COUNT_LIMIT if limit is None else limit
    return f"{limit:,}+" if count > limit else f"{count:,}"


@dataclass
class Queue:
    form_data: dict[str, Any]  # the parameters as given, for the filter form
    errors: dict[str, list[str]]  # field -> messages, for the filters left out
    sort: str
    rows: list[Claim]
    next_cursor: str | None
    first_page: bool
    count: int  # the claims shown (bounded at count_limit + 1)
    count_limit: int
    tabs: list[tuple[str, str, str]] = field(default_factory=list)  # (status, label, bounded count or "")
    total: str = ""  # every status, bounded ("" when filtered)

    @property
    def count_display(self) -> str:
        return bounded(self.count, self.count_limit)


def _encode_cursor(sort: str, values: list[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps([sort, plain]).encode()).decode().rstrip("=")


def _decode_cursor(raw: str, sort: str) -> list[Any]:
    """The key values of the last row shown; ValueError for a cursor this sort did not make."""
    try:
        given_sort, values = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (ValueError, TypeError, binascii.Error, UnicodeError):
        raise ValueError("Invalid cursor.") from None
    keys = SORTS[sort].keys
    if given_sort != sort or not isinstance(values, list) or len(values) != len(keys):
        raise ValueError("Invalid cursor.")
    decoded = []
    for key, value in zip(keys, values, strict=True):
        try:
            decoded.append(KEY_TYPES[key.lstrip("-")](value))
        except (TypeError, ValueError, OverflowError):
            raise ValueError("Invalid cursor.") from None
    return decoded


def _after(keys: tuple[str, ...], values: list[Any], *, first: bool = True) -> Q:
    """Rows after the one with these key values in this order."""
    key, value = keys[0], values[0]
    name, descending = key.lstrip("-"), key.startswith("-")
    beyond = Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
    if len(keys) == 1:
        return beyond
    after = beyond | (Q(**{name: value}) & _after(keys[1:], values[1:], first=False))
    # The same condition with a plain bound first, so the index scan starts at the cursor.
    return Q(**{f"{name}__{'lte' if descending else 'gte'}": value}) & after if first else after


def _order(keys: tuple[str, ...]) -> list[Any]:
    return [F(k[1:]).desc() if k.startswith("-") else F(k).asc() for k in keys]


def _bounded_counts(querysets: list[QuerySet[Claim]], limit: int) -> list[int]:
    """COUNT of each queryset, stopping at `limit` + 1 rows, in one statement."""
    parts, params = [], []
    for queryset in querysets:
        try:
            sql, more = queryset.order_by().values("pk")[: limit + 1].query.sql_with_params()
        except EmptyResultSet:
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS bounded)")
        params.extend(more)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())


def _speaker_error(value: str) -> str:
    """Why a speaker filter finds no one ("No speaker is called ..."), or "" when someone is."""
    value = value.strip()
    if not value:
        return ""
    source_id = parse_id(value)
    sources = Source.objects.filter(pk=source_id) if source_id is not None else Source.objects.named(value)
    return "" if sources.exists() else f"No speaker is called {value!r}."


def claim_queue(data: QueryDict, *, request: Any, page_size: int = PAGE_SIZE) -> Queue:
    """The queue for these query parameters: the filters of ClaimFilterSet, `sort` and `cursor`."""
    params = data.copy()
    sort = params.pop("sort", [""])[-1]
    raw_cursor = params.pop("cursor", [""])[-1]
    params.pop("page", None)  # an old bookmark's page number: the first page
    errors: dict[str, list[str]] = {}
    problem = _speaker_error(params.get("speaker", ""))
    if problem:
        errors["speaker"] = [problem]
        params.pop("speaker")

    shown = ClaimFilterSet(params, queryset=Claim.objects.active(), request=request)
    shown.extra_params = NON_FILTER_PARAMS | QUEUE_PARAMS
    shown.is_valid()
    for name, messages in shown.errors.items():
        errors.setdefault(name, []).extend(messages)
    claims = shown.qs
    any_status = Claim.objects.active()  # the same filters but the status, for the tabs
    for name, value in shown.form.cleaned_data.items():
        if name != "status":
            any_status = shown.filters[name].filter(any_status, value)

    q = (shown.form.cleaned_data.get("q") or "").strip()
    searching = bool(q) and connection.vendor == "postgresql"
    if sort not in SORTS or (sort == "relevance" and not searching):
        if sort:
            errors.setdefault("sort", []).append("Choose a sort from the list.")
        sort = "relevance" if searching else DEFAULT_SORT
    keys = SORTS[sort].keys
    names = [k.lstrip("-") for k in keys]
    claims = claims.annotate(**{name: EXPRESSIONS[name] for name in names if name in EXPRESSIONS})
    if sort == "relevance":
        # In double precision: ts_rank's real comes back rounded to its shortest decimal, and a
        # cursor holding that would not compare equal to the ties it stopped among.
        # Ranked among the RANK_WINDOW most recently updated matches: ranking every match of a
        # common word (a third of a million claims) took seconds.
        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        window = claims.order_by("-updated", "-id").values("pk")[:RANK_WINDOW]
        claims = claims.filter(pk__in=window).annotate(rank=Cast(SearchRank(F("search_vector"), query), FloatField()))
    if raw_cursor:
        try:
            claims = claims.filter(_after(keys, _decode_cursor(raw_cursor, sort)))
        except ValueError as exc:
            errors.setdefault("cursor", []).append(str(exc))
            raw_cursor = ""

    statuses = ClaimStatus.choices
    narrowed = any(value not in (None, "", [], ()) and name != "status"
                   for name, value in shown.form.cleaned_data.items())
    if narrowed:
        limit = NARROWED_COUNT_LIMIT
        counts = _bounded_counts([shown.qs], limit)
    else:
        limit = COUNT_LIMIT
        counts = _bounded_counts([shown.qs, any_status, *(any_status.filter(status=value) for value, _ in statuses)],
                                 limit)
    rows = list(
        claims.select_related("claimant", "assigned_to").defer("search_vector")
        .prefetch_related(Prefetch("appearances", queryset=_row_appearances(), to_attr="visible_appearances"))
        .order_by(*_order(keys))[: page_size + 1]
    )
    more = len(rows) > page_size
    rows = rows[:page_size]
    url_of = claim_urls()
    for claim in rows:
        claim.url = url_of(claim.pk)
        claim.appearance_count = len(claim.visible_appearances)
        dates = [a.article.published_on for a in claim.visible_appearances if a.article.published_on]
        claim.first_seen = min(dates) if dates else None
        # Dates as the row shows them, written here: the template's date filter, localised,
        # was a tenth of the page's time.
        claim.said_on_shown = display_partial_date(claim.said_on, claim.said_on_precision)
        claim.first_seen_shown = display_partial_date(claim.first_seen)
        claim.updated_iso = claim.updated.isoformat()
    next_cursor = None
    if more and rows:
        next_cursor = _encode_cursor(sort, [getattr(rows[-1], k.lstrip("-")) for k in keys])
    return Queue(
        form_data={**data.dict(), "sort": sort}, errors=errors, sort=sort, rows=rows, next_cursor=next_cursor,
        first_page=not raw_cursor, count=counts[0], count_limit=limit,
        total="" if narrowed else bounded(counts[1]),
        tabs=[(value, label, "" if narrowed else bounded(n))
              for (value, label), n in zip(statuses, counts[2:] if not narrowed else [0] * len(statuses), strict=True)],
    )


def _row_appearances() -> QuerySet[Attribution]:
    """What a queue row shows of a claim's appearances: outlet, kind and first publication date."""
    return (
        Attribution.objects.exclude(status=AttributionStatus.REJECTED)
        .select_related("article__outlet")
        .only("id", "claim_id", "kind", "start", "article__id", "article__outlet__name", "article__published_on")
        .order_by("article__published_on", "id")
    )
