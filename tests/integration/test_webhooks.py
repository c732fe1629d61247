"""Webhooks end to end: a real receiver on loopback, the real worker, signatures checked with
`standardwebhooks` as a receiver would."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from claims import events, policy
from claims.choices import DeliveryStatus, EndpointStatus
from claims.models import Claim, WebhookDelivery, WebhookEndpoint, WebhookEvent
from claims.services import imports, webhooks
from tests.base import BaseTestCase, make_user
from tests.claims.test_jobs import run_worker
from tests.integration.helpers import article_text, publish
from tests.integration.test_outbound import LOOPBACK
from tests.loopback import Loopback, Route


def verify(secret: str, received) -> dict:
    return Webhook(secret).verify(received.body, received.headers)


@override_settings(OUTBOUND_ALLOWED_NETWORKS=LOOPBACK)
class DeliveryTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.owner = make_user("edna", "Editors", email="edna@newsroom.test")
        cls.claim = imports.import_article(text=article_text(1)).attributions[0].claim

    def setUp(self) -> None:
        self.server = Loopback().__enter__()
        self.addCleanup(self.server.__exit__)

    def work(self) -> None:
        """The worker, with what it queues after its commits (a retry) queued too."""
        with self.captureOnCommitCallbacks(execute=True):
            run_worker()

    def endpoint(self, path: str = "/hook", **values) -> tuple[WebhookEndpoint, str]:
        self.server.routes.setdefault(path, Route(b"", status=204))
        return webhooks.endpoint_create(user=self.owner, url=self.server.url(path), **values)

    def test_a_published_verdict_reaches_the_receiver_signed(self) -> None:
        endpoint, secret = self.endpoint(description="CMS")
        self.assertTrue(secret.startswith("whsec_"))
        with self.captureOnCommitCallbacks(execute=True):
            review = publish(self.claim, self.fact_checker, self.editor)
        self.work()
        received = self.server.wait_for("/hook")[0]
        payload = verify(secret, received)  # raises unless the signature is right
        self.assertEqual(payload["type"], "review.published")
        self.assertEqual(payload["data"]["review"]["id"], review.pk)
        self.assertEqual(payload["data"]["review"]["rating_label"], "False")
        self.assertEqual(payload["data"]["claim"]["id"], self.claim.pk)
        self.assertEqual(payload["data"]["claim"]["verdict"]["rating"]["label"], "False")
        self.assertEqual(received.headers["webhook-id"], WebhookEvent.objects.get().webhook_id)
        self.assertEqual(received.headers["content-type"], "application/json")
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        self.assertEqual((delivery.status, delivery.attempts, delivery.response_code),
                         (DeliveryStatus.DELIVERED, 1, 204))
        self.assertIsNotNone(delivery.duration_ms)
        self.assertIsNone(delivery.next_attempt_at)
        with self.assertRaises(WebhookVerificationError):  # another secret does not verify
            Webhook(webhooks.new_secret()).verify(received.body, received.headers)

    def test_a_failed_delivery_is_tried_again_on_schedule_with_the_same_id_and_body(self) -> None:
        answers = iter([500, 200])
        self.server.routes["/flaky"] = lambda received: (next(answers), {"Content-Type": "text/plain"}, b"busy")
        endpoint, secret = self.endpoint("/flaky")
        with self.captureOnCommitCallbacks(execute=True):
            publish(self.claim, self.fact_checker, self.editor)
        before = timezone.now()
        self.work()
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        self.assertEqual((delivery.status, delivery.attempts, delivery.response_code, delivery.error),
                         (DeliveryStatus.PENDING, 1, 500, "HTTP 500: busy"))
        wait = delivery.next_attempt_at - before
        self.assertTrue(webhooks.RETRY_SCHEDULE[0] <= wait < webhooks.RETRY_SCHEDULE[0] + timedelta(seconds=5), wait)
        retry = DBTaskResult.objects.filter(task_path=webhooks.deliver_webhook.module_path, status="READY").get()
        self.assertEqual(retry.args_kwargs["args"], [delivery.pk])
        self.assertGreater(retry.run_after, timezone.now())  # not before its time
        self.work()
        self.assertEqual(len(self.server.requests_to("/flaky")), 1)
        # Five seconds later, the worker sends it again.
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        self.work()
        first, second = self.server.requests_to("/flaky")
        self.assertEqual(first.headers["webhook-id"], second.headers["webhook-id"])
        self.assertEqual(first.body, second.body)
        self.assertEqual(verify(secret, second)["type"], "review.published")
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts, delivery.response_code, delivery.error),
                         (DeliveryStatus.DELIVERED, 2, 200, ""))

    def test_after_the_last_attempt_the_endpoint_is_disabled_and_its_owner_told(self) -> None:
        self.server.routes["/down"] = Route(b"down", status=503)
        endpoint, _ = self.endpoint("/down")
        with self.captureOnCommitCallbacks(execute=True):
            publish(self.claim, self.fact_checker, self.editor)
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        self.assertEqual(len(webhooks.RETRY_SCHEDULE), 7)
        self.assertGreaterEqual(sum(webhooks.RETRY_SCHEDULE, timedelta()), timedelta(hours=24))
        for attempt in range(1, 9):
            WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
            with self.captureOnCommitCallbacks(execute=True):
                webhooks.delivery_attempt(delivery_id=delivery.pk)
            delivery.refresh_from_db()
            self.assertEqual(delivery.attempts, attempt)
            self.assertEqual(delivery.status, DeliveryStatus.PENDING if attempt < 8 else DeliveryStatus.FAILED)
        endpoint.refresh_from_db()
        self.assertEqual(endpoint.status, EndpointStatus.DISABLED)
        self.assertIn("8 attempts", endpoint.disabled_reason)
        self.assertIn("HTTP 503", endpoint.disabled_reason)
        # (The desk's own notifications of the publication go by e-mail too: set them aside.)
        told = [m for m in mail.outbox if m.subject == "Webhook endpoint disabled"]
        self.assertEqual(len(told), 1)
        self.assertEqual(told[0].to, ["edna@newsroom.test"])
        self.assertIn(endpoint.url, told[0].body)
        # Later events wait for the endpoint to be resumed.
        self.assertEqual(len(self.server.requests_to("/down")), 8)
        self.server.routes["/down"] = Route(b"", status=200)
        with self.captureOnCommitCallbacks(execute=True):
            webhooks.endpoint_resume(endpoint=endpoint, user=self.owner)
        self.assertEqual(endpoint.status, EndpointStatus.ACTIVE)

    def test_a_paused_endpoint_gets_nothing_until_resumed(self) -> None:
        endpoint, secret = self.endpoint()
        webhooks.endpoint_pause(endpoint=endpoint, user=self.owner)
        with self.captureOnCommitCallbacks(execute=True):
            publish(self.claim, self.fact_checker, self.editor)
        self.work()
        self.assertEqual(self.server.requests_to("/hook"), [])
        self.assertEqual(WebhookDelivery.objects.get().status, DeliveryStatus.PENDING)
        with self.captureOnCommitCallbacks(execute=True):
            webhooks.endpoint_resume(endpoint=endpoint, user=self.owner)
        self.work()
        self.assertEqual(verify(secret, self.server.wait_for("/hook")[0])["type"], "review.published")

    def test_after_a_rotation_both_secrets_verify_for_a_day(self) -> None:
        endpoint, old = self.endpoint()
        new = webhooks.endpoint_rotate_secret(endpoint=endpoint, user=self.owner)
        self.assertNotEqual(old, new)
        with self.captureOnCommitCallbacks(execute=True):
            publish(self.claim, self.fact_checker, self.editor)
        self.work()
        received = self.server.wait_for("/hook")[0]
        self.assertEqual(len(received.headers["webhook-signature"].split(" ")), 2)
        self.assertEqual(verify(old, received)["type"], verify(new, received)["type"])
        later = timezone.now() + webhooks.ROTATION_OVERLAP + timedelta(minutes=1)
        self.assertEqual(len(webhooks.signed_headers(endpoint, WebhookEvent.objects.get(), later)["webhook-signature"]
                             .split(" ")), 1)

    def test_each_event_type_is_sent_only_where_wanted_and_built_only_when_someone_listens(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            imports.import_article(text=article_text(2))
        self.assertEqual(WebhookEvent.objects.count(), 0)  # nobody listens: nothing stored
        _, secret = self.endpoint("/imports", events=["article.imported"])
        self.endpoint("/verdicts", events=["review.published", "review.retracted"])
        with self.captureOnCommitCallbacks(execute=True):
            result = imports.import_article(text=article_text(3))
        self.work()
        payload = verify(secret, self.server.wait_for("/imports")[0])
        self.assertEqual(payload["type"], "article.imported")
        self.assertEqual(payload["data"]["article"]["id"], result.article.pk)
        self.assertNotIn("body", payload["data"]["article"])
        self.assertEqual(payload["data"]["attributions"], [a.pk for a in result.attributions])
        self.assertEqual(self.server.requests_to("/verdicts"), [])

    def test_a_checked_claim_said_again_sends_claim_reappeared(self) -> None:
        publish(self.claim, self.fact_checker, self.editor)
        _, secret = self.endpoint(events=["claim.reappeared"])
        with self.captureOnCommitCallbacks(execute=True):
            result = imports.import_article(text=article_text(4))
        self.work()
        payload = verify(secret, self.server.wait_for("/hook")[0])
        self.assertEqual(payload["type"], "claim.reappeared")
        self.assertEqual(payload["data"]["claim"]["id"], self.claim.pk)
        self.assertEqual(payload["data"]["attributions"], [result.attributions[0].pk])
        self.assertEqual(Claim.objects.get(pk=self.claim.pk).appearances.count(), 2)

    def test_a_receiver_at_a_private_address_is_refused(self) -> None:
        with override_settings(OUTBOUND_ALLOWED_NETWORKS=[]), self.assertRaises(ValidationError) as refused:
            webhooks.endpoint_create(user=self.owner, url=self.server.url("/hook"))
        self.assertIn("private or reserved", refused.exception.message_dict["url"][0])
        with self.assertRaises(ValidationError):
            webhooks.endpoint_create(user=self.owner, url="ftp://example.org/hook")
        # Allowed when added, refused at delivery once the setting no longer allows it.
        endpoint, _ = self.endpoint()
        with self.captureOnCommitCallbacks(execute=True):
            publish(self.claim, self.fact_checker, self.editor)
        with override_settings(OUTBOUND_ALLOWED_NETWORKS=[]):
            self.work()
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        self.assertEqual((delivery.status, delivery.response_code), (DeliveryStatus.PENDING, None))
        self.assertIn("private or reserved", delivery.error)
        self.assertEqual(self.server.requests_to("/hook"), [])

    def test_send_again_sends_a_delivered_event_once_more(self) -> None:
        endpoint, secret = self.endpoint()
        with self.captureOnCommitCallbacks(execute=True):
            publish(self.claim, self.fact_checker, self.editor)
        self.work()
        delivery = WebhookDelivery.objects.get()
        with self.captureOnCommitCallbacks(execute=True):
            webhooks.delivery_resend(delivery=delivery, user=self.owner)
        self.work()
        first, second = self.server.wait_for("/hook", 2)
        self.assertEqual(first.headers["webhook-id"], second.headers["webhook-id"])
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts), (DeliveryStatus.DELIVERED, 1))

    def test_a_lost_delivery_task_is_swept_up(self) -> None:
        endpoint, _ = self.endpoint()
        publish(self.claim, self.fact_checker, self.editor)  # its task is never queued: callbacks not run
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        self.assertEqual(webhooks.sweep_lost(), 0)  # not late yet
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - 2 * webhooks.LEASE)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(webhooks.sweep_lost(), 1)
        self.work()
        self.server.wait_for("/hook")
        delivery.refresh_from_db()
        self.assertEqual(delivery.status, DeliveryStatus.DELIVERED)


class WebhookPolicyTests(BaseTestCase):
    """Every webhook write asks the policy: editors (and administrators) only."""

    @override_settings(OUTBOUND_ALLOWED_NETWORKS=LOOPBACK)
    def test_only_editors_manage_endpoints(self) -> None:
        endpoint, _ = webhooks.endpoint_create(user=self.editor, url="http://127.0.0.1:9/hook")
        event = WebhookEvent.objects.create(type=events.REVIEW_PUBLISHED, created=timezone.now(), body="{}")
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event)
        writes = [
            lambda user: webhooks.endpoint_create(user=user, url="http://127.0.0.1:9/other"),
            lambda user: webhooks.endpoint_update(endpoint=endpoint, user=user, description="x"),
            lambda user: webhooks.endpoint_pause(endpoint=endpoint, user=user),
            lambda user: webhooks.endpoint_resume(endpoint=endpoint, user=user),
            lambda user: webhooks.endpoint_rotate_secret(endpoint=endpoint, user=user),
            lambda user: webhooks.delivery_resend(delivery=delivery, user=user),
            lambda user: webhooks.endpoint_delete(endpoint=endpoint, user=user),
        ]
        for user in (self.reporter, self.fact_checker, self.outsider):
            for write in writes:
                with self.subTest(user=user.username), self.assertRaises(policy.PolicyDenied):
                    write(user)
        self.assertEqual(str(policy.may(self.fact_checker, "webhook.manage")),
                         str(policy.Decision(False, "Only editors and administrators may manage webhooks.")))
        for write in writes:
            write(self.editor)
        self.assertFalse(WebhookEndpoint.objects.filter(pk=endpoint.pk).exists())
        superuser = User.objects.get(username="root")
        self.assertTrue(policy.may(superuser, "webhook.manage"))

    def test_an_unknown_event_type_is_refused(self) -> None:
        with mock.patch("claims.services.webhooks._clean_url", lambda url: url), \
                self.assertRaisesRegex(ValidationError, "Unknown event type"):
            webhooks.endpoint_create(user=self.editor, url="https://hooks.example.org/", events=["claim.eaten"])


@override_settings(OUTBOUND_ALLOWED_NETWORKS=LOOPBACK)
class TryItOutTests(BaseTestCase):
    """What the README's walkthrough uses: the example feed, and `manage.py receive_webhooks`."""

    def test_the_example_feed_and_pages_hold_statements(self) -> None:
        import feedparser

        from claims.extraction.parser import parse_html
        from claims.extraction.quotes import extract_quotes_from_article
        from tests.test_settings_env import ROOT

        folder = ROOT / "examples" / "feed"
        parsed = feedparser.parse((folder / "feed.xml").read_bytes())
        self.assertEqual(len(parsed.entries), 2)
        for entry in parsed.entries:
            page = folder / entry.link.rsplit("/", 1)[1]
            quotes = extract_quotes_from_article(parse_html(page.read_text()))
            self.assertIn(("This bridge will cut commuting times in half", "Jane Doe"),
                          [(q.text[:44], q.speaker) for q in quotes])

    def test_the_receiver_command_verifies_what_the_worker_sends(self) -> None:
        import io
        import threading

        from claims.management.commands.receive_webhooks import receiver

        out = io.StringIO()
        endpoint, secret = webhooks.endpoint_create(user=self.editor, url="http://127.0.0.1:9/hook",
                                                    events=["review.published"])
        server = receiver(secret=secret, port=0, out=out, fail=1)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        webhooks.endpoint_update(endpoint=endpoint, user=self.editor,
                                 url=f"http://127.0.0.1:{server.server_port}/hook")
        claim = imports.import_article(text=article_text(5)).attributions[0].claim
        publish(claim, self.fact_checker, self.editor)
        delivery = WebhookDelivery.objects.get()
        for _ in range(2):
            WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
            webhooks.delivery_attempt(delivery_id=delivery.pk)
        lines = out.getvalue().splitlines()
        self.assertTrue(lines[0].startswith("answered 500 to msg_"), lines)
        self.assertTrue(lines[1].startswith("verified review.published msg_"), lines)
        self.assertIn(f'"claim": {claim.pk}', lines[1])
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts), (DeliveryStatus.DELIVERED, 2))
