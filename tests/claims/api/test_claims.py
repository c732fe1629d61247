from __future__ import annotations

import csv
import io
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.choices import ClaimStatus
from claims.models import Article, Attribution, Claim, Outlet, Source
from tests.claims.api.helpers import ApiTestCase, publish_review


def make_claims(count: int, outlet: Outlet, speaker: Source, *, rating, fact_checker, editor) -> list[Claim]:
    """`count` claims, each quoted in its own article, every third with a published verdict."""
    claims = []
    for i in range(count):
        body = f"Story {i}. The minister said the figure was {i} percent."
        article = Article.objects.create(outlet=outlet, headline=f"Story {i}", body=body, published_on="2024-01-02")
        claim = Claim.objects.create(text=f"The figure was {i} percent.", claimant=speaker)
        start = body.index("the figure")
        attribution = Attribution(article=article, claim=claim, text=body[start:-1], start=start, end=len(body) - 1,
                                  speaker=speaker, speaker_name="the minister")
        attribution._matched = True  # a hundred near-identical claims on purpose: not merged
        attribution.save()
        if i % 3 == 0:
            publish_review(claim, fact_checker, editor, rating)
        claims.append(claim)
    return claims


class ClaimListTests(ApiTestCase):
    def test_it_nests_claimant_appearances_and_verdict(self) -> None:
        data = self.get(f"/api/v1/claims/{self.published_claim.pk}/", self.read_key).json()
        self.assertEqual(data["claimant"]["name"], "John Kirby")
        appearance = data["appearances"][0]
        article = Article.objects.get(pk=appearance["article"]["id"])
        self.assertEqual(article.body[appearance["start"]:appearance["end"]], appearance["text"])
        self.assertEqual(appearance["article"]["outlet"]["name"], "The Messenger")
        self.assertEqual((data["verdict"]["status"], data["verdict"]["rating"]), ("published", {"label": "False",
                                                                                               "value": 1}))

    def test_it_runs_the_same_number_of_queries_at_page_size_10_and_100(self) -> None:
        outlet, speaker = Outlet.objects.get(name="Reuters"), Source.objects.get(name="John Kirby")
        make_claims(110, outlet, speaker, rating=self.false, fact_checker=self.fact_checker, editor=self.editor)
        counts = {}
        self.get("/api/v1/claims/?page_size=1", self.read_key)  # the token's last-use stamp is written once
        for size in (10, 100):
            with CaptureQueriesContext(connection) as queries:
                response = self.get(f"/api/v1/claims/?page_size={size}", self.read_key)
            self.assertEqual(len(response.json()["results"]), size)
            counts[size] = len(queries)
        self.assertEqual(counts[10], counts[100])
        with self.assertNumQueries(counts[10]):
            self.get("/api/v1/claims/?page_size=100", self.read_key)

    def test_it_pages_by_updated_and_id_without_skipping_rows_edited_meanwhile(self) -> None:
        seen: list[int] = []
        url = "/api/v1/claims/?page_size=3"
        first = self.get(url, self.read_key).json()
        seen += [c["id"] for c in first["results"]]
        # An editor changes a claim already exported and one not yet exported.
        Claim.objects.filter(pk=seen[0]).update(updated=timezone.now())
        untouched = Claim.objects.exclude(pk__in=seen).order_by("updated", "id").last()
        Claim.objects.filter(pk=untouched.pk).update(text="Edited during the export", updated=timezone.now())
        url = first["next"]
        while url:
            page = self.get(url, self.read_key).json()
            seen += [c["id"] for c in page["results"]]
            url = page["next"]
        self.assertEqual(set(seen), set(Claim.objects.values_list("pk", flat=True)))
        self.assertEqual(seen.count(untouched.pk), 1)
        self.assertEqual(seen[-1], untouched.pk)  # it moved to the end and came once, in its new version

    def test_it_bounds_page_size_and_checks_the_cursor(self) -> None:
        response = self.get("/api/v1/claims/?page_size=100000", self.read_key)
        self.assertEqual(response.status_code, 400)
        self.assertIn("page_size", response.json())
        response = self.get("/api/v1/claims/?cursor=garbage", self.read_key)
        self.assertEqual((response.status_code, list(response.json())), (400, ["cursor"]))

    def test_it_gives_a_detail_etag_and_answers_304_when_unchanged(self) -> None:
        url = f"/api/v1/claims/{self.published_claim.pk}/"
        first = self.get(url, self.read_key)
        self.assertTrue(first["Last-Modified"])
        again = self.get(url, self.read_key, HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 304)
        Claim.objects.filter(pk=self.published_claim.pk).update(checkworthiness=1, updated=timezone.now())
        changed = self.get(url, self.read_key, HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed["ETag"], first["ETag"])
        since = self.get(url, self.read_key, HTTP_IF_MODIFIED_SINCE=changed["Last-Modified"])
        self.assertEqual(since.status_code, 304)


