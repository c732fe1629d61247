from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from claims.choices import ClaimStatus
from claims.models import (
    ApiToken,
    Article,
    Attribution,
    Claim,
    Correction,
    Evidence,
    Feed,
    FeedEntry,
    Job,
    JobItem,
    MatchSuggestion,
    Note,
    Rating,
    Review,
    Source,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from tests.base import SeededTestCase


class AdminPagesTests(SeededTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        claim = Claim.objects.get(text__startswith="As part of")
        review = Review.objects.create(claim=claim, headline="Kirby on weapons", fact_checker=cls.fact_checker)
        Evidence.objects.create(review=review, url="https://example.org/a", title="A source")
        Note.objects.create(claim=claim, author=cls.editor, text="Check the March briefing")
        Correction.objects.create(review=review, note="Fixed a date", editor=cls.editor)
        ApiToken.issue(name="Kirby tracker", user=cls.editor)
        other = Claim.objects.get(text__startswith="Russia is seeking")
        MatchSuggestion.objects.create(attribution=other.appearances.get(), claim=claim, score=0.6)
        job = Job.objects.create(kind="import", created_by=cls.reporter, total=1)
        JobItem.objects.create(job=job, position=0, filename="a.txt", text="Some text")
        endpoint = WebhookEndpoint.objects.create(url="https://hooks.example.org/kirby", created_by=cls.editor)
        event = WebhookEvent.objects.create(type="review.published", created=review.created, body="{}")
        WebhookDelivery.objects.create(endpoint=endpoint, event=event)
        feed = Feed.objects.create(url="https://news.example.org/kirby.xml", outlet=Article.objects.get().outlet)
        FeedEntry.objects.create(feed=feed, guid_hash="0" * 64, url="https://news.example.org/kirby")

    def setUp(self) -> None:
        self.client.force_login(self.superuser)

    def test_every_changelist_add_and_change_page_renders(self) -> None:
        for model, model_admin in admin.site._registry.items():
            if model._meta.app_label != "claims":
                continue
            prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
            with self.subTest(model=model.__name__):
                self.assertEqual(self.client.get(reverse(f"{prefix}_changelist")).status_code, 200)
                self.assertEqual(self.client.get(reverse(f"{prefix}_changelist"), {"q": "Kirby"}).status_code, 200)
                if model_admin.has_add_permission(self.client.request().wsgi_request):
                    self.assertEqual(self.client.get(reverse(f"{prefix}_add")).status_code, 200)
                obj = model.objects.first()
                self.assertIsNotNone(obj, f"no {model.__name__} to open")
                self.assertEqual(self.client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code, 200)

    def test_the_article_page_lists_its_attributions_inline(self) -> None:
        article = Article.objects.get()
        response = self.client.get(reverse("admin:claims_article_change", args=[article.pk]))
        self.assertContains(response, "Anthony Rinna")
        self.assertContains(response, "attributions-TOTAL_FORMS")

    def test_the_source_autocomplete_finds_a_speaker_by_alias(self) -> None:
        response = self.client.get(
            reverse("admin:autocomplete"),
            {"app_label": "claims", "model_name": "attribution", "field_name": "speaker", "term": "Kirby"},
        )
        self.assertEqual([r["text"] for r in response.json()["results"]], ["John Kirby"])

    def test_it_refuses_an_attribution_whose_text_differs_from_the_article_and_shows_both(self) -> None:
        attribution = Attribution.objects.get(cue="told")
        url = reverse("admin:claims_attribution_change", args=[attribution.pk])
        data = {
            "article": attribution.article_id, "claim": attribution.claim_id, "text": "Something else entirely",
            "start": attribution.start, "end": attribution.end, "kind": "direct", "speaker": attribution.speaker_id,
            "speaker_name": "Anthony Rinna", "said_on_precision": "day", "origin": "manual", "status": "confirmed",
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The text does not match the article")
        self.assertContains(response, "Something else entirely")
        self.assertContains(response, "North Korea inviting delegations")
        attribution.refresh_from_db()
        self.assertTrue(attribution.text.startswith("North Korea inviting"))

    def test_deleting_an_article_with_reviewed_claims_is_refused_on_the_confirmation_page(self) -> None:
        article = Article.objects.get()
        url = reverse("admin:claims_article_delete", args=[article.pk])
        response = self.client.get(url)
        self.assertContains(response, "Reviewed claim:")
        self.client.post(url, {"post": "yes"})
        self.assertTrue(Article.objects.filter(pk=article.pk).exists())

    def test_deleting_a_source_with_claims_is_refused(self) -> None:
        kirby = Source.objects.get(name="John Kirby")
        self.client.post(reverse("admin:claims_source_delete", args=[kirby.pk]), {"post": "yes"})
        self.assertTrue(Source.objects.filter(pk=kirby.pk).exists())

    def test_bulk_actions_send_to_review_and_dismiss_through_the_workflow(self) -> None:
        claims = list(Claim.objects.order_by("pk")[:3])
        url = reverse("admin:claims_claim_changelist")
        self.client.post(url, {"action": "send_to_review", "_selected_action": [c.pk for c in claims[:2]]})
        self.client.post(url, {"action": "dismiss", "_selected_action": [claims[2].pk]})
        statuses = dict(Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("pk", "status"))
        self.assertEqual(
            [statuses[c.pk] for c in claims], [ClaimStatus.IN_REVIEW, ClaimStatus.IN_REVIEW, ClaimStatus.DISMISSED]
        )
        # A move the workflow does not allow is refused with a message, not applied.
        response = self.client.post(url, {"action": "send_to_review", "_selected_action": [claims[2].pk]},
                                    follow=True)
        self.assertContains(response, "You may start a review only while it is new; this one is dismissed.")
        self.assertEqual(Claim.objects.get(pk=claims[2].pk).status, ClaimStatus.DISMISSED)

    def test_a_published_review_cannot_be_deleted(self) -> None:
        review = Review.objects.get()
        review.status, review.rating = "published", Rating.objects.get(label="False")
        review.published_at = review.created
        review.save()
        response = self.client.post(reverse("admin:claims_review_delete", args=[review.pk]), {"post": "yes"})
        self.assertEqual(response.status_code, 403)
        self.assertTrue(Review.objects.filter(pk=review.pk).exists())


class RoleGroupTests(SeededTestCase):
    def test_the_three_role_groups_exist_without_a_second_rule_book(self) -> None:
        perms = {
            group.name: set(group.permissions.values_list("codename", flat=True))
            for group in Group.objects.filter(name__in=["Reporters", "Fact-checkers", "Editors"])
        }
        # What each role may do is claims.policy's table: the groups carry no model permissions.
        self.assertEqual(perms, {"Reporters": set(), "Fact-checkers": set(), "Editors": set()})

    def test_a_reporter_with_staff_access_can_add_articles_but_not_reviews(self) -> None:
        self.reporter.is_staff = True
        self.reporter.save()
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.get(reverse("admin:claims_article_add")).status_code, 200)
        self.assertEqual(self.client.get(reverse("admin:claims_review_add")).status_code, 403)
