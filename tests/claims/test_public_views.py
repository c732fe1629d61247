"""Public fact-check pages: no sign-in, stable URLs, ClaimReview JSON-LD, corrections, Atom feed."""

from __future__ import annotations

import html
import json
import re
from xml.etree import ElementTree

from django.urls import reverse

from claims import services
from claims.models import Claim
from tests.base import SeededTestCase
from tests.claims.desk_helpers import published_review, rating, seed_claim


def jsonld_of(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


class FactCheckPageTests(SeededTestCase):
    def setUp(self) -> None:
        self.claim = seed_claim()
        self.review = published_review(self.claim, self.fact_checker, self.editor, summary="It is a hope.")
        self.url = reverse("claims:factcheck", args=[self.review.pk])

    def test_anyone_reads_a_published_fact_check_with_its_evidence(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, "Checked: the talks")
        self.assertContains(response, "Sergei Shoigu")
        self.assertContains(response, "Russian Defense Minister")
        self.assertContains(response, "Mostly true")
        self.assertContains(response, "KCNA report")
        self.assertContains(response, "The Messenger")
        self.assertEqual(self.url, f"/fact-checks/{self.review.pk}/")

    def test_it_embeds_valid_claimreview_json_ld(self) -> None:
        [data] = jsonld_of(self.client.get(self.url).content.decode())
        self.assertEqual((data["@context"], data["@type"]), ("https://schema.org", "ClaimReview"))
        self.assertEqual(data["claimReviewed"], self.claim.text)
        self.assertEqual(data["url"], f"http://testserver{self.url}")
        self.assertEqual(data["reviewRating"], {
            "@type": "Rating", "alternateName": "Mostly true", "ratingValue": 4, "bestRating": 5, "worstRating": 1,
        })
        self.assertEqual(data["itemReviewed"]["author"]["name"], "Sergei Shoigu")

    def test_json_ld_cannot_close_its_script_tag(self) -> None:
        claim = Claim.objects.get(text__startswith="Russia is hoping")
        claim.text = "</script><script>alert(1)</script>"
        claim.save(update_fields=["text"])
        review = published_review(claim, self.fact_checker, self.editor)
        html = self.client.get(reverse("claims:factcheck", args=[review.pk])).content.decode()
        self.assertNotIn("<script>alert(1)", html)
        [data] = jsonld_of(html)
        self.assertEqual(data["claimReviewed"], "</script><script>alert(1)</script>")

    def test_unpublished_reviews_are_not_public(self) -> None:
        claim = Claim.objects.get(text__startswith="Russia is hoping")
        draft = services.review_create(claim=claim, fact_checker=self.fact_checker, rating=rating())
        self.assertEqual(self.client.get(reverse("claims:factcheck", args=[draft.pk])).status_code, 404)
        self.assertNotContains(self.client.get(reverse("claims:factcheck_index")), "Russia is hoping")

    def test_corrections_are_shown_with_their_date_and_retractions_drop_the_markup(self) -> None:
        services.review_correct(review=self.review, editor=self.editor, note="Rating revised.",
                                rating=rating("Misleading"))
        response = self.client.get(self.url)
        self.assertContains(response, "Rating revised.")
        self.assertRegex(response.content.decode(), r"Correction, <time datetime=\"[^\"]+\">\d+ \w+ \d{4}</time>")
        self.assertEqual(jsonld_of(response.content.decode())[0]["reviewRating"]["alternateName"], "Misleading")
        services.review_retract(review=self.review, editor=self.editor, note="Forged source.")
        response = self.client.get(self.url)
        self.assertContains(response, "Retracted.")
        self.assertContains(response, "Forged source.")
        self.assertEqual(jsonld_of(response.content.decode()), [])

    def test_the_index_and_the_atom_feed_list_published_fact_checks(self) -> None:
        index = self.client.get(reverse("claims:factcheck_index"))
        self.assertContains(index, self.url)
        feed = self.client.get(reverse("claims:factcheck_feed"))
        self.assertEqual(feed["Content-Type"], "application/atom+xml; charset=utf-8")
        atom = {"a": "http://www.w3.org/2005/Atom"}
        root = ElementTree.fromstring(feed.content)
        [entry] = root.findall("a:entry", atom)
        self.assertEqual(entry.find("a:title", atom).text, "Mostly true: Checked: the talks")
        self.assertEqual(entry.find("a:link", atom).get("href"), f"http://testserver{self.url}")

    def test_the_feed_escapes_markup_in_summaries(self) -> None:
        claim = Claim.objects.get(text__startswith="Russia is hoping")
        claim.text = "<img src=x onerror=alert(1)>"
        claim.save(update_fields=["text"])
        published_review(claim, self.fact_checker, self.editor)
        body = self.client.get(reverse("claims:factcheck_feed")).content.decode()
        self.assertIn("&amp;lt;img src=x onerror=alert(1)&amp;gt;", body)


class NoMisquotationTests(SeededTestCase):
    """Only the words an article quoted go in quotation marks; the claim's wording is labelled as the claim."""

    def setUp(self) -> None:
        self.claim = seed_claim()
        # The newsroom's wording of the claim differs from the words the speaker used.
        services.claim_update(claim=self.claim, user=self.editor, text="Shoigu said the talks would strengthen "
                              "defence cooperation.")
        self.review = published_review(self.claim, self.fact_checker, self.editor, summary="It is a hope.")
        self.quote = self.claim.appearances.get().text

    def test_the_public_page_quotes_only_verbatim_words(self) -> None:
        page = self.client.get(reverse("claims:factcheck", args=[self.review.pk])).content.decode()
        self.assertIn("The claim, by <strong>Sergei Shoigu</strong>", page)
        self.assertNotIn("“Shoigu said the talks", page)
        self.assertIn(f"<p>“{html.escape(self.quote)}”</p>", page)

    def test_the_feed_labels_the_claim_and_quotes_the_article(self) -> None:
        feed = ElementTree.fromstring(self.client.get(reverse("claims:factcheck_feed")).content)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        summary = html.unescape(feed.find("a:entry/a:summary", ns).text)  # Atom summaries are escaped HTML
        self.assertIn("The claim, by Sergei Shoigu: Shoigu said the talks would strengthen defence cooperation.",
                      summary)
        self.assertIn(f"Sergei Shoigu said: “{self.quote}”", summary)
        self.assertNotIn("“Shoigu said the talks", summary)

    def test_a_retraction_withdraws_the_rating_from_the_feed(self) -> None:
        services.review_retract(review=self.review, editor=self.editor, note="The source was forged.")
        feed = ElementTree.fromstring(self.client.get(reverse("claims:factcheck_feed")).content)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        title = feed.find("a:entry/a:title", ns).text
        self.assertTrue(title.startswith("Retracted: "), title)
        self.assertNotIn("Mostly true", title)
        self.assertIn("The source was forged.", feed.find("a:entry/a:summary", ns).text)
        page = self.client.get(reverse("claims:factcheck", args=[self.review.pk])).content.decode()
        self.assertEqual(jsonld_of(page), [])
        self.assertIn("Our verdict, withdrawn", page)