class ClaimFilterTests(ApiTestCase):
    def ids(self, query: str) -> set[int]:
        response = self.get(f"/api/v1/claims/?{query}", self.read_key)
        self.assertEqual(response.status_code, 200, response.content)
        return {c["id"] for c in response.json()["results"]}

    def test_it_filters_by_speaker_id_or_name_and_alias(self) -> None:
        kirby = Source.objects.get(name="John Kirby")
        expected = set(Claim.objects.filter(claimant=kirby).values_list("pk", flat=True))
        self.assertTrue(expected)
        self.assertEqual(self.ids("speaker=Kirby"), expected | self.ids(f"speaker={kirby.pk}"))
        self.assertEqual(self.ids(f"speaker={kirby.pk}"), expected)

    def test_it_filters_by_status_verdict_outlet_and_dates(self) -> None:
        self.assertEqual(self.ids("status=published"), {self.published_claim.pk})
        self.assertEqual(self.ids("verdict=false"), {self.published_claim.pk})
        self.assertEqual(self.ids("rating=1"), {self.published_claim.pk})
        self.assertEqual(self.ids("verdict=True"), set())
        messenger = Outlet.objects.get(name="The Messenger")
        self.assertEqual(self.ids(f"outlet={messenger.pk}"), set(Claim.objects.values_list("pk", flat=True)))
        self.assertEqual(self.ids("published_after=2023-07-27"), set())
        self.assertEqual(self.ids("said_after=2023-03-01&said_before=2023-03-31"),
                         set(Claim.objects.filter(said_on__month=3).values_list("pk", flat=True)))
        today = timezone.now().date().isoformat()
        self.assertEqual(self.ids(f"reviewed_after={today}T00:00:00Z"), {self.published_claim.pk})
        self.assertEqual(self.ids("kind=partial"),
                         set(Claim.objects.filter(appearances__kind="partial").values_list("pk", flat=True)))

    def test_it_returns_rows_changed_after_a_timestamp_to_the_microsecond(self) -> None:
        claim = Claim.objects.get(pk=self.draft_claim.pk)
        stamp = claim.updated.isoformat()
        self.assertNotIn(claim.pk, self.ids(f"updated_after={stamp.replace('+', '%2B')}"))
        Claim.objects.filter(pk=claim.pk).update(checkworthiness=3, updated=timezone.now())
        self.assertIn(claim.pk, self.ids(f"updated_after={stamp.replace('+', '%2B')}"))

    def test_it_names_unknown_and_malformed_parameters_in_a_400(self) -> None:
        response = self.get("/api/v1/claims/?colour=red&status=bogus&updated_after=yesterday&outlet=x", self.read_key)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()), {"colour", "status", "updated_after", "outlet"})
        huge = self.get("/api/v1/claims/?outlet=99999999999999999999999", self.read_key)
        self.assertEqual((huge.status_code, list(huge.json())), (400, ["outlet"]))

    def test_it_searches_claim_text_quotes_and_speaker_names(self) -> None:
        self.assertEqual(self.ids("q=munitions"),
                         set(Claim.objects.filter(text__icontains="munitions").values_list("pk", flat=True)))
        by_name = self.ids("q=Kirby")
        self.assertTrue(set(Claim.objects.filter(claimant__name="John Kirby").values_list("pk", flat=True)) <= by_name)
        # A word only in a quote, not in any claim's text or in a speaker's name, still finds the claim.
        claim_words = " ".join(Claim.objects.values_list("text", flat=True)).lower()
        quote, word = next(
            (a, w) for a in Attribution.objects.order_by("pk") for w in a.text.split()
            if len(w) > 6 and w.isalpha() and w.lower() not in claim_words
        )
        self.assertIn(quote.claim_id, self.ids(f"q={word}"))
        self.assertEqual(self.ids("q=zanzibarian"), set())

    def test_it_keeps_the_search_document_current_on_postgresql(self) -> None:
        if connection.vendor != "postgresql":
            self.skipTest("the stored search vector is PostgreSQL's")
        claim = Claim.objects.get(pk=self.draft_claim.pk)
        Source.objects.filter(pk=claim.claimant_id).update(name="Johnathan Quibbleworth")
        expected = set(Claim.objects.filter(claimant_id=claim.claimant_id).values_list("pk", flat=True))
        expected |= set(Attribution.objects.filter(speaker_id=claim.claimant_id).values_list("claim_id", flat=True))
        self.assertIn(claim.pk, expected)
        self.assertEqual(self.ids("q=Quibbleworth"), expected)


