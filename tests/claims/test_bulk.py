"""Bulk work in the queue (issue 12, item 5): tick claims, then assign, set priority, dismiss or
reopen them through the services and the policy, in one transaction, with what was refused and why."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.choices import ClaimStatus, NotificationKind, Priority
from claims.models import Claim, Notification
from tests.base import SeededTestCase
from tests.claims.desk_helpers import published_review, seed_claim

URL = reverse("claims:claims_bulk")


class BulkServiceTests(SeededTestCase):
    def test_it_assigns_each_through_its_service_and_reports_refusals(self) -> None:
        claims = list(Claim.objects.order_by("pk")[:3])
        published_review(claims[0], self.fact_checker, self.editor)
        claims[0].refresh_from_db()
        result = services.claims_bulk_dismiss(claims=claims, user=self.editor)
        self.assertEqual([c.pk for c in result.done], [c.pk for c in claims[1:]])
        self.assertEqual([c.pk for c, _ in result.refused], [claims[0].pk])
        self.assertIn("dismiss", result.refused[0][1])
        self.assertEqual(Claim.objects.get(pk=claims[0].pk).status, ClaimStatus.PUBLISHED)

    def test_a_fact_checker_is_refused_on_every_claim_and_nothing_changes(self) -> None:
        claims = list(Claim.objects.order_by("pk")[:2])
        result = services.claims_bulk_assign(claims=claims, assignee=self.fact_checker, user=self.fact_checker)
        self.assertEqual(result.done, [])
        self.assertEqual(len(result.refused), 2)
        self.assertIn("Only editors may assign a claim", result.refused[0][1])
        self.assertFalse(Claim.objects.filter(assigned_to__isnull=False).exists())


class BulkViewTests(SeededTestCase):
    def setUp(self) -> None:
        self.claims = list(Claim.objects.order_by("pk")[:3])
        self.ids = [c.pk for c in self.claims]

    def post(self, **data):
        return self.client.post(URL, {"claim": self.ids, **data})

    def test_an_editor_assigns_three_claims_at_once_and_the_fact_checker_is_told(self) -> None:
        self.client.force_login(self.editor)
        with CaptureQueriesContext(connection) as queries:
            response = self.post(action="assign", assigned_to=self.fact_checker.pk,
                                 next="/review/?sort=-checkworthiness")
        self.assertLessEqual(len(queries), 15 * len(self.ids))  # a few per claim: lock, check, write, notify
        self.assertRedirects(response, "/review/?sort=-checkworthiness", fetch_redirect_response=False)
        self.assertEqual(set(Claim.objects.filter(assigned_to=self.fact_checker).values_list("pk", flat=True)),
                         set(self.ids))
        self.assertEqual(Notification.objects.filter(recipient=self.fact_checker,
                                                     kind=NotificationKind.ASSIGNED).count(), 3)
        self.assertIn("3 claims assigned to fiona.", [str(m) for m in get_messages(response.wsgi_request)])

    def test_priority_dismiss_and_reopen(self) -> None:
        self.client.force_login(self.editor)
        self.post(action="priority", priority=Priority.URGENT)
        self.assertEqual(set(Claim.objects.filter(pk__in=self.ids).values_list("priority", flat=True)), {4})
        self.post(action="dismiss")
        self.assertEqual(set(Claim.objects.filter(pk__in=self.ids).values_list("status", flat=True)), {"dismissed"})
        self.post(action="reopen")
        self.assertEqual(set(Claim.objects.filter(pk__in=self.ids).values_list("status", flat=True)), {"new"})

    def test_refusals_are_reported_claim_by_claim(self) -> None:
        services.claim_transition(claim=self.claims[0], to=ClaimStatus.DISMISSED, user=self.editor)
        self.client.force_login(self.editor)
        response = self.post(action="dismiss")
        texts = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertIn("2 claims dismissed.", texts)
        self.assertTrue(any(t.startswith(f"Claim #{self.claims[0].pk} not dismissed:") for t in texts), texts)

    def test_bad_input_is_a_400_naming_the_field_and_the_page_goes_nowhere_else(self) -> None:
        self.client.force_login(self.editor)
        response = self.client.post(URL, {"action": "assign"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Tick the claims to act on first.", status_code=400)
        response = self.post(action="priority")
        self.assertContains(response, "Choose the priority to set.", status_code=400)
        self.assertEqual(self.client.post(URL, {"claim": ["x"], "action": "dismiss"}).status_code, 400)
        self.assertEqual(self.post(action="burn").status_code, 400)
        response = self.post(action="reopen", next="https://evil.example/")
        self.assertRedirects(response, reverse("claims:queue"), fetch_redirect_response=False)
        response = self.client.post(URL, {"claim": [999_999], "action": "dismiss"})
        self.assertIn("No claim #999999: nothing done to it.", [str(m) for m in get_messages(response.wsgi_request)])

    def test_outsiders_are_refused_and_fact_checkers_see_no_tick_boxes(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.post(action="dismiss").status_code, 403)
        self.client.force_login(self.fact_checker)
        self.assertNotContains(self.client.get(reverse("claims:queue")), 'form="bulk-form"')
        self.client.force_login(self.editor)
        page = self.client.get(reverse("claims:queue"))
        self.assertContains(page, f'name="claim" value="{seed_claim().pk}" form="bulk-form"')
        self.assertContains(page, 'id="bulk-form"')
