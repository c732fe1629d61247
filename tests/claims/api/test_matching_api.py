"""Issue 6 in the API: merged claims (301, the sync feed, `merged_into`) and `already_checked`."""

from __future__ import annotations

import json
from datetime import UTC
from urllib.parse import quote

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import services
from claims.models import Article, Attribution, Claim, Outlet, Source
from claims.services.matching import claim_merge
from tests.claims.api.helpers import ApiTestCase, publish_review
from tests.claims.api.test_claims import make_claims


def since() -> str:
    return quote(timezone.now().isoformat())


class MergedClaimRedirectTests(ApiTestCase):
    def test_it_answers_301_to_the_survivor_keeping_the_query_string(self) -> None:
        merged = Claim.objects.get(text__startswith="Moscow and Pyongyang")
        claim_merge(survivor=self.published_claim, merged=merged, user=self.editor)
        response = self.get(f"/api/v1/claims/{merged.pk}/?format=json", self.read_key)
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], f"http://testserver/api/v1/claims/{self.published_claim.pk}/?format=json")
        followed = self.get(response["Location"], self.read_key)
        self.assertEqual(followed.status_code, 200)
        self.assertEqual(followed.json()["id"], self.published_claim.pk)

    def test_it_follows_a_chain_of_merges_to_the_last_survivor(self) -> None:
        first = Claim.objects.get(text__startswith="Moscow and Pyongyang")
        second = Claim.objects.get(text__startswith="Russia is hoping")
        claim_merge(survivor=second, merged=first, user=self.editor)
        claim_merge(survivor=self.published_claim, merged=second, user=self.editor)
        response = self.get(f"/api/v1/claims/{first.pk}/", self.read_key)
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], f"http://testserver/api/v1/claims/{self.published_claim.pk}/")

    def test_it_documents_the_301_in_the_schema(self) -> None:
        schema = self.client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
        responses = schema["paths"]["/api/v1/claims/{id}/"]["get"]["responses"]
        self.assertIn("301", responses)
        self.assertIn("merged", responses["301"]["description"])


class MergeFeedTests(ApiTestCase):
    def test_it_shows_the_merge_in_the_updated_after_feed(self) -> None:
        merged = Claim.objects.get(text__startswith="Moscow and Pyongyang")
        moved = set(merged.appearances.values_list("pk", flat=True))
        self.assertTrue(moved)
        stamp = since()
        claim_merge(survivor=self.published_claim, merged=merged, user=self.editor)
        feed = self.get(f"/api/v1/claims/?updated_after={stamp}", self.read_key).json()["results"]
        claims = {c["id"]: c for c in feed}
        self.assertEqual(set(claims), {merged.pk, self.published_claim.pk})
        self.assertEqual(claims[merged.pk]["merged_into"], self.published_claim.pk)
        self.assertEqual(claims[merged.pk]["appearances"], [])
        self.assertIsNone(claims[self.published_claim.pk]["merged_into"])
        self.assertTrue(moved <= {a["id"] for a in claims[self.published_claim.pk]["appearances"]})
        # The moved appearances are in the attributions feed too, under their new claim.
        rows = self.get(f"/api/v1/attributions/?updated_after={stamp}", self.read_key).json()["results"]
        self.assertEqual({(a["id"], a["claim"]) for a in rows}, {(pk, self.published_claim.pk) for pk in moved})

    def test_it_lists_merged_claims_by_default_and_filters_them_with_merged(self) -> None:
        merged = Claim.objects.get(text__startswith="Moscow and Pyongyang")
        claim_merge(survivor=self.published_claim, merged=merged, user=self.editor)

        def ids(query: str) -> set[int]:
            response = self.get(f"/api/v1/claims/?page_size=500&{query}", self.read_key)
            self.assertEqual(response.status_code, 200, response.content)
            return {c["id"] for c in response.json()["results"]}

        everything = set(Claim.objects.values_list("pk", flat=True))
        self.assertEqual(ids(""), everything)
        self.assertEqual(ids("merged=true"), {merged.pk})
        self.assertEqual(ids("merged=false"), everything - {merged.pk})
        self.assertEqual(self.get("/api/v1/claims/?merged=maybe", self.read_key).status_code, 400)

    def test_it_exports_a_merged_claim_with_merged_into(self) -> None:
        merged = Claim.objects.get(text__startswith="Moscow and Pyongyang")
        claim_merge(survivor=self.published_claim, merged=merged, user=self.editor)
        response = self.get("/api/v1/claims/export/", self.read_key)
        lines = {row["id"]: row for row in map(json.loads, b"".join(response.streaming_content).splitlines())}
        self.assertEqual(lines[merged.pk]["merged_into"], self.published_claim.pk)
        active = self.get("/api/v1/claims/export/?merged=false", self.read_key)
        active_ids = [json.loads(line)["id"] for line in b"".join(active.streaming_content).splitlines()]
        self.assertNotIn(merged.pk, active_ids)


