"""The claim services at their edges: the limits of a statement, a note and topics, and the moves
and assignments a claim makes before it has a verdict (what mutants of claims/services/claims.py
changed unnoticed)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from claims import services
from claims.choices import ClaimStatus, NotificationKind, Priority
from claims.extraction import checkworthiness
from claims.models import Claim, Correction, Notification
from claims.policy import SYSTEM, PolicyDenied
from claims.services import TransitionError
from tests.base import SeededTestCase
from tests.claims.desk_helpers import published_review, seed_claim


class ClaimLimitTests(SeededTestCase):
    def test_a_statement_has_at_most_two_thousand_characters(self) -> None:
        claim = services.claim_create(user=self.editor, text="x" * 2000)
        self.assertEqual(len(claim.text), 2000)
        with self.assertRaisesMessage(ValidationError, "At most 2,000 characters (this has 2,001)"):
            services.claim_create(user=self.editor, text="y" * 2001)
        with self.assertRaisesMessage(ValidationError, "this has 2,001"):
            services.claim_update(claim=claim, user=self.editor, text="z" * 2001)

    def test_a_note_has_at_most_five_thousand_characters(self) -> None:
        claim = seed_claim()
        note = services.note_add(claim=claim, author=self.fact_checker, text="n" * 5000)
        self.assertEqual(len(note.text), 5000)
        with self.assertRaisesMessage(ValidationError, "At most 5,000 characters (this has 5,001)"):
            services.note_add(claim=claim, author=self.fact_checker, text="n" * 5001)

    def test_a_topic_has_at_most_sixty_characters_and_a_claim_twelve_topics(self) -> None:
        claim = services.claim_create(user=self.editor, text="Taxes doubled.",
                                      topics=["t" * 60, *(f"topic {n}" for n in range(11))])
        self.assertEqual(claim.topics.count(), 12)
        with self.assertRaisesMessage(ValidationError, "at most 60 characters: abcdefghijklmnopqrst… is longer"):
            services.claim_update(claim=claim, user=self.editor, topics=["abcdefghijklmnopqrst" + "u" * 41])
        with self.assertRaisesMessage(ValidationError, "At most 12 topics on a claim (this has 13)"):
            services.claim_update(claim=claim, user=self.editor, topics=[f"topic {n}" for n in range(13)])
        self.assertEqual(claim.topics.count(), 12)


class ClaimMoveTests(SeededTestCase):
    def setUp(self) -> None:
        self.claim = services.claim_create(user=self.editor, text="Unemployment fell to 3 percent in June.")

    def test_a_claim_with_a_draft_verdict_is_not_dismissed_but_one_without_is(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker)
        with self.assertRaisesMessage(TransitionError, "delete the draft verdict before dismissing it"):
            services.claim_transition(claim=self.claim, to=ClaimStatus.DISMISSED, user=self.editor)
        services.review_delete(review=review, user=self.editor)
        services.claim_transition(claim=self.claim, to=ClaimStatus.DISMISSED, user=self.editor)
        self.assertEqual(Claim.objects.get(pk=self.claim.pk).status, ClaimStatus.DISMISSED)
        before = Claim.objects.get(pk=self.claim.pk).updated
        services.claim_transition(claim=self.claim, to=ClaimStatus.NEW, user=self.editor)
        reopened = Claim.objects.get(pk=self.claim.pk)
        self.assertEqual(reopened.status, ClaimStatus.NEW)
        self.assertGreater(reopened.updated, before)  # the sync feed shows the move

    def test_starting_takes_an_unassigned_claim_but_not_someone_elses_and_the_system_takes_none(self) -> None:
        services.claim_start(claim=self.claim, user=SYSTEM)
        self.assertIsNone(Claim.objects.get(pk=self.claim.pk).assigned_to)
        mine = services.claim_create(user=self.editor, text="Prices rose 5 percent.")
        services.claim_start(claim=mine, user=self.fact_checker)
        assigned, started = mine.history.all()[:2]
        self.assertEqual((assigned.assigned_to_id, started.assigned_to_id), (self.fact_checker.pk, None))
        self.assertGreater(assigned.updated, started.updated)  # taking it is a change of its own
        other = services.claim_create(user=self.editor, text="Taxes doubled since 2019.")
        services.claim_assign(claim=other, assignee=self.editor, user=self.editor)
        services.claim_start(claim=other, user=self.fact_checker)
        self.assertEqual(Claim.objects.get(pk=other.pk).assigned_to, self.editor)

    def test_only_a_fact_checker_or_an_editor_is_assigned_and_told_so_once(self) -> None:
        with self.assertRaisesMessage(ValidationError, "is not a fact-checker or an editor"):
            services.claim_assign(claim=self.claim, assignee=self.reporter, user=self.editor)
        services.claim_assign(claim=self.claim, assignee=self.fact_checker, user=self.editor)
        services.claim_assign(claim=self.claim, assignee=self.fact_checker, user=self.editor)
        told = Notification.objects.filter(recipient=self.fact_checker, kind=NotificationKind.ASSIGNED)
        self.assertEqual(told.count(), 1)
        services.claim_assign(claim=self.claim, assignee=None, user=self.editor)
        self.assertIsNone(Claim.objects.get(pk=self.claim.pk).assigned_to)

    def test_a_priority_must_be_one_of_the_choices_and_a_due_date_alone_needs_none(self) -> None:
        services.claim_plan(claim=self.claim, user=self.editor, priority=Priority.HIGH)
        services.claim_plan(claim=self.claim, user=self.editor, due_on=datetime.date(2030, 1, 31))
        planned = Claim.objects.get(pk=self.claim.pk)
        self.assertEqual((planned.priority, planned.due_on), (Priority.HIGH, datetime.date(2030, 1, 31)))
        with self.assertRaises(ValidationError) as caught:
            services.claim_plan(claim=self.claim, user=self.editor, priority="urgent!")
        self.assertIn("priority", caught.exception.message_dict)

    def test_a_blank_statement_or_note_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "A claim needs its statement"):
            services.claim_create(user=self.editor, text="   ")
        with self.assertRaisesMessage(ValidationError, "A claim needs its statement"):
            services.claim_update(claim=self.claim, user=self.editor, text=" \n")
        with self.assertRaisesMessage(ValidationError, "A note needs some text"):
            services.note_add(claim=self.claim, author=self.editor, text="  ")


class PublishedClaimTests(SeededTestCase):
    def test_retagging_a_published_claim_is_a_correction_and_the_same_tags_are_none(self) -> None:
        claim = seed_claim()
        review = published_review(claim, self.fact_checker, self.editor)
        services.claim_update(claim=claim, user=self.editor, topics=["Defence"], note="Tagged defence.")
        services.claim_update(claim=claim, user=self.editor, topics=["defence "], note="Nothing changes.")
        self.assertEqual(list(claim.topics.values_list("name", flat=True)), ["Defence"])
        self.assertEqual(list(Correction.objects.filter(review=review).values_list("note", flat=True)),
                         ["Tagged defence."])


class RescoringTests(SeededTestCase):
    def test_new_wording_alone_is_rescored(self) -> None:
        claim = services.claim_create(user=self.editor, text="no plans")
        services.claim_update(claim=claim, user=self.editor, text="Unemployment fell to 3 percent in June.")
        stored = Claim.objects.get(pk=claim.pk)
        self.assertEqual(stored.checkworthiness, checkworthiness.score(stored.text).score)
        self.assertNotEqual(stored.checkworthiness, checkworthiness.score("no plans").score)


class StaleCopyTests(SeededTestCase):
    def test_a_stale_copy_of_a_since_published_claim_is_no_way_around_a_correction(self) -> None:
        stale = seed_claim()
        published_review(seed_claim(), self.fact_checker, self.editor)
        with self.assertRaisesMessage(PolicyDenied, "correction"):
            services.claim_update(claim=stale, user=self.fact_checker, text="Quietly reworded.")
        self.assertNotEqual(Claim.objects.get(pk=stale.pk).text, "Quietly reworded.")
