"""Outbound webhooks, following the Standard Webhooks specification.

An outbox: `record_event` listens to the domain events (claims.events) inside the service's
transaction and stores the event's message and one delivery per endpoint that wants it, so a
change and its deliveries commit together or not at all. After the commit the worker sends each
delivery (`deliver_webhook`), signed with `standardwebhooks` (headers `webhook-id`,
`webhook-timestamp`, `webhook-signature`; the id and body are the same on every attempt, so a
receiver can drop duplicates: delivery is at least once). A failure (no answer, a time-out, any
status but 2xx, a redirect) is tried again on RETRY_SCHEDULE, about a day in all; when the last
attempt fails the endpoint is disabled and its owner told by e-mail.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task
from rest_framework.utils.encoders import JSONEncoder
from standardwebhooks import Webhook

from claims import events, outbound, policy
from claims.choices import DeliveryStatus, EndpointStatus
from claims.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from claims.models.webhooks import new_secret
from claims.services.base import create, save_changes

logger = logging.getLogger(__name__)

# Waits after each failed attempt (the schedule Standard Webhooks suggests): 8 attempts, 27.5 hours.
RETRY_SCHEDULE = (timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
                  timedelta(hours=5), timedelta(hours=10), timedelta(hours=10))
# A delivery being sent is out of the sweep's reach this long (a worker that died mid-send is
# swept and sent again after it).
LEASE = timedelta(minutes=2)
RESPONSE_MAX_BYTES = 64 * 1024  # what is read of a receiver's answer; only its status matters
ROTATION_OVERLAP = timedelta(hours=24)
DELIVERY_PRIORITY = 10  # before imports and exports in the worker's queue


# --- endpoints ---------------------------------------------------------------------------------


def _clean_events(values: Any) -> list[str]:
    if values is None:
        return []
    unknown = [v for v in values if v not in events.TYPES]
    if unknown:
        raise ValidationError({"events": f"Unknown event type(s): {', '.join(map(str, unknown))}. "
                                         f"Choose from {', '.join(events.TYPES)}."})
    return [t for t in events.TYPES if t in values]


def _clean_url(url: str) -> str:
    """Only http(s) URLs whose host resolves to allowed addresses (checked again at each delivery)."""
    try:
        parsed = outbound.check_url(url)
        outbound.checked_addresses(parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80))
    except outbound.OutboundError as exc:
        raise ValidationError({"url": f"This URL cannot receive webhooks: {exc}."}) from None
    return url


@transaction.atomic
def endpoint_create(*, user: Any, url: str, description: str = "", events: list[str] | None = None,
                    ) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret (`whsec_...`), which is shown only now and on rotation."""
    policy.require(user, "webhook.manage")
    endpoint = create(WebhookEndpoint, user=user, url=_clean_url(url), description=description,
                      events=_clean_events(events), created_by=policy.history_user(user))
    return endpoint, endpoint.secret


@transaction.atomic
def endpoint_update(*, endpoint: WebhookEndpoint, user: Any, **values: Any) -> WebhookEndpoint:
    """Change the URL, description or event types."""
    policy.require(user, "webhook.manage", endpoint)
    if "url" in values:
        values["url"] = _clean_url(values["url"])
    if "events" in values:
        values["events"] = _clean_events(values["events"])
    save_changes(endpoint, {k: values[k] for k in ("url", "description", "events") if k in values}, user=user)
    return endpoint


@transaction.atomic
def endpoint_pause(*, endpoint: WebhookEndpoint, user: Any) -> WebhookEndpoint:
    """Stop sending; events that happen meanwhile are kept and sent on resume."""
    policy.require(user, "webhook.manage", endpoint)
    save_changes(endpoint, {"status": EndpointStatus.PAUSED}, user=user)
    return endpoint


@transaction.atomic
def endpoint_resume(*, endpoint: WebhookEndpoint, user: Any) -> WebhookEndpoint:
    """Send again (after a pause, or after the app disabled it): what waited is sent now."""
    policy.require(user, "webhook.manage", endpoint)
    save_changes(endpoint, {"status": EndpointStatus.ACTIVE, "disabled_reason": ""}, user=user)
    waiting = list(endpoint.deliveries.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True))
    now = timezone.now()
    WebhookDelivery.objects.filter(pk__in=waiting).update(next_attempt_at=now)
    _enqueue(waiting)
    return endpoint


@transaction.atomic
def endpoint_delete(*, endpoint: WebhookEndpoint, user: Any) -> None:
    policy.require(user, "webhook.manage", endpoint)
    endpoint.delete()


@transaction.atomic
def endpoint_rotate_secret(*, endpoint: WebhookEndpoint, user: Any) -> str:
    """A new secret; the old one also signs for ROTATION_OVERLAP, so receivers can switch over."""
    policy.require(user, "webhook.manage", endpoint)
    secret = new_secret()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        previous_secret=endpoint.secret, previous_secret_until=timezone.now() + ROTATION_OVERLAP, secret=secret,
        updated=timezone.now(),
    )
    endpoint.refresh_from_db()
    return secret


@transaction.atomic
def delivery_resend(*, delivery: WebhookDelivery, user: Any) -> WebhookDelivery:
    """Send a delivery again now ("send again"), whatever became of it; its schedule starts over."""
    policy.require(user, "webhook.manage", delivery.endpoint)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), error="",
    )
    _enqueue([delivery.pk])
    delivery.refresh_from_db()
    return delivery


