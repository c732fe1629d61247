"""Public fact-check pages, no sign-in: one page per published review, an index, an Atom feed."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.http import require_GET

from claims.choices import ReviewStatus
from claims.claimreview import claimreview, claimreview_queryset
from claims.models import Review


def _base_url(request: HttpRequest) -> str:
    return settings.NEWSROOM_URL or f"{request.scheme}://{request.get_host()}"


@require_GET
def factcheck(request: HttpRequest, pk: int) -> HttpResponse:
    """A published (or corrected, or retracted) review; anything unpublished is a 404."""
    review = get_object_or_404(
        claimreview_queryset().prefetch_related("evidence", "corrections"), pk=pk
    )
    jsonld = None
    if review.status in (ReviewStatus.PUBLISHED, ReviewStatus.CORRECTED):
        jsonld = claimreview(review, base_url=_base_url(request))
    appearances = sorted(
        review.claim.appearances.all(),
        key=lambda a: (a.article.published_on is None, a.article.published_on, a.start),
    )
    return render(request, "claims/public/factcheck.html", {
        "review": review,
        "claim": review.claim,
        "appearances": appearances,
        "jsonld": jsonld,
        "newsroom_name": settings.NEWSROOM_NAME,
    })


@require_GET
def factcheck_index(request: HttpRequest) -> HttpResponse:
    reviews = (
        Review.objects.public()
        .select_related("claim__claimant", "rating")
        .order_by("-published_at", "-id")
    )
    page = Paginator(reviews, 20).get_page(request.GET.get("page"))
    return render(request, "claims/public/index.html", {"page": page, "newsroom_name": settings.NEWSROOM_NAME})


class FactCheckFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def title(self) -> str:
        return f"{settings.NEWSROOM_NAME}: fact-checks"

    def link(self) -> str:
        return reverse("claims:factcheck_index")

    def subtitle(self) -> str:
        return "Published verdicts on claims, with their evidence."

    def items(self):
        return (
            Review.objects.public()
            .select_related("claim__claimant", "rating")
            .order_by("-published_at", "-id")[:50]
        )

    def item_title(self, item: Review) -> str:
        label = item.rating.label if item.rating else ""
        prefix = "Retracted: " if item.status == ReviewStatus.RETRACTED else ""
        return f"{prefix}{label}: {item.headline or item.claim.text}"

    def item_description(self, item: Review) -> str:
        who = item.claim.claimant.name if item.claim.claimant else "Unattributed"
        # Atom summaries are HTML: the text is escaped so a quote with markup shows as text.
        return escape(f"{who} said: “{item.claim.text}” {item.summary}".strip())

    def item_link(self, item: Review) -> str:
        return reverse("claims:factcheck", args=[item.pk])

    def item_pubdate(self, item: Review):
        return item.published_at

    def item_updateddate(self, item: Review):
        return item.updated

    def item_author_name(self, item: Review) -> str:
        return settings.NEWSROOM_NAME


factcheck_feed = FactCheckFeed()
