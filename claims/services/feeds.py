"""Feeds in: register RSS/Atom feeds, poll them, import the articles they point to.

A poll (`feed_poll`) fetches the feed with a conditional GET (ETag / Last-Modified: a 304 costs
nothing), parses it with feedparser, records each new entry once (by its id, or its link), then
fetches the pages of pending entries, finds the article with trafilatura and imports it through
the normal import (`import_article`: matched, "already checked" flagged, `claim.reappeared` sent).
An entry whose URL is already an article's is linked, not fetched; the same text at another URL is
recognised by its hash. A page that fails is recorded with its error and tried again later
(ENTRY_RETRY, doubling, MAX_ENTRY_ATTEMPTS times); the other entries go on.

Manners, shared by every worker through `FeedHost` rows: `robots.txt` is read (once a day per
host) and obeyed, including its Crawl-delay; two requests to one host are at least
FEEDS_HOST_INTERVAL seconds apart. Every request goes through `claims.outbound` (public
addresses only, time-outs, size limit). Several workers may poll at once: each feed is claimed by
one atomic update of its `next_poll_at`, so no feed is polled twice for one turn.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import Message
from typing import Any
from urllib.robotparser import RobotFileParser

import feedparser
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from claims import outbound, policy
from claims.choices import FeedEntryStatus
from claims.extraction.parser import ArticleParseError, parse_html
from claims.models import Article, Feed, FeedEntry, FeedHost, Outlet
from claims.services.base import create, save_changes
from claims.services.imports import ImportError_, import_article

logger = logging.getLogger(__name__)

ROBOTS_AGENT = "NewsroomFactTracker"
ROBOTS_TTL = timedelta(hours=24)
ROBOTS_MAX_BYTES = 512 * 1024
ENTRY_RETRY = timedelta(minutes=15)  # doubled after each failure
MAX_ENTRY_ATTEMPTS = 5
ENTRIES_PER_POLL = 50  # pages imported in one poll of one feed; the rest wait for the next


@dataclass
class PollResult:
    feed: Feed | None
    status: str  # "polled", "not modified", "not due", "failed"
    new_entries: int = 0
    imported: int = 0
    failed: int = 0
    error: str = ""


# --- feeds ---------------------------------------------------------------------------------------


def _clean_url(url: str) -> str:
    try:
        outbound.check_url(url)
    except outbound.OutboundError as exc:
        raise ValidationError({"url": f"This feed URL cannot be polled: {exc}."}) from None
    return url


@transaction.atomic
def feed_create(*, user: Any, url: str, outlet: Outlet, interval_minutes: int = 15, title: str = "") -> Feed:
    """A feed to poll, due at once; the worker's schedule takes it up (see claims.schedule)."""
    policy.require(user, "feed.manage")
    feed = create(Feed, user=user, url=_clean_url(url), outlet=outlet, interval_minutes=interval_minutes,
                  title=title, created_by=policy.history_user(user))
    _wake_scheduler()
    return feed


@transaction.atomic
def feed_update(*, feed: Feed, user: Any, **values: Any) -> Feed:
    policy.require(user, "feed.manage", feed)
    if "url" in values:
        values["url"] = _clean_url(values["url"])
    allowed = ("url", "outlet", "interval_minutes", "title", "active")
    save_changes(feed, {k: values[k] for k in allowed if k in values}, user=user)
    if feed.active:
        _wake_scheduler()
    return feed


@transaction.atomic
def feed_delete(*, feed: Feed, user: Any) -> None:
    """The feed and its entries go; the articles imported from it stay."""
    policy.require(user, "feed.manage", feed)
    feed.delete()


@transaction.atomic
def feed_poll_now(*, feed: Feed, user: Any) -> Feed:
    """Poll it at the worker's next turn, whatever its schedule."""
    policy.require(user, "feed.manage", feed)
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())
    feed_id = feed.pk
    transaction.on_commit(lambda: poll_feed_task.enqueue(feed_id))
    feed.refresh_from_db()
    return feed


def _wake_scheduler() -> None:
    from claims.schedule import schedule_tick

    transaction.on_commit(lambda: schedule_tick(delay=timedelta(0)))


# --- polling -------------------------------------------------------------------------------------


def poll_due(*, force: bool = False) -> list[PollResult]:
    """One pass: every active feed that is due (every active feed with `force`)."""
    feeds = Feed.objects.filter(active=True)
    if not force:
        feeds = feeds.filter(next_poll_at__lte=timezone.now())
    return [feed_poll(feed_id=pk, force=force) for pk in feeds.order_by("next_poll_at").values_list("pk", flat=True)]


