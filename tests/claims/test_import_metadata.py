"""Import with its metadata (issue 12, item 3): the parsed details as an editable form before
storing, the outlet chosen or added on purpose, suggestions corrected in the preview, and on the
article page the details edited, all remaining suggestions decided at once."""

from __future__ import annotations

import datetime

from django.urls import reverse

from claims import services
from claims.choices import AttributionStatus
from claims.models import Article, Attribution, Outlet
from claims.services import imports
from tests.base import SeededTestCase

PLAIN = (
    "The council met on Monday.\n\n"
    '"We cut the harbour budget by 12 percent," Mayor Jane Roe said.\n\n'
    '"Taxes will not rise this year," finance chief Tom Vale told reporters.\n'
)


class ImportDetailsTests(SeededTestCase):
    url = reverse("claims:import")

    def setUp(self) -> None:
        self.client.force_login(self.reporter)

    def preview(self, text: str = PLAIN):
        return self.client.post(self.url, {"text": text, "intent": "preview"})

    def test_a_plain_paste_shows_an_empty_details_form_and_stores_no_unknown_outlet(self) -> None:
        preview = self.preview()
        details = preview.context["details"]
        self.assertEqual(details["headline"].value(), "")
        self.assertIsNone(details["outlet"].value())
        self.assertContains(preview, 'name="meta-new_outlet"')
        # Importing it as it is: the headline and the outlet are asked for, nothing is stored.
        response = self.client.post(self.url, {"text": PLAIN, "intent": "import", "accept": ["0", "1"]})
        self.assertEqual(response.status_code, 400)
        errors = response.context["details"].errors
        self.assertIn("Give the headline", errors["headline"][0])
        self.assertIn("Choose the outlet, or name a new one.", errors["outlet"])
        self.assertFalse(Article.objects.filter(body=PLAIN).exists())
        self.assertFalse(Outlet.objects.filter(name=imports.UNKNOWN_OUTLET).exists())

    def test_the_details_typed_are_stored_with_a_new_outlet(self) -> None:
        response = self.client.post(self.url, {
            "text": PLAIN, "intent": "import", "accept": ["0"], "meta-headline": "Harbour budget cut",
            "meta-new_outlet": "The Harbour Gazette", "meta-published_on": "2024-05-06",
            "meta-bylines": "Dana Quill, Sam Ode", "meta-url": "https://gazette.example/harbour", "meta-dek": "",
        })
        article = Article.objects.get(body=PLAIN)
        self.assertRedirects(response, reverse("claims:article", args=[article.pk]), fetch_redirect_response=False)
        self.assertEqual((article.headline, article.outlet.name, article.published_on, article.bylines, article.url),
                         ("Harbour budget cut", "The Harbour Gazette", datetime.date(2024, 5, 6),
                          ["Dana Quill", "Sam Ode"], "https://gazette.example/harbour"))
        self.assertEqual(article.history.first().history_user, self.reporter)

    def test_a_stored_outlet_is_chosen_and_a_new_name_matching_one_reuses_it(self) -> None:
        reuters = Outlet.objects.get(name="Reuters")
        outlets = Outlet.objects.count()
        self.client.post(self.url, {"text": PLAIN, "intent": "import", "meta-headline": "A",
                                    "meta-new_outlet": "reuters"})
        self.assertEqual(Article.objects.get(body=PLAIN).outlet, reuters)
        self.assertEqual(Outlet.objects.count(), outlets)
        both = self.client.post(self.url, {"text": PLAIN + "x", "intent": "import", "meta-headline": "B",
                                           "meta-outlet": reuters.pk, "meta-new_outlet": "Other"})
        self.assertEqual(both.status_code, 400)
        self.assertIn("not both", both.context["details"].errors["new_outlet"][0])

    def test_a_suggestion_is_corrected_in_the_preview_speaker_kind_and_span(self) -> None:
        preview = self.preview()
        quote = next(q["quote"] for q in preview.context["quotes"] if "Taxes" in q["quote"].text)
        index = next(q["index"] for q in preview.context["quotes"] if q["quote"] is quote)
        start = PLAIN.index("Taxes will not rise")
        end = start + len("Taxes will not rise")
        response = self.client.post(self.url, {
            "text": PLAIN, "intent": "import", "accept": [str(index)], "meta-headline": "Budget",
            "meta-new_outlet": "The Harbour Gazette", f"q{index}-speaker": "Thomas Vale", f"q{index}-kind": "partial",
            f"q{index}-start": start, f"q{index}-end": end,
        })
        self.assertEqual(response.status_code, 302)
        attribution = Attribution.objects.get(article__body=PLAIN)
        self.assertEqual((attribution.text, attribution.kind, attribution.speaker_name, attribution.speaker.name),
                         ("Taxes will not rise", "partial", "Thomas Vale", "Thomas Vale"))
        self.assertEqual(attribution.status, AttributionStatus.SUGGESTED)

    def test_a_bad_span_is_a_field_error_and_nothing_is_stored(self) -> None:
        response = self.client.post(self.url, {
            "text": PLAIN, "intent": "import", "accept": ["0"], "meta-headline": "Budget", "meta-new_outlet": "G",
            "q0-speaker": "", "q0-kind": "direct", "q0-start": 5, "q0-end": 99_999,
        })
        self.assertEqual(response.status_code, 400)
        correction = response.context["quotes"][0]["correction"]
        self.assertIn("characters long", correction.errors["end"][0])
        self.assertFalse(Article.objects.filter(body=PLAIN).exists())

    def test_a_fact_checker_may_not_add_outlets_through_the_import(self) -> None:
        self.client.force_login(self.fact_checker)
        self.assertEqual(self.preview().status_code, 403)


