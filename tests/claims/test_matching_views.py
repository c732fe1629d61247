"""Claim matching on the review desk: suggestions on claim and article pages, editors' decisions,
merges (nothing lost, history kept, redirects), and "already checked" flags."""

from __future__ import annotations

from datetime import date

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.choices import AttributionKind, AttributionStatus, ClaimStatus, MatchStatus, ReviewStatus
from claims.models import Article, Attribution, Claim, MatchSuggestion, Note, Outlet, Review
from claims.services import matching
from tests.base import SeededTestCase
from tests.claims.desk_helpers import published_review, seed_claim

VARIANT = "I am sure that today's talks will help strengthen cooperation between our armies"


def second_appearance(claim: Claim, text: str = VARIANT, *, outlet: str = "The Evening Wire",
                      score: float = 0.72) -> MatchSuggestion:
    """The claimant's statement in another article, on a claim of its own, suggested as `claim`."""
    body = f'Defence talks in Pyongyang\n\n"{text}," {claim.claimant.name} told reporters on Thursday.\n'
    article = Article.objects.create(
        outlet=Outlet.objects.get_or_create(name=outlet)[0], headline=f"Talks hailed ({outlet})", body=body,
        published_on=date(2023, 7, 27),
    )
    start = body.index(text)
    own = Claim.objects.create(text=text, claimant=claim.claimant)
    attribution = Attribution.objects.create(
        article=article, claim=own, text=text, start=start, end=start + len(text),
        kind=AttributionKind.DIRECT, speaker=claim.claimant,
    )
    attribution.refresh_from_db()
    suggestion, _ = MatchSuggestion.objects.update_or_create(
        attribution=attribution, claim=claim, defaults={"score": score, "status": MatchStatus.PENDING}
    )
    return suggestion


def message_texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


class SuggestionPanelTests(SeededTestCase):
    def setUp(self) -> None:
        self.claim = seed_claim()
        self.suggestion = second_appearance(self.claim)
        self.statement_claim = self.suggestion.attribution.claim

    def test_it_shows_the_statement_with_its_score_and_the_differing_words_marked(self) -> None:
        self.client.force_login(self.fact_checker)
        response = self.client.get(reverse("claims:claim", args=[self.claim.pk]))
        self.assertContains(response, "Possible same claim")
        self.assertContains(response, '<span class="score" title="Similarity, from 0 to 1">0.72</span>', html=True)
        self.assertContains(response, '<mark class="diff">sure</mark>')
        self.assertContains(response, '<mark class="diff">armies</mark>')
        self.assertNotContains(response, '<mark class="diff">talks</mark>')
        self.assertContains(response, "Talks hailed (The Evening Wire)")
        self.assertContains(response, "The Evening Wire")
        self.assertContains(response, "27 Jul 2023")

    def test_it_shows_the_suggested_claim_on_the_statements_own_claim_page(self) -> None:
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("claims:claim", args=[self.statement_claim.pk]))
        self.assertContains(response, f"may be <a href=\"{reverse('claims:claim', args=[self.claim.pk])}\">")
        self.assertContains(response, '<mark class="diff">convinced</mark>')
        self.assertContains(response, '<mark class="diff">defense departments</mark>')
        self.assertContains(response, "The Messenger")  # the suggested claim's first appearance

    def test_it_escapes_the_statements_text(self) -> None:
        text = "I am sure <script>alert(1)</script> today's talks will help strengthen cooperation"
        second_appearance(self.claim, text, outlet="Script Weekly", score=0.6)
        self.client.force_login(self.editor)
        response = self.client.get(reverse("claims:claim", args=[self.claim.pk]))
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_it_shows_the_decisions_to_editors_only(self) -> None:
        url = reverse("claims:claim", args=[self.claim.pk])
        for user in (self.reporter, self.fact_checker):
            self.client.force_login(user)
            response = self.client.get(url)
            self.assertContains(response, "Possible same claim")
            self.assertNotContains(response, "Same claim: link this appearance")
            self.assertNotContains(response, "Merge into claim #")
        self.client.force_login(self.editor)
        response = self.client.get(url)
        labels = ("Same claim: link this appearance", "Keep separate", "Merge the two claims", "Merge into claim #")
        for label in labels:
            self.assertContains(response, label)

    def test_it_leaves_out_decided_suggestions(self) -> None:
        matching.suggestion_keep_separate(suggestion=self.suggestion, user=self.editor)
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get(reverse("claims:claim", args=[self.claim.pk])), "Possible same claim")

    def test_it_uses_the_same_number_of_queries_whatever_the_number_of_suggestions(self) -> None:
        url = reverse("claims:claim", args=[self.claim.pk])
        self.client.force_login(self.editor)
        self.client.get(url)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for n in range(4):
            second_appearance(self.claim, f"{VARIANT} number {n}", outlet=f"Outlet {n}", score=0.6)
        with CaptureQueriesContext(connection) as five:
            response = self.client.get(url)
        self.assertEqual(len(response.context["suggestions"]), 5)
        self.assertEqual(len(one), len(five))


