"""Verdict reads."""

from __future__ import annotations

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
    """Public verdicts (published, corrected or retracted) claim by claim, oldest first: reading
    them in this order, the last one seen of a claim is its *latest public verdict* ("already
    checked"). Every reader of the latest public verdict goes through this ordering."""
    return Review.objects.public().order_by("claim_id", "published_at", "id")


def latest_public_verdict(claim: Claim) -> Review | None:
    """The claim's latest public verdict: `public_verdicts_oldest_first`'s last one of the claim."""
    return public_verdicts_oldest_first().filter(claim=claim).select_related("rating").last()


def latest_public_verdicts(claim_ids: set[int]) -> dict[int, Review]:
    """`latest_public_verdict` of many claims in one query: claim id -> review."""
    latest: dict[int, Review] = {}
    if claim_ids:
        for review in public_verdicts_oldest_first().filter(claim_id__in=claim_ids).select_related("rating"):
            latest[review.claim_id] = review  # oldest first, so the latest wins
    return latest


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


# The claim's current verdict, the one the desk works on: its latest review.
CURRENT_REVIEW_ORDER = ("-created", "-id")


def current_review(claim: Claim) -> Review | None:
    """The claim's review the desk works on: the latest one."""
    reviews = claim.reviews.select_related("rating__scale", "fact_checker", "editor")
    return reviews.order_by(*CURRENT_REVIEW_ORDER).first()


def current_verdict_copy(claim_id: int) -> dict[str, object]:
    """The Claim fields copied from its current verdict (models.claims.VERDICT_COPY), as they are now."""
    review = (Review.objects.filter(claim_id=claim_id).order_by(*CURRENT_REVIEW_ORDER)
              .values("status", "rating__label", "rating__value").first())
    if review is None:
        return {"review_status": "", "rating_label": "", "rating_value": None}
    return {"review_status": review["status"], "rating_label": review["rating__label"] or "",
            "rating_value": review["rating__value"]}
