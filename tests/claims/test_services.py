from __future__ import annotations

from django.core.exceptions import ValidationError

from claims import services
from claims.choices import ClaimStatus, ReviewStatus
from claims.models import Claim, Correction, Rating, Review, Source
from claims.policy import PolicyDenied
from tests.base import SeededTestCase


class ReviewWorkflowTests(SeededTestCase):
    def setUp(self) -> None:
        self.claim = Claim.objects.get(text__startswith="As part of")
        self.false = Rating.objects.get(label="False")

    def test_it_takes_a_claim_from_new_to_published(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, headline="Checked")
        self.assertEqual(Claim.objects.get(pk=self.claim.pk).status, ClaimStatus.IN_REVIEW)
        services.review_update(review=review, version=1, user=self.fact_checker, rating=self.false)
        services.review_submit(review=review, user=self.fact_checker)
        services.review_approve(review=review, editor=self.editor)
        services.review_publish(review=review, editor=self.editor)
        review.refresh_from_db()
        self.assertEqual((review.status, review.version, review.editor), (ReviewStatus.PUBLISHED, 5, self.editor))
        self.assertIsNotNone(review.published_at)
        self.assertEqual(Claim.objects.get(pk=self.claim.pk).status, ClaimStatus.PUBLISHED)
        self.assertEqual(review.history.count(), 5)

    def test_a_stale_version_is_refused_with_what_the_other_person_changed(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker)
        services.review_update(review=review, version=1, user=self.editor, headline="Editor's headline")
        stale = Review.objects.get(pk=review.pk)
        stale.version = 1
        with self.assertRaises(services.ReviewConflict) as caught:
            services.review_update(review=stale, version=1, user=self.fact_checker, headline="Mine")
        self.assertEqual(caught.exception.current_version, 2)
        self.assertEqual(caught.exception.their_changes, [("headline", "", "Editor's headline")])
        self.assertIn(f"Someone ({self.editor}) saved this review", str(caught.exception))
        self.assertEqual(Review.objects.get(pk=review.pk).headline, "Editor's headline")

    def test_it_refuses_moves_the_state_does_not_allow(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker)
        with self.assertRaisesMessage(PolicyDenied, "only while it is approved; this one is in review"):
            services.review_publish(review=review, editor=self.editor)
        with self.assertRaisesMessage(ValidationError, "Choose a rating"):
            services.review_submit(review=review, user=self.fact_checker)
        self.assertEqual(Review.objects.get(pk=review.pk).status, ReviewStatus.DRAFT)

    def test_a_published_verdict_is_corrected_in_the_open_and_retracted_without_deletion(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, rating=self.false)
        services.review_submit(review=review, user=self.fact_checker)
        services.review_approve(review=review, editor=self.editor)
        services.review_publish(review=review, editor=self.editor)
        with self.assertRaisesMessage(ValidationError, "changing the verdict is a correction"):
            services.review_update(review=review, version=review.version, user=self.editor, headline="quiet edit")
        with self.assertRaisesMessage(PolicyDenied, "A published fact-check changes only by an editor's correction"):
            services.review_update(review=review, version=review.version, user=self.fact_checker, headline="quiet",
                                   note="Sneaky")
        services.review_correct(review=review, editor=self.editor, note="Rating revised after new evidence",
                                rating=Rating.objects.get(label="Misleading"))
        services.review_retract(review=review, editor=self.editor, note="Source document was forged")
        review.refresh_from_db()
        self.assertEqual((review.status, review.rating.label), (ReviewStatus.RETRACTED, "Misleading"))
        self.assertEqual(Correction.objects.filter(review=review).count(), 2)
        self.assertEqual(Claim.objects.get(pk=self.claim.pk).status, ClaimStatus.RETRACTED)


    def _published(self) -> Review:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, rating=self.false)
        services.review_submit(review=review, user=self.fact_checker)
        services.review_approve(review=review, editor=self.editor)
        services.review_publish(review=review, editor=self.editor)
        return review

    def test_an_approved_verdict_can_still_be_sent_back(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, rating=self.false)
        services.review_submit(review=review, user=self.fact_checker)
        services.review_approve(review=review, editor=self.editor)
        services.review_send_back(review=review, editor=self.editor, note="Add the second source")
        review.refresh_from_db()
        self.assertEqual(review.status, ReviewStatus.DRAFT)
        self.assertEqual(Claim.objects.get(pk=self.claim.pk).status, ClaimStatus.IN_REVIEW)

    def test_a_published_verdict_can_be_retracted_without_a_correction_first(self) -> None:
        review = self._published()
        services.review_retract(review=review, editor=self.editor, note="The document was forged")
        self.assertEqual(Review.objects.get(pk=review.pk).status, ReviewStatus.RETRACTED)

    def test_a_corrected_verdict_can_be_corrected_again(self) -> None:
        review = self._published()
        services.review_correct(review=review, editor=self.editor, note="First fix", headline="Fixed once")
        services.review_correct(review=review, editor=self.editor, note="Second fix", headline="Fixed twice")
        review.refresh_from_db()
        self.assertEqual((review.status, review.headline), (ReviewStatus.CORRECTED, "Fixed twice"))
        self.assertEqual(list(review.corrections.order_by("id").values_list("note", flat=True)),
                         ["First fix", "Second fix"])

    def test_a_fact_checker_starts_a_new_claim(self) -> None:
        services.claim_start(claim=self.claim, user=self.fact_checker)
        claim = Claim.objects.get(pk=self.claim.pk)
        self.assertEqual((claim.status, claim.assigned_to), (ClaimStatus.IN_REVIEW, self.fact_checker))

    def test_summary_and_rationale_have_their_length_limits(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker)
        services.review_update(review=review, version=1, user=self.fact_checker, summary="s" * 5000,
                               rationale="r" * 50000)
        for field, size in (("summary", 5001), ("rationale", 50001)):
            with self.assertRaises(ValidationError) as caught:
                services.review_update(review=review, version=review.version, user=self.fact_checker,
                                       **{field: "x" * size})
            self.assertIn(field, caught.exception.message_dict)


    def test_a_headline_has_its_length_limit(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker)
        services.review_update(review=review, version=1, user=self.fact_checker, headline="h" * 300)
        with self.assertRaises(ValidationError) as caught:
            services.review_update(review=review, version=2, user=self.fact_checker, headline="h" * 301)
        self.assertIn("headline", caught.exception.message_dict)

    def test_evidence_is_numbered_in_the_order_it_was_added(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker)
        for n in range(3):
            services.evidence_add(review=review, user=self.fact_checker, url=f"https://example.org/{n}")
        self.assertEqual(list(review.evidence.order_by("id").values_list("position", flat=True)), [1, 2, 3])

    def test_publishing_confirms_appearances_without_indexing_the_claim_again(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from claims.choices import AttributionStatus

        self.claim.appearances.update(status=AttributionStatus.SUGGESTED)
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, rating=self.false)
        services.review_submit(review=review, user=self.fact_checker)
        services.review_approve(review=review, editor=self.editor)
        with CaptureQueriesContext(connection) as queries:
            services.review_publish(review=review, editor=self.editor)
        self.assertFalse(self.claim.appearances.filter(status=AttributionStatus.SUGGESTED).exists())
        # A status change leaves the claim's words as they were: its match index is not rebuilt.
        self.assertEqual([q["sql"] for q in queries.captured_queries if "claimterm" in q["sql"].lower()], [])


    def test_a_retraction_is_recorded_as_one(self) -> None:
        review = self._published()
        services.review_retract(review=review, editor=self.editor, note="Withdrawn")
        self.assertEqual(list(review.corrections.values_list("note", "is_retraction")), [("Withdrawn", True)])

    def test_the_claim_and_its_appearances_show_as_changed_when_the_verdict_moves(self) -> None:
        # Sync clients read `updated_after`: every save the workflow makes moves `updated` too.
        from claims.choices import AttributionStatus

        self.claim.appearances.update(status=AttributionStatus.SUGGESTED)
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, rating=self.false)
        before = Claim.objects.get(pk=self.claim.pk).updated
        services.review_submit(review=review, user=self.fact_checker)
        self.assertGreater(Claim.objects.get(pk=self.claim.pk).updated, before)
        services.review_approve(review=review, editor=self.editor)
        appeared = {a.pk: a.updated for a in self.claim.appearances.all()}
        services.review_publish(review=review, editor=self.editor)
        for appearance in self.claim.appearances.all():
            self.assertEqual(appearance.status, AttributionStatus.CONFIRMED)
            self.assertGreater(appearance.updated, appeared[appearance.pk])

    def test_deleting_a_draft_puts_the_claim_back_in_review_and_shows_the_change(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker)
        before = Claim.objects.get(pk=self.claim.pk).updated
        services.review_delete(review=review, user=self.editor)
        claim = Claim.objects.get(pk=self.claim.pk)
        self.assertEqual(claim.status, ClaimStatus.IN_REVIEW)
        self.assertGreater(claim.updated, before)

    def test_a_conflict_names_the_ratings_the_other_person_chose(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker)
        services.review_update(review=review, version=1, user=self.editor, rating=self.false)
        with self.assertRaises(services.ReviewConflict) as caught:
            services.review_update(review=Review.objects.get(pk=review.pk), version=1, user=self.fact_checker,
                                   headline="Mine")
        self.assertEqual(caught.exception.their_changes, [("rating", None, "False")])

    def test_a_stale_copy_given_to_a_service_never_writes_its_old_values_back(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, rating=self.false)
        stale = Review.objects.get(pk=review.pk)
        services.review_update(review=review, version=1, user=self.editor, headline="The editor's headline")
        services.review_submit(review=stale, user=self.fact_checker)
        fresh = Review.objects.get(pk=review.pk)
        self.assertEqual((fresh.status, fresh.headline), (ReviewStatus.SUBMITTED, "The editor's headline"))

    def test_a_correction_from_an_older_version_is_a_conflict(self) -> None:
        review = self._published()
        old = review.version
        services.review_correct(review=review, editor=self.editor, note="First", headline="Fixed once")
        with self.assertRaises(services.ReviewConflict):
            services.review_correct(review=review, editor=self.editor, note="Second", headline="Fixed from old",
                                    version=old)
        self.assertEqual(Review.objects.get(pk=review.pk).headline, "Fixed once")


    def test_a_conflict_names_both_ratings_when_the_other_person_changed_it(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, rating=self.false)
        misleading = Rating.objects.get(label="Misleading")
        services.review_update(review=review, version=1, user=self.editor, rating=misleading)
        with self.assertRaises(services.ReviewConflict) as caught:
            services.review_update(review=Review.objects.get(pk=review.pk), version=1, user=self.fact_checker,
                                   headline="Mine")
        self.assertEqual(caught.exception.their_changes, [("rating", "False", "Misleading")])

    def test_the_claim_carries_its_verdicts_status_and_rating_as_they_change(self) -> None:
        review = self._published()
        claim = Claim.objects.get(pk=self.claim.pk)
        self.assertEqual((claim.review_status, claim.rating_label, claim.verdict_id),
                         (ReviewStatus.PUBLISHED, "False", review.pk))
        services.review_correct(review=review, editor=self.editor, note="Re-rated",
                                rating=Rating.objects.get(label="Misleading"))
        claim.refresh_from_db()
        self.assertEqual((claim.review_status, claim.rating_label), (ReviewStatus.CORRECTED, "Misleading"))


    def test_the_queue_sees_a_draft_verdicts_rating_as_soon_as_it_is_chosen(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker)
        services.review_update(review=review, version=1, user=self.fact_checker, rating=self.false)
        claim = Claim.objects.get(pk=self.claim.pk)
        self.assertEqual((claim.review_status, claim.rating_label), (ReviewStatus.DRAFT, "False"))


class SourceResolveTests(SeededTestCase):
    def test_it_finds_an_existing_source_by_alias_and_adds_new_aliases(self) -> None:
        source = services.source_resolve(name="Kirby", aliases=["Adm. John Kirby"])
        self.assertEqual(source.name, "John Kirby")
        self.assertEqual(Source.objects.filter(normalized_name="john kirby").count(), 1)
        self.assertTrue(Source.objects.named("Adm. John Kirby").exists())

    def test_it_creates_an_unknown_source_once(self) -> None:
        first = services.source_resolve(name="Jane Newcomer", role="analyst")
        second = services.source_resolve(name="jane newcomer")
        self.assertEqual(first, second)
        self.assertEqual(second.role, "analyst")


class SamePersonTests(SeededTestCase):
    def test_a_middle_initial_does_not_make_another_person(self) -> None:
        first = services.source_resolve(name="Donald Trump")
        second = services.source_resolve(name="Donald J. Trump")
        self.assertEqual(first, second)
        self.assertTrue(Source.objects.named("Donald J. Trump").filter(pk=first.pk).exists())

    def test_a_different_first_name_is_another_person(self) -> None:
        self.assertNotEqual(services.source_resolve(name="Ivanka Trump"), services.source_resolve(name="Donald Trump"))
