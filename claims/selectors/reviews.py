"""Verdict reads."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from claims.models import Claim, Evidence, Rating, RatingScale, Review


def rating_scale_queryset() -> QuerySet[RatingScale]:
    return RatingScale.objects.prefetch_related(Prefetch("ratings", queryset=Rating.objects.order_by("-value")))


def review_queryset() -> QuerySet[Review]:
    return Review.objects.select_related("claim", "rating", "fact_checker", "editor").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("position", "id")), "corrections"
    )


def latest_public_verdict(claim: Claim) -> Review | None:
    """The claim's latest public verdict (published, corrected or retracted): "already checked"."""
    return claim.reviews.public().select_related("rating").order_by("-published_at", "-id").first()


def latest_public_verdicts(claim_ids: set[int]) -> dict[int, Review]:
    """`latest_public_verdict` of many claims in one query: claim id -> review."""
    latest: dict[int, Review] = {}
    if claim_ids:
        for review in (Review.objects.public().filter(claim_id__in=claim_ids).select_related("rating")
                       .order_by("claim_id", "published_at", "id")):
            latest[review.claim_id] = review  # ascending, so the latest wins
    return latest


def current_review(claim: Claim) -> Review | None:
    """The claim's review the desk works on: the latest one."""
    return (
        claim.reviews.select_related("rating__scale", "fact_checker", "editor")
        .order_by("-created", "-id")
        .first()
    )
