from __future__ import annotations

from claims.choices import ReviewStatus
from claims.models import Claim, Rating, Review
from tests.claims.api.helpers import ApiTestCase

# Google's required and recommended ClaimReview properties (developers.google.com/search/docs/
# appearance/structured-data/factcheck): claimReviewed, reviewRating (with alternateName, and
# ratingValue/bestRating/worstRating for a numeric scale), url, author; itemReviewed as a Claim
# with author, datePublished, appearance and firstAppearance; the review's datePublished.
GOOGLE_REQUIRED = {"@context", "@type", "claimReviewed", "reviewRating", "url", "author", "itemReviewed",
                   "datePublished"}


class ReviewWorkflowTests(ApiTestCase):
    def test_it_takes_a_verdict_from_draft_to_published_through_actions(self) -> None:
        claim = Claim.objects.get(text__startswith="Moscow and Pyongyang")
        created = self.post("/api/v1/reviews/", {"claim": claim.pk, "headline": "Grain deal"}, self.fc_key)
        self.assertEqual(created.status_code, 201, created.content)
        review = created.json()
        url = f"/api/v1/reviews/{review['id']}/"
        updated = self.patch(url, {"rating": self.false.pk, "version": review["version"]}, self.fc_key)
        self.assertEqual(updated.json()["rating_label"], "False")
        self.assertEqual(self.post(url + "submit/", {}, self.fc_key).json()["status"], "submitted")
        self.assertEqual(self.post(url + "approve/", {}, self.editor_key).json()["status"], "approved")
        published = self.post(url + "publish/", {}, self.editor_key).json()
        self.assertEqual((published["status"], published["editor"]), ("published", "eddie"))
        self.assertEqual(Claim.objects.get(pk=claim.pk).status, "published")

    def test_it_answers_a_stale_version_with_409_and_the_current_version(self) -> None:
        url = f"/api/v1/reviews/{self.draft.pk}/"
        self.assertEqual(self.patch(url, {"headline": "Mine", "version": 1}, self.editor_key).status_code, 200)
        stale = self.patch(url, {"headline": "Theirs", "version": 1}, self.fc_key)
        self.assertEqual(stale.status_code, 409)
        body = stale.json()
        self.assertEqual(body["current_version"], 2)
        self.assertEqual(body["their_changes"], [{"field": "headline", "then": "Draft", "now": "Mine"}])
        self.assertEqual(Review.objects.get(pk=self.draft.pk).headline, "Mine")

    def test_the_largest_version_it_takes_still_fits_once_incremented(self) -> None:
        url = f"/api/v1/reviews/{self.draft.pk}/"
        stale = self.patch(url, {"headline": "x", "version": 2**31 - 2}, self.fc_key)
        self.assertEqual(stale.status_code, 409)  # found 2**31 - 1 = version + 1 a valid integer
        too_large = self.patch(url, {"headline": "x", "version": 2**31 - 1}, self.fc_key)
        self.assertEqual((too_large.status_code, list(too_large.json())), (400, ["version"]))
        too_large = self.post(f"/api/v1/reviews/{self.draft.pk}/submit/", {"version": 2**31 - 1}, self.fc_key)
        self.assertEqual((too_large.status_code, list(too_large.json())), (400, ["version"]))

    def test_it_refuses_an_update_without_a_version(self) -> None:
        response = self.patch(f"/api/v1/reviews/{self.draft.pk}/", {"headline": "x"}, self.fc_key)
        self.assertEqual((response.status_code, list(response.json())), (400, ["version"]))

    def test_it_refuses_moves_the_state_does_not_allow(self) -> None:
        response = self.post(f"/api/v1/reviews/{self.draft.pk}/publish/", {}, self.editor_key)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["detail"],
                         "You may publish a fact-check only while it is approved; this one is in review.")
        no_rating = self.post(f"/api/v1/reviews/{self.draft.pk}/submit/", {}, self.fc_key)
        self.assertEqual(no_rating.status_code, 400)
        self.assertIn("Choose a rating", no_rating.json()["rating"][0])
        self.assertEqual(Review.objects.get(pk=self.draft.pk).status, ReviewStatus.DRAFT)

    def test_it_refuses_a_rating_that_does_not_exist(self) -> None:
        response = self.patch(f"/api/v1/reviews/{self.draft.pk}/", {"rating": 999, "version": 1}, self.fc_key)
        self.assertEqual(response.status_code, 400)
        self.assertIn("rating", response.json())
        wrong_type = self.patch(f"/api/v1/reviews/{self.draft.pk}/", {"rating": "False", "version": 1}, self.fc_key)
        self.assertIn("rating", wrong_type.json())

    def test_it_corrects_and_retracts_with_a_required_note(self) -> None:
        url = f"/api/v1/reviews/{self.published.pk}/"
        no_note = self.post(url + "retract/", {}, self.editor_key)
        self.assertEqual((no_note.status_code, list(no_note.json())), (400, ["note"]))
        misleading = Rating.objects.get(label="Misleading")
        corrected = self.post(url + "correct/", {"note": "New evidence", "rating": misleading.pk}, self.editor_key)
        self.assertEqual((corrected.json()["status"], corrected.json()["rating_label"]), ("corrected", "Misleading"))
        retracted = self.post(url + "retract/", {"note": "Forged source"}, self.editor_key).json()
        self.assertEqual(retracted["status"], "retracted")
        self.assertEqual([c["is_retraction"] for c in retracted["corrections"]], [False, True])

    def test_it_refuses_to_delete_a_published_review(self) -> None:
        response = self.client.delete(f"/api/v1/reviews/{self.published.pk}/", **self.auth(self.editor_key))
        self.assertEqual(response.status_code, 403)
        self.assertTrue(Review.objects.filter(pk=self.published.pk).exists())

    def test_it_adds_evidence(self) -> None:
        response = self.post(f"/api/v1/reviews/{self.draft.pk}/evidence/",
                             {"url": "https://example.org/report", "title": "Report"}, self.fc_key)
        self.assertEqual(response.status_code, 201)
        self.assertEqual([e["title"] for e in response.json()["evidence"]], ["Report"])
        bad = self.post(f"/api/v1/reviews/{self.draft.pk}/evidence/", {"url": "not a url"}, self.fc_key)
        self.assertEqual((bad.status_code, list(bad.json())), (400, ["url"]))

    def test_it_exports_reviews_as_csv(self) -> None:
        response = self.get("/api/v1/reviews/?format=csv&status=published", self.read_key)
        lines = response.content.decode().splitlines()
        self.assertTrue(lines[0].startswith("id,claim,status,version,rating,rating_label"))
        self.assertEqual(len(lines), 2)
        self.assertIn("False", lines[1])


