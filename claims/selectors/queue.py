"""The review desk's queue: the claims matching the filters, and what each row shows."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery

from claims.choices import AttributionStatus
from claims.forms import QueueFilterForm
from claims.models import Attribution, Claim, Review


def filter_claims(form: QueueFilterForm, user: Any) -> tuple[QuerySet[Claim], QuerySet[Claim]]:
    """(claims matching every filter, the same without the status filter: for the counts)."""
    claims = Claim.objects.active()
    if not form.is_valid():
        return claims, claims
    data = form.cleaned_data
    if data["q"]:
        words = data["q"].strip()
        claims = claims.filter(
            Q(text__icontains=words)
            | Q(claimant__name__icontains=words)
            | Exists(Attribution.objects.filter(claim=OuterRef("pk"), text__icontains=words))
        )
    if data["speaker"]:
        claims = claims.filter(
            Q(claimant=data["speaker"])
            | Exists(Attribution.objects.filter(claim=OuterRef("pk"), speaker=data["speaker"]))
        )
    if data["mine"]:
        claims = claims.filter(assigned_to=user)
    if data["rating"]:
        claims = claims.filter(Exists(Review.objects.filter(claim=OuterRef("pk"), rating=data["rating"])))
    appearance = Q()
    if data["outlet"]:
        appearance &= Q(article__outlet=data["outlet"])
    if data["kind"]:
        appearance &= Q(kind=data["kind"])
    if data["date_from"]:
        appearance &= Q(article__published_on__gte=data["date_from"])
    if data["date_to"]:
        appearance &= Q(article__published_on__lte=data["date_to"])
    if appearance:
        claims = claims.filter(Exists(Attribution.objects.filter(appearance, claim=OuterRef("pk"))))
    without_status = claims
    if data["status"]:
        claims = claims.filter(status=data["status"])
    return claims, without_status


def queue_rows(claims: QuerySet[Claim], order: list[str]) -> QuerySet[Claim]:
    """Everything a queue row shows, in a constant number of queries whatever the page size."""
    latest = Review.objects.filter(claim=OuterRef("pk")).order_by("-created", "-id")
    appearances = (
        Attribution.objects.exclude(status=AttributionStatus.REJECTED)
        .select_related("article__outlet")
        .only("id", "claim_id", "kind", "start", "article__id", "article__outlet__name", "article__published_on")
        .order_by("article__published_on", "id")
    )
    return (
        claims.select_related("claimant", "assigned_to")
        .annotate(
            appearance_count=Count("appearances", distinct=True),
            first_seen=Min("appearances__article__published_on"),
            rating_label=Subquery(latest.values("rating__label")[:1]),
            rating_value=Subquery(latest.values("rating__value")[:1]),
        )
        .prefetch_related(Prefetch("appearances", queryset=appearances, to_attr="visible_appearances"))
        .order_by(*[F(o[1:]).desc(nulls_last=True) if o.startswith("-") else F(o).asc(nulls_last=True)
                    for o in order])
    )