class AlreadyCheckedTests(ApiTestCase):
    def expected(self, review) -> dict:
        return {
            "rating": "False", "published": review.published_at.astimezone(UTC).date().isoformat(),
            "status": "published", "review": review.pk, "url": f"http://testserver/fact-checks/{review.pk}/",
        }

    def test_it_flags_attributions_whose_claim_has_a_public_verdict(self) -> None:
        self.published.refresh_from_db()
        rows = self.get("/api/v1/attributions/?page_size=500", self.read_key).json()["results"]
        flagged = {a["id"]: a["already_checked"] for a in rows if a["already_checked"] is not None}
        expected = set(Attribution.objects.filter(claim=self.published_claim).values_list("pk", flat=True))
        self.assertTrue(expected)
        self.assertEqual(set(flagged), expected)
        self.assertEqual(next(iter(flagged.values())), self.expected(self.published))
        detail = self.get(f"/api/v1/attributions/{min(expected)}/", self.read_key).json()
        self.assertEqual(detail["already_checked"], self.expected(self.published))

    def test_it_flags_a_checked_claim_reappearing_in_a_new_article(self) -> None:
        body = "Later story. As part of the deal, Russia would receive munitions, an official said."
        article = Article.objects.create(outlet=Outlet.objects.get(name="The Messenger"), headline="Later", body=body)
        text = "As part of the deal, Russia would receive munitions"
        start = body.index(text)
        response = self.post("/api/v1/attributions/", {
            "claim": self.published_claim.pk, "article": article.pk, "text": text, "start": start,
            "end": start + len(text), "kind": "indirect",
        }, self.reporter_key)
        self.assertEqual(response.status_code, 201, response.content)
        self.published.refresh_from_db()
        self.assertEqual(response.json()["already_checked"], self.expected(self.published))
        rows = self.get(f"/api/v1/attributions/?article={article.pk}", self.read_key).json()["results"]
        self.assertEqual([a["already_checked"]["rating"] for a in rows], ["False"])

    def test_it_flags_the_appearances_nested_in_claims_and_the_export(self) -> None:
        self.published.refresh_from_db()
        claim = self.get(f"/api/v1/claims/{self.published_claim.pk}/", self.read_key).json()
        self.assertTrue(claim["appearances"])
        self.assertEqual({json.dumps(a["already_checked"]) for a in claim["appearances"]},
                         {json.dumps(self.expected(self.published))})
        self.assertEqual(claim["verdict"]["id"], claim["appearances"][0]["already_checked"]["review"])
        other = self.get(f"/api/v1/claims/{self.draft_claim.pk}/", self.read_key).json()
        self.assertEqual({a["already_checked"] for a in other["appearances"]}, {None})
        response = self.get("/api/v1/claims/export/", self.read_key)
        lines = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
        self.assertEqual(next(line for line in lines if line["id"] == self.published_claim.pk), claim)

    def test_it_shows_the_latest_verdict_and_a_retraction(self) -> None:
        services.review_retract(review=self.published, editor=self.editor, note="Forged source")
        self.published.refresh_from_db()
        rows = self.get(f"/api/v1/attributions/?claim={self.published_claim.pk}", self.read_key).json()["results"]
        self.assertEqual({a["already_checked"]["status"] for a in rows}, {"retracted"})
        self.assertEqual({a["already_checked"]["review"] for a in rows}, {self.published.pk})

    def test_it_keeps_the_survivors_verdict_after_a_merge(self) -> None:
        merged = Claim.objects.get(text__startswith="Moscow and Pyongyang")
        moved = list(merged.appearances.values_list("pk", flat=True))
        claim_merge(survivor=self.published_claim, merged=merged, user=self.editor)
        self.published.refresh_from_db()
        for pk in moved:
            row = self.get(f"/api/v1/attributions/{pk}/", self.read_key).json()
            self.assertEqual(row["already_checked"], self.expected(self.published))

    def test_it_runs_the_same_number_of_queries_at_page_size_10_and_100(self) -> None:
        outlet, speaker = Outlet.objects.get(name="Reuters"), Source.objects.get(name="John Kirby")
        make_claims(110, outlet, speaker, rating=self.false, fact_checker=self.fact_checker, editor=self.editor)
        publish_review(Claim.objects.filter(reviews__isnull=True).first(), self.fact_checker, self.editor, self.false)
        self.get("/api/v1/attributions/?page_size=1", self.read_key)  # the token's last-use stamp
        counts = {}
        for size in (10, 100):
            with CaptureQueriesContext(connection) as queries:
                response = self.get(f"/api/v1/attributions/?page_size={size}", self.read_key)
            rows = response.json()["results"]
            self.assertEqual(len(rows), size)
            self.assertTrue(any(a["already_checked"] for a in rows))
            counts[size] = len(queries)
        self.assertEqual(counts[10], counts[100])
