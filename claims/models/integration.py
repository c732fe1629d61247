"""For other tools: sync tombstones and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from claims.choices import TombstoneModel


class Tombstone(models.Model):
    """A deleted row, kept so a syncing client sees the deletion instead of a silent gap."""

    model = models.CharField(max_length=20, choices=TombstoneModel.choices)
    object_id = models.BigIntegerField()
    # Named `updated` like every other synced row, so the same cursor pagination and
    # `updated_after` filter apply: it is the moment of the deletion.
    updated = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["updated", "id"]
        indexes = [models.Index(fields=["updated", "id"], name="tombstone_updated_id")]

    def __str__(self) -> str:
        return f"{self.model} {self.object_id} deleted {self.updated:%Y-%m-%d %H:%M}"



class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A key for a newsroom tool (`Authorization: Token <key>`), acting as its user's roles.

    Only a SHA-256 hash of the key is stored; the admin shows the key once, when it is created.
    """

    name = models.CharField(max_length=100, help_text="The tool using it: 'CMS plugin', 'archive sync'.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=8, editable=False, help_text="First characters of the key, to recognise it.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(default=True, help_text="Read-only tokens may only GET.")
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API token"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, name: str, user, read_only: bool = True) -> tuple[ApiToken, str]:
        """A new token and its key; the key is not stored and cannot be shown again."""
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            name=name, user=user, read_only=read_only, prefix=key[:8], key_hash=cls.hash_key(key)
        )
        return token, key

    def set_new_key(self) -> str:
        key = secrets.token_urlsafe(32)
        self.prefix, self.key_hash = key[:8], self.hash_key(key)
        return key

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

