"""Bad input never reaches a 500: each reproduction of issue 10 ("malformed input still reaches
500") gets a clear 4xx that names the problem, and nothing is stored.

Through the real doors: the test client against the API, the desk and the upload paths, on the
suite's database (PostgreSQL refuses a NUL byte where SQLite would store it; both are covered).
"""

from __future__ import annotations

import io
import json
import logging
from unittest import mock

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from claims.choices import MatchStatus
from claims.ids import MAX_ID, parse_id, parse_int
from claims.models import Article, Attribution, Claim, Job, JobItem, MatchSuggestion, Outlet
from tests.claims.api.helpers import ApiTestCase

ARTICLE = (
    " date 2024-03-05 Mayor Opens Bridge - The Daily Test\n"
    "Mayor Opens Bridge\n\n"
    "Dan Writer\n\n"
    "The new bridge opened on Tuesday after three years of work.\n\n"
    '"This bridge will cut commuting times in half," Mayor Jane Doe said at the ceremony.\n'
)
# The start of a real PNG file: signature, then the IHDR chunk's length with its NUL bytes.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(range(256))
MiB = 1024 * 1024


class IdParsingTests(ApiTestCase):
    """The root cause: `'²'.isdigit()` is true, and `int('²')` raises."""

    def test_only_ascii_digits_within_the_bigint_range_are_ids(self) -> None:
        self.assertEqual([parse_id(v) for v in ("1", "42", str(MAX_ID))], [1, 42, MAX_ID])
        for value in ("²", "٣", "0", "-1", "+1", " 1", "1.0", "", str(MAX_ID + 1), "9" * 30, None, 1):
            self.assertIsNone(parse_id(value), value)
        self.assertEqual(parse_int("0"), 0)
        self.assertIsNone(parse_int("²"))


