"""Merging claims at its edges (what mutants of claims/services/matching.py changed unnoticed):
what a retracted claim or two verdicts refuse, which status and date the survivor keeps, and
who is named."""

from __future__ import annotations

import datetime

from claims import services
from claims.choices import AttributionStatus, ClaimStatus, DatePrecision, MatchStatus, NotificationKind
from claims.models import Article, Attribution, Claim, MatchSuggestion, Note, Notification, Review
from claims.policy import SYSTEM
from claims.services import AlreadyDecided, MergeError
from tests.base import SeededTestCase
from tests.claims.desk_helpers import published_review, rating


class ClaimMergeEdgeTests(SeededTestCase):
    def claim(self, text: str, **values: object) -> Claim:
        return services.claim_create(user=self.editor, text=text, **values)

    def test_nothing_joins_a_retracted_claim(self) -> None:
        survivor, merged = self.claim("Taxes doubled."), self.claim("Taxes doubled since 2019.")
        review = services.review_create(claim=survivor, fact_checker=self.fact_checker, rating=rating())
        services.review_submit(review=review, user=self.fact_checker)
        services.review_approve(review=review, editor=self.editor)
        services.review_publish(review=review, editor=self.editor)
        services.review_retract(review=review, editor=self.editor, note="Withdrawn.")
        with self.assertRaisesMessage(MergeError, "was retracted: nothing more joins it"):
            services.claim_merge(survivor=survivor, merged=merged, user=self.editor)
        self.assertIsNone(Claim.objects.get(pk=merged.pk).merged_into)

    def test_two_verdicts_refuse_a_merge_and_one_moves_over_with_its_status(self) -> None:
        survivor, merged = self.claim("Taxes doubled."), self.claim("Taxes doubled since 2019.")
        verdict = services.review_create(claim=merged, fact_checker=self.fact_checker, rating=rating())
        services.review_submit(review=verdict, user=self.fact_checker)
        other = services.review_create(claim=survivor, fact_checker=self.fact_checker)
        with self.assertRaisesMessage(MergeError, "Both claims have a verdict"):
            services.claim_merge(survivor=survivor, merged=merged, user=self.editor)
        services.review_delete(review=other, user=self.editor)
        services.claim_merge(survivor=survivor, merged=merged, user=self.editor)
        self.assertEqual(Review.objects.get(pk=verdict.pk).claim_id, survivor.pk)
        self.assertEqual(Claim.objects.get(pk=survivor.pk).status, ClaimStatus.SUBMITTED)

    def test_a_new_survivor_takes_the_review_a_merged_claim_was_in_but_keeps_a_status_of_its_own(self) -> None:
        survivor, merged = self.claim("Taxes doubled."), self.claim("Taxes doubled since 2019.")
        services.claim_start(claim=merged, user=self.fact_checker)
        services.claim_merge(survivor=survivor, merged=merged, user=self.editor)
        self.assertEqual(Claim.objects.get(pk=survivor.pk).status, ClaimStatus.IN_REVIEW)
        dismissed, started = self.claim("Prices rose."), self.claim("Prices rose again.")
        services.claim_transition(claim=dismissed, to=ClaimStatus.DISMISSED, user=self.editor)
        services.claim_start(claim=started, user=self.fact_checker)
        services.claim_merge(survivor=dismissed, merged=started, user=self.editor)
        self.assertEqual(Claim.objects.get(pk=dismissed.pk).status, ClaimStatus.DISMISSED)

    def test_the_survivor_keeps_the_earliest_date_with_its_precision(self) -> None:
        may, june = datetime.date(2024, 5, 1), datetime.date(2024, 6, 1)
        cases = [  # survivor's date, merged's date: the date kept
            ((None, DatePrecision.DAY), (june, DatePrecision.MONTH), (june, DatePrecision.MONTH)),
            ((june, DatePrecision.DAY), (may, DatePrecision.YEAR), (may, DatePrecision.YEAR)),
            ((may, DatePrecision.DAY), (june, DatePrecision.MONTH), (may, DatePrecision.DAY)),
            ((may, DatePrecision.DAY), (may, DatePrecision.MONTH), (may, DatePrecision.DAY)),
            ((may, DatePrecision.MONTH), (None, DatePrecision.DAY), (may, DatePrecision.MONTH)),
        ]
        for n, (theirs, mine, kept) in enumerate(cases):
            survivor = self.claim(f"Survivor {n}.", said_on=theirs[0], said_on_precision=theirs[1])
            merged = self.claim(f"Merged {n}.", said_on=mine[0], said_on_precision=mine[1])
            services.claim_merge(survivor=survivor, merged=merged, user=self.editor)
            stored = Claim.objects.get(pk=survivor.pk)
            self.assertEqual((stored.said_on, stored.said_on_precision), kept, n)

    def test_a_person_merging_leaves_a_note_the_system_does_not(self) -> None:
        survivor, merged = self.claim("Taxes doubled."), self.claim("Taxes doubled since 2019.")
        services.claim_merge(survivor=survivor, merged=merged, user=self.editor, reason="Same remark.")
        self.assertEqual(list(Note.objects.filter(claim=survivor).values_list("author", "text")),
                         [(self.editor.pk, f"Merged claim #{merged.pk} into this one. Same remark.")])
        again = self.claim("Taxes doubled in 2019.")
        services.claim_merge(survivor=survivor, merged=again, user=SYSTEM, reason="matched automatically")
        self.assertEqual(Note.objects.filter(claim=survivor).count(), 1)

    def test_confirmed_appearances_merged_into_a_published_claim_wait_for_an_editor_and_tell_its_checker(self) -> None:
        article = Article.objects.get()
        words = ["The 30-meter granite stele", "crowned with a red star"]
        published, unpublished = self.claim("Published."), self.claim("Unpublished.")
        published_review(published, self.fact_checker, self.editor)
        services.claim_merge(survivor=published, merged=self.claim("Said nowhere yet."), user=self.editor)
        for survivor, text in zip((published, unpublished), words, strict=True):
            merged = self.claim(f"Merged into {survivor.text}")
            services.attribution_create(user=self.editor, article=article, claim=merged, text=text,
                                        status=AttributionStatus.CONFIRMED)
            services.claim_merge(survivor=survivor, merged=merged, user=self.editor)
        self.assertEqual(Attribution.objects.get(text=words[0]).status, AttributionStatus.SUGGESTED)
        self.assertEqual(Attribution.objects.get(text=words[1]).status, AttributionStatus.CONFIRMED)
        moved = Attribution.objects.get(text=words[1])
        self.assertGreater(moved.updated, moved.history.last().updated)  # the sync feed shows the move
        told = Notification.objects.filter(recipient=self.fact_checker, kind=NotificationKind.REAPPEARED)
        self.assertEqual(list(told.values_list("claim", flat=True)), [published.pk])


