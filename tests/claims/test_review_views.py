"""The review desk's queue and claim page through Django's test client: every role, every action."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from claims import services
from claims.choices import ClaimStatus, ReviewStatus
from claims.models import Claim, Correction, Evidence, Note, Review, Source
from claims.selectors import SORTS
from tests.base import SeededTestCase
from tests.claims.desk_helpers import published_review, rating, seed_claim


class QueueTests(SeededTestCase):
    url = reverse("claims:queue")

    @pytest.fixture(autouse=True)
    def _query_budget(self, django_assert_max_num_queries) -> None:
        self.assert_max_queries = django_assert_max_num_queries

    def texts(self, **params) -> list[str]:
        return [c.text for c in self.client.get(self.url, params).context["queue"].rows]

    def test_it_sends_anonymous_visitors_to_sign_in(self) -> None:
        response = self.client.get(self.url)
        self.assertRedirects(response, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False)

    def test_it_shows_an_outsider_nothing(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 403)
        self.assertNotContains(response, "I am convinced", status_code=403)

    def test_it_shows_every_role_the_claims_with_counts_per_status(self) -> None:
        for user in (self.reporter, self.fact_checker, self.editor, self.superuser):
            self.client.force_login(user)
            response = self.client.get(self.url)
            self.assertContains(response, "I am convinced that today")
            self.assertEqual(dict((v, n) for v, _, n in response.context["queue"].tabs)["new"], "7")

    def test_it_redirects_the_site_root_to_the_queue(self) -> None:
        self.assertRedirects(self.client.get("/"), self.url, fetch_redirect_response=False)

    def test_it_filters_by_status_speaker_outlet_kind_rating_search_and_assignment(self) -> None:
        claim = seed_claim()
        services.review_create(claim=claim, fact_checker=self.fact_checker, rating=rating("True"))
        services.claim_assign(claim=claim, assignee=self.fact_checker, user=self.editor)
        shoigu = Source.objects.get(name="Sergei Shoigu")
        self.client.force_login(self.fact_checker)
        texts = self.texts
        self.assertEqual(texts(status="in_review"), [claim.text])
        self.assertEqual(texts(speaker=shoigu.pk), [claim.text])
        self.assertEqual(texts(speaker="Sergei Shoigu"), [claim.text])
        self.assertEqual(texts(mine="true"), [claim.text])
        self.assertEqual(texts(current_rating=rating("True").value), [claim.text])
        self.assertEqual(texts(q="CONVINCED"), [claim.text])
        self.assertEqual(len(texts(kind="indirect")), 2)
        self.assertEqual(len(texts(outlet=claim.appearances.get().article.outlet_id)), 7)
        self.assertEqual(texts(published_after="2024-01-01"), [])
        self.assertEqual(len(texts(published_after="2023-07-26", published_before="2023-07-26")), 7)
        tabs = {v: n for v, _, n in self.client.get(self.url, {"status": "new"}).context["queue"].tabs}
        self.assertEqual((tabs["new"], tabs["in_review"]), ("6", "1"))
        # Filtered beyond the status, only what is shown is counted (a tab's count is a scan).
        queue = self.client.get(self.url, {"status": "new", "kind": "indirect"}).context["queue"]
        self.assertEqual((queue.count, queue.total, {n for _, _, n in queue.tabs}), (2, "", {""}))

    def test_the_rating_shown_follows_the_current_verdict_through_the_services(self) -> None:
        claim = seed_claim()
        self.client.force_login(self.editor)
        review = services.review_create(claim=claim, fact_checker=self.fact_checker, rating=rating("True"))
        self.assertEqual(self.texts(current_rating=rating("True").value), [claim.text])
        services.review_update(review=review, version=review.version, user=self.fact_checker, rating=rating("False"))
        self.assertEqual(self.texts(current_rating=rating("True").value), [])
        self.assertEqual(self.texts(current_rating=rating("False").value), [claim.text])
        self.assertContains(self.client.get(self.url), '<span class="rating rating-')
        services.review_delete(review=review, user=self.editor)
        claim.refresh_from_db()
        self.assertEqual((claim.review_status, claim.rating_label, claim.rating_value), ("", "", None))

    def test_a_bad_filter_value_is_shown_at_its_field_and_the_others_still_apply(self) -> None:
        claim = seed_claim()
        services.claim_assign(claim=claim, assignee=self.editor, user=self.editor)
        self.client.force_login(self.editor)
        response = self.client.get(self.url, {"mine": "true", "published_after": "not a date", "outlet": "x"})
        queue = response.context["queue"]
        self.assertEqual([c.text for c in queue.rows], [claim.text])  # "mine" still applies
        self.assertEqual(set(queue.errors), {"published_after", "outlet"})
        self.assertEqual(queue.count, 1)
        self.assertContains(response, "1 claim matches the filters")
        self.assertContains(response, "Enter a valid date.")
        response = self.client.get(self.url, {"speaker": "²"})
        self.assertContains(response, "No speaker is called")
        self.assertEqual(len(response.context["queue"].rows), 7)  # the unknown speaker is left out

    def test_it_sorts_and_pages_by_cursor(self) -> None:
        self.client.force_login(self.editor)
        worths = [c.checkworthiness for c in self.client.get(self.url, {"sort": "-checkworthiness"}
                                                             ).context["queue"].rows]
        self.assertEqual(worths, sorted(worths, key=lambda w: -1 if w is None else w, reverse=True))
        Claim.objects.bulk_create([Claim(text=f"Extra claim {i}", checkworthiness=i % 3 or None) for i in range(30)])
        for sort in SORTS:
            seen, cursor = [], None
            for _ in range(3):
                params = {"sort": sort, "q": "claim"} if sort == "relevance" else {"sort": sort}
                response = self.client.get(self.url, {**params, **({"cursor": cursor} if cursor else {})})
                queue = response.context["queue"]
                seen += [c.pk for c in queue.rows]
                cursor = queue.next_cursor
                if cursor is None:
                    break
            if sort != "relevance" or connection.vendor == "postgresql":
                expected = Claim.objects.active().count() if sort != "relevance" else len(set(seen))
                self.assertEqual((len(seen), len(set(seen))), (expected, expected), sort)
        response = self.client.get(self.url, {"cursor": "garbage"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("cursor", response.context["queue"].errors)

    def test_counts_past_the_limit_are_shown_bounded(self) -> None:
        from claims.selectors import queue

        self.client.force_login(self.editor)
        original = queue.COUNT_LIMIT
        queue.COUNT_LIMIT = 5
        try:
            response = self.client.get(self.url)
        finally:
            queue.COUNT_LIMIT = original
        self.assertEqual(response.context["queue"].total, "5+")
        self.assertEqual(dict((v, n) for v, _, n in response.context["queue"].tabs)["dismissed"], "0")

    def test_it_makes_the_same_few_queries_at_two_data_sizes(self) -> None:
        self.client.force_login(self.editor)
        self.client.get(self.url)  # warm the session and content types
        pages = [{}, {"status": "new"}, {"q": "convinced"}, {"sort": "-checkworthiness", "kind": "direct"},
                 {"mine": "true", "speaker": "Sergei Shoigu", "published_after": "2023-01-01"}]
        for params in pages:
            with self.assert_max_queries(QUEUE_QUERIES):
                self.client.get(self.url, params)
        for claim in Claim.objects.all():
            review = services.review_create(claim=claim, fact_checker=self.fact_checker, rating=rating())
            services.claim_assign(claim=claim, assignee=self.editor, user=self.editor)
            services.evidence_add(review=review, user=self.fact_checker, url="https://example.org/x")
        Claim.objects.bulk_create([Claim(text=f"Extra claim {i}") for i in range(200)])
        for params in pages:
            with self.assert_max_queries(QUEUE_QUERIES):
                self.client.get(self.url, params)
        self.assertEqual(len(self.client.get(self.url).context["queue"].rows), 25)


# The queue page: session, user, the user's roles, the header's three inbox look-ups, the counts, the page,
# its appearances, the form's outlets and ratings, the bulk bar's assignees, and a speaker's look-up
# when one is named.
QUEUE_QUERIES = 13
# The claim page, whatever its verdict, evidence, notes and history hold (its panels: the claim, its
# appearances and their paragraphs, the verdict and its ratings, evidence, notes, suggestions,
# history by record type, the forms' choices, the header's inbox look-ups).
CLAIM_QUERIES = 31


class ClaimPageTests(SeededTestCase):
    def setUp(self) -> None:
        self.claim = seed_claim()
        self.url = reverse("claims:claim", args=[self.claim.pk])

    @pytest.fixture(autouse=True)
    def _query_budget(self, django_assert_max_num_queries) -> None:
        self.assert_max_queries = django_assert_max_num_queries

    def test_it_makes_the_same_few_queries_however_much_the_claim_holds(self) -> None:
        self.client.force_login(self.editor)
        self.client.get(self.url)  # warm the session and content types
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, rating=rating())

        def add(numbers: range) -> None:
            for n in numbers:
                services.evidence_add(review=review, user=self.fact_checker, url=f"https://example.org/{n}")
                services.note_add(claim=self.claim, author=self.editor, text=f"Note {n} for @fiona")
                services.review_update(review=review, version=review.version, user=self.fact_checker,
                                       headline=f"Headline {n}")

        add(range(2))
        with self.assert_max_queries(CLAIM_QUERIES):
            self.client.get(self.url)
        add(range(2, 30))
        services.claim_assign(claim=self.claim, assignee=self.fact_checker, user=self.editor)
        with self.assert_max_queries(CLAIM_QUERIES):
            response = self.client.get(self.url)
        self.assertContains(response, "Headline 29")

    def test_it_refuses_outsiders_and_anonymous_visitors(self) -> None:
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_shows_the_claim_speaker_and_the_quote_highlighted_in_its_paragraph(self) -> None:
        self.client.force_login(self.reporter)
        response = self.client.get(self.url)
        self.assertContains(response, "Russian Defense Minister")  # the speaker's role
        self.assertContains(response, "Russian Ministry of Defence")  # and affiliation
        self.assertContains(
            response, "I am convinced that today&#x27;s talks will help strengthen cooperation between our defense "
            "departments</mark></p>".replace("</p>", ""),
        )
        self.assertContains(response, ',&quot; Shoigu said, during a day of solemn pomp.')

    def test_it_shows_each_role_only_its_moves(self) -> None:
        expected = {
            self.reporter: [],
            self.fact_checker: ["start"],
            self.editor: ["start", "dismiss"],
        }
        for user, moves in expected.items():
            self.client.force_login(user)
            response = self.client.get(self.url)
            self.assertEqual([m.slug for m in response.context["moves"]], moves, user)
            # A new claim: "Start review" is the one way in; the verdict form comes after it.
            self.assertIsNone(response.context["verdict_form"])
            self.assertEqual(response.context["assign_form"] is not None, user == self.editor)

    def test_it_404s_for_a_claim_that_does_not_exist(self) -> None:
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(reverse("claims:claim", args=[99999])).status_code, 404)

    def test_it_escapes_a_script_in_the_claim(self) -> None:
        claim = Claim.objects.create(text="<script>alert(1)</script> is harmless")
        self.client.force_login(self.editor)
        response = self.client.get(reverse("claims:claim", args=[claim.pk]))
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt; is harmless")
        self.assertNotContains(response, "<script>alert(1)")

    def test_it_sends_a_content_security_policy_without_inline_scripts(self) -> None:
        self.client.force_login(self.editor)
        response = self.client.get(self.url)
        policy = response.headers["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertNotContains(response, "<script>")
        self.assertNotContains(response, " onclick=")


class VerdictTests(SeededTestCase):
    def setUp(self) -> None:
        self.claim = seed_claim()
        self.verdict_url = reverse("claims:verdict_save", args=[self.claim.pk])

    def move(self, action: str, **data) -> object:
        return self.client.post(reverse("claims:claim_move", args=[self.claim.pk, action]), data)

    def status(self) -> str:
        return Claim.objects.get(pk=self.claim.pk).status

    def test_it_takes_a_claim_from_new_to_published(self) -> None:
        self.client.force_login(self.fact_checker)
        self.assertRedirects(self.move("start"), reverse("claims:claim", args=[self.claim.pk]))
        self.assertEqual(self.status(), ClaimStatus.IN_REVIEW)
        self.assertEqual(Claim.objects.get(pk=self.claim.pk).assigned_to, self.fact_checker)
        response = self.client.post(self.verdict_url, {
            "rating": rating("Mostly true").pk, "headline": "Hopeful", "summary": "S", "rationale": "R", "version": "",
        })
        self.assertEqual(response.status_code, 302)
        review = Review.objects.get(claim=self.claim)
        self.client.post(reverse("claims:evidence_add", args=[self.claim.pk]),
                         {"url": "https://example.org/a", "title": "A", "publisher": "P"})
        self.assertEqual(review.evidence.count(), 1)
        self.move("submit", version=review.version + 1)  # the evidence does not bump the version
        self.assertEqual(self.status(), ClaimStatus.IN_REVIEW)  # stale version refused
        self.move("submit", version=Review.objects.get(pk=review.pk).version)
        self.assertEqual(self.status(), ClaimStatus.SUBMITTED)
        self.assertEqual(self.move("approve").status_code, 403)  # fact-checkers do not approve

        self.client.force_login(self.editor)
        self.move("approve")
        self.assertEqual(self.status(), ClaimStatus.APPROVED)
        self.move("publish")
        self.assertEqual(self.status(), ClaimStatus.PUBLISHED)
        review.refresh_from_db()
        self.assertEqual((review.status, review.editor), (ReviewStatus.PUBLISHED, self.editor))
        page = self.client.get(reverse("claims:claim", args=[self.claim.pk]))
        self.assertContains(page, reverse("claims:factcheck", args=[review.pk]))
        self.assertContains(page, "<strong>eddie</strong> changed the verdict", html=False)

    def test_it_refuses_a_stale_version_and_keeps_the_text_typed(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, headline="First")
        services.review_update(review=review, version=1, user=self.editor, headline="The editor's headline")
        self.client.force_login(self.fact_checker)
        response = self.client.post(self.verdict_url, {
            "rating": "", "headline": "My headline", "summary": "My careful summary", "rationale": "", "version": 1,
        })
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Not saved: someone else changed this verdict", status_code=409)
        self.assertContains(response, "The editor&#x27;s headline", status_code=409)
        self.assertContains(response, 'value="My headline"', status_code=409)
        self.assertContains(response, "My careful summary</textarea>", status_code=409)
        self.assertContains(response, 'name="version" value="2"', status_code=409)
        self.assertEqual(Review.objects.get(pk=review.pk).headline, "The editor's headline")

    def test_it_refuses_a_second_review_started_from_a_page_loaded_before_the_first(self) -> None:
        services.review_create(claim=self.claim, fact_checker=self.editor, headline="Editor got there first")
        self.client.force_login(self.fact_checker)
        response = self.client.post(self.verdict_url, {"headline": "Mine", "version": ""})
        self.assertContains(response, "Editor got there first", status_code=409)
        self.assertEqual(self.claim.reviews.count(), 1)

    def test_it_refuses_verdicts_from_reporters_and_outsiders(self) -> None:
        for user in (self.reporter, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.post(self.verdict_url, {"headline": "x"}).status_code, 403)
            self.assertEqual(self.move("start").status_code, 403)
        self.assertFalse(Review.objects.exists())

    def test_it_refuses_submitting_without_a_rating(self) -> None:
        self.client.force_login(self.fact_checker)
        response = self.client.post(self.verdict_url, {"headline": "No rating", "intent": "submit", "version": ""})
        self.assertContains(response, "Choose a rating", status_code=400)
        self.assertContains(response, 'value="No rating"', status_code=400)  # what was typed is kept
        # "Save and submit" saves nothing unless it can submit.
        self.assertEqual(self.status(), ClaimStatus.NEW)
        self.assertFalse(Review.objects.filter(claim=self.claim).exists())

    def test_editors_send_back_with_a_note_dismiss_and_reopen(self) -> None:
        review = services.review_create(claim=self.claim, fact_checker=self.fact_checker, rating=rating())
        services.review_submit(review=review, user=self.fact_checker)
        self.client.force_login(self.editor)
        self.move("send_back", note="Needs a second source")
        self.assertEqual(self.status(), ClaimStatus.IN_REVIEW)
        self.assertTrue(Note.objects.filter(text="Needs a second source", author=self.editor).exists())
        # A claim with a verdict in progress is not dismissed: its draft is deleted first, knowingly.
        page = self.client.get(reverse("claims:claim", args=[self.claim.pk]))
        self.assertEqual([m.slug for m in page.context["moves"]], ["submit", "delete_verdict"])
        self.assertContains(self.move("dismiss"), "verdict in progress", status_code=400)
        self.move("delete_verdict")
        self.assertFalse(Review.objects.filter(pk=review.pk).exists())
        self.move("dismiss")
        self.assertEqual(self.status(), ClaimStatus.DISMISSED)
        self.client.force_login(self.fact_checker)
        self.assertEqual(self.move("reopen").status_code, 403)
        self.client.force_login(self.editor)
        self.move("reopen")
        self.assertEqual(self.status(), ClaimStatus.NEW)

    def test_a_published_verdict_is_corrected_in_the_open_or_retracted_with_a_note(self) -> None:
        review = published_review(self.claim, self.fact_checker, self.editor)
        self.client.force_login(self.fact_checker)
        response = self.client.post(self.verdict_url, {"headline": "quiet edit", "version": review.version})
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.editor)
        response = self.client.post(reverse("claims:review_correct", args=[self.claim.pk]), {
            "rating": rating("Misleading").pk, "headline": "Corrected", "summary": "", "rationale": "",
            "version": review.version, "note": "The rating was revised.",
        })
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.status(), ClaimStatus.CORRECTED)
        self.assertEqual(self.move("retract").status_code, 400)  # a retraction needs a note
        self.move("retract", note="The source was forged.")
        self.assertEqual(self.status(), ClaimStatus.RETRACTED)
        self.assertEqual(Correction.objects.filter(review=review).count(), 2)

    def test_it_offers_no_move_the_workflow_does_not_allow(self) -> None:
        self.client.force_login(self.editor)
        self.assertEqual(self.move("publish").status_code, 403)
        self.assertEqual(self.move("no-such-move").status_code, 404)
        self.assertEqual(self.status(), ClaimStatus.NEW)

    def test_it_only_accepts_posts_for_actions(self) -> None:
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(self.verdict_url).status_code, 405)


class EvidenceNotesAssignmentTests(SeededTestCase):
    def setUp(self) -> None:
        self.claim = seed_claim()
        self.review = services.review_create(claim=self.claim, fact_checker=self.fact_checker)

    def test_fact_checkers_add_edit_and_remove_evidence(self) -> None:
        self.client.force_login(self.fact_checker)
        self.client.post(reverse("claims:evidence_add", args=[self.claim.pk]),
                         {"url": "https://example.org/a", "title": "Report", "publisher": "Agency"})
        evidence = Evidence.objects.get()
        self.client.post(reverse("claims:evidence_edit", args=[evidence.pk]),
                         {"url": "https://example.org/b", "title": "Better title", "publisher": "Agency"})
        evidence.refresh_from_db()
        self.assertEqual((evidence.url, evidence.title), ("https://example.org/b", "Better title"))
        page = self.client.get(reverse("claims:claim", args=[self.claim.pk]))
        self.assertContains(page, "Better title")
        self.client.post(reverse("claims:evidence_remove", args=[evidence.pk]))
        self.assertFalse(Evidence.objects.exists())

    def test_it_refuses_bad_links_and_other_roles(self) -> None:
        self.client.force_login(self.fact_checker)
        response = self.client.post(reverse("claims:evidence_add", args=[self.claim.pk]), {"url": "not a link"})
        self.assertEqual(response.status_code, 400)
        evidence = services.evidence_add(review=self.review, user=self.fact_checker, url="https://example.org/a")
        for user in (self.reporter, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.post(reverse("claims:evidence_add", args=[self.claim.pk]),
                                              {"url": "https://example.org/z"}).status_code, 403)
            self.assertEqual(self.client.post(reverse("claims:evidence_remove", args=[evidence.pk])).status_code, 403)
        self.assertEqual(Evidence.objects.count(), 1)

    def test_colleagues_leave_notes_and_outsiders_cannot(self) -> None:
        url = reverse("claims:note_add", args=[self.claim.pk])
        self.client.force_login(self.reporter)
        self.client.post(url, {"text": "I have the recording <b>here</b>"})
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(url, {"text": "sneaky"}).status_code, 403)
        self.client.force_login(self.fact_checker)
        page = self.client.get(reverse("claims:claim", args=[self.claim.pk]))
        self.assertContains(page, "I have the recording &lt;b&gt;here&lt;/b&gt;")
        self.assertEqual(Note.objects.count(), 1)

    def test_only_editors_assign(self) -> None:
        url = reverse("claims:claim_assign", args=[self.claim.pk])
        self.client.force_login(self.fact_checker)
        self.assertEqual(self.client.post(url, {"assigned_to": self.fact_checker.pk}).status_code, 403)
        self.client.force_login(self.editor)
        self.client.post(url, {"assigned_to": self.fact_checker.pk})
        self.assertEqual(Claim.objects.get(pk=self.claim.pk).assigned_to, self.fact_checker)
        self.assertEqual(self.client.post(url, {"assigned_to": self.reporter.pk}).status_code, 400)
        page = self.client.get(reverse("claims:claim", args=[self.claim.pk]))
        self.assertContains(page, "assigned to")  # in the history
