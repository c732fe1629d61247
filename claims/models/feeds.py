"""Feeds in: RSS/Atom feeds polled by the worker, their entries, and what each host allows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from claims.choices import FeedEntryStatus
from claims.models.articles import Article
from claims.models.base import TimestampedModel
from claims.models.sources import Outlet


class Feed(TimestampedModel):
    url = models.URLField("feed URL", max_length=1000, unique=True)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="feeds",
                               help_text="Who publishes the articles of this feed.")
    title = models.CharField(max_length=300, blank=True, help_text="As the feed names itself.")
    active = models.BooleanField(default=True)
    interval_minutes = models.PositiveIntegerField(default=15, help_text="How often to poll it.")
    next_poll_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Conditional GET: what the server said last time.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=100, blank=True)
    last_error = models.TextField(blank=True)
    entries_imported = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["outlet__name", "url"]

    def __str__(self) -> str:
        return self.title or self.url


class FeedEntry(models.Model):
    """An item of a feed: its page is fetched and imported once; a failure is retried later."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    guid_hash = models.CharField(max_length=64, editable=False)  # SHA-256 of the entry's id or link
    url = models.URLField(max_length=1000)
    title = models.CharField(max_length=500, blank=True)
    published = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=FeedEntryStatus.choices, default=FeedEntryStatus.PENDING)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name_plural = "feed entries"
        constraints = [models.UniqueConstraint(fields=["feed", "guid_hash"], name="feedentry_unique_guid")]
        indexes = [models.Index(fields=["feed", "status", "next_attempt_at"], name="feedentry_due")]

    def __str__(self) -> str:
        return self.title or self.url


class FeedHost(models.Model):
    """One host's manners, shared by every worker: when it may be asked again, and its robots.txt."""

    host = models.CharField(max_length=300, unique=True)
    next_request_at = models.DateTimeField(default=timezone.now)
    robots_txt = models.TextField(blank=True)
    robots_fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.host
