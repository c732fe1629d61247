"""The desk's small things (issue 12, item 7): dates at their precision, field-level verdict errors
and length limits, long words wrapping, one start button, a human lockout message, a phone
layout, a CSP-clean API docs page and a favicon."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from claims import services
from claims.choices import ClaimStatus, DatePrecision
from claims.models import Claim, Review
from claims.templatetags.desk import at_precision, human_duration
from tests.base import SeededTestCase
from tests.claims.desk_helpers import seed_claim

CSS = (Path(settings.BASE_DIR) / "static" / "css" / "desk.css").read_text()


class DatePrecisionTests(SeededTestCase):
    def test_the_filter_says_no_more_than_is_known(self) -> None:
        day = datetime.date(2023, 3, 1)
        self.assertEqual(at_precision(day, DatePrecision.MONTH), "March 2023")
        self.assertEqual(at_precision(day, DatePrecision.YEAR), "2023")
        self.assertEqual(at_precision(datetime.date(2023, 3, 5), DatePrecision.DAY), "5 Mar 2023")
        self.assertEqual(at_precision(None, DatePrecision.DAY), "")

    def test_queue_and_claim_page_show_a_month_as_a_month(self) -> None:
        claim = seed_claim()
        Claim.objects.filter(pk=claim.pk).update(said_on=datetime.date(2023, 3, 1),
                                                 said_on_precision=DatePrecision.MONTH)
        self.client.force_login(self.fact_checker)
        queue = self.client.get(reverse("claims:queue")).content.decode()
        page = self.client.get(reverse("claims:claim", args=[claim.pk])).content.decode()
        for html in (queue, page):
            self.assertIn("March 2023", html)
            self.assertNotIn("1 Mar 2023", html)
            self.assertNotIn("1 March 2023", html)


class VerdictFormTests(SeededTestCase):
    def setUp(self) -> None:
        self.claim = seed_claim()
        services.claim_start(claim=self.claim, user=self.fact_checker)
        self.url = reverse("claims:verdict_save", args=[self.claim.pk])
        self.client.force_login(self.fact_checker)

    def test_an_empty_verdict_is_refused_on_the_rating_field_and_stores_nothing(self) -> None:
        response = self.client.post(self.url, {"rating": "", "headline": "", "summary": "", "rationale": "",
                                               "intent": "save"})
        self.assertEqual(response.status_code, 400)
        form = response.context["verdict_form"]
        self.assertIn("Choose a rating or write", form.errors["rating"][0])
        self.assertContains(response, 'class="field has-error"', status_code=400)
        self.assertFalse(Review.objects.filter(claim=self.claim).exists())

    def test_a_112000_character_rationale_is_refused_with_the_limit_and_its_size(self) -> None:
        response = self.client.post(self.url, {"headline": "Too long", "rationale": "x" * 112_000, "intent": "save"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["verdict_form"].errors["rationale"],
                         ["At most 50000 characters (this has 112000)."])
        self.assertFalse(Review.objects.filter(claim=self.claim).exists())


class LengthLimitTests(SeededTestCase):
    def test_every_desk_text_field_says_its_limit_and_the_size(self) -> None:
        claim = seed_claim()
        self.client.force_login(self.fact_checker)
        response = self.client.post(reverse("claims:note_add", args=[claim.pk]), {"text": "n" * 6000})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["note_form"].errors["text"], ["At most 5000 characters (this has 6000)."])
        response = self.client.post(reverse("claims:claim_edit", args=[claim.pk]), {
            "text": "t" * 2001, "said_on_precision": "day"})
        self.assertEqual(response.context["claim_form"].errors["text"], ["At most 2000 characters (this has 2001)."])


class StartButtonTests(SeededTestCase):
    def test_a_new_claim_offers_only_start_review(self) -> None:
        claim = seed_claim()
        self.client.force_login(self.fact_checker)
        html = self.client.get(reverse("claims:claim", args=[claim.pk])).content.decode()
        self.assertIn('data-move="start"', html)
        self.assertNotIn("Start verdict", html)
        self.assertNotIn('name="intent"', html)
        services.claim_start(claim=claim, user=self.fact_checker)
        html = self.client.get(reverse("claims:claim", args=[claim.pk])).content.decode()
        self.assertNotIn('data-move="start"', html)
        self.assertIn('name="intent" value="save"', html)
        self.assertIn("Save verdict", html)

    def test_saving_a_verdict_on_a_new_claim_still_starts_it(self) -> None:
        claim = seed_claim()
        self.client.force_login(self.fact_checker)
        response = self.client.post(reverse("claims:verdict_save", args=[claim.pk]),
                                    {"headline": "Checked", "intent": "save"})
        self.assertEqual(response.status_code, 302)
        claim.refresh_from_db()
        self.assertEqual(claim.status, ClaimStatus.IN_REVIEW)


class LongWordsTests(SeededTestCase):
    def test_a_long_url_in_a_note_is_allowed_to_wrap(self) -> None:
        claim = seed_claim()
        url = "https://example.org/" + "a" * 3000
        services.note_add(claim=claim, author=self.fact_checker, text=url)
        self.client.force_login(self.fact_checker)
        self.assertContains(self.client.get(reverse("claims:claim", args=[claim.pk])), url)
        rule = re.search(r"([^{}]*)\{\s*overflow-wrap:\s*anywhere;\s*\}", CSS)
        self.assertIsNotNone(rule)
        selectors = {s.strip() for s in rule.group(1).split(",")}
        self.assertTrue({".notes li", ".claim-text", ".card", "td"} <= selectors, selectors)


class PhoneLayoutTests(SeededTestCase):
    def test_under_600px_the_header_wraps_and_queue_rows_are_cards(self) -> None:
        phone = CSS[CSS.index("@media (max-width: 600px)"):]
        self.assertIn("table.queue thead { display: none; }", phone)
        self.assertIn("table.queue, table.queue tbody, table.queue tr, table.queue td { display: block;", phone)
        self.assertRegex(CSS, r"\.topbar \{ flex-wrap: wrap; \}")


class LockoutTests(SeededTestCase):
    def test_the_lockout_page_says_minutes_not_pt15m(self) -> None:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.client.post(reverse("login"), {"username": "eddie", "password": "wrong"})
        response = self.client.post(reverse("login"), {"username": "eddie", "password": "pw-eddie"})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Try again in 15 minutes", status_code=429)
        self.assertNotContains(response, "PT15M", status_code=429)

    def test_durations_read_as_people_say_them(self) -> None:
        self.assertEqual(human_duration(datetime.timedelta(minutes=90)), "1 hour 30 minutes")
        self.assertEqual(human_duration(datetime.timedelta(days=1)), "1 day")
        self.assertEqual(human_duration("PT15M"), "")


class ApiDocsAndFaviconTests(SeededTestCase):
    def test_the_api_docs_page_has_no_inline_style_or_script(self) -> None:
        response = self.client.get(reverse("api-docs"))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertNotIn("<style", html)
        self.assertNotRegex(html, r"<script>(?!\s*</script>)")
        self.assertIn("/static/css/swagger.css", html)
        policy = response.headers["Content-Security-Policy"]
        self.assertIn("style-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertIn("body { background: #fafafa; margin: 0; }", Path(finders.find("css/swagger.css")).read_text())

    def test_every_page_links_the_favicon_and_favicon_ico_leads_to_it(self) -> None:
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(reverse("claims:queue")), 'rel="icon" href="/static/favicon.svg"')
        response = self.client.get("/favicon.ico")
        self.assertRedirects(response, "/static/favicon.svg", fetch_redirect_response=False)
        self.assertTrue((Path(settings.BASE_DIR) / "static" / "favicon.svg").read_text().startswith("<svg"))