class SuggestionDecisionTests(SeededTestCase):
    def setUp(self) -> None:
        self.claim = seed_claim()
        self.suggestion = second_appearance(self.claim)
        self.attribution = self.suggestion.attribution
        self.statement_claim = self.attribution.claim

    def url(self, action: str) -> str:
        return reverse("claims:suggestion_decide", args=[self.suggestion.pk, action])

    def test_it_lets_only_editors_decide(self) -> None:
        for user, status in ((self.fact_checker, 403), (self.reporter, 403), (self.outsider, 403)):
            self.client.force_login(user)
            for action in ("link", "keep", "merge"):
                self.assertEqual(self.client.post(self.url(action), {"from": self.claim.pk}).status_code, status)
        self.client.logout()
        self.assertEqual(self.client.post(self.url("link")).status_code, 302)  # to sign in
        self.suggestion.refresh_from_db()
        self.attribution.refresh_from_db()
        self.assertEqual(self.suggestion.status, MatchStatus.PENDING)
        self.assertEqual(self.attribution.claim_id, self.statement_claim.pk)
        self.assertIsNone(Claim.objects.get(pk=self.statement_claim.pk).merged_into_id)

    def test_it_takes_decisions_by_post_only_and_knows_its_actions(self) -> None:
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(self.url("link")).status_code, 405)
        self.assertEqual(self.client.post(self.url("explode")).status_code, 404)
        self.assertEqual(self.client.post(reverse("claims:suggestion_decide", args=[999999, "link"])).status_code, 404)

    def test_it_links_the_statement_as_an_appearance_of_the_suggested_claim(self) -> None:
        self.client.force_login(self.editor)
        response = self.client.post(self.url("link"), {"from": self.claim.pk})
        self.assertRedirects(response, reverse("claims:claim", args=[self.claim.pk]) + "#matches")
        self.attribution.refresh_from_db()
        self.suggestion.refresh_from_db()
        self.assertEqual(self.attribution.claim_id, self.claim.pk)
        self.assertEqual((self.suggestion.status, self.suggestion.decided_by), (MatchStatus.LINKED, self.editor))
        self.assertEqual(self.claim.appearances.count(), 2)
        # The emptied claim leads to the one it now belongs to.
        self.assertEqual(Claim.objects.get(pk=self.statement_claim.pk).merged_into_id, self.claim.pk)
        self.assertIn(f"Linked: the statement is now an appearance of claim #{self.claim.pk}.", message_texts(response))

    def test_it_keeps_the_two_claims_separate(self) -> None:
        self.client.force_login(self.editor)
        response = self.client.post(self.url("keep"), {"from": self.statement_claim.pk})
        self.assertRedirects(response, reverse("claims:claim", args=[self.statement_claim.pk]) + "#matches")
        self.suggestion.refresh_from_db()
        self.assertEqual(self.suggestion.status, MatchStatus.KEPT_SEPARATE)
        self.attribution.refresh_from_db()
        self.assertEqual(self.attribution.claim_id, self.statement_claim.pk)
        self.assertIsNone(Claim.objects.get(pk=self.statement_claim.pk).merged_into_id)
        self.assertTrue(any(m.startswith("Kept separate") for m in message_texts(response)))
        page = self.client.get(reverse("claims:claim", args=[self.claim.pk]))
        self.assertNotContains(page, "Possible same claim")

    def test_it_merges_the_two_claims_with_everything_on_them(self) -> None:
        services.note_add(claim=self.statement_claim, author=self.reporter, text="Heard it on the radio too.")
        review = services.review_create(claim=self.statement_claim, fact_checker=self.fact_checker,
                                        headline="Draft on the armies")
        both = set(
            Attribution.objects.filter(claim__in=[self.claim, self.statement_claim]).values_list("pk", flat=True))
        self.client.force_login(self.editor)
        response = self.client.post(self.url("merge"), {"from": self.claim.pk})
        self.assertRedirects(response, reverse("claims:claim", args=[self.claim.pk]))
        merged = Claim.objects.get(pk=self.statement_claim.pk)
        self.assertEqual(merged.merged_into_id, self.claim.pk)
        self.assertEqual(set(self.claim.appearances.values_list("pk", flat=True)), both)
        self.assertEqual(len(both), 2)
        self.assertEqual(Review.objects.get(pk=review.pk).claim_id, self.claim.pk)
        self.assertTrue(Note.objects.filter(claim=self.claim, text="Heard it on the radio too.").exists())
        self.suggestion.refresh_from_db()
        self.assertEqual(self.suggestion.status, MatchStatus.MERGED)
        self.assertIn(f"Merged claim #{merged.pk} into claim #{self.claim.pk}: its appearances, verdicts, notes "
                      "and history are here now.", message_texts(response))

    def test_it_says_when_a_suggestion_was_already_decided(self) -> None:
        matching.suggestion_keep_separate(suggestion=self.suggestion, user=self.superuser)
        self.client.force_login(self.editor)
        response = self.client.post(self.url("merge"), {"from": self.claim.pk})
        self.assertRedirects(response, reverse("claims:claim", args=[self.claim.pk]) + "#matches")
        self.assertIn("This suggestion was already decided: Kept separate.", message_texts(response))
        self.assertIsNone(Claim.objects.get(pk=self.statement_claim.pk).merged_into_id)

    def test_it_refuses_a_decision_on_a_statement_merged_meanwhile(self) -> None:
        Claim.objects.filter(pk=self.statement_claim.pk).update(
            merged_into=Claim.objects.create(text="Elsewhere", claimant=self.claim.claimant))
        self.client.force_login(self.editor)
        response = self.client.post(self.url("merge"), {"from": self.claim.pk})
        self.assertContains(response, "this one is merged", status_code=403)
        self.assertEqual(MatchSuggestion.objects.get(pk=self.suggestion.pk).status, MatchStatus.PENDING)