def feed_poll(*, feed_id: int, force: bool = False) -> PollResult:
    """Poll one feed if it is due and no other worker has it; import its new entries."""
    now = timezone.now()
    due = Feed.objects.filter(pk=feed_id, active=True)
    if not force:
        due = due.filter(next_poll_at__lte=now)
    feed = Feed.objects.select_related("outlet").filter(pk=feed_id).first()
    if feed is None or not due.update(next_poll_at=now + timedelta(minutes=feed.interval_minutes)):
        return PollResult(feed, "not due")
    manners = Manners()
    result = PollResult(feed, "polled")
    values: dict[str, Any] = {"last_polled_at": now, "last_error": ""}
    try:
        response = manners.get(feed.url, max_bytes=settings.FEEDS_MAX_BYTES, headers=_conditional(feed))
        if response.status == 304:
            result.status = values["last_status"] = "not modified"
        elif response.status != 200:
            raise outbound.OutboundError(f"the feed answered HTTP {response.status}")
        else:
            result.new_entries = _record_entries(feed, response)
            values |= {"etag": response.headers.get("etag", "")[:500],
                       "last_modified": response.headers.get("last-modified", "")[:100],
                       "last_status": f"{result.new_entries} new entries"}
    except outbound.OutboundError as exc:
        result.status, result.error = "failed", str(exc)
        values |= {"last_status": "failed", "last_error": result.error}
    for entry in feed.entries.filter(status=FeedEntryStatus.PENDING, next_attempt_at__lte=timezone.now()).order_by(
        "next_attempt_at", "id"
    )[:ENTRIES_PER_POLL]:
        if import_entry(entry=entry, feed=feed, manners=manners):
            result.imported += 1
        else:
            result.failed += 1
    failing = feed.entries.filter(status=FeedEntryStatus.PENDING, attempts__gt=0).order_by("-updated").first()
    if failing is not None and not values["last_error"]:
        values["last_error"] = f"{failing.url}: {failing.error}"
    values["entries_imported"] = feed.entries.filter(status=FeedEntryStatus.IMPORTED).count()
    Feed.objects.filter(pk=feed.pk).update(**values, updated=timezone.now())
    feed.refresh_from_db()
    return result


def _conditional(feed: Feed) -> dict[str, str]:
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return headers


def _record_entries(feed: Feed, response: outbound.Response) -> int:
    parsed = feedparser.parse(response.content, response_headers={
        "content-location": response.url, "content-type": response.headers.get("content-type", "application/xml"),
    })
    if parsed.bozo and not parsed.entries:
        raise outbound.OutboundError(f"not a feed: {parsed.get('bozo_exception', 'unreadable')}")
    title = (parsed.feed.get("title") or "")[:300]
    if title and not feed.title:
        Feed.objects.filter(pk=feed.pk).update(title=title)
    rows: dict[str, FeedEntry] = {}
    for item in parsed.entries:
        link = (item.get("link") or "").strip()
        if not link.startswith(("http://", "https://")) or len(link) > 1000:
            continue
        key = hashlib.sha256((item.get("id") or link).encode()).hexdigest()
        published = item.get("published_parsed") or item.get("updated_parsed")
        rows.setdefault(key, FeedEntry(
            feed=feed, guid_hash=key, url=link, title=(item.get("title") or "")[:500],
            published=datetime(*published[:6], tzinfo=UTC) if published else None,
        ))
    known = set(feed.entries.filter(guid_hash__in=list(rows)).values_list("guid_hash", flat=True))
    new = [row for key, row in rows.items() if key not in known]
    FeedEntry.objects.bulk_create(new, ignore_conflicts=True)  # another worker may have just added one
    return len(new)


def import_entry(*, entry: FeedEntry, feed: Feed, manners: Manners) -> bool:
    """Fetch, extract and import one entry's page; a failure is recorded on the entry, not raised."""
    existing = Article.objects.filter(url=entry.url).values_list("pk", flat=True).first()
    if existing is not None:
        _entry_done(entry, existing)
        return True
    try:
        if not manners.allowed(entry.url):
            FeedEntry.objects.filter(pk=entry.pk).update(
                status=FeedEntryStatus.SKIPPED, error="robots.txt disallows this page", updated=timezone.now())
            return False
        response = manners.get(entry.url, max_bytes=settings.FEEDS_MAX_BYTES, headers={"Accept": "text/html"})
        if response.status != 200:
            raise outbound.OutboundError(f"the page answered HTTP {response.status}")
        text = parse_html(_decode(response)).source
        if len(text.encode()) > settings.UPLOAD_MAX_BYTES:
            raise ImportError_(f"the article is larger than the limit of {settings.UPLOAD_MAX_BYTES} bytes")
        try:
            with transaction.atomic():
                result = import_article(text=text, filename=entry.url, user=policy.SYSTEM, url=entry.url,
                                        outlet=feed.outlet)
                _entry_done(entry, result.article.pk)
        except IntegrityError:  # another worker imported this URL meanwhile
            _entry_done(entry, Article.objects.values_list("pk", flat=True).get(url=entry.url))
        return True
    except (outbound.OutboundError, ArticleParseError, ImportError_) as exc:
        _entry_failed(entry, str(exc) or type(exc).__name__)
        return False


