"""The integration pages in a real browser: a reporter checks a draft (statements highlighted, the
one already checked flagged), and an editor adds a feed served on loopback and a webhook, then
sees the imported article and the delivery log. No CSP violation on any of them."""

from __future__ import annotations

from django.test import override_settings

from claims.models import Article, Outlet, WebhookEndpoint
from claims.services import feeds, imports
from tests.base import make_user
from tests.browser.base import BROWSER_MARKS, SCREENSHOTS, BrowserTestCase
from tests.integration.helpers import BRIDGE_QUOTE, article_page, article_text, publish, rss
from tests.integration.test_outbound import LOOPBACK
from tests.loopback import Loopback, Route

pytestmark = BROWSER_MARKS

DRAFT = (
    "The council met on Monday to discuss the new bridge.\n\n"
    f'"{BRIDGE_QUOTE}," Mayor Jane Doe told reporters after the vote.\n\n'
    '"We will plant two hundred trees along the river by June," said park director Lena Ortiz.\n'
)


@override_settings(OUTBOUND_ALLOWED_NETWORKS=LOOPBACK, FEEDS_HOST_INTERVAL=0)
class IntegrationBrowserTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.reporter = make_user("rita", "Reporters")
        self.fact_checker = make_user("fiona", "Fact-checkers")
        self.editor = make_user("eddie", "Editors")
        self.page = self.new_page(height=900)

    def test_a_reporter_checks_a_draft(self) -> None:
        claim = imports.import_article(text=article_text(1)).attributions[0].claim
        review = publish(claim, self.fact_checker, self.editor)
        page = self.page
        self.sign_in(self.page, "rita")
        page.click("nav >> text=Check a draft")
        page.fill("#id_headline", "Bridge vote passes")
        page.fill("#id_text", DRAFT)
        page.click("button:has-text('Check')")
        page.wait_for_selector("#result-title")
        assert page.inner_text("#result-title") == "2 statements, 1 already checked"
        checked = page.locator(".draft-body mark.q-checked")
        assert checked.count() == 1 and checked.inner_text() == BRIDGE_QUOTE
        assert page.locator(".draft-body mark.q").count() == 2
        row = page.locator("tr.checked")
        assert "already checked: False, published" in row.inner_text()
        assert row.locator("a:has-text('fact-check')").get_attribute("href") == f"/fact-checks/{review.pk}/"
        assert page.input_value("#id_text").replace("\r\n", "\n") == DRAFT  # the draft stays in the form
        page.screenshot(path=str(SCREENSHOTS / "20-draft-check.png"), full_page=True)
        assert self.problems == []

    def test_an_editor_adds_a_feed_and_a_webhook(self) -> None:
        Outlet.objects.create(name="The Daily Test")
        page = self.page
        with Loopback() as server:
            server.routes["/a1"] = Route(article_page(1))
            server.routes["/feed.xml"] = Route(rss(server.base, [("/a1", "Bridge opens")]),
                                               content_type="application/rss+xml")
            server.routes["/hook"] = Route(b"", status=204)
            self.sign_in(self.page, "eddie")
            page.click("nav >> text=Feeds")
            page.fill("#id_url", server.url("/feed.xml"))
            page.select_option("#id_outlet", label="The Daily Test")
            page.click("button:has-text('Add the feed')")
            page.wait_for_selector("text=No entries yet")
            feeds.poll_due()  # what the worker does at its next turn
            page.reload()
            assert "Imported" in page.inner_text(".feed-entries")
            page.click(".feed-entries a:has-text('Bridge opens, day 1')")
            page.wait_for_url(f"**/review/articles/{Article.objects.get().pk}/")
            assert page.locator(".article-body mark.q").count() == 2
            page.click("nav >> text=Webhooks")
            page.fill("#id_url", server.url("/hook"))
            page.check("input[value='review.published']")
            page.click("button:has-text('Add the endpoint')")
            page.wait_for_selector("text=Nothing sent yet.")
            assert WebhookEndpoint.objects.get().secret in page.inner_text(".messages")
            page.screenshot(path=str(SCREENSHOTS / "21-webhook.png"), full_page=True)
        assert self.problems == []
