"""The inbox and notifications (issue 12, item 4): what waits on me, with counts in the header;
notifications for assignment, send-back, approval, publication, @mention and a checked claim said
again; e-mail through Django's backend by each person's choice; priority and due dates."""

from __future__ import annotations

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from claims import selectors, services
from claims.choices import NotificationKind, Priority
from claims.models import Claim, Notification, NotificationPreference
from claims.policy import SYSTEM
from claims.services import imports
from tests.base import SeededTestCase
from tests.claims.desk_helpers import published_review, rating, seed_claim


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("kind", flat=True))


class NotificationTests(SeededTestCase):
    def setUp(self) -> None:
        self.claim = seed_claim()
        for user in (self.editor, self.fact_checker, self.reporter):
            user.email = f"{user.username}@newsroom.test"
            user.save()

    def test_assignment_reaches_the_assignee_in_the_inbox_and_by_email(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            services.claim_assign(claim=self.claim, assignee=self.fact_checker, user=self.editor)
        self.assertEqual(kinds(self.fact_checker), [NotificationKind.ASSIGNED])
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["fiona@newsroom.test"])
        self.assertIn(f"/review/claims/{self.claim.pk}/", mail.outbox[0].body)
        self.assertIn("eddie assigned you", mail.outbox[0].subject)
        # Assigning the same person again tells nobody anything new.
        services.claim_assign(claim=self.claim, assignee=self.fact_checker, user=self.editor)
        self.assertEqual(len(kinds(self.fact_checker)), 1)

    def test_the_review_cycle_notifies_editors_and_the_fact_checker(self) -> None:
        services.claim_assign(claim=self.claim, assignee=self.fact_checker, user=self.editor)
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, rating=rating("True"))
        services.review_submit(review=review, user=self.fact_checker)
        self.assertEqual(kinds(self.editor), [NotificationKind.APPROVAL_REQUESTED])
        services.review_send_back(review=review, editor=self.editor, note="Add the ministry's own figures.")
        sent_back = Notification.objects.get(recipient=self.fact_checker, kind=NotificationKind.SENT_BACK)
        self.assertIn("Add the ministry's own figures", sent_back.text)
        self.assertEqual(sent_back.actor, self.editor)
        services.review_submit(review=review, user=self.fact_checker)
        services.review_approve(review=review, editor=self.editor)
        services.review_publish(review=review, editor=self.editor)
        self.assertEqual(kinds(self.fact_checker), [NotificationKind.ASSIGNED, NotificationKind.SENT_BACK,
                                                    NotificationKind.APPROVED, NotificationKind.PUBLISHED])
        self.assertEqual(kinds(self.reporter), [])  # not involved: told nothing

    def test_a_mention_in_a_note_notifies_that_person_only(self) -> None:
        services.note_add(claim=self.claim, author=self.reporter, text="@fiona can you look? cc @nobody, @eddie.")
        self.assertEqual(kinds(self.fact_checker), [NotificationKind.MENTIONED])
        self.assertEqual(kinds(self.editor), [NotificationKind.MENTIONED])
        self.assertEqual(kinds(self.outsider), [])
        services.note_add(claim=self.claim, author=self.reporter, text="Email me at rita@fiona.org")
        self.assertEqual(len(kinds(self.fact_checker)), 1)

    def test_a_checked_claim_said_again_tells_its_fact_checker(self) -> None:
        published_review(self.claim, self.fact_checker, self.editor)
        text = (
            "Talks - The Messenger\nTalks\n\n"
            f'"{self.claim.text}," Sergei Shoigu said again on Friday.\n'
        )
        result = imports.import_article(text=text, user=self.reporter)
        self.assertEqual(result.attributions[0].claim_id, self.claim.pk)
        self.assertIn(NotificationKind.REAPPEARED, kinds(self.fact_checker))

    def test_each_person_chooses_what_comes_by_email(self) -> None:
        self.client.force_login(self.fact_checker)
        url = reverse("claims:notification_settings")
        self.assertContains(self.client.get(url), "fiona@newsroom.test")
        response = self.client.post(url, {"email_kinds": [NotificationKind.PUBLISHED]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(NotificationPreference.objects.get(user=self.fact_checker).email_kinds, ["published"])
        with self.captureOnCommitCallbacks(execute=True):
            services.claim_assign(claim=self.claim, assignee=self.fact_checker, user=self.editor)
        self.assertEqual(mail.outbox, [])  # in the inbox, not by e-mail
        self.assertEqual(kinds(self.fact_checker), [NotificationKind.ASSIGNED])
        self.assertEqual(self.client.post(url, {"email_kinds": ["everything"]}).status_code, 400)


class InboxPageTests(SeededTestCase):
    url = reverse("claims:inbox")

    def test_it_lists_what_waits_on_me_with_counts_in_the_header(self) -> None:
        claim = seed_claim()
        services.claim_assign(claim=claim, assignee=self.fact_checker, user=self.editor)
        services.claim_plan(claim=claim, user=self.editor, priority=Priority.URGENT,
                            due_on=timezone.localdate() - datetime.timedelta(days=2))
        services.note_add(claim=claim, author=self.editor, text="@fiona this one first")
        self.client.force_login(self.fact_checker)
        response = self.client.get(self.url)
        inbox = response.context["inbox"]
        self.assertEqual([c.pk for c in inbox.assigned], [claim.pk])
        self.assertEqual(len(inbox.mentions), 1)
        self.assertContains(response, "Overdue · due")
        self.assertContains(response, '<span class="badge" title="Waiting on you" data-inbox-waiting>2</span>',
                            html=True)
        # The header counts on any desk page, in three queries (the person's drafts, the claims, the
        # notifications), whatever the number of claims.
        with self.assertNumQueries(3):
            self.assertEqual(selectors.inbox_counts(user=self.fact_checker)["waiting"], 2)

    def test_sent_back_and_awaiting_approval(self) -> None:
        claim = seed_claim()
        review = services.review_create(claim=claim, fact_checker=self.fact_checker, rating=rating("True"))
        services.review_submit(review=review, user=self.fact_checker)
        self.client.force_login(self.editor)
        self.assertEqual([c.pk for c in self.client.get(self.url).context["inbox"].awaiting], [claim.pk])
        services.review_send_back(review=review, editor=self.editor)
        self.assertEqual(self.client.get(self.url).context["inbox"].awaiting, [])
        self.client.force_login(self.fact_checker)
        inbox = self.client.get(self.url).context["inbox"]
        self.assertEqual([c.pk for c in inbox.sent_back], [claim.pk])
        self.assertEqual(inbox.assigned, [])

    def test_opening_a_notification_marks_it_read_only_for_its_recipient(self) -> None:
        claim = seed_claim()
        services.claim_assign(claim=claim, assignee=self.fact_checker, user=self.editor)
        notification = Notification.objects.get(recipient=self.fact_checker)
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(reverse("claims:notification_open", args=[notification.pk])).status_code,
                         404)
        self.client.force_login(self.fact_checker)
        response = self.client.get(reverse("claims:notification_open", args=[notification.pk]))
        self.assertRedirects(response, reverse("claims:claim", args=[claim.pk]), fetch_redirect_response=False)
        notification.refresh_from_db()
        self.assertIsNotNone(notification.read_at)
        services.claim_assign(claim=Claim.objects.exclude(pk=claim.pk).first(), assignee=self.fact_checker,
                              user=self.editor)
        self.client.post(reverse("claims:notifications_read"))
        self.assertFalse(Notification.objects.filter(recipient=self.fact_checker, read_at__isnull=True).exists())

    def test_outsiders_have_no_inbox(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        notify = services.notifications.notify(recipients=[self.outsider], kind="assigned", claim=None,
                                               actor=SYSTEM, text="x")
        self.assertEqual(notify, [])


class PlanTests(SeededTestCase):
    def test_an_editor_sets_priority_and_due_date_and_overdue_shows_on_the_claim_page(self) -> None:
        claim = seed_claim()
        url = reverse("claims:claim_plan", args=[claim.pk])
        self.client.force_login(self.fact_checker)
        self.assertEqual(self.client.post(url, {"priority": 3, "due_on": "2020-01-01"}).status_code, 403)
        self.client.force_login(self.editor)
        self.assertEqual(self.client.post(url, {"priority": 9}).status_code, 400)
        self.assertEqual(self.client.post(url, {"priority": 3, "due_on": "2020-01-01"}).status_code, 302)
        claim.refresh_from_db()
        self.assertEqual((claim.priority, claim.due_on), (3, datetime.date(2020, 1, 1)))
        page = self.client.get(reverse("claims:claim", args=[claim.pk]))
        self.assertContains(page, 'id="overdue"')
        changes = {c.field for e in page.context["history"].entries for c in e.changes}
        self.assertTrue({"priority", "due"} <= changes, changes)
