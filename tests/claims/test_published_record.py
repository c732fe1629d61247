"""The published record changes only by an editor's correction: each hole found through the API,
the desk and the admin, tried again."""

from __future__ import annotations

import threading

from django.db import connection
from django.test import TransactionTestCase
from django.urls import reverse

from claims import services
from claims.choices import AttributionStatus, ClaimStatus, ReviewStatus
from claims.models import Article, Attribution, Claim, Correction, Evidence, Outlet, Review, Source
from claims.policy import SYSTEM
from tests.base import make_user
from tests.claims.api.helpers import ApiTestCase


class PublishedRecordThroughTheApiTests(ApiTestCase):
    def appearance(self) -> Attribution:
        return self.published_claim.appearances.get()

    def test_a_reporter_cannot_rewrite_a_published_claim_or_its_article(self) -> None:
        response = self.patch(f"/api/v1/claims/{self.published_claim.pk}/", {"text": "Rewritten."}, self.reporter_key)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["detail"], "Only fact-checkers and editors may edit a claim.")
        article = self.appearance().article
        for change in ({"headline": "New headline"}, {"url": "https://example.org/elsewhere"}):
            response = self.patch(f"/api/v1/articles/{article.pk}/", change, self.reporter_key)
            self.assertEqual(response.status_code, 403, change)
            self.assertIn("A published fact-check changes only by an editor's correction", response.json()["detail"])
        response = self.client.delete(f"/api/v1/attributions/{self.appearance().pk}/", **self.auth(self.reporter_key))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Claim.objects.get(pk=self.published_claim.pk).text, self.published_claim.text)
        self.assertEqual(Article.objects.get(pk=article.pk).headline, article.headline)
        self.assertTrue(Attribution.objects.filter(pk=self.appearance().pk).exists())

    def test_rejecting_a_published_appearance_on_the_desk_is_refused_but_an_editor_corrects_it(self) -> None:
        appearance = self.appearance()
        url = reverse("claims:attribution_action", args=[appearance.pk, "reject"])
        self.client.force_login(self.reporter)
        self.assertContains(self.client.post(url), "changes only by an editor&#x27;s correction", status_code=403)
        self.client.force_login(self.editor)
        self.client.post(url)  # no note: nothing changes
        self.assertEqual(Attribution.objects.get(pk=appearance.pk).status, AttributionStatus.CONFIRMED)
        self.client.post(url, {"note": "This was another speaker's remark."})
        self.assertEqual(Attribution.objects.get(pk=appearance.pk).status, AttributionStatus.REJECTED)
        self.assertEqual(list(Correction.objects.filter(review=self.published).values_list("note", flat=True)),
                         ["This was another speaker's remark."])

    def test_a_fact_checker_cannot_add_evidence_to_a_published_corrected_or_retracted_verdict(self) -> None:
        url = f"/api/v1/reviews/{self.published.pk}/evidence/"
        for step in ("published", "corrected", "retracted"):
            if step == "corrected":
                services.review_correct(review=self.published, editor=self.editor, note="A date was wrong.")
            if step == "retracted":
                services.review_retract(review=self.published, editor=self.editor, note="Withdrawn.")
            response = self.post(url, {"url": "https://example.org/late"}, self.fc_key)
            self.assertEqual(response.status_code, 403, step)
        self.assertFalse(Evidence.objects.filter(url="https://example.org/late").exists())

    def test_an_editor_corrects_a_published_claim_in_the_open(self) -> None:
        url = f"/api/v1/claims/{self.published_claim.pk}/"
        refused = self.patch(url, {"text": "Reworded claim."}, self.editor_key)
        self.assertEqual(refused.status_code, 400)
        self.assertIn("correction", refused.json()["note"][0])
        version = Review.objects.get(pk=self.published.pk).version
        done = self.patch(url, {"text": "Reworded claim.", "correction_note": "The claim was misstated."},
                          self.editor_key)
        self.assertEqual(done.status_code, 200, done.content)
        review = Review.objects.get(pk=self.published.pk)
        self.assertEqual((review.status, review.version), (ReviewStatus.CORRECTED, version + 1))
        self.assertEqual(list(review.corrections.values_list("note", flat=True)), ["The claim was misstated."])
        markup = self.client.get(f"/api/v1/reviews/{review.pk}/claimreview/").json()
        self.assertEqual(markup["claimReviewed"], "Reworded claim.")
        self.assertIn("dateModified", markup)

    def test_an_anchored_body_keeps_its_quotes_or_is_refused(self) -> None:
        article = self.appearance().article
        response = self.patch(f"/api/v1/articles/{article.pk}/", {"body": "Short.", "correction_note": "x"},
                              self.editor_key)
        self.assertEqual(response.status_code, 400)
        self.assertIn("anchored quote(s) are no longer in the text", response.json()["body"][0])
        self.assertEqual(Article.objects.get(pk=article.pk).body, article.body)
        # A typo fixed before the quotes: every span moves with the text, and still matches.
        draft_article = Article.objects.create(outlet=article.outlet, headline="Draft story",
                                               body='Teh minister spoke. "We will build it," she said.')
        claim = Claim.objects.create(text="We will build it")
        services.attribution_create(user=self.reporter, article=draft_article, claim=claim, text="We will build it")
        response = self.patch(f"/api/v1/articles/{draft_article.pk}/",
                              {"body": 'The minister spoke at length. "We will build it," she said.'},
                              self.reporter_key)
        self.assertEqual(response.status_code, 200, response.content)
        moved = Attribution.objects.get(claim=claim)
        self.assertEqual(moved.article.body[moved.start:moved.end], "We will build it")

    def test_one_open_verdict_per_claim_however_many_ask(self) -> None:
        claim = Claim.objects.create(text="A fresh claim to check.")
        answers = [self.post("/api/v1/reviews/", {"claim": claim.pk, "headline": f"Try {n}"}, self.fc_key).status_code
                   for n in range(5)]
        self.assertEqual(sorted(answers), [201, 409, 409, 409, 409])
        self.assertEqual(Review.objects.filter(claim=claim).count(), 1)

    def test_dismissing_and_reopening_is_an_editors_call_through_the_api_too(self) -> None:
        claim = Claim.objects.create(text="Another fresh claim.")
        url = f"/api/v1/claims/{claim.pk}/transition/"
        self.assertEqual(self.post(url, {"to": "dismissed"}, self.fc_key).status_code, 403)
        self.assertEqual(self.post(url, {"to": "dismissed"}, self.editor_key).status_code, 200)
        self.assertEqual(self.post(url, {"to": "new"}, self.fc_key).status_code, 403)
        self.assertEqual(Claim.objects.get(pk=claim.pk).status, ClaimStatus.DISMISSED)


