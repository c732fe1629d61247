"""Feeds in, against a real server on loopback: conditional GET, re-polls that add nothing,
broken and slow pages recorded and retried, robots.txt, private addresses, the schedule."""

from __future__ import annotations

import io
from datetime import timedelta
from unittest import mock

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from claims import events, policy, schedule
from claims.choices import FeedEntryStatus
from claims.models import Article, Attribution, Feed, FeedEntry, FeedHost, Outlet
from claims.services import feeds, imports
from tests.base import BaseTestCase
from tests.claims.test_jobs import run_worker
from tests.integration.helpers import article_page, article_text, publish, rss
from tests.integration.test_outbound import LOOPBACK
from tests.loopback import Loopback, Route

FAST = {"OUTBOUND_ALLOWED_NETWORKS": LOOPBACK, "FEEDS_HOST_INTERVAL": 0}


@override_settings(**FAST)
class FeedPollTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.outlet = Outlet.objects.create(name="The Daily Test")

    def setUp(self) -> None:
        self.server = Loopback().__enter__()
        self.addCleanup(self.server.__exit__)

    def serve(self, paths: list[str], **feed_route) -> Feed:
        """A feed of these article pages (each a different day's article), and the feed registered."""
        for n, path in enumerate(paths, start=1):
            self.server.routes.setdefault(path, Route(article_page(n)))
        items = [(path, f"Bridge opens, day {n}") for n, path in enumerate(paths, start=1)]
        self.server.routes["/feed.xml"] = Route(rss(self.server.base, items), content_type="application/rss+xml",
                                                **feed_route)
        with self.captureOnCommitCallbacks():  # the scheduler's wake-up is not needed here
            return feeds.feed_create(user=self.editor, url=self.server.url("/feed.xml"), outlet=self.outlet)

    def poll(self, feed: Feed) -> feeds.PollResult:
        return feeds.feed_poll(feed_id=feed.pk, force=True)

    def test_a_poll_imports_every_entry_with_its_statements(self) -> None:
        feed = self.serve(["/a1", "/a2", "/a3"])
        result = self.poll(feed)
        self.assertEqual((result.status, result.new_entries, result.imported, result.failed), ("polled", 3, 3, 0))
        articles = Article.objects.filter(outlet=self.outlet).order_by("url")
        self.assertEqual([a.url for a in articles], [self.server.url(p) for p in ("/a1", "/a2", "/a3")])
        self.assertEqual(articles[0].headline, "Bridge opens, day 1")
        speakers = set(Attribution.objects.filter(article__in=articles).values_list("speaker__name", flat=True))
        self.assertEqual(speakers, {"Jane Doe", "Ray Park"})
        feed.refresh_from_db()
        self.assertEqual((feed.title, feed.entries_imported, feed.last_error), ("The Daily Test: news", 3, ""))
        self.assertIsNotNone(feed.last_polled_at)
        self.assertEqual(set(feed.entries.values_list("status", flat=True)), {FeedEntryStatus.IMPORTED})
        self.assertEqual(self.server.requests_to("/robots.txt")[0].method, "GET")  # asked before anything else

    def test_a_re_poll_is_a_conditional_get_and_adds_nothing(self) -> None:
        feed = self.serve(["/a1", "/a2"], etag='"v1"', last_modified="Tue, 05 Mar 2024 10:00:00 GMT")
        self.poll(feed)
        again = self.poll(feed)
        self.assertEqual((again.status, again.new_entries, again.imported), ("not modified", 0, 0))
        second = self.server.requests_to("/feed.xml")[1]
        self.assertEqual((second.headers["if-none-match"], second.headers["if-modified-since"]),
                         ('"v1"', "Tue, 05 Mar 2024 10:00:00 GMT"))
        # A server that ignores conditional GET sends the same feed again: nothing is fetched or stored twice.
        self.server.routes["/feed.xml"].etag = self.server.routes["/feed.xml"].last_modified = ""
        third = self.poll(feed)
        self.assertEqual((third.status, third.new_entries, third.imported), ("polled", 0, 0))
        self.assertEqual(Article.objects.filter(outlet=self.outlet).count(), 2)
        self.assertEqual(FeedEntry.objects.count(), 2)
        self.assertEqual(len(self.server.requests_to("/a1")), 1)

    @override_settings(OUTBOUND_READ_TIMEOUT=1)
    def test_a_page_that_fails_is_recorded_and_retried_while_the_rest_is_imported(self) -> None:
        self.server.routes["/broken"] = Route(b"oops", status=500)
        self.server.routes["/slow"] = Route(article_page(3), delay=2.5)
        self.server.routes["/empty"] = Route(b"<html><body></body></html>")
        feed = self.serve(["/a1", "/broken", "/slow", "/empty"])
        result = self.poll(feed)
        self.assertEqual((result.imported, result.failed), (1, 3))
        errors = dict(feed.entries.values_list("url", "error"))
        self.assertEqual(errors[self.server.url("/broken")], "the page answered HTTP 500")
        self.assertIn("timed out", errors[self.server.url("/slow")])
        self.assertIn("no article text", errors[self.server.url("/empty")])
        broken = feed.entries.get(url=self.server.url("/broken"))
        self.assertEqual((broken.status, broken.attempts), (FeedEntryStatus.PENDING, 1))
        self.assertGreater(broken.next_attempt_at, timezone.now() + feeds.ENTRY_RETRY - timedelta(minutes=1))
        feed.refresh_from_db()
        self.assertTrue(feed.last_error.endswith(": the page answered HTTP 500") or "timed out" in feed.last_error
                        or "no article text" in feed.last_error, feed.last_error)
        self.assertEqual(feed.entries_imported, 1)
        # Not retried before its time; retried after it, and imported once the page works.
        self.assertEqual(self.poll(feed).imported, 0)
        self.server.routes["/broken"] = Route(article_page(2))
        FeedEntry.objects.filter(pk=broken.pk).update(next_attempt_at=timezone.now())
        self.assertEqual(self.poll(feed).imported, 1)
        broken.refresh_from_db()
        self.assertEqual((broken.status, broken.error, broken.article.url),
                         (FeedEntryStatus.IMPORTED, "", self.server.url("/broken")))

    def test_an_entry_that_keeps_failing_stops_being_tried(self) -> None:
        self.server.routes["/gone"] = Route(b"", status=404)
        feed = self.serve(["/gone"])
        for _ in range(feeds.MAX_ENTRY_ATTEMPTS):
            FeedEntry.objects.filter(feed=feed).update(next_attempt_at=timezone.now())
            self.poll(feed)
        entry = feed.entries.get()
        self.assertEqual((entry.status, entry.attempts), (FeedEntryStatus.FAILED, feeds.MAX_ENTRY_ATTEMPTS))
        FeedEntry.objects.filter(feed=feed).update(next_attempt_at=timezone.now())
        self.poll(feed)
        self.assertEqual(len(self.server.requests_to("/gone")), feeds.MAX_ENTRY_ATTEMPTS)

    def test_robots_txt_is_obeyed(self) -> None:
        self.server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        self.server.routes["/private/a2"] = Route(article_page(2))
        feed = self.serve(["/a1", "/private/a2"])
        result = self.poll(feed)
        self.assertEqual((result.imported, result.failed), (1, 1))
        skipped = feed.entries.get(url=self.server.url("/private/a2"))
        self.assertEqual((skipped.status, skipped.error), (FeedEntryStatus.SKIPPED, "robots.txt disallows this page"))
        self.assertEqual(self.server.requests_to("/private/a2"), [])
        self.assertEqual(len(self.server.requests_to("/robots.txt")), 1)  # read once, kept a day
        self.assertIn("Disallow: /private/", FeedHost.objects.get(host="127.0.0.1").robots_txt)
        # A feed the rules forbid is not fetched at all.
        self.server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /\n", content_type="text/plain")
        FeedHost.objects.update(robots_fetched_at=None)
        refused = self.poll(feed)
        self.assertEqual((refused.status, refused.error), ("failed", "robots.txt disallows this URL"))

    def test_a_private_address_is_refused_unless_allowed(self) -> None:
        feed = self.serve(["/a1"])
        with override_settings(OUTBOUND_ALLOWED_NETWORKS=[]):
            result = self.poll(feed)
        self.assertEqual(result.status, "failed")
        self.assertIn("private or reserved", result.error)
        feed.refresh_from_db()
        self.assertIn("private or reserved", feed.last_error)
        self.assertEqual(self.server.received, [])

    def test_an_article_already_checked_is_flagged_and_fires_claim_reappeared(self) -> None:
        claim = imports.import_article(text=article_text(9)).attributions[0].claim
        publish(claim, self.fact_checker, self.editor)
        heard = []
        events.event.connect(lambda sender, **data: heard.append((sender, data)), weak=False, dispatch_uid="t-feed")
        self.addCleanup(events.event.disconnect, dispatch_uid="t-feed")
        feed = self.serve(["/a1"])
        self.poll(feed)
        article = Article.objects.get(url=self.server.url("/a1"))
        self.assertEqual(claim.appearances.filter(article=article).count(), 1)
        reappeared = [data for sender, data in heard if sender == events.CLAIM_REAPPEARED]
        self.assertEqual([d["claim"].pk for d in reappeared], [claim.pk])
        self.assertIn(events.ARTICLE_IMPORTED, [sender for sender, _ in heard])

    def test_the_same_article_at_two_urls_is_stored_once(self) -> None:
        self.server.routes["/copy-of-a1"] = Route(article_page(1))
        feed = self.serve(["/a1", "/copy-of-a1"])
        self.assertEqual(self.poll(feed).imported, 2)
        self.assertEqual(Article.objects.filter(outlet=self.outlet).count(), 1)
        self.assertEqual(len(set(feed.entries.values_list("article_id", flat=True))), 1)

    def test_a_feed_that_is_not_a_feed_is_an_error(self) -> None:
        feed = self.serve([])
        self.server.routes["/feed.xml"] = Route(b"<html><body>Not a feed</body></html>")
        result = self.poll(feed)
        self.assertEqual(result.status, "failed")
        self.assertIn("not a feed", result.error)

    def test_two_workers_do_not_poll_one_feed_for_one_turn(self) -> None:
        feed = self.serve(["/a1"])
        self.assertEqual(feeds.feed_poll(feed_id=feed.pk).status, "polled")
        self.assertEqual(feeds.feed_poll(feed_id=feed.pk).status, "not due")
        self.assertEqual(len(self.server.requests_to("/feed.xml")), 1)

    def test_poll_feeds_once_from_the_command_line(self) -> None:
        self.serve(["/a1", "/a2"])
        out = io.StringIO()
        call_command("poll_feeds", "--once", stdout=out)
        self.assertIn("/feed.xml: polled, 2 new, 2 imported, 0 failed", out.getvalue())
        self.assertIn("1 feed(s) polled, 2 article(s) imported", out.getvalue())
        out = io.StringIO()
        call_command("poll_feeds", "--once", stdout=out)  # not due again for 15 minutes
        self.assertIn("0 article(s) imported", out.getvalue())

    @override_settings(FEEDS_HOST_INTERVAL=30)
    def test_one_host_is_asked_at_most_once_an_interval_by_all_workers(self) -> None:
        manners = feeds.Manners()
        manners._wait_turn("news.example.test")
        turn = FeedHost.objects.get(host="news.example.test").next_request_at
        self.assertGreater(turn, timezone.now() + timedelta(seconds=25))
        # Another worker's request to the host now has to wait for that turn.
        with mock.patch("claims.services.feeds.time.sleep", side_effect=InterruptedError) as sleep, \
                self.assertRaises(InterruptedError):
            feeds.Manners()._wait_turn("news.example.test")
        self.assertGreater(sleep.call_args.args[0], 25)