def _decode(response: outbound.Response) -> str:
    message = Message()
    message["content-type"] = response.headers.get("content-type", "text/html")
    charset = message.get_content_charset() or "utf-8"
    try:
        return response.content.decode(charset, errors="replace")
    except LookupError:
        return response.content.decode("utf-8", errors="replace")


def _entry_done(entry: FeedEntry, article_id: int) -> None:
    FeedEntry.objects.filter(pk=entry.pk).update(status=FeedEntryStatus.IMPORTED, article_id=article_id, error="",
                                                 updated=timezone.now())


def _entry_failed(entry: FeedEntry, error: str) -> None:
    attempts = entry.attempts + 1
    final = attempts >= MAX_ENTRY_ATTEMPTS
    FeedEntry.objects.filter(pk=entry.pk).update(
        attempts=F("attempts") + 1, error=error[:2000], updated=timezone.now(),
        status=FeedEntryStatus.FAILED if final else FeedEntryStatus.PENDING,
        next_attempt_at=timezone.now() + ENTRY_RETRY * 2 ** (attempts - 1),
    )
    logger.info("feed entry %s failed (attempt %s): %s", entry.url, attempts, error)


class Manners:
    """robots.txt and the per-host interval, for one pass (robots files are also kept a day)."""

    def __init__(self) -> None:
        self.robots: dict[str, RobotFileParser | None] = {}
        self.known_hosts: set[str] = set()

    def get(self, url: str, *, max_bytes: int, headers: dict[str, str]) -> outbound.Response:
        host = outbound.check_url(url).host
        if not self.allowed(url):
            raise outbound.OutboundError("robots.txt disallows this URL")
        self._wait_turn(host)
        return outbound.request("GET", url, headers=headers, max_bytes=max_bytes)

    def allowed(self, url: str) -> bool:
        robots = self._parser(url)
        return robots is None or robots.can_fetch(ROBOTS_AGENT, url)

    @staticmethod
    def _robots_url(url: str) -> str:
        parsed = outbound.check_url(url)
        return str(parsed.copy_with(path="/robots.txt", query=None, fragment=None))

    def _parser(self, url: str) -> RobotFileParser | None:
        """The host's rules (None: no robots.txt, all allowed); an unreachable one forbids all, for now."""
        host = outbound.check_url(url).host
        if host in self.robots:
            return self.robots[host]
        row, _ = FeedHost.objects.get_or_create(host=host)
        if row.robots_fetched_at is None or row.robots_fetched_at < timezone.now() - ROBOTS_TTL:
            robots_url = self._robots_url(url)
            self._wait_turn(host)
            try:
                response = outbound.request("GET", robots_url, max_bytes=ROBOTS_MAX_BYTES)
            except outbound.OutboundError as exc:
                raise outbound.OutboundError(f"robots.txt could not be read ({exc}); trying later") from None
            if response.status >= 500:
                raise outbound.OutboundError(f"robots.txt answered HTTP {response.status}; trying later")
            # RFC 9309: a 4xx means no rules.
            text = response.content.decode("utf-8", "replace") if response.status == 200 else ""
            FeedHost.objects.filter(pk=row.pk).update(robots_txt=text, robots_fetched_at=timezone.now())
            row.robots_txt = text
        parser = None
        if row.robots_txt.strip():
            parser = RobotFileParser()
            parser.parse(row.robots_txt.splitlines())
        self.robots[host] = parser
        return parser

    def _wait_turn(self, host: str) -> None:
        """Take the host's next turn, shared by every worker; sleep until it comes."""
        robots = self.robots.get(host)
        delay = float((robots.crawl_delay(ROBOTS_AGENT) if robots else None) or 0)
        interval = timedelta(seconds=max(settings.FEEDS_HOST_INTERVAL, delay))
        if not interval:
            return  # no interval to keep (FEEDS_HOST_INTERVAL=0 and no Crawl-delay)
        if host not in self.known_hosts:
            FeedHost.objects.get_or_create(host=host)
            self.known_hosts.add(host)
        while True:
            now = timezone.now()
            if FeedHost.objects.filter(host=host, next_request_at__lte=now).update(next_request_at=now + interval):
                return
            turn = FeedHost.objects.values_list("next_request_at", flat=True).get(host=host)
            time.sleep(min(max((turn - now).total_seconds(), 0.01), interval.total_seconds()))


@task()
def poll_feed_task(feed_id: int) -> str:
    """A feed polled at once ("Poll now" on the desk)."""
    return feed_poll(feed_id=feed_id, force=True).status
