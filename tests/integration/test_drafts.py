"""The pre-publication check through the API and the desk: every role, tokens, bad input."""

from __future__ import annotations

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import ApiToken, Article, Attribution, Claim, Source
from claims.services import imports
from tests.base import BaseTestCase
from tests.integration.helpers import BRIDGE_QUOTE, article_text, publish

URL = "/api/v1/drafts/check/"

DRAFT = (
    "The council met on Monday to discuss the new bridge.\n\n"
    f'"{BRIDGE_QUOTE}," Mayor Jane Doe told reporters after the vote.\n\n'
    '"We will plant two hundred trees along the river by June," said park director Lena Ortiz.\n'
)


class DraftCheckApiTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.claim = imports.import_article(text=article_text(1)).attributions[0].claim
        cls.review = publish(cls.claim, cls.fact_checker, cls.editor)
        _, cls.key = ApiToken.issue(name="cms", user=cls.reporter, read_only=True)

    def check(self, body, **extra):
        return self.client.post(URL, json.dumps(body) if not isinstance(body, str) else body,
                                content_type="application/json", **extra)

    def test_it_finds_the_statements_and_what_was_already_checked(self) -> None:
        self.client.force_login(self.reporter)
        rows = {Model: Model.objects.count() for Model in (Article, Attribution, Claim, Source)}
        response = self.check({"text": DRAFT, "headline": "Bridge vote passes"})
        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual(data["counts"], {"statements": 2, "matched": 1, "already_checked": 1})
        bridge, trees = data["statements"]
        self.assertEqual(DRAFT[bridge["start"]:bridge["end"]], bridge["text"])
        self.assertEqual((bridge["field"], bridge["speaker"], bridge["kind"]), ("text", "Jane Doe", "direct"))
        self.assertEqual(bridge["match"]["claim"], self.claim.pk)
        self.assertTrue(bridge["match"]["same_claim"])
        self.assertEqual(bridge["already_checked"]["rating"], "False")
        self.assertEqual(bridge["already_checked"]["review"], self.review.pk)
        self.assertEqual(bridge["already_checked"]["published"], self.review.published_at.date().isoformat())
        self.assertTrue(bridge["already_checked"]["url"].endswith(f"/fact-checks/{self.review.pk}/"))
        self.assertEqual((trees["speaker"], trees["match"], trees["already_checked"]), ("Lena Ortiz", None, None))
        self.assertLess(trees["checkworthiness"]["score"], bridge["checkworthiness"]["score"] + 50)
        self.assertIn("a prediction or promise", trees["checkworthiness"]["reasons"][0] + str(trees["checkworthiness"]))
        self.assertEqual({Model: Model.objects.count() for Model in rows}, rows)  # nothing stored

    def test_headline_statements_carry_their_own_offsets(self) -> None:
        self.client.force_login(self.reporter)
        headline = f'Mayor Jane Doe: "{BRIDGE_QUOTE}"'
        data = self.check({"text": "The council met on Monday.", "headline": headline}).json()
        self.assertEqual([s["field"] for s in data["statements"]], ["headline"])
        statement = data["statements"][0]
        self.assertEqual(headline[statement["start"]:statement["end"]], statement["text"])

    def test_every_role_and_a_read_only_token_may_check_but_no_one_else(self) -> None:
        for user in (self.reporter, self.fact_checker, self.editor, self.superuser):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.check({"text": DRAFT}).status_code, 200)
        self.client.logout()
        self.assertEqual(self.check({"text": DRAFT}, HTTP_AUTHORIZATION=f"Token {self.key}").status_code, 200)
        self.assertEqual(self.check({"text": DRAFT}).status_code, 401)
        self.client.force_login(self.outsider)
        refused = self.check({"text": DRAFT})
        self.assertEqual(refused.status_code, 403)
        self.assertIn("newsroom role", refused.json()["detail"])

    def test_bad_input_is_a_4xx_naming_the_problem_never_a_500(self) -> None:
        self.client.force_login(self.reporter)
        cases = [
            ("{not json", 400, "JSON parse error"),
            ({}, 400, "text"),
            ({"text": ""}, 400, "text"),
            ({"text": 42, "headline": ["a"]}, 400, "headline"),
            ({"text": "x", "headline": "h" * 501}, 400, "headline"),
            ({"text": "a\ud800b"}, 400, "surrogate"),
            ({"text": "word " * 20_000}, 413, "over the limit of 60,000"),
            ({"text": "\x00 nothing here"}, 400, "Null characters are not allowed"),
            ({"text": "\x01 nothing \u202e here \ufeff"}, 200, "statements"),
            ({"text": '"' * 5000}, 200, "statements"),
        ]
        for body, status, words in cases:
            with self.subTest(body=str(body)[:40]):
                response = self.check(body)
                self.assertEqual(response.status_code, status, response.content[:300])
                self.assertIn(words, response.content.decode())
        with self.settings(UPLOAD_MAX_BYTES=1000):
            too_big = self.check({"text": "word " * 1000})
        self.assertEqual((too_big.status_code, too_big.json()["code"]), (413, "too_large"))

    def test_queries_are_as_many_for_a_long_draft_as_for_a_short_one(self) -> None:
        self.client.force_login(self.reporter)
        self.check({"text": DRAFT})  # warm up the session and roles
        longer = DRAFT + "".join(f'\n"The ferry ran {n} times a day last year," Mayor Jane Doe said.\n'
                                 for n in range(2, 12))
        counts = []
        for text in (DRAFT, longer):
            with CaptureQueriesContext(connection) as queries:
                response = self.check({"text": text})
            counts.append((len(response.json()["statements"]), len(queries)))
        (short, short_queries), (long, long_queries) = counts
        self.assertEqual((short, long), (2, 12))
        # Session, user, roles, throttle; the speakers (2), the matching (4), the verdicts (1).
        self.assertEqual(short_queries, long_queries)
        self.assertLessEqual(long_queries, 12)


class DraftCheckDeskTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.claim = imports.import_article(text=article_text(1)).attributions[0].claim
        cls.review = publish(cls.claim, cls.fact_checker, cls.editor)

    def test_each_role_checks_a_draft_and_sees_it_highlighted(self) -> None:
        url = reverse("claims:draft_check")
        for user in (self.reporter, self.fact_checker, self.editor):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(url).status_code, 200)
                response = self.client.post(url, {"headline": "Vote", "text": DRAFT.replace("\n", "\r\n")})
                self.assertContains(response, "2 statements, 1 already checked")
                self.assertContains(response, f'<mark class="q q-checked" id="s{DRAFT.index(BRIDGE_QUOTE)}">')
                self.assertContains(response, "already checked: False, published")
                self.assertContains(response, f'href="/fact-checks/{self.review.pk}/"')
                self.assertContains(response, "nothing on file")

    def test_user_text_is_escaped_and_outsiders_refused(self) -> None:
        self.client.force_login(self.reporter)
        response = self.client.post(reverse("claims:draft_check"),
                                    {"text": '"<script>alert(1)</script> is here," Jo Bloggs said.'})
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(response, "<script>alert(1)")
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(reverse("claims:draft_check")).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(reverse("claims:draft_check")).status_code, 302)

    def test_an_overlong_draft_is_refused_on_the_form(self) -> None:
        self.client.force_login(self.reporter)
        with self.settings(DRAFT_MAX_CHARS=100):
            response = self.client.post(reverse("claims:draft_check"), {"text": "word " * 100})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ensure this value has at most")


class SpeakerLookupTests(BaseTestCase):
    def test_speakers_are_found_by_name_or_alias_in_one_query(self) -> None:
        from claims.selectors.drafts import _speakers

        imports.import_article(text=article_text(1))  # Jane Doe, with her surname as an alias
        jane = Source.objects.get(name="Jane Doe")
        self.assertEqual(list(jane.aliases.values_list("name", flat=True)), ["Doe"])
        with self.assertNumQueries(1):
            found = _speakers({"Jane Doe", "doe", "Nobody Known"})
        self.assertEqual(found, {"Jane Doe": jane, "doe": jane})