class ArticlePageTests(SeededTestCase):
    def setUp(self) -> None:
        result = imports.import_article(text=PLAIN, user=self.reporter, outlet_name="The Harbour Gazette",
                                        details={"headline": "Budget"})
        self.article = result.article
        self.url = reverse("claims:article", args=[self.article.pk])

    def test_the_details_are_edited_after_import(self) -> None:
        self.client.force_login(self.reporter)
        page = self.client.get(self.url)
        self.assertContains(page, 'action="' + reverse("claims:article_edit", args=[self.article.pk]))
        response = self.client.post(reverse("claims:article_edit", args=[self.article.pk]), {
            "meta-headline": "Harbour budget cut by 12 percent", "meta-outlet": self.article.outlet_id,
            "meta-published_on": "2024-05-06", "meta-bylines": "Dana Quill", "meta-url": "", "meta-dek": "",
        })
        self.assertEqual(response.status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual((self.article.headline, self.article.bylines), ("Harbour budget cut by 12 percent",
                                                                          ["Dana Quill"]))
        bad = self.client.post(reverse("claims:article_edit", args=[self.article.pk]), {"meta-headline": ""})
        self.assertEqual(bad.status_code, 400)
        self.assertIn("headline", bad.context["details_form"].errors)

    def test_confirm_all_remaining_in_one_go_and_report_what_was_refused(self) -> None:
        waiting = self.article.attributions.filter(status=AttributionStatus.SUGGESTED)
        self.assertEqual(waiting.count(), 2)
        first = waiting.first()
        services.attribution_set_status(attribution=first, status=AttributionStatus.REJECTED, user=self.reporter)
        self.client.force_login(self.fact_checker)  # a fact-checker may not decide new claims' appearances
        response = self.client.post(reverse("claims:article_decide_remaining", args=[self.article.pk, "confirm"]))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.article.attributions.filter(status=AttributionStatus.CONFIRMED).count(), 0)
        errors = [str(m) for m in response.wsgi_request._messages]
        self.assertTrue(any(m.startswith("Not confirmed") for m in errors), errors)
        self.client.force_login(self.reporter)
        self.assertContains(self.client.get(self.url), "Confirm all remaining (1)")
        response = self.client.post(reverse("claims:article_decide_remaining", args=[self.article.pk, "confirm"]))
        statuses = sorted(self.article.attributions.values_list("status", flat=True))
        self.assertEqual(statuses, ["confirmed", "rejected"])  # the rejected one stays rejected
        self.assertEqual(self.client.post(
            reverse("claims:article_decide_remaining", args=[self.article.pk, "burn"])).status_code, 404)

    def test_reject_all_remaining(self) -> None:
        self.client.force_login(self.editor)
        self.client.post(reverse("claims:article_decide_remaining", args=[self.article.pk, "reject"]))
        self.assertEqual(set(self.article.attributions.values_list("status", flat=True)), {"rejected"})