class StatusesMoveTogetherTests(ApiTestCase):
    def test_claim_and_verdict_statuses_never_disagree_along_the_workflow(self) -> None:
        claim = Claim.objects.create(text="A claim that goes all the way.")
        review = services.review_create(claim=claim, fact_checker=self.fact_checker, rating=self.false)
        steps = [
            (lambda: None, ReviewStatus.DRAFT, ClaimStatus.IN_REVIEW),
            (lambda: services.review_submit(review=review, user=self.fact_checker), "submitted", "submitted"),
            (lambda: services.review_send_back(review=review, editor=self.editor), "draft", "in_review"),
            (lambda: services.review_submit(review=review, user=self.fact_checker), "submitted", "submitted"),
            (lambda: services.review_approve(review=review, editor=self.editor), "approved", "approved"),
            (lambda: services.review_publish(review=review, editor=self.editor), "published", "published"),
            (lambda: services.review_correct(review=review, editor=self.editor, note="n"), "corrected", "corrected"),
            (lambda: services.review_retract(review=review, editor=self.editor, note="n"), "retracted", "retracted"),
        ]
        for act, review_status, claim_status in steps:
            act()
            self.assertEqual((Review.objects.get(pk=review.pk).status, Claim.objects.get(pk=claim.pk).status),
                             (review_status, claim_status))