class ClaimReviewTests(ApiTestCase):
    def test_it_has_every_field_google_requires(self) -> None:
        data = self.client.get(f"/api/v1/reviews/{self.published.pk}/claimreview/").json()
        self.assertLessEqual(GOOGLE_REQUIRED, set(data))
        self.assertEqual((data["@context"], data["@type"]), ("https://schema.org", "ClaimReview"))
        self.assertEqual(data["claimReviewed"], self.published_claim.text)
        rating = data["reviewRating"]
        self.assertEqual((rating["alternateName"], rating["ratingValue"], rating["bestRating"], rating["worstRating"]),
                         ("False", 1, 5, 1))
        item = data["itemReviewed"]
        self.assertEqual(item["@type"], "Claim")
        self.assertEqual(item["author"]["name"], "John Kirby")
        self.assertTrue(item["datePublished"])
        self.assertEqual(item["firstAppearance"]["@type"], "CreativeWork")
        self.assertGreaterEqual(len(item["appearance"]), 1)
        self.assertTrue(data["author"]["name"])
        self.assertTrue(data["url"].endswith(f"/fact-checks/{self.published.pk}/"))
        self.assertRegex(data["datePublished"], r"^\d{4}-\d{2}-\d{2}$")

    def test_it_lists_markup_for_every_published_review_and_no_other(self) -> None:
        data = self.client.get("/api/v1/reviews/claimreview/").json()
        self.assertEqual(len(data["results"]), Review.objects.public().count())
        for item in data["results"]:
            self.assertLessEqual(GOOGLE_REQUIRED, set(item))
