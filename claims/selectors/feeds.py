"""Feed reads: the feed list with what each brought in, and a feed's entries."""

from __future__ import annotations

from django.db.models import QuerySet

from claims.models import Feed, FeedEntry


def feed_queryset() -> QuerySet[Feed]:
    return Feed.objects.select_related("outlet", "created_by").order_by("outlet__name", "url")


def feed_entries(feed: Feed, *, limit: int = 200) -> QuerySet[FeedEntry]:
    """The feed's latest entries, newest first, with their articles."""
    return feed.entries.select_related("article").order_by("-created", "-id")[:limit]
