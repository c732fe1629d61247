"""The contract as integrators read it: corrections and retractions, dates at their precision, in every format."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from xml.etree import ElementTree

from django.urls import reverse

from claims import services
from claims.api.renderers import CLAIM_COLUMNS, REVIEW_COLUMNS
from claims.models import Article, Attribution, Claim, Outlet
from tests.claims.api.helpers import ApiTestCase
from tests.claims.test_public_views import jsonld_of

ATOM = {"a": "http://www.w3.org/2005/Atom"}


class CorrectionsVisibleToMachinesTests(ApiTestCase):
    def setUp(self) -> None:
        self.page = reverse("claims:factcheck", args=[self.published.pk])

    def entry(self) -> ElementTree.Element:
        feed = ElementTree.fromstring(self.client.get(reverse("claims:factcheck_feed")).content)
        [entry] = [e for e in feed.findall("a:entry", ATOM) if e.find("a:link", ATOM).get("href").endswith(self.page)]
        return entry

    def test_a_corrected_review_carries_its_correction_in_json_ld_and_the_api(self) -> None:
        services.review_correct(review=self.published, editor=self.editor, note="The date was wrong.")
        correction = self.published.corrections.get()
        for data in (jsonld_of(self.client.get(self.page).content.decode())[0],
                     self.client.get(f"/api/v1/reviews/{self.published.pk}/claimreview/").json(),
                     self.client.get("/api/v1/reviews/claimreview/").json()["results"][0]):
            [comment] = data["correction"]
            self.assertEqual(comment["@type"], "CorrectionComment")
            self.assertEqual(comment["text"], "The date was wrong.")
            self.assertEqual(comment["datePublished"], correction.created.isoformat().replace("+00:00", "Z"))
            self.assertEqual(data["dateModified"], comment["datePublished"])
        review = self.get(f"/api/v1/reviews/{self.published.pk}/", self.read_key).json()
        self.assertEqual([(c["note"], c["is_retraction"]) for c in review["corrections"]],
                         [("The date was wrong.", False)])
        self.assertTrue(review["corrections"][0]["created"])

    def test_an_uncorrected_review_has_no_correction_nor_date_modified(self) -> None:
        data = self.client.get(f"/api/v1/reviews/{self.published.pk}/claimreview/").json()
        self.assertNotIn("correction", data)
        self.assertNotIn("dateModified", data)

    def test_the_atom_entry_says_corrected_and_gives_the_note(self) -> None:
        services.review_correct(review=self.published, editor=self.editor, note="The date was wrong.")
        entry = self.entry()
        self.assertTrue(entry.find("a:title", ATOM).text.startswith("Corrected: False: "))
        self.assertEqual([c.get("term") for c in entry.findall("a:category", ATOM)], ["corrected"])
        self.assertRegex(entry.find("a:summary", ATOM).text, r"Corrected on \d{4}-\d{2}-\d{2}: The date was wrong\.")

    def test_a_retraction_is_withdrawn_everywhere_with_its_note(self) -> None:
        services.review_correct(review=self.published, editor=self.editor, note="The date was wrong.")
        services.review_retract(review=self.published, editor=self.editor, note="The source was forged.")
        entry = self.entry()
        self.assertTrue(entry.find("a:title", ATOM).text.startswith("Retracted: "))
        self.assertEqual([c.get("term") for c in entry.findall("a:category", ATOM)], ["retracted"])
        summary = entry.find("a:summary", ATOM).text
        self.assertIn("The date was wrong.", summary)
        self.assertIn("Retracted on", summary)
        self.assertIn("The source was forged.", summary)
        gone = self.client.get(f"/api/v1/reviews/{self.published.pk}/claimreview/")
        self.assertEqual(gone.status_code, 410)
        self.assertEqual([c["additionalType"] for c in gone.json()["correction"]], ["Correction", "Retraction"])
        self.assertNotIn("reviewRating", gone.json())
        self.assertEqual(jsonld_of(self.client.get(self.page).content.decode()), [])


class PartialDatesTests(ApiTestCase):
    def setUp(self) -> None:
        Claim.objects.filter(pk=self.published_claim.pk).update(said_on=date(2023, 3, 1), said_on_precision="month")
        self.appearance = Attribution.objects.filter(claim=self.published_claim).first()
        Attribution.objects.filter(pk=self.appearance.pk).update(said_on=date(2023, 1, 1), said_on_precision="year")
        Article.objects.filter(pk=self.appearance.article_id).update(url="https://news.example.com/shoigu")

    def test_the_claim_api_list_detail_and_export_print_dates_at_their_precision(self) -> None:
        detail = self.get(f"/api/v1/claims/{self.published_claim.pk}/", self.read_key).json()
        [listed] = [c for c in self.get("/api/v1/claims/?page_size=500", self.read_key).json()["results"]
                    if c["id"] == self.published_claim.pk]
        export = self.get("/api/v1/claims/export/", self.read_key)
        [exported] = [json.loads(line) for line in b"".join(export.streaming_content).decode().splitlines()
                      if json.loads(line)["id"] == self.published_claim.pk]
        for claim in (detail, listed, exported):
            self.assertEqual((claim["said_on"], claim["said_on_precision"]), ("2023-03", "month"))
            [appearance] = [a for a in claim["appearances"] if a["id"] == self.appearance.pk]
            self.assertEqual((appearance["said_on"], appearance["said_on_precision"]), ("2023", "year"))
        attribution = self.get(f"/api/v1/attributions/{self.appearance.pk}/", self.read_key).json()
        self.assertEqual(attribution["said_on"], "2023")

    def test_json_ld_gives_the_claims_date_at_its_precision_and_never_the_articles(self) -> None:
        item = self.client.get(f"/api/v1/reviews/{self.published.pk}/claimreview/").json()["itemReviewed"]
        self.assertEqual(item["datePublished"], "2023-03")
        Claim.objects.filter(pk=self.published_claim.pk).update(said_on=None)
        item = self.client.get(f"/api/v1/reviews/{self.published.pk}/claimreview/").json()["itemReviewed"]
        self.assertNotIn("datePublished", item)
        self.assertTrue(item["firstAppearance"]["datePublished"])  # the article's date is the article's
        self.assertEqual(item["firstAppearance"]["url"], "https://news.example.com/shoigu")
        self.assertEqual({a["url"] for a in item["appearance"]}, {"https://news.example.com/shoigu"})

    def test_a_partial_date_is_written_as_it_is_read(self) -> None:
        url = f"/api/v1/claims/{self.draft_claim.pk}/"
        response = self.patch(url, {"said_on": "2021"}, self.editor_key)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["said_on"], response.json()["said_on_precision"]), ("2021", "year"))
        self.draft_claim.refresh_from_db()
        self.assertEqual((self.draft_claim.said_on, self.draft_claim.said_on_precision), (date(2021, 1, 1), "year"))
        response = self.patch(url, {"said_on": "2021-02-03", "said_on_precision": "month"}, self.editor_key)
        self.assertEqual(response.json()["said_on"], "2021-02")  # a full date with an explicit precision
        for bad in ("2021-13", "March 2021", "0000", 2021, ""):
            response = self.patch(url, {"said_on": bad}, self.editor_key)
            self.assertEqual(response.status_code, 400, bad)
            self.assertIn("said_on", response.json())
        response = self.patch(url, {"said_on": None}, self.editor_key)
        self.assertEqual(response.json()["said_on"], None)


class ConditionalGetTests(ApiTestCase):
    def assert_conditional(self, url: str, **auth: str) -> None:
        first = self.client.get(url, **auth)
        self.assertEqual(first.status_code, 200)
        etag, last_modified = first["ETag"], first["Last-Modified"]
        self.assertEqual(self.client.get(url, HTTP_IF_NONE_MATCH=etag, **auth).status_code, 304)
        self.assertEqual(self.client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified, **auth).status_code, 304)
        self.assertEqual(self.client.get(url, HTTP_IF_NONE_MATCH='"other"', **auth).status_code, 200)
        self.assertEqual(self.client.get(url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT",
                                         **auth).status_code, 200)
        services.review_correct(review=self.published, editor=self.editor, note="Corrected for the test.")
        changed = self.client.get(url, HTTP_IF_NONE_MATCH=etag, **auth)
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed["ETag"], etag)
        self.assertContains(changed, "Corrected for the test.")

    def test_the_atom_feed_answers_304_when_unchanged(self) -> None:
        self.assert_conditional(reverse("claims:factcheck_feed"))

    def test_the_claimreview_list_answers_304_when_unchanged(self) -> None:
        self.assert_conditional("/api/v1/reviews/claimreview/")


class NdjsonLineBreakTests(ApiTestCase):
    def test_unicode_line_separators_are_escaped_so_one_record_is_one_line(self) -> None:
        text = "First line\u2028second\u2029third\x85fourth"
        Claim.objects.filter(pk=self.draft_claim.pk).update(text=text)
        response = self.get("/api/v1/claims/export/", self.read_key)
        body = b"".join(response.streaming_content)
        for raw in ("\u2028", "\u2029", "\x85"):
            self.assertNotIn(raw.encode(), body)
        lines = body.decode().splitlines()
        self.assertEqual(len(lines), Claim.objects.count())
        self.assertIn(text, [json.loads(line)["text"] for line in lines])


def read_csv(response) -> tuple[list[str], list[dict[str, str]]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    reader = csv.DictReader(io.StringIO(body.decode()))
    return list(reader.fieldnames or []), list(reader)


class StableCsvTests(ApiTestCase):
    def test_claim_csv_columns_are_fixed_whatever_the_data_or_the_filter(self) -> None:
        for query in ("", "status=published", "status=dismissed", "q=nothing-matches-this", "merged=true"):
            response = self.get(f"/api/v1/claims/?format=csv&{query}", self.read_key)
            self.assertEqual(response.status_code, 200, query)
            self.assertEqual(read_csv(response)[0], list(CLAIM_COLUMNS), query)
        header, rows = read_csv(self.get(f"/api/v1/claims/{self.published_claim.pk}/", self.read_key,
                                         HTTP_ACCEPT="text/csv"))
        self.assertEqual(header, list(CLAIM_COLUMNS))
        self.assertEqual((rows[0]["verdict.rating.label"], rows[0]["claimant.name"]), ("False", "John Kirby"))

    def test_review_csv_carries_correction_notes_and_dates(self) -> None:
        services.review_correct(review=self.published, editor=self.editor, note="The date was wrong.")
        services.review_retract(review=self.published, editor=self.editor, note="Forged, = withdrawn.")
        for query in ("", "status=retracted", "status=draft"):
            self.assertEqual(read_csv(self.get(f"/api/v1/reviews/?format=csv&{query}", self.read_key))[0],
                             list(REVIEW_COLUMNS))
        _, rows = read_csv(self.get("/api/v1/reviews/?format=csv&status=retracted", self.read_key))
        [row] = rows
        notes = list(self.published.corrections.order_by("created"))
        self.assertEqual(row["corrections.note"], "The date was wrong. | Forged, = withdrawn.")
        self.assertEqual(row["corrections.is_retraction"], "false | true")
        self.assertEqual(row["corrections.created"].split(" | "),
                         [n.created.isoformat().replace("+00:00", "Z") for n in notes])
        self.assertEqual(row["status"], "retracted")

    def test_csv_pages_link_to_the_next_page_and_json_pages_carry_the_cursor(self) -> None:
        seen: list[str] = []
        url = "/api/v1/claims/?format=csv&page_size=2"
        pages = 0
        while url:
            response = self.get(url, self.read_key)
            header, rows = read_csv(response)
            self.assertEqual(header, list(CLAIM_COLUMNS))
            seen += [row["id"] for row in rows]
            link = response.headers.get("Link")
            url = re.fullmatch(r'<([^>]+)>; rel="next"', link).group(1) if link else None
            pages += 1
        self.assertGreater(pages, 2)
        self.assertEqual(sorted(map(int, seen)), sorted(Claim.objects.values_list("pk", flat=True)))
        page = self.get("/api/v1/claims/?page_size=2", self.read_key)
        data = page.json()
        self.assertEqual(data["next"], f"http://testserver/api/v1/claims/?cursor={data['next_cursor']}&page_size=2")
        self.assertEqual(page["Link"], f'<{data["next"]}>; rel="next"')
        last = self.get("/api/v1/claims/?page_size=500", self.read_key)
        self.assertEqual((last.json()["next"], last.json()["next_cursor"]), (None, None))
        self.assertFalse(last.has_header("Link"))

    def test_the_full_csv_export_streams_every_row(self) -> None:
        for response in (self.get("/api/v1/claims/export/?format=csv", self.read_key),
                         self.get("/api/v1/claims/export/", self.read_key, HTTP_ACCEPT="text/csv")):
            self.assertTrue(response.streaming)
            self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
            header, rows = read_csv(response)
            self.assertEqual(header, list(CLAIM_COLUMNS))
            self.assertEqual([int(r["id"]) for r in rows], sorted(Claim.objects.values_list("pk", flat=True)))
        _, rows = read_csv(self.get("/api/v1/claims/export/?format=csv&status=published", self.read_key))
        self.assertEqual([int(r["id"]) for r in rows], [self.published_claim.pk])
        ndjson = self.get("/api/v1/claims/export/?format=ndjson", self.read_key)
        self.assertEqual(ndjson["Content-Type"], "application/x-ndjson")

    def test_an_error_is_json_whatever_format_was_asked(self) -> None:
        for url in ("/api/v1/claims/?format=csv&page_size=0", "/api/v1/claims/export/?format=csv&status=nope",
                    "/api/v1/claims/export/?status=nope"):
            response = self.get(url, self.read_key)
            self.assertEqual(response.status_code, 400, url)
            self.assertEqual(response["Content-Type"], "application/json", url)
            self.assertTrue(response.json())


class SchemaMediaTypesTests(ApiTestCase):
    def setUp(self) -> None:
        self.schema = self.client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    def test_csv_and_ndjson_answers_are_documented_as_text_not_as_the_json_object(self) -> None:
        paths = self.schema["paths"]
        listing = paths["/api/v1/claims/"]["get"]["responses"]["200"]
        self.assertEqual(listing["content"]["text/csv"]["schema"]["type"], "string")
        self.assertIn("$ref", str(listing["content"]["application/json"]["schema"]))
        self.assertIn("Link", listing["headers"])
        export = paths["/api/v1/claims/export/"]["get"]["responses"]["200"]["content"]
        self.assertEqual({k: v["schema"]["type"] for k, v in export.items()},
                         {"application/x-ndjson": "string", "text/csv": "string"})
        self.assertIn("Location", paths["/api/v1/claims/{id}/"]["get"]["responses"]["301"]["headers"])

    def test_format_is_a_parameter_only_where_it_applies(self) -> None:
        with_format = {
            (method.upper(), path): next(p["schema"]["enum"] for p in op["parameters"] if p["name"] == "format")
            for path, ops in self.schema["paths"].items() for method, op in ops.items()
            if any(p["name"] == "format" for p in op.get("parameters", []))
        }
        self.assertEqual(with_format, {
            ("GET", "/api/v1/claims/"): ["csv", "json"], ("GET", "/api/v1/claims/{id}/"): ["csv", "json"],
            ("GET", "/api/v1/reviews/"): ["csv", "json"], ("GET", "/api/v1/reviews/{id}/"): ["csv", "json"],
            ("GET", "/api/v1/claims/export/"): ["csv", "ndjson"],
        })

    def test_ids_in_paths_are_positive(self) -> None:
        parameters = self.schema["paths"]["/api/v1/claims/{id}/"]["get"]["parameters"]
        [parameter] = [p for p in parameters if p["in"] == "path"]
        self.assertEqual(parameter["schema"]["minimum"], 1)
        self.assertEqual(self.get("/api/v1/claims/0/", self.read_key).status_code, 404)
        [outlet] = [p for p in self.schema["paths"]["/api/v1/claims/"]["get"]["parameters"] if p["name"] == "outlet"]
        self.assertEqual(outlet["schema"]["minimum"], 1)
        self.assertEqual(self.get("/api/v1/claims/?outlet=0", self.read_key).status_code, 400)
        body = self.schema["components"]["schemas"]["ArticleRequest"]["properties"]["outlet"]
        self.assertEqual((body["minimum"], body["maximum"]), (1, 2**63 - 1))

    def test_what_the_schema_admits_the_server_accepts_and_the_rest_it_refuses(self) -> None:
        parameters = self.schema["paths"]["/api/v1/claims/"]["get"]["parameters"]
        empty_allowed = {p["name"] for p in parameters if p.get("allowEmptyValue")}
        self.assertNotIn("page_size", empty_allowed)
        for name in sorted(empty_allowed):
            self.assertEqual(self.get(f"/api/v1/claims/?{name}=", self.read_key).status_code, 200, name)
        self.assertEqual(self.get("/api/v1/claims/?page_size=", self.read_key).status_code, 400)
        self.assertEqual(self.get("/api/v1/rating-scales/?is_default=2", self.read_key).status_code, 400)
        public = self.schema["paths"]["/api/v1/reviews/claimreview/"]["get"]["security"]
        self.assertIn({}, public)
        self.assertNotIn({}, self.schema["paths"]["/api/v1/claims/"]["get"]["security"])


class StrictJsonTypesTests(ApiTestCase):
    def test_a_number_is_not_taken_for_a_string_nor_a_string_for_a_number(self) -> None:
        cases = [
            ("/api/v1/outlets/", {"name": 0, "kind": "newspaper"}, "name"),
            (f"/api/v1/reviews/{self.draft.pk}/submit/", {"version": "1"}, "version"),
            (f"/api/v1/reviews/{self.draft.pk}/send-back/", {"note": True}, "note"),
        ]
        for url, body, field in cases:
            response = self.post(url, body, self.editor_key)
            self.assertEqual(response.status_code, 400, url)
            self.assertIn(field, response.json())
        response = self.patch(f"/api/v1/claims/{self.draft_claim.pk}/", {"checkworthiness": "20"}, self.editor_key)
        self.assertEqual((response.status_code, list(response.json())), (400, ["checkworthiness"]))
        self.assertEqual(self.post("/api/v1/outlets/", {"name": "Wire", "kind": "newspaper"}, self.editor_key)
                         .status_code, 201)

    def test_a_string_is_measured_as_sent_not_once_trimmed(self) -> None:
        response = self.post("/api/v1/outlets/", {"name": " " * 10 + "x" * 195, "kind": "newspaper"}, self.editor_key)
        self.assertEqual(Outlet._meta.get_field("name").max_length, 200)
        self.assertEqual((response.status_code, list(response.json())), (400, ["name"]))