@override_settings(**FAST)
class FeedScheduleTests(BaseTestCase):
    def test_the_tick_is_queued_once_and_polls_the_feeds_that_are_due(self) -> None:
        outlet = Outlet.objects.create(name="The Daily Test")
        ticks = DBTaskResult.objects.filter(task_path=schedule.integration_tick.module_path, status="READY")
        self.assertEqual(ticks.count(), 0)
        with self.captureOnCommitCallbacks(execute=True):
            feed = feeds.feed_create(user=self.editor, url="http://127.0.0.1:9/feed.xml", outlet=outlet)
        self.assertEqual(ticks.count(), 1)
        self.assertFalse(schedule.schedule_tick())  # one is waiting: no second chain
        self.assertEqual(ticks.count(), 1)
        run_worker()  # the tick: polls the feed (nothing listens on port 9) and queues the next tick
        feed.refresh_from_db()
        self.assertEqual(feed.last_status, "failed")
        self.assertIsNotNone(feed.last_polled_at)
        self.assertEqual(ticks.count(), 1)
        self.assertGreater(ticks.get().run_after, timezone.now() + timedelta(seconds=30))

    def test_only_editors_manage_feeds(self) -> None:
        outlet = Outlet.objects.create(name="The Daily Test")
        feed = feeds.feed_create(user=self.editor, url="http://127.0.0.1:9/feed.xml", outlet=outlet)
        writes = [
            lambda user: feeds.feed_create(user=user, url="http://127.0.0.1:9/other.xml", outlet=outlet),
            lambda user: feeds.feed_update(feed=feed, user=user, active=False),
            lambda user: feeds.feed_poll_now(feed=feed, user=user),
            lambda user: feeds.feed_delete(feed=feed, user=user),
        ]
        for user in (self.reporter, self.fact_checker, self.outsider):
            for write in writes:
                with self.subTest(user=user.username), self.assertRaises(policy.PolicyDenied):
                    write(user)
        for write in writes:
            write(self.editor)
        self.assertFalse(Feed.objects.filter(pk=feed.pk).exists())
        with self.assertRaises(ValidationError):
            feeds.feed_create(user=self.editor, url="file:///etc/passwd", outlet=outlet)