class MalformedQueryTests(ApiTestCase):
    def setUp(self) -> None:
        self.client = Client(raise_request_exception=False)

    def test_a_query_parameter_named_percent_is_a_400_naming_it(self) -> None:
        for url in ("/api/v1/claims/?%25=1", "/api/v1/reviews/?%25s=1", "/api/v1/outlets/?a%25(b)s=1"):
            response = self.get(url, self.read_key)
            self.assertEqual(response.status_code, 400, url)
            (name, messages), = response.json().items()
            self.assertIn("%", name)
            self.assertIn("Unknown query parameter", messages[0])

    def test_unicode_digits_in_api_id_filters_are_refused_or_read_as_names(self) -> None:
        for resource in ("claims", "attributions", "reviews"):
            response = self.get(f"/api/v1/{resource}/?speaker=²", self.read_key)
            self.assertEqual(response.status_code, 200, resource)  # a name that nobody has
            self.assertEqual(response.json()["results"], [])
        for url in ("/api/v1/claims/?claimant=²", "/api/v1/attributions/?article=٣", "/api/v1/articles/?outlet=²"):
            response = self.get(url, self.read_key)
            self.assertEqual(response.status_code, 400, url)
            self.assertIn("Give a record id", json.dumps(response.json()))

    def test_unicode_digits_in_an_api_path_are_a_json_404(self) -> None:
        for url in ("/api/v1/claims/²/", "/api/v1/claims/٣/", f"/api/v1/claims/{'9' * 30}/"):
            response = self.get(url, self.read_key)
            self.assertEqual((response.status_code, response["Content-Type"]), (404, "application/json"), url)

    def test_the_desk_queue_reads_unicode_digits_as_a_speaker_name(self) -> None:
        self.client.force_login(self.editor)
        response = self.client.get("/review/?speaker=²")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "No speaker is called")
        kirby = Claim.objects.filter(claimant__name="John Kirby").first().claimant
        response = self.client.get(f"/review/?speaker={kirby.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("speaker", response.context["queue"].errors)
        self.assertTrue(all(c.claimant_id == kirby.pk for c in response.context["queue"].rows))


class TooManyParametersTests(ApiTestCase):
    def test_more_parameters_than_django_reads_is_a_400_that_says_so(self) -> None:
        query = "&".join(f"p{i}=1" for i in range(1001))
        client = Client(raise_request_exception=False)
        response = client.get(f"/api/v1/claims/?{query}", **self.auth(self.read_key))
        self.assertEqual((response.status_code, response.json()["code"]), (400, "too_many_fields"))
        client.force_login(self.editor)
        response = client.get(f"/review/?{query}")
        self.assertContains(response, "At most 1000 parameters or form fields", status_code=400)


class ImportInputTests(ApiTestCase):
    url = reverse("claims:import")

    def setUp(self) -> None:
        self.client = Client(raise_request_exception=False)
        self.client.force_login(self.reporter)
        self.articles, self.attributions = Article.objects.count(), Attribution.objects.count()

    def assert_nothing_stored(self) -> None:
        self.assertEqual((Article.objects.count(), Attribution.objects.count()), (self.articles, self.attributions))

    def test_a_non_ascii_statement_number_is_a_400_naming_it(self) -> None:
        response = self.client.post(self.url, {"text": ARTICLE, "intent": "import", "accept": ["0", "²"]})
        self.assertContains(response, "&#x27;²&#x27; is not a statement number.", status_code=400)
        self.assert_nothing_stored()
        response = self.client.post(self.url, {"text": ARTICLE, "intent": "import", "accept": ["0"]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Article.objects.count(), self.articles + 1)

    def test_a_nul_byte_in_an_uploaded_file_is_refused_by_name(self) -> None:
        upload = SimpleUploadedFile("notes.txt", ARTICLE.replace("bridge", "bri\x00dge").encode())
        response = self.client.post(self.url, {"file": upload, "intent": "import"})
        self.assertContains(response, "notes.txt is not text: it holds binary data", status_code=400)
        self.assert_nothing_stored()

    def test_a_nul_byte_in_the_file_name_is_refused(self) -> None:
        response = self.client.post(self.url, {"text": ARTICLE, "filename": "a\x00.txt", "intent": "import"})
        self.assertContains(response, "Null characters are not allowed", status_code=400)
        self.assert_nothing_stored()

    def test_a_png_uploaded_or_pasted_is_refused(self) -> None:
        for intent in ("preview", "import"):
            response = self.client.post(self.url, {"file": SimpleUploadedFile("photo.png", PNG), "intent": intent})
            self.assertContains(response, "photo.png is not text", status_code=400)
        # Pasted: what a browser sends for binary pasted into the box (the bytes read as Latin-1).
        response = self.client.post(self.url, {"text": PNG.decode("latin-1").replace("\x00", ""), "intent": "import"})
        self.assertContains(response, "The pasted article is not text", status_code=400)
        self.assert_nothing_stored()

    def test_a_file_that_is_not_utf8_is_refused_by_name(self) -> None:
        upload = SimpleUploadedFile("latin.txt", ARTICLE.replace("Mayor", "Maire é").encode("latin-1"))
        response = self.client.post(self.url, {"file": upload, "intent": "import"})
        self.assertContains(response, "latin.txt is not UTF-8 text", status_code=400)
        self.assert_nothing_stored()

    def test_a_pasted_article_over_the_limit_is_a_413(self) -> None:
        response = self.client.post(self.url, {"text": ARTICLE + "x" * (6 * MiB), "intent": "import"})
        self.assertContains(response, "over the limit of 1 MiB for one article", status_code=413)
        self.assert_nothing_stored()

    def test_an_uploaded_file_over_the_limit_is_a_413(self) -> None:
        # Just over the limit: the request is within the envelope and the form names the file.
        upload = SimpleUploadedFile("long.txt", (ARTICLE + "y" * MiB).encode())
        response = self.client.post(self.url, {"file": upload, "intent": "import"})
        self.assertContains(response, "long.txt is larger than 1 MiB, the limit for one article", status_code=413)
        big = SimpleUploadedFile("huge.txt", b"z" * (3 * MiB))
        response = self.client.post(self.url, {"file": big, "intent": "import"})
        self.assertContains(response, "over the limit of 1 MiB for one article", status_code=413)
        self.assert_nothing_stored()


class BatchImportInputTests(ApiTestCase):
    url = reverse("claims:job_import")

    def setUp(self) -> None:
        self.client = Client(raise_request_exception=False)
        self.client.force_login(self.reporter)

    def post(self, *files: SimpleUploadedFile):
        return self.client.post(self.url, {"files": list(files)})

    def test_a_20_mb_file_is_a_413_and_queues_nothing(self) -> None:
        response = self.post(SimpleUploadedFile("ok.txt", ARTICLE.encode()),
                             SimpleUploadedFile("dump.txt", b"word " * (4 * MiB)))
        self.assertContains(response, "dump.txt is larger than 1 MiB, the limit for one article", status_code=413)
        self.assertFalse(Job.objects.exists())

    def test_a_batch_over_its_total_limit_is_a_413_before_it_is_read(self) -> None:
        with self.settings(BATCH_MAX_BYTES=64 * 1024):
            response = self.post(*[SimpleUploadedFile(f"a{i}.txt", b"x" * 20_000) for i in range(4)])
        self.assertContains(response, "over the limit of 64 KiB for a batch of files", status_code=413)
        self.assertFalse(Job.objects.exists())

    def test_nul_bytes_or_a_png_in_a_batch_are_refused_by_name(self) -> None:
        for bad in (SimpleUploadedFile("b.txt", b"Head\n\nBo\x00dy."), SimpleUploadedFile("c.txt", PNG)):
            response = self.post(SimpleUploadedFile("ok.txt", ARTICLE.encode()), bad)
            self.assertRedirects(response, reverse("claims:jobs"), fetch_redirect_response=False)
            shown = [str(m) for m in get_messages(response.wsgi_request)]
            self.assertTrue(any(f"{bad.name} is not text" in m for m in shown), shown)
        self.assertFalse(Job.objects.exists())

    def test_the_promised_2000_files_fit_and_more_are_a_413(self) -> None:
        files = [SimpleUploadedFile(f"item-{i}.txt", f"Item {i}\n\nThe council met on day {i}.\n".encode())
                 for i in range(2000)]
        response = self.post(*files)
        job = Job.objects.get()
        self.assertRedirects(response, reverse("claims:job", args=[job.pk]), fetch_redirect_response=False)
        self.assertEqual((job.total, JobItem.objects.filter(job=job).count()), (2000, 2000))
        response = self.post(*files, SimpleUploadedFile("one-more.txt", b"Item\n\nOne more.\n"))
        self.assertContains(response, "At most 2000 files in one upload", status_code=413)
        self.assertEqual(Job.objects.count(), 1)


class ApiBodyTests(ApiTestCase):
    def setUp(self) -> None:
        self.client = Client(raise_request_exception=False)
        self.outlets = Outlet.objects.count()

    def post_raw(self, body: str | bytes, **extra):
        return self.client.post("/api/v1/outlets/", body, content_type="application/json",
                                **self.auth(self.reporter_key), **extra)

    def test_json_nested_thousands_deep_is_a_400(self) -> None:
        for body in ("[" * 5000 + "]" * 5000, '{"name":' * 3000 + '"x"' + "}" * 3000, "[" * 40 + "]" * 40):
            response = self.post_raw(body)
            self.assertEqual(response.status_code, 400, body[:20])
            self.assertIn("nested deeper than 32 levels", response.json()["detail"])
        self.assertEqual(Outlet.objects.count(), self.outlets)

    def test_a_lone_surrogate_is_a_400_not_a_database_error(self) -> None:
        response = self.post_raw('{"name": "Wire \\ud800 Service"}')
        self.assertEqual(response.status_code, 400)
        self.assertIn("lone surrogate", response.json()["detail"])
        self.assertEqual(Outlet.objects.count(), self.outlets)

    def test_a_nul_character_in_json_is_a_400_naming_the_field(self) -> None:
        response = self.post_raw('{"name": "Wire\\u0000Service"}')
        self.assertEqual(response.status_code, 400)
        self.assertIn("name", response.json())

    def test_a_body_over_the_limit_is_a_json_413_whatever_its_size_or_type(self) -> None:
        for body, content_type in ((b'{"name": "' + b"x" * (6 * MiB) + b'"}', "application/json"),
                                   (b'{"name": "' + b"x" * (MiB + 10) + b'"}', "application/json"),
                                   (b"name=" + b"x" * (6 * MiB), "application/x-www-form-urlencoded")):
            response = self.client.post("/api/v1/outlets/", body, content_type=content_type,
                                        **self.auth(self.reporter_key))
            self.assertEqual((response.status_code, response["Content-Type"]), (413, "application/json"))
            self.assertEqual(response.json()["code"], "too_large")
            self.assertIn("limit of 1 MiB", response.json()["detail"])
        self.assertEqual(Outlet.objects.count(), self.outlets)


class SuggestionInputTests(ApiTestCase):
    def test_a_non_ascii_claim_number_to_return_to_falls_back_to_the_suggestions_claim(self) -> None:
        appearance = Attribution.objects.exclude(claim=self.draft_claim).first()
        suggestion = MatchSuggestion.objects.create(attribution=appearance, claim=self.draft_claim, score=0.7)
        client = Client(raise_request_exception=False)
        client.force_login(self.editor)
        response = client.post(reverse("claims:suggestion_decide", args=[suggestion.pk, "keep"]), {"from": "²"})
        self.assertRedirects(response, reverse("claims:claim", args=[self.draft_claim.pk]) + "#matches",
                             fetch_redirect_response=False)
        suggestion.refresh_from_db()
        self.assertEqual(suggestion.status, MatchStatus.KEPT_SEPARATE)


class HealthzTests(ApiTestCase):
    def test_anonymous_callers_learn_only_ok(self) -> None:
        response = Client().get("/healthz")
        self.assertEqual((response.status_code, response.json()), (200, {"status": "ok"}))

    def test_an_outage_is_unavailable_to_anonymous_callers_and_detailed_in_the_log(self) -> None:
        with mock.patch("newsroom.health.connection.cursor",
                        side_effect=OperationalError('connection to server at "db.internal" (10.1.2.3) refused')), \
                self.assertLogs("newsroom.health", "WARNING") as logs:
            response = Client().get("/healthz")
        self.assertEqual((response.status_code, response.json()), (503, {"status": "unavailable"}))
        self.assertIn("db.internal", logs.output[0])

    def test_staff_see_the_database(self) -> None:
        client = Client()
        client.force_login(self.superuser)
        self.assertEqual(client.get("/healthz").json(), {"status": "ok", "database": connection.vendor})


class RefusalLogTests(ApiTestCase):
    """A 403 (or a bad Host header) is one line in the log, not a traceback."""

    def log_of(self, request) -> list[str]:
        handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
        stream = io.StringIO()
        previous = handler.setStream(stream)
        try:
            request()
        finally:
            handler.setStream(previous)
        return stream.getvalue().splitlines()

    def test_a_403_logs_one_line(self) -> None:
        client = Client(raise_request_exception=False)
        client.force_login(self.outsider)
        lines = self.log_of(lambda: self.assertEqual(client.get(reverse("claims:import")).status_code, 403))
        self.assertEqual(lines, ["Forbidden (Permission denied): /review/import/"])

    def test_a_bad_host_header_logs_one_line(self) -> None:
        lines = self.log_of(lambda: Client(raise_request_exception=False).get("/healthz", HTTP_HOST="evil.example"))
        self.assertEqual(lines, ["Invalid HTTP_HOST header: 'evil.example'. You may need to add 'evil.example' "
                                 "to ALLOWED_HOSTS."])

    def test_a_server_error_keeps_its_traceback(self) -> None:
        def fail() -> None:
            try:
                raise ValueError("bug")
            except ValueError:
                logging.getLogger("django.request").exception("Internal Server Error: /x",
                                                              extra={"status_code": 500})

        lines = self.log_of(fail)
        self.assertEqual(lines[:2], ["Internal Server Error: /x", "Traceback (most recent call last):"])
