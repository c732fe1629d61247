"""Article and attribution reads."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from claims.choices import PUBLIC_REVIEW_STATUSES, MatchStatus
from claims.models import (
    Article,
    Attribution,
    MatchSuggestion,
    Review,
)


def article_queryset() -> QuerySet[Article]:
    return Article.objects.select_related("outlet")


def attribution_queryset() -> QuerySet[Attribution]:
    return Attribution.objects.select_related("article__outlet")


def article_attributions(article) -> list[Attribution]:
    """The article's attributions with their claim's published verdict ("already checked") and
    pending match suggestions: three queries, however many attributions."""
    published = Review.objects.filter(status__in=PUBLIC_REVIEW_STATUSES).select_related("rating").order_by(
        "-published_at", "-id")
    pending = MatchSuggestion.objects.filter(status=MatchStatus.PENDING, claim__merged_into__isnull=True).order_by(
        "-score", "id")
    attributions = list(
        article.attributions.select_related("claim", "speaker").prefetch_related(
            Prefetch("claim__reviews", queryset=published, to_attr="published_reviews"),
            Prefetch("match_suggestions", queryset=pending, to_attr="pending_suggestions"),
        ).order_by("start", "end")
    )
    for attribution in attributions:
        # As claims.matching.published_review: the claim's latest public verdict.
        reviews = attribution.claim.published_reviews
        attribution.already_checked = reviews[0] if reviews else None
        suggestions = [s for s in attribution.pending_suggestions if s.claim_id != attribution.claim_id]
        attribution.best_suggestion = suggestions[0] if suggestions else None
    return attributions
