"""Public fact-check pages, no sign-in: one page per published review, an index, an Atom feed."""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import http_date, quote_etag
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
        "canonical": site_url() + reverse("claims:factcheck", args=[review.pk]),
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
        return site_url() + reverse("claims:factcheck_index")

    def feed_url(self) -> str:
        return site_url() + reverse("claims:factcheck_feed")

    def feed_guid(self) -> str:
        return self.feed_url()

    def subtitle(self) -> str:
        return "Published verdicts on claims, with their evidence."

    def items(self):
        return selectors.public_feed_reviews(limit=FEED_SIZE)

    def item_title(self, item: Review) -> str:
        if item.status == ReviewStatus.RETRACTED:  # withdrawn: no verdict is served any more
            return f"Retracted: {item.headline or item.claim.text}"
        label = item.rating.label if item.rating else ""
        corrected = "Corrected: " if item.status == ReviewStatus.CORRECTED else ""
        return f"{corrected}{label}: {item.headline or item.claim.text}"

    def item_categories(self, item: Review) -> list[str]:
        """`corrected` or `retracted` as an Atom category, for readers that filter on it."""
        return [item.status] if item.status in (ReviewStatus.CORRECTED, ReviewStatus.RETRACTED) else []

    def item_description(self, item: Review) -> str:
        """The claim as the claim, and only words an article quoted in quotation marks."""
        claim = item.claim
        parts = [f"The claim, by {claim.claimant.name}: {claim.text}" if claim.claimant else f"The claim: {claim.text}"]
        quote = verbatim_quote(item)
        if quote is not None:
            who = quote.speaker.name if quote.speaker else quote.speaker_name or "The speaker"
            parts.append(f"{who} said: “{quote.text.strip()}”")
        notes = list(item.corrections.all())
        if item.status != ReviewStatus.RETRACTED and item.summary:
            parts.append(item.summary)
        for note in notes:  # each correction and the retraction, dated, as on the public page
            kind = "Retracted" if note.is_retraction else "Corrected"
            parts.append(f"{kind} on {note.created:%Y-%m-%d}: {note.note}")
        # Atom summaries are HTML: the text is escaped so a quote with markup shows as text.
        return escape(" ".join(p if p.endswith((".", "”", "?", "!")) else p + "." for p in parts))

    def item_link(self, item: Review) -> str:
        return site_url() + reverse("claims:factcheck", args=[item.pk])

    def item_guid(self, item: Review) -> str:
        """A tag URI (RFC 4151) fixed when the review was created: the same whatever host a reader used."""
        return f"tag:{urlsplit(site_url()).hostname},{item.created:%Y-%m-%d}:fact-check/{item.pk}"

    def item_pubdate(self, item: Review):
        return item.published_at

    def item_updateddate(self, item: Review):
        return item.updated

    def item_author_name(self, item: Review) -> str:
        return settings.NEWSROOM_NAME


FEED_SIZE = 50


def _feed_last_modified(request: HttpRequest) -> datetime | None:
    """The latest change of a listed review or its claim (a correction moves the review's)."""
    return selectors.public_feed_last_modified(limit=FEED_SIZE)


def conditional_feed(view):
    """ETag (a hash of the document) and Last-Modified on the feed, and 304 to a reader that has it.

    The ETag is computed from the rendered document, so anything that changes the entries changes
    it; If-None-Match wins over If-Modified-Since (RFC 9110)."""
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        last_modified = _feed_last_modified(request)
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        return get_conditional_response(
            request, etag=response["ETag"],
            last_modified=int(last_modified.timestamp()) if last_modified is not None else None, response=response,
        )
    return wrapped


factcheck_feed = conditional_feed(FactCheckFeed())