class SpeakerCorrectionTests(ApiTestCase):
    """'In a statement to Reuters, the union said ...' was credited to Reuters: correcting it moves the claim."""

    def setUp(self) -> None:
        outlet = Outlet.objects.get(name="Reuters")
        self.body = ('In a statement to Reuters, the Harbour Workers Union said "the strike will go on until the '
                     'pay offer improves," adding that talks had stalled.')
        self.article = Article.objects.create(outlet=outlet, headline="Strike goes on", body=self.body)
        self.reuters = services.source_resolve(name="Reuters", kind="organization")
        text = "the strike will go on until the pay offer improves,"
        self.claim = Claim.objects.create(text=text.rstrip(","), claimant=self.reuters)
        self.attribution = services.attribution_create(
            user=self.reporter, article=self.article, claim=self.claim, text=text, speaker=self.reuters,
            speaker_name="Reuters", status=AttributionStatus.SUGGESTED)

    def test_the_claimant_follows_when_every_appearance_names_the_new_speaker(self) -> None:
        self.client.force_login(self.reporter)
        prefix = f"a{self.attribution.pk}"
        response = self.client.post(reverse("claims:attribution_action", args=[self.attribution.pk, "correct"]), {
            f"{prefix}-speaker_name": "Harbour Workers Union", f"{prefix}-start": self.attribution.start,
            f"{prefix}-end": self.attribution.end, f"{prefix}-kind": "partial"})
        self.assertEqual(response.status_code, 302)
        claim = Claim.objects.get(pk=self.claim.pk)
        self.assertEqual(claim.claimant.name, "Harbour Workers Union")
        changed = claim.history.first()
        self.assertEqual((changed.history_user, changed.claimant_id), (self.reporter, claim.claimant_id))

    def test_an_appearance_that_now_names_someone_else_moves_to_its_speakers_claim(self) -> None:
        other = Article.objects.create(outlet=Outlet.objects.get(name="The Messenger"), headline="Also",
                                       body='Reuters reported: "the strike will go on until the pay offer improves."')
        text = "the strike will go on until the pay offer improves."
        second = services.attribution_create(user=self.reporter, article=other, claim=self.claim, text=text,
                                             speaker=self.reuters, speaker_name="Reuters")
        services.attribution_update(attribution=self.attribution, user=self.reporter,
                                    speaker_name="Harbour Workers Union")
        moved = Attribution.objects.get(pk=self.attribution.pk)
        self.assertNotEqual(moved.claim_id, self.claim.pk)
        self.assertEqual(moved.claim.claimant.name, "Harbour Workers Union")
        self.assertEqual(Attribution.objects.get(pk=second.pk).claim_id, self.claim.pk)
        self.assertEqual(Claim.objects.get(pk=self.claim.pk).claimant, self.reuters)

    def test_a_claim_whose_appearances_name_different_speakers_is_not_published(self) -> None:
        union = Source.objects.create(name="Harbour Workers Union", kind="organization")
        Attribution.objects.filter(pk=self.attribution.pk).update(speaker=union)
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, rating=self.false)
        services.review_submit(review=review, user=self.fact_checker)
        services.review_approve(review=review, editor=self.editor)
        with self.assertRaisesMessage(services.TransitionError, "name different speakers"):
            services.review_publish(review=review, editor=self.editor)
        self.assertEqual(Review.objects.get(pk=review.pk).status, ReviewStatus.APPROVED)


class AdminDataEntryTests(ApiTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.superuser)

    def article_form(self, body: str, **inline: str) -> dict[str, str]:
        data = {"outlet": str(Outlet.objects.get(name="Reuters").pk), "headline": "Typed in the admin",
                "body": body, "bylines": "[]", "attributions-TOTAL_FORMS": "1", "attributions-INITIAL_FORMS": "0",
                "attributions-MIN_NUM_FORMS": "0", "attributions-MAX_NUM_FORMS": "1000"}
        data.update({f"attributions-0-{k}": v for k, v in {
            "kind": "direct", "status": "confirmed", "said_on_precision": "day", "occurrence": "1", **inline}.items()})
        return data

    def test_offsets_that_do_not_match_are_a_form_error_and_nothing_is_left_behind(self) -> None:
        claims, articles = Claim.objects.count(), Article.objects.count()
        body = "First line.\r\nSecond line: \"We will win.\" said the coach."
        response = self.client.post(reverse("admin:claims_article_add"), self.article_form(
            body, text="We will win.", start="0", end="12"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The text does not match the article at 0–12")
        self.assertEqual((Claim.objects.count(), Article.objects.count()), (claims, articles))

    def test_the_text_alone_finds_its_offsets_counted_without_carriage_returns(self) -> None:
        body = "First line.\r\nSecond line: \"We will win.\" said the coach."
        response = self.client.post(reverse("admin:claims_article_add"), self.article_form(
            body, text="We will win.", speaker_name="the coach"))
        self.assertEqual(response.status_code, 302, response.content[:2000])
        article = Article.objects.get(headline="Typed in the admin")
        self.assertNotIn("\r", article.body)
        attribution = article.attributions.get()
        self.assertEqual(article.body[attribution.start:attribution.end], "We will win.")
        self.assertEqual(attribution.claim.text, "We will win.")


class OneOpenVerdictConcurrentTests(TransactionTestCase):
    def test_five_fact_checkers_at_the_same_moment_open_one_verdict(self) -> None:
        if connection.vendor != "postgresql":
            self.skipTest("truly concurrent writers need PostgreSQL")
        from django.contrib.auth.models import Group

        for name in ("Reporters", "Fact-checkers", "Editors"):
            Group.objects.get_or_create(name=name)
        checkers = [make_user(f"checker{n}", "Fact-checkers") for n in range(5)]
        claim = services.claim_create(user=SYSTEM, text="The tunnel opened two years late.")
        barrier, results = threading.Barrier(5), []

        def open_verdict(user) -> None:
            barrier.wait()
            try:
                services.review_create(claim=claim, fact_checker=user, headline=user.username)
                results.append("created")
            except services.ReviewConflict:
                results.append("conflict")
            finally:
                connection.close()

        threads = [threading.Thread(target=open_verdict, args=(user,)) for user in checkers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(results), ["conflict"] * 4 + ["created"])
        self.assertEqual(Review.objects.filter(claim=claim).count(), 1)
        self.assertEqual(Correction.objects.count(), 0)
