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

from claims import selectors
from claims.choices import STANDING_REVIEW_STATUSES, ReviewStatus
from claims.claimreview import claimreview, verbatim_quote
from claims.links import site_url
from claims.models import Review


@require_GET
def factcheck(request: HttpRequest, pk: int) -> HttpResponse:
    """A published (or corrected, or retracted) review; anything unpublished is a 404."""
    review = get_object_or_404(selectors.factcheck_queryset(), pk=pk)
    jsonld = None
    if review.status in STANDING_REVIEW_STATUSES:
        jsonld = claimreview(review, base_url=site_url(request))
    appearances = sorted(
        review.claim.appearances.all(),
        key=lambda a: (a.article.published_on is None, a.article.published_on, a.start),
    )
    return render(request, "claims/public/factcheck.html", {
        "review": review,
        "claim": review.claim,
        "quote": verbatim_quote(review),
        "appearances": appearances,
        "jsonld": jsonld,
        "newsroom_name": settings.NEWSROOM_NAME,
    })


@require_GET
def factcheck_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.public_index_queryset(), 20).get_page(request.GET.get("page"))
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
        return selectors.public_feed_reviews()

    def item_title(self, item: Review) -> str:
        if item.status == ReviewStatus.RETRACTED:  # withdrawn: no verdict is served any more
            return f"Retracted: {item.headline or item.claim.text}"
        label = item.rating.label if item.rating else ""
        return f"{label}: {item.headline or item.claim.text}"

    def item_description(self, item: Review) -> str:
        """The claim as the claim, and only words an article quoted in quotation marks."""
        claim = item.claim
        parts = [f"The claim, by {claim.claimant.name}: {claim.text}" if claim.claimant else f"The claim: {claim.text}"]
        quote = verbatim_quote(item)
        if quote is not None:
            who = quote.speaker.name if quote.speaker else quote.speaker_name or "The speaker"
            parts.append(f"{who} said: “{quote.text.strip()}”")
        retraction = next((c for c in item.corrections.all() if c.is_retraction), None)
        if retraction is not None:
            parts.append(f"Retracted on {retraction.created:%Y-%m-%d}: {retraction.note}")
        elif item.summary:
            parts.append(item.summary)
        # Atom summaries are HTML: the text is escaped so a quote with markup shows as text.
        return escape(" ".join(p if p.endswith((".", "”", "?", "!")) else p + "." for p in parts))

    def item_link(self, item: Review) -> str:
        return reverse("claims:factcheck", args=[item.pk])

    def item_pubdate(self, item: Review):
        return item.published_at

    def item_updateddate(self, item: Review):
        return item.updated

    def item_author_name(self, item: Review) -> str:
        return settings.NEWSROOM_NAME


factcheck_feed = FactCheckFeed()