class ClaimFormatTests(ApiTestCase):
    def test_it_exports_csv(self) -> None:
        response = self.get("/api/v1/claims/?format=csv&status=published", self.read_key)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        self.assertEqual([(r["id"], r["claimant.name"], r["verdict.rating.label"]) for r in rows],
                         [(str(self.published_claim.pk), "John Kirby", "False")])

    def test_it_streams_ndjson_equal_to_the_json_representation(self) -> None:
        response = self.get("/api/v1/claims/export/", self.read_key)
        self.assertTrue(response.streaming)
        self.assertEqual(response["Content-Type"], "application/x-ndjson")
        lines = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
        self.assertEqual([line["id"] for line in lines], sorted(Claim.objects.values_list("pk", flat=True)))
        expected = self.get(f"/api/v1/claims/{self.published_claim.pk}/", self.read_key).json()
        self.assertEqual(next(line for line in lines if line["id"] == self.published_claim.pk), expected)

    def test_it_exports_a_filtered_subset(self) -> None:
        response = self.get("/api/v1/claims/export/?status=published", self.read_key)
        lines = b"".join(response.streaming_content).decode().splitlines()
        self.assertEqual([json.loads(line)["id"] for line in lines], [self.published_claim.pk])
        bad = self.get("/api/v1/claims/export/?nope=1", self.read_key)
        self.assertEqual((bad.status_code, list(bad.json())), (400, ["nope"]))


class ClaimWriteTests(ApiTestCase):
    def test_it_creates_and_moves_a_claim(self) -> None:
        kirby = Source.objects.get(name="John Kirby")
        response = self.post("/api/v1/claims/", {"text": "A new claim.", "claimant_id": kirby.pk}, self.reporter_key)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["claimant"]["name"], "John Kirby")
        url = f"/api/v1/claims/{response.json()['id']}/transition/"
        self.assertEqual(self.post(url, {"to": "dismissed"}, self.reporter_key).status_code, 403)
        # Dismissing is an editor's call, on the API as on the desk.
        refused = self.post(url, {"to": "dismissed"}, self.fc_key)
        self.assertEqual((refused.status_code, refused.json()["detail"]), (403, "Only editors may dismiss a claim."))
        moved = self.post(url, {"to": "dismissed"}, self.editor_key)
        self.assertEqual(moved.json()["status"], ClaimStatus.DISMISSED)
        refused = self.post(url, {"to": "in_review"}, self.fc_key)
        self.assertEqual(refused.status_code, 403)
        self.assertIn("this one is dismissed", refused.json()["detail"])

    def test_it_refuses_bad_bodies_with_field_errors(self) -> None:
        bad_json = self.client.post("/api/v1/claims/", "{not json", content_type="application/json",
                                    **self.auth(self.reporter_key))
        self.assertEqual(bad_json.status_code, 400)
        self.assertIn("JSON parse error", bad_json.json()["detail"])
        wrong = self.post("/api/v1/claims/", {"text": 5, "checkworthiness": 101, "claimant_id": "x"}, self.reporter_key)
        self.assertEqual(wrong.status_code, 400)
        self.assertTrue({"checkworthiness", "claimant_id"} <= set(wrong.json()))
        missing = self.post("/api/v1/claims/", {}, self.reporter_key)
        self.assertEqual(missing.json(), {"text": ["This field is required."]})

    def test_it_refuses_an_oversized_body_with_413(self) -> None:
        response = self.post("/api/v1/claims/", {"text": "x" * (2 * 1024 * 1024)}, self.reporter_key)
        self.assertEqual(response.status_code, 413)
        self.assertIn("limit", response.json()["detail"])

    def test_it_refuses_to_delete_a_reviewed_claim(self) -> None:
        response = self.client.delete(f"/api/v1/claims/{self.published_claim.pk}/", **self.auth(self.editor_key))
        self.assertEqual(response.status_code, 403)
        self.assertIn("this one is published", response.json()["detail"])
        self.assertTrue(Claim.objects.filter(pk=self.published_claim.pk).exists())
