"""Webhooks and feeds through every door they have (API, desk, admin): editors manage them, the
other roles are refused with the policy's reason, and every write goes through the services."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from claims.choices import EndpointStatus
from claims.models import ApiToken, Feed, Outlet, WebhookDelivery, WebhookEndpoint, WebhookEvent
from claims.services import feeds, webhooks
from tests.base import BaseTestCase, make_user
from tests.integration.test_outbound import LOOPBACK

HOOK = "http://127.0.0.1:9/hook"


@override_settings(OUTBOUND_ALLOWED_NETWORKS=LOOPBACK)
class WebhookApiTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        _, cls.editor_key = ApiToken.issue(name="ops", user=cls.editor, read_only=False)
        _, cls.editor_read_key = ApiToken.issue(name="dashboard", user=cls.editor, read_only=True)
        _, cls.fc_key = ApiToken.issue(name="fc", user=cls.fact_checker, read_only=False)
        _, cls.reporter_key = ApiToken.issue(name="cms", user=cls.reporter, read_only=False)

    def call(self, method: str, url: str, key: str, data=None):
        return getattr(self.client, method)(url, data, content_type="application/json",
                                            HTTP_AUTHORIZATION=f"Token {key}")

    def test_an_editor_creates_lists_pauses_rotates_and_deletes(self) -> None:
        created = self.call("post", "/api/v1/webhooks/", self.editor_key,
                            {"url": HOOK, "description": "CMS", "events": ["review.published"]})
        self.assertEqual(created.status_code, 201, created.content)
        body = created.json()
        self.assertTrue(body["secret"].startswith("whsec_"))
        self.assertEqual((body["events"], body["status"], body["created_by"]),
                         (["review.published"], "active", "eddie"))
        endpoint = WebhookEndpoint.objects.get()
        self.assertEqual(endpoint.secret, body["secret"])
        listed = self.call("get", "/api/v1/webhooks/", self.editor_read_key)
        self.assertEqual([e["id"] for e in listed.json()], [endpoint.pk])
        self.assertNotIn("secret", listed.json()[0])  # shown once only
        detail = f"/api/v1/webhooks/{endpoint.pk}/"
        self.assertNotIn("secret", self.call("get", detail, self.editor_key).json())
        self.assertEqual(self.call("post", detail + "pause/", self.editor_key).json()["status"], "paused")
        self.assertEqual(self.call("post", detail + "resume/", self.editor_key).json()["status"], "active")
        rotated = self.call("post", detail + "rotate-secret/", self.editor_key).json()["secret"]
        self.assertNotEqual(rotated, body["secret"])
        changed = self.call("patch", detail, self.editor_key, {"events": [], "description": "All events"})
        self.assertEqual((changed.json()["events"], changed.json()["description"]), ([], "All events"))
        event = WebhookEvent.objects.create(type="review.published", created=endpoint.created, body="{}")
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, status="failed", attempts=8)
        log = self.call("get", detail + "deliveries/", self.editor_key).json()
        self.assertEqual([(d["id"], d["status"], d["attempts"]) for d in log], [(delivery.pk, "failed", 8)])
        resent = self.call("post", detail + f"deliveries/{delivery.pk}/resend/", self.editor_key)
        self.assertEqual((resent.json()["status"], resent.json()["attempts"]), ("pending", 0))
        self.assertEqual(self.call("post", detail + "deliveries/%C2%B2/resend/", self.editor_key).status_code, 404)
        self.assertEqual(self.call("delete", detail, self.editor_key).status_code, 204)
        self.assertFalse(WebhookEndpoint.objects.exists())

    def test_bad_input_names_the_field(self) -> None:
        for data, field in (({"url": "ftp://x.example/"}, "url"), ({"url": HOOK, "events": ["claim.eaten"]}, "events"),
                            ({}, "url"), ({"url": HOOK, "events": "review.published"}, "events")):
            with self.subTest(data=data):
                response = self.call("post", "/api/v1/webhooks/", self.editor_key, data)
                self.assertEqual(response.status_code, 400)
                self.assertIn(field, response.json())
        with override_settings(OUTBOUND_ALLOWED_NETWORKS=[]):
            private = self.call("post", "/api/v1/webhooks/", self.editor_key, {"url": HOOK})
        self.assertEqual(private.status_code, 400)
        self.assertIn("private or reserved", private.json()["url"][0])

    def test_other_roles_and_read_only_tokens_are_refused(self) -> None:
        endpoint, _ = webhooks.endpoint_create(user=self.editor, url=HOOK)
        detail = f"/api/v1/webhooks/{endpoint.pk}/"
        doors = (("get", "/api/v1/webhooks/"), ("post", "/api/v1/webhooks/"), ("post", detail + "pause/"),
                 ("post", detail + "rotate-secret/"), ("delete", detail), ("get", detail + "deliveries/"))
        for key in (self.fc_key, self.reporter_key):
            for method, url in doors:
                with self.subTest(key=key[:4], method=method, url=url):
                    response = self.call(method, url, key, {"url": HOOK})
                    self.assertEqual(response.status_code, 403)
                    self.assertEqual(response.json()["detail"], "Only editors and administrators may manage webhooks.")
        self.assertEqual(self.call("post", "/api/v1/webhooks/", self.editor_read_key, {"url": HOOK}).status_code, 403)
        self.assertEqual(self.client.get("/api/v1/webhooks/").status_code, 401)
        endpoint.refresh_from_db()
        self.assertEqual((endpoint.status, WebhookEndpoint.objects.count()), (EndpointStatus.ACTIVE, 1))


@override_settings(OUTBOUND_ALLOWED_NETWORKS=LOOPBACK)
class DeskTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.outlet = Outlet.objects.create(name="The Daily Test")

    def test_an_editor_adds_a_webhook_sees_its_secret_once_and_its_log(self) -> None:
        self.client.force_login(self.editor)
        response = self.client.post(reverse("claims:webhooks"), {"url": HOOK, "events": ["review.published"]},
                                    follow=True)
        endpoint = WebhookEndpoint.objects.get()
        self.assertContains(response, endpoint.secret)
        self.assertContains(response, "Nothing sent yet.")
        self.assertNotContains(self.client.get(reverse("claims:webhook", args=[endpoint.pk])), endpoint.secret)
        self.assertContains(self.client.get(reverse("claims:webhooks")), HOOK)
        self.client.post(reverse("claims:webhook_action", args=[endpoint.pk, "pause"]))
        self.assertEqual(WebhookEndpoint.objects.get().status, EndpointStatus.PAUSED)
        rotated = self.client.post(reverse("claims:webhook_action", args=[endpoint.pk, "rotate"]), follow=True)
        self.assertContains(rotated, WebhookEndpoint.objects.get().secret)
        event = WebhookEvent.objects.create(type="review.published", created=endpoint.created, body="{}")
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, status="failed", attempts=8,
                                                  response_code=500, error="HTTP 500: down")
        page = self.client.get(reverse("claims:webhook", args=[endpoint.pk]))
        self.assertContains(page, "HTTP 500: down")
        self.assertContains(page, "Send again")
        self.client.post(reverse("claims:delivery_resend", args=[delivery.pk]))
        self.assertEqual(WebhookDelivery.objects.get().status, "pending")
        self.client.post(reverse("claims:webhook_action", args=[endpoint.pk, "delete"]))
        self.assertFalse(WebhookEndpoint.objects.exists())

    def test_an_editor_adds_a_feed_and_sees_its_state(self) -> None:
        self.client.force_login(self.editor)
        with self.captureOnCommitCallbacks():
            response = self.client.post(reverse("claims:feeds"), {"url": "http://127.0.0.1:9/feed.xml",
                                                                  "outlet": self.outlet.pk, "interval_minutes": 15},
                                        follow=True)
        feed = Feed.objects.get()
        self.assertContains(response, "No entries yet")
        Feed.objects.filter(pk=feed.pk).update(last_error="the feed answered HTTP 404", entries_imported=7)
        listing = self.client.get(reverse("claims:feeds"))
        self.assertContains(listing, "the feed answered HTTP 404")
        self.assertContains(listing, "<td>7</td>", html=True)
        with self.captureOnCommitCallbacks() as queued:
            self.client.post(reverse("claims:feed_action", args=[feed.pk, "poll"]))
        self.assertEqual(len(queued), 1)
        self.client.post(reverse("claims:feed_action", args=[feed.pk, "pause"]))
        self.assertFalse(Feed.objects.get().active)
        bad = self.client.post(reverse("claims:feeds"), {"url": "ftp://x.example/", "outlet": self.outlet.pk,
                                                         "interval_minutes": 15})
        self.assertContains(bad, "This feed URL cannot be polled: only http and https URLs are allowed")

    def test_other_roles_are_refused_every_page_and_action(self) -> None:
        endpoint, _ = webhooks.endpoint_create(user=self.editor, url=HOOK)
        feed = feeds.feed_create(user=self.editor, url="http://127.0.0.1:9/feed.xml", outlet=self.outlet)
        event = WebhookEvent.objects.create(type="review.published", created=endpoint.created, body="{}")
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event)
        gets = [reverse("claims:webhooks"), reverse("claims:webhook", args=[endpoint.pk]), reverse("claims:feeds"),
                reverse("claims:feed", args=[feed.pk])]
        posts = [reverse("claims:webhooks"), reverse("claims:webhook_action", args=[endpoint.pk, "pause"]),
                 reverse("claims:webhook_action", args=[endpoint.pk, "delete"]),
                 reverse("claims:delivery_resend", args=[delivery.pk]), reverse("claims:feeds"),
                 reverse("claims:feed_action", args=[feed.pk, "poll"]),
                 reverse("claims:feed_action", args=[feed.pk, "delete"])]
        for user in (self.reporter, self.fact_checker, self.outsider):
            self.client.force_login(user)
            for url in gets:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 403)
            for url in posts:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.post(url, {"url": HOOK}).status_code, 403)
            if user != self.outsider:
                self.assertNotContains(self.client.get(reverse("claims:queue")), 'href="/review/webhooks/"')
        self.assertEqual((WebhookEndpoint.objects.get().status, Feed.objects.count()), (EndpointStatus.ACTIVE, 1))


@override_settings(OUTBOUND_ALLOWED_NETWORKS=LOOPBACK)
class AdminTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.staff_editor = make_user("sally", "Editors", is_staff=True)
        cls.staff_checker = make_user("sam", "Fact-checkers", is_staff=True)
        cls.outlet = Outlet.objects.create(name="The Daily Test")

    def test_an_editor_adds_an_endpoint_and_a_feed_through_the_services(self) -> None:
        self.client.force_login(self.staff_editor)
        response = self.client.post(reverse("admin:claims_webhookendpoint_add"),
                                    {"url": HOOK, "description": "CMS", "events": ["claim.merged"]}, follow=True)
        endpoint = WebhookEndpoint.objects.get()
        self.assertContains(response, endpoint.secret)
        self.assertEqual((endpoint.events, endpoint.created_by), (["claim.merged"], self.staff_editor))
        with self.captureOnCommitCallbacks():
            self.client.post(reverse("admin:claims_feed_add"), {
                "url": "http://127.0.0.1:9/feed.xml", "outlet": self.outlet.pk, "interval_minutes": 30, "active": "on"})
        self.assertEqual(Feed.objects.get().created_by, self.staff_editor)
        self.client.post(reverse("admin:claims_webhookendpoint_changelist"),
                         {"action": "pause", "_selected_action": [endpoint.pk]})
        self.assertEqual(WebhookEndpoint.objects.get().status, EndpointStatus.PAUSED)
        refused = self.client.post(reverse("admin:claims_webhookendpoint_add"), {"url": "ftp://x.example/"},
                                   follow=True)
        self.assertContains(refused, "Nothing was saved: This URL cannot receive webhooks: only http and https")
        self.assertEqual(WebhookEndpoint.objects.count(), 1)
        for name in ("webhookendpoint", "webhookdelivery", "feed", "feedentry"):
            self.assertEqual(self.client.get(reverse(f"admin:claims_{name}_changelist")).status_code, 200)

    def test_other_roles_do_not_see_them_at_all(self) -> None:
        endpoint, _ = webhooks.endpoint_create(user=self.editor, url=HOOK)
        self.client.force_login(self.staff_checker)
        for url in (reverse("admin:claims_webhookendpoint_changelist"), reverse("admin:claims_webhookendpoint_add"),
                    reverse("admin:claims_webhookendpoint_change", args=[endpoint.pk]),
                    reverse("admin:claims_feed_add"), reverse("admin:claims_webhookdelivery_changelist")):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
        self.client.post(reverse("admin:claims_webhookendpoint_add"), {"url": "http://127.0.0.1:9/other"})
        self.assertEqual(WebhookEndpoint.objects.count(), 1)
        self.assertNotContains(self.client.get(reverse("admin:index")), "Webhook endpoints")
