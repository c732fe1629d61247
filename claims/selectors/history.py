"""The change history shown on a claim page: who, when, what changed, across the claim's records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import formats, timezone

from claims.choices import AttributionKind, AttributionStatus, ClaimStatus, ReviewStatus
from claims.models import Attribution, Claim, Evidence, Rating, Review, Topic

HIDDEN_FIELDS = {"updated", "created", "version", "normalized_name", "content_hash", "text",
                 "checkworthiness_reasons"}
# An appearance's text is its anchor (shown with it); a claim's text is its wording, an edit worth showing.
SHOWN_FIELDS = {Claim: {"text"}}
LABELS = {
    Claim: "the claim",
    Review: "the verdict",
    Evidence: "evidence",
    Attribution: "appearance",
}


def _show(value: Any) -> Any:
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return value


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    when: datetime
    who: Any
    what: str
    action: str  # "created" | "changed" | "removed"
    changes: list[Change] = field(default_factory=list)
    merged_from: int | None = None  # the merged claim the record belonged to, when not this claim


def _claim_of(model: type, record: Any) -> int | None:
    if model is Claim:
        return record.id
    return getattr(record, "claim_id", None)


def _entries_for(
    model: type, records: list, resolve: dict[str, dict], merged: frozenset[int] = frozenset()
) -> list[HistoryEntry]:
    entries: list[HistoryEntry] = []
    previous: dict[int, Any] = {}
    verbose = {f.name: f.verbose_name for f in (*model._meta.fields, *model._meta.many_to_many)}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        label = f"{LABELS[model]} {_describe(model, record)}".strip()
        before = previous.get(record.id)
        previous[record.id] = record
        origin = _claim_of(model, record)
        merged_from = origin if origin in merged else None
        if record.history_type == "+":
            entries.append(HistoryEntry(record.history_date, record.history_user, label, "created",
                                        merged_from=merged_from))
        elif record.history_type == "-":
            entries.append(HistoryEntry(record.history_date, record.history_user, label, "removed",
                                        merged_from=merged_from))
        elif before is not None:
            delta = record.diff_against(before)
            changes = []
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS and change.field not in SHOWN_FIELDS.get(model, ()):
                    continue
                lookup = resolve.get(change.field, {})
                if isinstance(change.old, list) or isinstance(change.new, list):  # a many-to-many field
                    old, new = (", ".join(sorted(str(lookup.get(row.get("topic"), "?")) for row in rows or []))
                                for rows in (change.old, change.new))
                else:
                    old = lookup.get(change.old, change.old)
                    new = lookup.get(change.new, change.new)
                changes.append(Change(str(verbose.get(change.field, change.field)), _show(old), _show(new)))
            if changes:
                entries.append(HistoryEntry(record.history_date, record.history_user, label, "changed", changes,
                                            merged_from=merged_from))
        else:
            entries.append(HistoryEntry(record.history_date, record.history_user, label, "changed",
                                        merged_from=merged_from))
    return entries


def _describe(model: type, record: Any) -> str:
    if model is Evidence:
        return f"“{record.title or record.url}”"
    if model is Attribution:
        return f"“{record.text[:50]}{'…' if len(record.text) > 50 else ''}”"
    return ""


def merged_claim_ids(claim: Claim, *, limit: int = 500) -> set[int]:
    """Every claim merged into this one, directly or through a chain of merges (a query a level)."""
    found: set[int] = set()
    frontier = {claim.pk}
    while frontier and len(found) < limit:
        frontier = set(Claim.objects.filter(merged_into__in=frontier).order_by().values_list("pk", flat=True)) - found
        found |= frontier
    found.discard(claim.pk)
    return found


HISTORY_PAGE = 30
# Version rows read a record type, newest first: a claim with thousands of appearances (each with
# its versions) would otherwise load them all for one page of history.
MAX_RECORDS = 2000


@dataclass
class HistoryPage:
    entries: list[HistoryEntry]
    number: int
    has_next: bool
    truncated: bool  # older versions than MAX_RECORDS a record type are not read


def claim_history(claim: Claim, *, page: int = 1, per_page: int = HISTORY_PAGE) -> HistoryPage:
    """Newest first, a page at a time: changes to the claim, its reviews, their evidence and its
    appearances.

    The records of the claims merged into this one come too (marked with `merged_from`), so a
    merge loses no history: the merged claims' own changes, and their appearances' and
    reviews' changes from before they moved here.
    """
    merged = frozenset(merged_claim_ids(claim))
    claim_ids = [claim.pk, *merged]
    review_ids = list(Review.objects.filter(claim_id__in=claim_ids).values_list("pk", flat=True))
    if merged:
        review_ids = sorted(set(review_ids) | set(
            Review.history.filter(claim_id__in=merged).order_by().values_list("id", flat=True).distinct()))

    def newest(versions: Any) -> list:
        return list(versions.select_related("history_user").order_by("-history_date", "-history_id")[:MAX_RECORDS])

    groups = [
        (Claim, newest(Claim.history.filter(id__in=claim_ids))),
        (Review, newest(Review.history.filter(id__in=review_ids))),
        (Evidence, newest(Evidence.history.filter(review_id__in=review_ids))),
        (Attribution, newest(Attribution.history.filter(claim_id__in=claim_ids))),
    ]
    user_ids = {r.assigned_to_id for r in groups[0][1]} | {
        uid for r in groups[1][1] for uid in (r.fact_checker_id, r.editor_id)
    }
    users = {u.pk: u.get_username() for u in get_user_model().objects.filter(pk__in=user_ids - {None})}
    rating_ids = {r.rating_id for r in groups[1][1]} - {None}
    ratings = dict(Rating.objects.filter(pk__in=rating_ids).values_list("pk", "label"))
    statuses = {**dict(ReviewStatus.choices), **dict(AttributionStatus.choices), **dict(ClaimStatus.choices)}
    resolve = {
        "topics": dict(Topic.objects.values_list("pk", "name")),
        "assigned_to": users, "fact_checker": users, "editor": users, "rating": ratings,
        "status": statuses, "kind": dict(AttributionKind.choices),
    }
    entries = [entry for model, records in groups for entry in _entries_for(model, records, resolve, merged)]
    entries.sort(key=lambda e: e.when, reverse=True)
    page = max(page, 1)
    start = (page - 1) * per_page
    return HistoryPage(
        entries=entries[start:start + per_page], number=page, has_next=len(entries) > start + per_page,
        truncated=any(len(records) == MAX_RECORDS for _, records in groups),
    )
