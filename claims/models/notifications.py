"""What the desk tells a person: notifications in their inbox, and which of them they get by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from claims.choices import EMAIL_BY_DEFAULT, NotificationKind


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    claim = models.ForeignKey("claims.Claim", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="notifications")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    text = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text


def default_email_kinds() -> list[str]:
    return [str(kind) for kind in EMAIL_BY_DEFAULT]


class NotificationPreference(models.Model):
    """The kinds of notification a person also wants by e-mail (the inbox shows every kind)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    email_kinds = models.JSONField(default=default_email_kinds, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {', '.join(self.email_kinds) or 'no e-mail'}"
