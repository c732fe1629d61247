"""Article and source pages: attributions highlighted, suggestions confirmed, corrected or rejected."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.choices import AttributionKind, AttributionStatus
from claims.models import Article, Attribution, Claim, Source
from claims.selectors.articles import PART_ATTRIBUTIONS
from claims.selectors.sources import SOURCE_PAGE_SIZE
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


def crowded_article(outlet, n: int) -> Article:
    """An article of `n` one-sentence paragraphs, each an attribution of its own claim."""
    sentences = [f"Speaker {i} said the budget grows by {i} percent." for i in range(n)]
    body = "\n\n".join(sentences)
    article = Article.objects.create(outlet=outlet, headline=f"Crowded {n}", body=body)
    claims = Claim.objects.bulk_create([Claim(text=s) for s in sentences])
    starts, position = [], 0
    for sentence in sentences:
        starts.append(position)
        position += len(sentence) + 2
    Attribution.objects.bulk_create([
        Attribution(article=article, claim=claim, text=sentence, start=start, end=start + len(sentence))
        for claim, sentence, start in zip(claims, sentences, starts, strict=True)
    ])
    return article


class CrowdedArticleTests(SeededTestCase):
    @pytest.fixture(autouse=True)
    def _query_budget(self, django_assert_max_num_queries) -> None:
        self.assert_max_queries = django_assert_max_num_queries

    def test_an_article_with_many_attributions_is_shown_in_bounded_parts_in_the_same_queries(self) -> None:
        outlet = Article.objects.get().outlet
        self.client.force_login(self.editor)
        small, large = crowded_article(outlet, 20), crowded_article(outlet, PART_ATTRIBUTIONS * 2 + 50)
        self.client.get(reverse("claims:article", args=[small.pk]))  # warm the session
        with self.assert_max_queries(ARTICLE_QUERIES):
            response = self.client.get(reverse("claims:article", args=[small.pk]))
        self.assertEqual((response.context["part"].parts, len(response.context["attributions"])), (1, 20))
        sizes = []
        for part in (1, 2, 3):
            with self.assert_max_queries(ARTICLE_QUERIES):
                response = self.client.get(reverse("claims:article", args=[large.pk]), {"part": part})
            self.assertLessEqual(len(response.context["attributions"]), PART_ATTRIBUTIONS)
            self.assertEqual(response.context["part"].total, PART_ATTRIBUTIONS * 2 + 50)
            sizes.append(len(response.content))
        self.assertEqual(response.context["part"].parts, 3)
        self.assertContains(response, "Part 3 of 3")
        self.assertLess(max(sizes), 400_000)
        last = Attribution.objects.filter(article=large).order_by("-start").first()
        response = self.client.post(reverse("claims:attribution_action", args=[last.pk, "reject"]))
        self.assertEqual(response["Location"],
                         reverse("claims:article", args=[large.pk]) + f"?part=3#attribution-{last.pk}")

    def test_the_source_page_pages_its_claims_and_counts_the_record_over_all(self) -> None:
        outlet = Article.objects.get().outlet
        article = crowded_article(outlet, SOURCE_PAGE_SIZE + 5)
        speaker = Source.objects.get(name="Sergei Shoigu")
        Attribution.objects.filter(article=article).update(speaker=speaker)
        self.client.force_login(self.editor)
        url = reverse("claims:source", args=[speaker.pk])
        self.client.get(url)
        with self.assert_max_queries(SOURCE_QUERIES):
            first = self.client.get(url)
        self.assertEqual(len(first.context["page"].object_list), SOURCE_PAGE_SIZE)
        second = self.client.get(url, {"page": 2})
        self.assertEqual(first.context["page"].paginator.count, SOURCE_PAGE_SIZE + 5 + 1)
        self.assertEqual(len(second.context["page"].object_list), 6)


# Session, user, roles, the header's three inbox look-ups, the article, the offsets, the counts, the part's
# attributions with their verdicts and suggestions, and for the details form: whether the article is
# published and the outlets.
ARTICLE_QUERIES = 13
# Session, user, roles, the header's three inbox look-ups, the source, aliases, members, its claim ids (two), the
# record, the count, the page, its verdicts and appearances.
SOURCE_QUERIES = 16
