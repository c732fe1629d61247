from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from claims.choices import AttributionOrigin, ReviewStatus, SourceKind
from claims.models import Article, Attribution, Claim, Outlet, Rating, Review, Source, SourceAlias
from tests.base import BaseTestCase

BODY = 'Intro line.\n\n"We will win," the mayor said.\n'


class ModelTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.outlet = Outlet.objects.create(name="Daily Test")
        cls.article = Article.objects.create(outlet=cls.outlet, headline="Mayor speaks", body=BODY)
        cls.mayor = Source.objects.create(name="Jane Mayor")
        cls.claim = Claim.objects.create(text="We will win.", claimant=cls.mayor)

    def attribution(self, **kwargs) -> Attribution:
        start = BODY.index("We will win")
        values = {"article": self.article, "claim": self.claim, "text": "We will win", "start": start,
                  "end": start + len("We will win"), "speaker": self.mayor}
        values.update(kwargs)
        return Attribution(**values)


class AttributionAnchorTests(ModelTestCase):
    def test_it_saves_words_that_match_the_article(self) -> None:
        attribution = self.attribution()
        attribution.full_clean()
        attribution.save()
        self.assertEqual(BODY[attribution.start : attribution.end], attribution.text)

    def test_it_refuses_words_that_differ_from_the_body_slice_and_shows_both(self) -> None:
        attribution = self.attribution(text="We shall win")
        with self.assertRaises(ValidationError) as caught:
            attribution.save()
        message = str(caught.exception)
        self.assertIn("'We will win'", message)
        self.assertIn("'We shall win'", message)
        self.assertFalse(Attribution.objects.exists())

    def test_it_refuses_an_end_past_the_article(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.attribution(start=5, end=len(BODY) + 10, text=BODY[5:]).full_clean()
        self.assertIn("end", caught.exception.message_dict)

    def test_the_database_refuses_an_empty_span(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            Attribution.objects.bulk_create([self.attribution(start=3, end=3, text="")])

    def test_the_database_refuses_a_confidence_over_one(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            Attribution.objects.bulk_create([
                self.attribution(origin=AttributionOrigin.EXTRACTED, extractor_version="x", confidence=1.5)
            ])

    def test_it_refuses_an_extracted_attribution_without_extractor_version(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.attribution(origin=AttributionOrigin.EXTRACTED).save()

    def test_it_refuses_the_same_span_twice_in_one_article(self) -> None:
        self.attribution().save()
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.attribution().save()


class SourceTests(ModelTestCase):
    def test_it_is_unique_by_normalised_name_within_kind(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            Source.objects.create(name="jane  MAYOR.")
        # The same name as an organisation is another source.
        Source.objects.create(name="Jane Mayor", kind=SourceKind.ORGANIZATION)
        self.assertEqual(Source.objects.filter(normalized_name="jane mayor").count(), 2)

    def test_form_validation_reports_a_duplicate_name_instead_of_crashing(self) -> None:
        with self.assertRaises(ValidationError):
            Source(name="JANE mayor").full_clean()

    def test_it_is_found_by_alias(self) -> None:
        SourceAlias.objects.create(source=self.mayor, name="Mayor")
        self.assertEqual(list(Source.objects.named("mayor")), [self.mayor])
        self.assertEqual(list(Source.objects.named("Jane Mayor")), [self.mayor])


class ArticleTests(ModelTestCase):
    def test_it_never_stores_the_same_text_twice(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            Article.objects.create(outlet=self.outlet, headline="Again", body=BODY.replace("\n", "\r\n"))

    def test_an_empty_url_does_not_collide_with_another_empty_url(self) -> None:
        Article.objects.create(outlet=self.outlet, headline="Other", body="Other text.", url="")
        self.assertEqual(Article.objects.filter(url__isnull=True).count(), 2)


class ProtectedDeleteTests(ModelTestCase):
    def review(self) -> Review:
        return Review.objects.create(claim=self.claim, headline="Checked")

    def test_an_unreviewed_article_deletes_with_its_attributions(self) -> None:
        self.attribution().save()
        self.article.delete()
        self.assertFalse(Attribution.objects.exists())
        self.assertTrue(Claim.objects.filter(pk=self.claim.pk).exists())

    def test_it_refuses_to_delete_an_article_that_reviewed_claims_depend_on(self) -> None:
        self.attribution().save()
        self.review()
        with self.assertRaises(ProtectedError):
            self.article.delete()
        with self.assertRaises(ProtectedError):
            Article.objects.filter(pk=self.article.pk).delete()
        self.assertTrue(Attribution.objects.exists())

    def test_it_refuses_to_delete_a_source_with_claims(self) -> None:
        with self.assertRaises(ProtectedError):
            self.mayor.delete()

    def test_it_refuses_to_delete_a_reviewed_claim(self) -> None:
        self.review()
        with self.assertRaises(ProtectedError):
            self.claim.delete()


class ReviewConstraintTests(ModelTestCase):
    def test_a_published_review_needs_a_rating_and_a_date(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            Review.objects.create(claim=self.claim, status=ReviewStatus.PUBLISHED)

    def test_the_default_scale_has_six_ratings_with_values(self) -> None:
        labels = list(Rating.objects.filter(scale__is_default=True).values_list("label", "value"))
        self.assertEqual(labels, [("True", 5), ("Mostly true", 4), ("Misleading", 3), ("Mostly false", 2),
                                  ("False", 1), ("Unverifiable", 0)])


class HistoryTests(ModelTestCase):
    def test_it_records_who_changed_a_claim_and_what(self) -> None:
        self.claim.text = "We will win again."
        self.claim._history_user = self.editor
        self.claim.save()
        latest = self.claim.history.first()
        self.assertEqual(latest.history_user, self.editor)
        delta = latest.diff_against(latest.prev_record)
        self.assertEqual([change.field for change in delta.changes], ["text"])