class ClaimMergeTests(SeededTestCase):
    def setUp(self) -> None:
        self.survivor = seed_claim()
        self.suggestion = second_appearance(self.survivor)
        self.claim = self.suggestion.attribution.claim  # the one to merge away
        self.url = reverse("claims:claim_merge", args=[self.claim.pk])

    def test_it_lets_only_editors_merge(self) -> None:
        for user in (self.reporter, self.fact_checker, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url, {"into": self.survivor.pk}).status_code, 403)
            self.assertEqual(self.client.post(self.url, {"into": self.survivor.pk}).status_code, 403)
        self.assertIsNone(Claim.objects.get(pk=self.claim.pk).merged_into_id)

    def test_it_lists_similar_claims_by_the_same_speaker(self) -> None:
        self.client.force_login(self.editor)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual([c.claim.pk for c in response.context["candidates"]][:1], [self.survivor.pk])
        self.assertContains(response, f"?into={self.survivor.pk}#confirm")
        self.assertIsNone(response.context["survivor"])

    def test_it_asks_for_confirmation_before_merging(self) -> None:
        self.client.force_login(self.editor)
        response = self.client.get(self.url, {"into": self.survivor.pk})
        self.assertContains(response, f"Merge claim #{self.claim.pk} into claim #{self.survivor.pk}?")
        self.assertContains(response, f'<input type="hidden" name="into" value="{self.survivor.pk}">', html=True)
        self.assertContains(response, '<mark class="diff">armies</mark>')
        self.assertIsNone(Claim.objects.get(pk=self.claim.pk).merged_into_id)

    def test_it_explains_a_merge_it_cannot_make_before_the_button(self) -> None:
        self.client.force_login(self.editor)
        for into, problem in ((self.claim.pk, "A claim cannot be merged into itself."),
                              (999999, "There is no claim #999999.")):
            response = self.client.get(self.url, {"into": into})
            self.assertContains(response, problem)
            self.assertIsNone(response.context["survivor"])

    def test_it_merges_and_loses_nothing(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, headline="In progress")
        services.evidence_add(review=review, user=self.fact_checker, url="https://example.org/kcna", title="KCNA")
        evidence = list(review.evidence.values_list("pk", flat=True))
        services.note_add(claim=self.claim, author=self.fact_checker, text="Same as the Messenger quote?")
        appearances = set(
            Attribution.objects.filter(claim__in=[self.claim, self.survivor]).values_list("pk", flat=True))
        self.client.force_login(self.editor)
        response = self.client.post(self.url, {"into": self.survivor.pk, "reason": "Same speech, other outlet."})
        self.assertRedirects(response, reverse("claims:claim", args=[self.survivor.pk]))
        self.assertIn(f"Merged claim #{self.claim.pk} into this one: its appearances, verdicts, notes and history "
                      "are here now.", message_texts(response))
        self.survivor.refresh_from_db()
        self.assertEqual(Claim.objects.get(pk=self.claim.pk).merged_into_id, self.survivor.pk)
        self.assertEqual(set(self.survivor.appearances.values_list("pk", flat=True)), appearances)
        self.assertEqual(list(self.survivor.reviews.values_list("pk", flat=True)), [review.pk])
        self.assertEqual(list(review.evidence.values_list("pk", flat=True)), evidence)
        self.assertEqual(self.survivor.status, ClaimStatus.IN_REVIEW)  # it took over the verdict in progress
        notes = list(self.survivor.notes.values_list("text", flat=True))
        self.assertIn("Same as the Messenger quote?", notes)
        self.assertIn(f"Merged claim #{self.claim.pk} into this one. Same speech, other outlet.", notes)
        page = self.client.get(reverse("claims:claim", args=[self.survivor.pk]))
        self.assertContains(page, "Talks hailed (The Evening Wire)")
        self.assertEqual(page.context["review"].pk, review.pk)

    def test_a_published_claim_is_not_merged_away_but_others_join_it(self) -> None:
        published_review(self.claim, self.fact_checker, self.editor)
        self.client.force_login(self.editor)
        response = self.client.post(self.url, {"into": self.survivor.pk})
        self.assertContains(response, "this one is published", status_code=403)
        self.assertIsNone(Claim.objects.get(pk=self.claim.pk).merged_into_id)
        # The other way round it joins, and its appearances wait for an editor to confirm them publicly.
        response = self.client.post(reverse("claims:claim_merge", args=[self.survivor.pk]), {"into": self.claim.pk})
        self.assertRedirects(response, reverse("claims:claim", args=[self.claim.pk]))
        joined = Attribution.objects.filter(claim=self.claim, article__headline__startswith="Russian Defense")
        self.assertEqual(list(joined.values_list("status", flat=True)), [AttributionStatus.SUGGESTED])

    def test_it_shows_a_merge_error_as_a_message(self) -> None:
        Claim.objects.filter(pk=self.survivor.pk).update(
            merged_into=Claim.objects.create(text="Elsewhere", claimant=self.survivor.claimant))
        self.client.force_login(self.editor)
        response = self.client.post(self.url, {"into": self.survivor.pk})
        self.assertRedirects(response, reverse("claims:claim", args=[self.claim.pk]))
        self.assertIn("Not merged: One of these claims was already merged into another.", message_texts(response))
        self.assertIsNone(Claim.objects.get(pk=self.claim.pk).merged_into_id)
        response = self.client.post(self.url, {"into": 999999})
        self.assertIn("Not merged: there is no claim #999999.", message_texts(response))