# --- the outbox --------------------------------------------------------------------------------


def record_event(sender: str, **records: Any) -> None:
    """The `claims.events.event` receiver: store the message and its deliveries, in the caller's
    transaction; the worker sends them once it commits. Nothing is built when nobody listens."""
    endpoints = [e for e in WebhookEndpoint.objects.exclude(status=EndpointStatus.DISABLED).only("pk", "events")
                 if e.wants(sender)]
    if not endpoints:
        return
    from claims.selectors.webhooks import event_data  # reads the API representation

    now = timezone.now()
    body = json.dumps({"type": sender, "timestamp": now, "data": event_data(sender, **records)}, cls=JSONEncoder,
                      ensure_ascii=False, separators=(",", ":"))
    event = WebhookEvent.objects.create(type=sender, created=now, body=body)
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(endpoint=e, event=event, next_attempt_at=now) for e in endpoints]
    )
    _enqueue([d.pk for d in deliveries])


def _enqueue(delivery_ids: list[int], run_after: datetime | None = None) -> None:
    if not delivery_ids:
        return
    runner = deliver_webhook.using(run_after=run_after) if run_after else deliver_webhook

    def enqueue() -> None:
        for pk in delivery_ids:
            runner.enqueue(pk)

    transaction.on_commit(enqueue)


def signed_headers(endpoint: WebhookEndpoint, event: WebhookEvent, at: datetime) -> dict[str, str]:
    """The Standard Webhooks headers: one `v1,` signature per valid secret, space-separated."""
    secrets = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > at:
        secrets.append(endpoint.previous_secret)
    signatures = " ".join(Webhook(s).sign(event.webhook_id, at, event.body) for s in secrets)
    return {
        "webhook-id": event.webhook_id, "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signatures, "content-type": "application/json",
    }


def delivery_attempt(*, delivery_id: int) -> str:
    """Send one delivery if it is due and nobody else is sending it; record the outcome."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now, endpoint__status=EndpointStatus.ACTIVE,
    ).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1, last_attempt_at=now)
    if not claimed:
        return "not due"
    delivery = WebhookDelivery.objects.select_related("endpoint", "event").get(pk=delivery_id)
    endpoint, event = delivery.endpoint, delivery.event
    started = time.monotonic()
    code, error = None, ""
    try:
        response = outbound.request("POST", endpoint.url, headers=signed_headers(endpoint, event, now),
                                    content=event.body.encode(), max_bytes=RESPONSE_MAX_BYTES,
                                    follow_redirects=False)
        code = response.status
        if not 200 <= code < 300:
            snippet = response.content[:200].decode("utf-8", "replace").strip()
            error = f"HTTP {code}" + (f": {snippet}" if snippet else "")
    except outbound.OutboundError as exc:
        error = str(exc)
    duration = int((time.monotonic() - started) * 1000)
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        values: dict[str, Any] = {"response_code": code, "duration_ms": duration, "error": error[:2000]}
        if not error:
            values |= {"status": DeliveryStatus.DELIVERED, "next_attempt_at": None}
        elif delivery.attempts <= len(RETRY_SCHEDULE):
            retry_at = timezone.now() + RETRY_SCHEDULE[delivery.attempts - 1]
            values["next_attempt_at"] = retry_at
            _enqueue([delivery_id], run_after=retry_at)
        else:
            values |= {"status": DeliveryStatus.FAILED, "next_attempt_at": None}
            _disable(endpoint, f"{delivery.attempts} attempts to deliver {event.type} ({event.webhook_id}) failed "
                               f"over {_span(RETRY_SCHEDULE)}; the last: {error}")
        WebhookDelivery.objects.filter(pk=delivery_id).update(**values)
    return DeliveryStatus.DELIVERED if not error else "failed"


def _span(schedule: tuple[timedelta, ...]) -> str:
    hours = sum(schedule, timedelta()).total_seconds() / 3600
    return f"{hours:.1f} hours"


def _disable(endpoint: WebhookEndpoint, reason: str) -> None:
    changed = WebhookEndpoint.objects.filter(pk=endpoint.pk, status=EndpointStatus.ACTIVE).update(
        status=EndpointStatus.DISABLED, disabled_reason=reason, updated=timezone.now())
    if not changed:
        return
    logger.warning("webhook endpoint %s (%s) disabled: %s", endpoint.pk, endpoint.url, reason)
    owner = endpoint.created_by
    if owner is not None and owner.email:
        message = (f"The webhook endpoint {endpoint.url} was disabled: {reason}\n\n"
                   "Fix the receiver, then resume the endpoint on the desk's Webhooks page; what waited is sent then.")
        transaction.on_commit(lambda: send_mail("Webhook endpoint disabled", message, None, [owner.email],
                                                fail_silently=True))


def sweep_lost(*, now: datetime | None = None) -> int:
    """Queue again the deliveries due for over a lease whose task was lost (a worker killed, a
    queue emptied by hand): at least once, whatever happened to the task."""
    now = now or timezone.now()
    lost = list(WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lt=now - LEASE, endpoint__status=EndpointStatus.ACTIVE,
    ).values_list("pk", flat=True)[:1000])
    with transaction.atomic():
        _enqueue(lost)
    return len(lost)


@task(priority=DELIVERY_PRIORITY)
def deliver_webhook(delivery_id: int) -> str:
    return delivery_attempt(delivery_id=delivery_id)
