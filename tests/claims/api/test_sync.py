from __future__ import annotations

from urllib.parse import quote

from django.utils import timezone

from claims import services
from claims.choices import AttributionStatus
from claims.models import Article, Attribution, Claim, Tombstone
from tests.claims.api.helpers import ApiTestCase


class AttributionTests(ApiTestCase):
    def test_it_refuses_text_that_is_not_the_article_slice(self) -> None:
        article = Article.objects.get()
        claim = Claim.objects.first()
        body = {"claim": claim.pk, "article": article.pk, "start": 0, "end": 10, "text": "not it", "kind": "direct"}
        response = self.post("/api/v1/attributions/", body, self.reporter_key)
        self.assertEqual(response.status_code, 400)
        self.assertIn("does not match the article", response.json()["text"][0])
        ok = self.post("/api/v1/attributions/", {**body, "text": article.body[0:10]}, self.reporter_key)
        self.assertEqual(ok.status_code, 201, ok.content)

    def test_an_update_may_repeat_the_claim_and_article_but_not_change_them(self) -> None:
        attribution = Attribution.objects.filter(claim=self.draft_claim).first()
        url = f"/api/v1/attributions/{attribution.pk}/"
        same = {"claim": attribution.claim_id, "article": attribution.article_id, "cue": "told reporters"}
        response = self.patch(url, same, self.editor_key)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Attribution.objects.get(pk=attribution.pk).cue, "told reporters")
        response = self.patch(url, {**same, "claim": self.published_claim.pk}, self.editor_key)
        self.assertEqual((response.status_code, list(response.json())), (400, ["claim"]))

    def test_it_refuses_offsets_past_the_article_and_bad_confidence(self) -> None:
        article, claim = Article.objects.get(), Claim.objects.first()
        body = {"claim": claim.pk, "article": article.pk, "start": 5, "end": len(article.body) + 5, "text": "x"}
        self.assertIn("end", self.post("/api/v1/attributions/", body, self.reporter_key).json())
        body = {"claim": claim.pk, "article": article.pk, "start": 0, "end": 3, "text": article.body[:3],
                "confidence": 1.5}
        self.assertIn("confidence", self.post("/api/v1/attributions/", body, self.reporter_key).json())
        body = {"claim": claim.pk, "article": article.pk, "start": 9, "end": 3, "text": ""}
        self.assertEqual(self.post("/api/v1/attributions/", body, self.reporter_key).status_code, 400)


    def test_a_patch_echoing_the_claim_and_article_is_taken_and_moving_them_is_refused(self) -> None:
        attribution = Attribution.objects.filter(claim=self.draft_claim).first()
        url = f"/api/v1/attributions/{attribution.pk}/"
        echo = {"claim": attribution.claim_id, "article": attribution.article_id, "speaker_role": "spokesman"}
        response = self.patch(url, echo, self.reporter_key)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["speaker_role"], "spokesman")
        other = Claim.objects.exclude(pk=attribution.claim_id).first()
        moved = self.patch(url, {"claim": other.pk}, self.reporter_key)
        self.assertEqual(moved.status_code, 400)
        self.assertIn("cannot be changed", moved.json()["claim"][0])


class SyncFeedTests(ApiTestCase):
    def since(self) -> str:
        return quote(timezone.now().isoformat())

    def test_it_shows_a_removed_attribution_as_a_tombstone_and_its_claim_as_changed(self) -> None:
        since = self.since()
        attribution = Attribution.objects.filter(claim=self.draft_claim).first()
        response = self.client.delete(f"/api/v1/attributions/{attribution.pk}/", **self.auth(self.editor_key))
        self.assertEqual(response.status_code, 204)
        tombstones = self.get(f"/api/v1/tombstones/?updated_after={since}", self.read_key).json()["results"]
        self.assertEqual([(t["model"], t["object_id"]) for t in tombstones], [("attribution", attribution.pk)])
        claims = self.get(f"/api/v1/claims/?updated_after={since}", self.read_key).json()["results"]
        self.assertEqual([c["id"] for c in claims], [self.draft_claim.pk])
        self.assertNotIn(attribution.pk, [a["id"] for a in claims[0]["appearances"]])

    def test_it_shows_a_rejected_attribution_with_its_status(self) -> None:
        since = self.since()
        attribution = Attribution.objects.filter(claim=self.draft_claim).first()
        self.patch(f"/api/v1/attributions/{attribution.pk}/", {"status": "rejected"}, self.reporter_key)
        rows = self.get(f"/api/v1/attributions/?updated_after={since}", self.read_key).json()["results"]
        self.assertEqual([(a["id"], a["status"]) for a in rows], [(attribution.pk, AttributionStatus.REJECTED)])

    def test_it_shows_a_retracted_review_as_retracted_in_the_feed(self) -> None:
        since = self.since()
        services.review_retract(review=self.published, editor=self.editor, note="Forged source")
        reviews = self.get(f"/api/v1/reviews/?updated_after={since}", self.read_key).json()["results"]
        self.assertEqual([(r["id"], r["status"]) for r in reviews], [(self.published.pk, "retracted")])
        claims = self.get(f"/api/v1/claims/?updated_after={since}", self.read_key).json()["results"]
        self.assertEqual([(c["id"], c["verdict"]["status"]) for c in claims], [(self.published_claim.pk, "retracted")])
        # The ClaimReview markup is withdrawn: gone (410) with no rating, listed as withdrawn, and a tombstone.
        gone = self.client.get(f"/api/v1/reviews/{self.published.pk}/claimreview/")
        self.assertEqual(gone.status_code, 410)
        self.assertEqual((gone.json()["withdrawn"], gone.json()["note"]), (True, "Forged source"))
        self.assertNotIn("reviewRating", gone.json())
        listed = self.client.get("/api/v1/reviews/claimreview/").json()["results"]
        self.assertEqual([(r.get("withdrawn"), "reviewRating" in r) for r in listed], [(True, False)])
        tombstones = self.get(f"/api/v1/tombstones/?updated_after={since}", self.read_key).json()["results"]
        self.assertEqual([(t["model"], t["object_id"]) for t in tombstones], [("claimreview", self.published.pk)])

    def test_it_records_a_tombstone_for_a_deleted_draft_review_and_claim(self) -> None:
        claim = Claim.objects.create(text="Short-lived")
        self.client.delete(f"/api/v1/reviews/{self.draft.pk}/", **self.auth(self.editor_key))
        self.client.delete(f"/api/v1/claims/{claim.pk}/", **self.auth(self.editor_key))
        self.assertEqual(
            set(Tombstone.objects.values_list("model", "object_id")),
            {("review", self.draft.pk), ("claim", claim.pk)},
        )
        self.assertEqual(self.get("/api/v1/tombstones/?model=claim", self.read_key).json()["results"][0]["object_id"],
                         claim.pk)