class MergedClaimPageTests(SeededTestCase):
    def setUp(self) -> None:
        self.survivor = seed_claim()
        self.merged = second_appearance(self.survivor).attribution.claim

    def test_it_sends_a_merged_claims_page_to_the_survivor(self) -> None:
        matching.claim_merge(survivor=self.survivor, merged=self.merged, user=self.editor)
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("claims:claim", args=[self.merged.pk]))
        self.assertRedirects(response, reverse("claims:claim", args=[self.survivor.pk]),
                             fetch_redirect_response=False)
        page = self.client.get(response.url)
        message = f"Claim #{self.merged.pk} was merged into this one."
        self.assertContains(page, f'<li class="message message-info">{message}</li>', html=True)
        self.assertContains(page, "Talks hailed (The Evening Wire)")  # the merged claim's appearance, here

    def test_it_follows_a_chain_of_merges(self) -> None:
        matching.claim_merge(survivor=self.survivor, merged=self.merged, user=self.editor)
        last = Claim.objects.create(text=self.survivor.text, claimant=self.survivor.claimant)
        matching.claim_merge(survivor=last, merged=self.survivor, user=self.editor)
        self.client.force_login(self.editor)
        response = self.client.get(reverse("claims:claim", args=[self.merged.pk]))
        self.assertRedirects(response, reverse("claims:claim", args=[last.pk]))
        self.assertEqual(last.appearances.count(), 2)

    def test_it_keeps_the_merged_claims_history_on_the_survivor(self) -> None:
        services.claim_assign(claim=self.merged, assignee=self.fact_checker, user=self.editor)
        review = services.review_create(claim=self.merged, fact_checker=self.fact_checker, headline="Armies")
        matching.claim_merge(survivor=self.survivor, merged=self.merged, user=self.editor)
        self.client.force_login(self.editor)
        response = self.client.get(reverse("claims:claim", args=[self.survivor.pk]))
        history = response.context["history"].entries
        from_merged = [e for e in history if e.merged_from == self.merged.pk]
        whats = {e.what for e in from_merged}
        self.assertIn("the claim", whats)  # the merged claim's own records: created, assigned, merged
        self.assertIn("the verdict", whats)  # the review's records from before it moved
        self.assertTrue(any(e.what.startswith("appearance") for e in from_merged))
        self.assertTrue(any(c.field == "assigned to" and c.new == "fiona" for e in from_merged for c in e.changes))
        self.assertContains(response, f"from merged claim #{self.merged.pk}")
        self.assertTrue(any(e.what == "the verdict" and e.merged_from is None for e in history))
        self.assertEqual(Review.objects.get(pk=review.pk).claim_id, self.survivor.pk)

    def test_the_queue_leaves_merged_claims_out(self) -> None:
        matching.claim_merge(survivor=self.survivor, merged=self.merged, user=self.editor)
        self.client.force_login(self.editor)
        response = self.client.get(reverse("claims:queue"))
        pks = [c.pk for c in response.context["queue"].rows]
        self.assertIn(self.survivor.pk, pks)
        self.assertNotIn(self.merged.pk, pks)
        self.assertNotIn(self.merged.pk, [c.pk for c in self.client.get(
            reverse("claims:queue"), {"q": "armies"}).context["queue"].rows])


