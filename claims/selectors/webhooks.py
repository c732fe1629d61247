"""Webhook reads: what an event says (the API's representation), endpoints and their delivery log."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from claims import events
from claims.choices import DeliveryStatus
from claims.links import site_url
from claims.models import WebhookDelivery, WebhookEndpoint
from claims.selectors.claims import claim_dict
from claims.selectors.reviews import review_queryset


def event_data(type_: str, **records: Any) -> dict[str, Any]:
    """The `data` of an event: the records as the API shows them (`/api/v1/...`), so a receiver
    parses one representation. An imported article comes without its body (up to 1 MiB): fetch
    `/api/v1/articles/{id}/` for it."""
    # The API's serializers are the representation; imported here, not at module level, so the
    # core does not load the API door unless an endpoint listens.
    from claims.api.serializers import ArticleSerializer, ReviewSerializer

    base = site_url()
    if type_ in (events.REVIEW_PUBLISHED, events.REVIEW_CORRECTED, events.REVIEW_RETRACTED):
        review = review_queryset().get(pk=records["review"].pk)
        data = {"review": ReviewSerializer(review).data, "claim": claim_dict(review.claim_id, base_url=base)}
        correction = records.get("correction")
        if correction is not None:
            data["correction"] = {"note": correction.note, "created": correction.created,
                                  "is_retraction": correction.is_retraction}
        return data
    if type_ == events.CLAIM_MERGED:
        return {"claim": claim_dict(records["claim"].pk, base_url=base),
                "merged": claim_dict(records["merged"].pk, base_url=base)}
    if type_ == events.CLAIM_REAPPEARED:
        attributions = records.get("attributions") or [records["attribution"]]
        return {"claim": claim_dict(records["claim"].pk, base_url=base),
                "attributions": [a.pk for a in attributions]}
    if type_ == events.ARTICLE_IMPORTED:
        article = ArticleSerializer(records["article"]).data
        article.pop("body", None)
        return {"article": article, "attributions": [a.pk for a in records.get("attributions", [])]}
    raise ValueError(f"No representation for event type {type_!r}")


def endpoint_queryset() -> QuerySet[WebhookEndpoint]:
    """Endpoints with their delivery counts: one query."""
    return WebhookEndpoint.objects.select_related("created_by").annotate(
        delivered=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.DELIVERED)),
        pending=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.PENDING)),
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
    )


def delivery_log(endpoint: WebhookEndpoint, *, limit: int = 100) -> QuerySet[WebhookDelivery]:
    """The endpoint's latest deliveries, newest first."""
    return endpoint.deliveries.select_related("event").defer("event__body").order_by("-created", "-id")[:limit]
