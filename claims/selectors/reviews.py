"""Verdict reads."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from claims.claimreview import claimreview_queryset
from claims.models import Claim, Evidence, Rating, RatingScale, Review


def rating_scale_queryset() -> QuerySet[RatingScale]:
    return RatingScale.objects.prefetch_related(Prefetch("ratings", queryset=Rating.objects.order_by("-value")))


def review_queryset() -> QuerySet[Review]:
    return Review.objects.select_related("claim", "rating", "fact_checker", "editor").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("position", "id")), "corrections"
    )


def public_verdicts_oldest_first() -> QuerySet[Review]:
    """Public verdicts (published, corrected or retracted) claim by claim, oldest first: the last
    one of a claim is its *latest public verdict* ("already checked"; the API's `verdict`). This
    is its one definition: the review services copy it onto `Claim.verdict` (current_verdict_copy),
    and every reader reads it there."""
    return Review.objects.public().order_by("claim_id", "published_at", "id")


def latest_public_verdict(claim: Claim) -> Review | None:
    """The claim's latest public verdict (Claim.verdict), with its rating."""
    if claim.verdict_id is None:
        return None
    return Review.objects.select_related("rating").filter(pk=claim.verdict_id).first()


def latest_public_verdicts(claim_ids: set[int]) -> dict[int, Review]:
    """`latest_public_verdict` of many claims in one query: claim id -> review."""
    if not claim_ids:
        return {}
    verdicts = Claim.objects.filter(pk__in=claim_ids).values("verdict_id")
    return {review.claim_id: review for review in Review.objects.filter(pk__in=verdicts).select_related("rating")}


def evidence_queryset() -> QuerySet[Evidence]:
    return Evidence.objects.select_related("review__claim")


def review_evidence(review: Review) -> list[Evidence]:
    return list(review.evidence.all())


def review_corrections(review: Review) -> list:
    return list(review.corrections.select_related("editor"))


def factcheck_queryset() -> QuerySet[Review]:
    """Public fact-check pages: a public review with its claim, appearances, evidence, corrections."""
    return claimreview_queryset().prefetch_related("evidence", "corrections")


def public_index_queryset() -> QuerySet[Review]:
    """The public index, newest first (paged by the view)."""
    return Review.objects.public().select_related("claim__claimant", "rating").order_by("-published_at", "-id")


def public_feed_reviews(limit: int = 50) -> list[Review]:
    return list(claimreview_queryset().order_by("-published_at", "-id")[:limit])


def public_feed_last_modified(limit: int = 50) -> datetime | None:
    """The latest change of a review in the feed or of its claim (a correction moves the review's)."""
    rows = claimreview_queryset().order_by("-published_at", "-id").values_list("updated", "claim__updated")
    return max((max(row) for row in rows[:limit]), default=None)
# The claim's current verdict, the one the desk works on: its latest review.
CURRENT_REVIEW_ORDER = ("-created", "-id")


def current_review(claim: Claim) -> Review | None:
    """The claim's review the desk works on: the latest one."""
    reviews = claim.reviews.select_related("rating__scale", "fact_checker", "editor")
    return reviews.order_by(*CURRENT_REVIEW_ORDER).first()


def current_verdict_copy(claim_id: int) -> dict[str, object]:
    """The Claim fields copied from its current verdict and its latest public verdict
    (models.claims.VERDICT_COPY), as they are now: two queries."""
    review = (Review.objects.filter(claim_id=claim_id).order_by(*CURRENT_REVIEW_ORDER)
              .values("status", "rating__label", "rating__value").first())
    verdict = public_verdicts_oldest_first().filter(claim_id=claim_id).values_list("id", flat=True).last()
    if review is None:
        return {"review_status": "", "rating_label": "", "rating_value": None, "verdict_id": verdict}
    return {"review_status": review["status"], "rating_label": review["rating__label"] or "",
            "rating_value": review["rating__value"], "verdict_id": verdict}