class AlreadyCheckedTests(SeededTestCase):
    def setUp(self) -> None:
        self.claim = seed_claim()
        self.article = self.claim.appearances.get().article

    def test_it_flags_a_statement_whose_claim_has_a_published_verdict_on_the_article_page(self) -> None:
        self.client.force_login(self.reporter)
        url = reverse("claims:article", args=[self.article.pk])
        self.assertNotContains(self.client.get(url), "already checked")
        review = published_review(self.claim, self.fact_checker, self.editor)
        response = self.client.get(url)
        day = Review.objects.get(pk=review.pk).published_at.date().isoformat()
        self.assertContains(response, f"already checked: Mostly true (published {day})")
        self.assertContains(response, f'href="{reverse("claims:factcheck", args=[review.pk])}"')
        self.assertContains(response, "already checked", count=1)

    def test_it_does_not_flag_a_verdict_that_is_not_published(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, headline="Draft")
        self.assertEqual(review.status, ReviewStatus.DRAFT)
        self.client.force_login(self.reporter)
        self.assertNotContains(self.client.get(reverse("claims:article", args=[self.article.pk])), "already checked")

    def test_it_badges_statements_with_a_pending_suggestion(self) -> None:
        suggestion = second_appearance(self.claim)
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("claims:article", args=[suggestion.attribution.article_id]))
        claim_url = reverse("claims:claim", args=[suggestion.attribution.claim_id])
        self.assertContains(response, f'href="{claim_url}#matches"')
        self.assertContains(response, "possible same claim (0.72)")
        matching.suggestion_keep_separate(suggestion=suggestion, user=self.editor)
        response = self.client.get(reverse("claims:article", args=[suggestion.attribution.article_id]))
        self.assertNotContains(response, "possible same claim")

    def test_it_uses_the_same_number_of_queries_with_flags_on_every_statement(self) -> None:
        url = reverse("claims:article", args=[self.article.pk])
        self.client.force_login(self.editor)
        self.client.get(url)
        with CaptureQueriesContext(connection) as before:
            self.client.get(url)
        for attribution in self.article.attributions.select_related("claim")[:3]:
            published_review(attribution.claim, self.fact_checker, self.editor)
            other = Claim.objects.create(text=f"Something else {attribution.pk}", claimant=attribution.claim.claimant)
            MatchSuggestion.objects.create(attribution=attribution, claim=other, score=0.6)
        with CaptureQueriesContext(connection) as after:
            response = self.client.get(url)
        self.assertContains(response, "already checked", count=3)
        self.assertContains(response, "possible same claim (0.60)", count=3)
        self.assertEqual(len(before), len(after))


