"""Article and source pages: attributions highlighted, suggestions confirmed, corrected or rejected."""

from __future__ import annotations

from django.urls import reverse

from claims.choices import AttributionKind, AttributionStatus
from claims.models import Article, Attribution, Source
from tests.base import SeededTestCase
from tests.claims.desk_helpers import published_review, seed_claim, suggested_attribution


class ArticlePageTests(SeededTestCase):
    def setUp(self) -> None:
        self.article = Article.objects.get()
        self.url = reverse("claims:article", args=[self.article.pk])

    def test_it_refuses_outsiders_and_anonymous_visitors(self) -> None:
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_highlights_every_attribution_coloured_by_status_and_linked_to_its_claim(self) -> None:
        claim = seed_claim()
        published_review(claim, self.fact_checker, self.editor)
        self.client.force_login(self.fact_checker)
        response = self.client.get(self.url)
        html = response.content.decode()
        self.assertEqual(html.count('<a class="q-link"'), Attribution.objects.count())
        attribution = claim.appearances.get()
        self.assertIn(
            f'<a class="q-link" href="{reverse("claims:claim", args=[claim.pk])}" id="attribution-{attribution.pk}"',
            html,
        )
        self.assertIn('class="q q-confirmed c-published"', html)
        self.assertIn('class="q q-confirmed c-new"', html)

    def test_the_page_text_keeps_the_stored_offsets(self) -> None:
        self.client.force_login(self.reporter)
        paragraphs = self.client.get(self.url).context["paragraphs"]
        body = self.article.body
        for paragraph in paragraphs:
            self.assertEqual("".join(s.text for s in paragraph.segments), body[paragraph.start : paragraph.end])
            for segment in paragraph.segments:
                if segment.attribution:
                    self.assertEqual(segment.text, segment.attribution.text)

    def test_reporters_confirm_and_reject_suggestions(self) -> None:
        suggestion = suggested_attribution()
        self.client.force_login(self.reporter)
        page = self.client.get(self.url)
        self.assertContains(page, "q q-suggested")
        self.client.post(reverse("claims:attribution_action", args=[suggestion.pk, "confirm"]))
        self.assertEqual(Attribution.objects.get(pk=suggestion.pk).status, AttributionStatus.CONFIRMED)
        self.client.post(reverse("claims:attribution_action", args=[suggestion.pk, "reject"]))
        self.assertEqual(Attribution.objects.get(pk=suggestion.pk).status, AttributionStatus.REJECTED)

    def test_a_suggestion_is_corrected_in_speaker_span_and_kind(self) -> None:
        suggestion = suggested_attribution()
        prefix = f"a{suggestion.pk}"
        start = self.article.body.index("The 30-meter granite stele")
        text = "The 30-meter granite stele crowned with a red star sits on the city's highest peak"
        self.client.force_login(self.editor)
        response = self.client.post(reverse("claims:attribution_action", args=[suggestion.pk, "correct"]), {
            f"{prefix}-speaker_name": "Shoigu", f"{prefix}-start": start, f"{prefix}-end": start + len(text),
            f"{prefix}-kind": AttributionKind.INDIRECT,
        })
        self.assertEqual(response.status_code, 302)
        suggestion.refresh_from_db()
        self.assertEqual(suggestion.text, text)
        self.assertEqual((suggestion.kind, suggestion.status), (AttributionKind.INDIRECT, AttributionStatus.CONFIRMED))
        self.assertEqual(suggestion.speaker, Source.objects.get(name="Sergei Shoigu"))

    def test_a_correction_outside_the_article_is_refused_with_the_form_kept(self) -> None:
        suggestion = suggested_attribution()
        prefix = f"a{suggestion.pk}"
        self.client.force_login(self.reporter)
        response = self.client.post(reverse("claims:attribution_action", args=[suggestion.pk, "correct"]), {
            f"{prefix}-speaker_name": "", f"{prefix}-start": 10, f"{prefix}-end": 10**6,
            f"{prefix}-kind": AttributionKind.DIRECT,
        })
        self.assertContains(response, "is not inside the article", status_code=400)
        self.assertEqual(Attribution.objects.get(pk=suggestion.pk).status, AttributionStatus.SUGGESTED)

    def test_fact_checkers_and_outsiders_cannot_change_attributions(self) -> None:
        suggestion = suggested_attribution()
        for user in (self.fact_checker, self.outsider):
            self.client.force_login(user)
            response = self.client.post(reverse("claims:attribution_action", args=[suggestion.pk, "confirm"]))
            self.assertEqual(response.status_code, 403)
        self.assertEqual(Attribution.objects.get(pk=suggestion.pk).status, AttributionStatus.SUGGESTED)

    def test_it_escapes_a_script_in_the_article(self) -> None:
        body = 'Title\n\nShe said "<script>alert(1)</script> works" today.\n'
        article = Article.objects.create(outlet=self.article.outlet, headline="<b>Bold</b> claim", body=body)
        self.client.force_login(self.editor)
        response = self.client.get(reverse("claims:article", args=[article.pk]))
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt; works")
        self.assertContains(response, "&lt;b&gt;Bold&lt;/b&gt; claim")
        self.assertNotContains(response, "<script>alert")


class SourcePageTests(SeededTestCase):
    def test_it_shows_what_a_speaker_said_with_the_verdicts(self) -> None:
        claim = seed_claim()
        review = published_review(claim, self.fact_checker, self.editor)
        source = claim.claimant
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("claims:source", args=[source.pk]))
        self.assertContains(response, "I am convinced that today")
        self.assertContains(response, reverse("claims:factcheck", args=[review.pk]))
        self.assertEqual(response.context["record"], [(("Mostly true", 4), 1)])
        self.assertContains(response, "Russian Ministry of Defence")

    def test_it_refuses_outsiders(self) -> None:
        self.client.force_login(self.outsider)
        source = Source.objects.first()
        self.assertEqual(self.client.get(reverse("claims:source", args=[source.pk])).status_code, 403)
