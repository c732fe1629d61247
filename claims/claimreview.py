"""schema.org ClaimReview JSON-LD for published reviews, for search engines.

Used by the API (`/api/v1/reviews/{id}/claimreview/`) and embedded in the public fact-check
page. Google's required ClaimReview fields are claimReviewed, reviewRating (alternateName,
and ratingValue/bestRating/worstRating when the scale is numeric), url, author, and an
itemReviewed Claim with its author, datePublished and appearance / firstAppearance.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from claims.choices import AttributionKind, AttributionStatus
from claims.models import Attribution, Rating, Review
from claims.names import format_partial_date


def claimreview_queryset() -> QuerySet[Review]:
    """Published reviews with everything the markup needs, in a constant number of queries."""
    # The public record lists the appearances an editor confirmed (publication confirms them).
    appearances = Attribution.objects.filter(status=AttributionStatus.CONFIRMED).select_related("article__outlet")
    return (
        Review.objects.public()
        .select_related("claim__claimant", "rating__scale", "editor", "fact_checker")
        .prefetch_related(
            Prefetch("claim__appearances", queryset=appearances),
            Prefetch("rating__scale__ratings", queryset=Rating.objects.order_by("value")),
            "corrections",
        )
    )


def _organization() -> dict[str, str]:
    return {"@type": "Organization", "name": settings.NEWSROOM_NAME, "url": settings.NEWSROOM_URL + "/"}


def _creative_work(attribution: Attribution) -> dict[str, Any]:
    article = attribution.article
    work: dict[str, Any] = {"@type": "CreativeWork", "headline": article.headline}
    if article.url:
        work["url"] = article.url
    if article.published_on:
        work["datePublished"] = article.published_on.isoformat()
    work["publisher"] = {"@type": "Organization", "name": article.outlet.name}
    return work


QUOTED_KINDS = (AttributionKind.DIRECT, AttributionKind.PARTIAL)


def verbatim_quote(review: Review) -> Attribution | None:
    """The speaker's own words, as an article quoted them: the first confirmed direct or partial
    quote of the claim. Only these go in quotation marks; the claim's wording is the newsroom's."""
    quoted = [a for a in review.claim.appearances.all()
              if a.kind in QUOTED_KINDS and a.status == AttributionStatus.CONFIRMED]
    return min(quoted, key=_appearance_order) if quoted else None


def _appearance_order(attribution: Attribution) -> tuple:
    article = attribution.article
    return (article.published_on is None, article.published_on, attribution.article_id, attribution.start)


def corrections(review: Review) -> list[dict[str, Any]]:
    """schema.org `correction`: every correction and retraction note, oldest first, with its date."""
    return [
        {"@type": "CorrectionComment", "text": c.note, "datePublished": _timestamp(c.created),
         "additionalType": "Retraction" if c.is_retraction else "Correction"}
        for c in sorted(review.corrections.all(), key=lambda c: (c.created, c.pk))
    ]


def _timestamp(value: datetime) -> str:
    """An instant in UTC, "2024-03-14T09:30:00Z", as the API writes them."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def withdrawal(review: Review, *, base_url: str) -> dict[str, Any]:
    """What stands in for the ClaimReview of a retracted verdict: no rating, the note and the date."""
    retraction = next((c for c in review.corrections.all() if c.is_retraction), None)
    return {
        "url": base_url.rstrip("/") + reverse("claims:factcheck", args=[review.pk]),
        "review": review.pk,
        "status": review.status,
        "withdrawn": True,
        "dateWithdrawn": retraction.created.date().isoformat() if retraction else review.updated.date().isoformat(),
        "note": retraction.note if retraction else "",
        "correction": corrections(review),
    }


def claimreview(review: Review, *, base_url: str) -> dict[str, Any]:
    """The ClaimReview object for one published review; `base_url` is "https://host"."""
    claim = review.claim
    rating = review.rating
    on_scale = [r.value for r in rating.scale.ratings.all() if r.value > 0]
    appearances = sorted(claim.appearances.all(), key=_appearance_order)
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.claimant:
        item["author"] = {
            "@type": "Person" if claim.claimant.kind == "person" else "Organization",
            "name": claim.claimant.name,
        }
        if claim.claimant.role:
            item["author"]["jobTitle"] = claim.claimant.role
    # When the claim was first said, at the precision it is known ("2023-03"); never the article's
    # date in its place (that is firstAppearance.datePublished).
    if claim.said_on:
        item["datePublished"] = format_partial_date(claim.said_on, claim.said_on_precision)
    if appearances:
        item["firstAppearance"] = _creative_work(appearances[0])
        item["appearance"] = [_creative_work(a) for a in appearances]

    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    if rating.value > 0 and on_scale:
        review_rating.update(ratingValue=rating.value, bestRating=max(on_scale), worstRating=min(on_scale))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": base_url.rstrip("/") + reverse("claims:factcheck", args=[review.pk]),
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "author": _organization(),
        "reviewRating": review_rating,
        "datePublished": review.published_at.date().isoformat(),
    }
    if review.headline:
        data["name"] = review.headline
    notes = corrections(review)
    if notes:
        # A corrected review says what changed and when, not only that it changed.
        data["correction"] = notes
        data["dateModified"] = notes[-1]["datePublished"]
    return data