WIRE = (" date 2024-03-01 Ferry deal - Wire One\nFerry deal\n\nJo Writer\n\n"
        '"The island will get two new ferries and a rebuilt pier before the summer season starts," transport '
        "minister Ana Lopes said on Friday.\n")
PAPER = (" date 2024-03-02 Ferry deal - Daily Two\nFerry deal\n\nJo Writer\n\n"
         '"The island will get two new ferries and a rebuilt pier," Ana Lopes said on Friday.\n\n'
         '"Ticket prices will stay frozen until next year," Lopes added.\n')


class ImportPreviewAlreadyCheckedTests(SeededTestCase):
    def test_it_flags_a_statement_already_checked_in_the_preview(self) -> None:
        from claims.services.imports import import_article

        first = import_article(text=WIRE)
        claim = next(a.claim for a in first.attributions if "two new ferries" in a.text)
        review = published_review(claim, self.fact_checker, self.editor,
                                  rating=Review._meta.get_field("rating").related_model.objects.get(
                                      label="Mostly false", scale__is_default=True))
        day = Review.objects.get(pk=review.pk).published_at.date().isoformat()
        self.client.force_login(self.reporter)
        response = self.client.post(reverse("claims:import"), {"intent": "preview", "text": PAPER})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Already checked:", count=1)
        self.assertContains(response, f"Mostly false (published {day})")
        self.assertContains(response, f'href="{reverse("claims:factcheck", args=[review.pk])}"')