class SuggestionDecideTests(SeededTestCase):
    def suggestion(self, n: int) -> MatchSuggestion:
        article = Article.objects.get()
        words = ["The 30-meter granite stele", "crowned with a red star", "granite stele"][n]
        statement = services.claim_create(user=self.editor, text=f"Statement {n}.")
        appearance = services.attribution_create(user=self.editor, article=article, claim=statement, text=words)
        target = services.claim_create(user=self.editor, text=f"Target {n}.")
        return MatchSuggestion.objects.create(attribution=appearance, claim=target, score=0.7)

    def test_each_decision_does_its_own_and_is_taken_once(self) -> None:
        link, keep, merge = (self.suggestion(n) for n in range(3))
        with self.assertRaisesMessage(ValueError, "Unknown decision 'ignore'"):
            services.suggestion_decide(suggestion=link, action="ignore", user=self.editor)
        self.assertEqual(services.suggestion_decide(suggestion=link, action="link", user=self.editor), link.claim)
        linked = Attribution.objects.get(pk=link.attribution_id)
        self.assertEqual(linked.claim_id, link.claim_id)
        self.assertGreater(linked.updated, link.attribution.updated)  # the sync feed shows the move
        self.assertEqual(services.suggestion_decide(suggestion=keep, action="keep", user=self.editor),
                         keep.attribution.claim)
        self.assertEqual(Attribution.objects.get(pk=keep.attribution_id).claim_id, keep.attribution.claim_id)
        services.suggestion_decide(suggestion=merge, action="merge", user=self.editor)
        self.assertEqual(Claim.objects.get(pk=merge.attribution.claim_id).merged_into_id, merge.claim_id)
        statuses = {s.pk: s.status for s in MatchSuggestion.objects.filter(pk__in=[link.pk, keep.pk, merge.pk])}
        self.assertEqual([statuses[s.pk] for s in (link, keep, merge)],
                         [MatchStatus.LINKED, MatchStatus.KEPT_SEPARATE, MatchStatus.MERGED])
        with self.assertRaisesMessage(AlreadyDecided, "already decided: Kept separate"):
            services.suggestion_decide(suggestion=keep, action="link", user=self.editor)
