"""Article and attribution reads."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from claims.choices import MatchStatus
from claims.models import (
    Article,
    Attribution,
    MatchSuggestion,
)
from claims.selectors.reviews import public_verdicts_oldest_first


def article_queryset() -> QuerySet[Article]:
    return Article.objects.select_related("outlet")


def attribution_queryset() -> QuerySet[Attribution]:
    return Attribution.objects.select_related("article__outlet")


def article_attributions(article) -> list[Attribution]:
    """The article's attributions with their claim's published verdict ("already checked") and
    pending match suggestions: three queries, however many attributions."""
    published = public_verdicts_oldest_first().select_related("rating")
    pending = MatchSuggestion.objects.filter(status=MatchStatus.PENDING, claim__merged_into__isnull=True).order_by(
        "-score", "id")
    attributions = list(
        article.attributions.select_related("claim", "speaker").prefetch_related(
            Prefetch("claim__reviews", queryset=published, to_attr="published_reviews"),
            Prefetch("match_suggestions", queryset=pending, to_attr="pending_suggestions"),
        ).order_by("start", "end")
    )
    for attribution in attributions:
        reviews = attribution.claim.published_reviews  # oldest first: the last is the latest
        attribution.already_checked = reviews[-1] if reviews else None
        suggestions = [s for s in attribution.pending_suggestions if s.claim_id != attribution.claim_id]
        attribution.best_suggestion = suggestions[0] if suggestions else None
    return attributions
