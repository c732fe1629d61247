"""Outbound webhooks (Standard Webhooks): endpoints, the events sent, and one delivery per both."""

from __future__ import annotations

import base64
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from claims.choices import DeliveryStatus, EndpointStatus
from claims.models.base import TimestampedModel

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookEndpoint(TimestampedModel):
    """A receiver of signed events. The secret signs with HMAC, so it is kept (not only a hash);
    it is shown once, when created or rotated."""

    url = models.URLField(max_length=1000)
    description = models.CharField(max_length=200, blank=True)
    # Event types sent to it (claims.events.TYPES); empty means every type.
    events = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=EndpointStatus.choices, default=EndpointStatus.ACTIVE)
    disabled_reason = models.TextField(blank=True)
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    # After a rotation the old secret signs too (a second signature) until this time, so a
    # receiver can switch over without losing a delivery.
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.description or self.url

    def wants(self, event_type: str) -> bool:
        return not self.events or event_type in self.events


class WebhookEvent(models.Model):
    """One message: the same `webhook-id` and body on every attempt, to every endpoint."""

    msg_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(max_length=40)
    created = models.DateTimeField(db_index=True)
    body = models.TextField()  # the JSON as signed: {"type", "timestamp", "data"}

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.type} {self.webhook_id}"

    @property
    def webhook_id(self) -> str:
        return f"msg_{self.msg_id.hex}"


class WebhookDelivery(models.Model):
    """One event to one endpoint: its attempts so far and when the next one is due."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="delivery_one_per_endpoint_event"),
            models.CheckConstraint(condition=Q(status=DeliveryStatus.PENDING) | Q(next_attempt_at__isnull=True),
                                   name="delivery_next_attempt_only_when_pending"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.event.type} → {self.endpoint} ({self.status})"
