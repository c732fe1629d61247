"""A newsroom's day on the desk in a real browser (issue 12, "Done when"): import with metadata and
a corrected suggestion; triage by check-worthiness; assign in bulk; the fact-checker sees it in
the inbox with the notification; send-back and approval notifications; a phone-width run of the
queue and the claim page with no horizontal scroll. Screenshots: test-artifacts/screenshots/issue12-*.
"""

from __future__ import annotations

import io

from django.core.management import call_command

from claims import services
from claims.choices import AttributionStatus, NotificationKind
from claims.models import Article, Claim, Notification
from tests.base import make_user
from tests.browser.base import BROWSER_MARKS, SCREENSHOTS, BrowserTestCase

PLAIN = (
    "The council met on Monday to set the harbour budget.\n\n"
    '"We cut the harbour budget by 12 percent, more than any other department," Mayor Jane Roe said.\n\n'
    '"Taxes will not rise this year," finance chief Tom Vale told reporters.\n\n'
    '"It was a long meeting," Roe added.\n'
)
LONG_URL = "https://example.org/" + "very-long-path-segment-" * 60

pytestmark = BROWSER_MARKS


class NewsroomDayBrowserTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        call_command("load_seeds", stdout=io.StringIO())
        self.fact_checker = make_user("fiona", "Fact-checkers", email="fiona@newsroom.test")
        self.editor = make_user("eddie", "Editors", email="eddie@newsroom.test")
        self.reporter = make_user("rita", "Reporters")

    def new_page(self, width: int = 1366, height: int = 768):
        page = super().new_page(width, height)
        page.on("dialog", lambda dialog: dialog.accept())
        return page

    def shot(self, page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"issue12-{name}.png"), full_page=True)

    def no_sideways_scroll(self, page) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        viewport = page.evaluate("window.innerWidth")
        assert width <= viewport, f"{page.url}: {width}px wide in a {viewport}px window"

    # --- the walk ------------------------------------------------------------------------------

    def test_import_with_metadata_and_a_corrected_suggestion_then_decide_by_keyboard(self) -> None:
        page = self.new_page()
        self.sign_in(page, "rita")
        page.goto(f"{self.live_server_url}/review/import/")
        page.fill("#id_text", PLAIN)
        page.click("button:has-text('Find the statements')")
        page.wait_for_selector("#id_meta-headline")
        assert page.input_value("#id_meta-headline") == ""  # a plain paste has no headline: not "Untitled"
        page.fill("#id_meta-headline", "Harbour budget cut by 12 percent")
        page.fill("#id_meta-new_outlet", "The Harbour Gazette")
        page.fill("#id_meta-published_on", "2024-05-06")
        page.fill("#id_meta-bylines", "Dana Quill")
        taxes = page.locator(".preview-quotes > li", has_text="Taxes will not rise")
        taxes.locator("summary").click()
        taxes.locator("input[name$='-speaker']").fill("Thomas Vale")
        self.shot(page, "01-import-details-and-correction")
        page.click("button:has-text('Import article')")
        page.wait_for_selector("h1.article-headline:has-text('Harbour budget cut by 12 percent')")
        article = Article.objects.get(headline="Harbour budget cut by 12 percent")
        assert article.outlet.name == "The Harbour Gazette" and article.bylines == ["Dana Quill"]
        assert article.attributions.get(text__startswith="Taxes").speaker_name == "Thomas Vale"
        assert "The Harbour Gazette" in page.locator("article header").inner_text()

        # Keyboard: j selects the first quote, c confirms it.
        page.locator("h1.article-headline").click()
        page.keyboard.press("j")
        page.keyboard.press("c")
        page.wait_for_selector(".message-success:has-text('Attribution confirmed')")
        assert article.attributions.filter(status=AttributionStatus.CONFIRMED).count() == 1
        self.shot(page, "02-article-confirmed-by-keyboard")
        page.click("button[data-decide-all=confirm]")
        page.wait_for_selector(".message-success:has-text('confirmed')")
        assert not article.attributions.filter(status=AttributionStatus.SUGGESTED).exists()
        self.shot(page, "03-article-all-confirmed")
        assert self.problems == []

    def test_triage_bulk_assign_and_the_fact_checkers_inbox(self) -> None:
        editor = self.new_page()
        self.sign_in(editor, "eddie")
        editor.goto(f"{self.live_server_url}/review/?sort=-checkworthiness")
        worths = [int(w) for w in editor.locator("table.queue .worth").all_inner_texts()]
        assert len(worths) >= 3 and worths == sorted(worths, reverse=True), worths
        self.shot(editor, "04-queue-by-check-worthiness")
        # The claim page explains the score.
        editor.locator("table.queue a.claim-link").first.click()
        editor.wait_for_selector("#checkworthiness")
        assert editor.locator(".worth-reasons").inner_text().strip()
        self.shot(editor, "05-claim-check-worthiness-explained")
        editor.go_back()

        # Tick the two most check-worthy by keyboard (j, x), assign both to fiona.
        editor.wait_for_selector("table.queue")
        editor.locator("h1").click()
        for _ in range(2):
            editor.keyboard.press("j")
            editor.keyboard.press("x")
        assert editor.locator("[data-bulk-count]").inner_text() == "2 claims ticked"
        editor.select_option("#bulk-form select[name=action]", "assign")
        editor.select_option("#bulk-form select[name=assigned_to]", label="fiona")
        self.shot(editor, "06-queue-bulk-ticked")
        editor.click("#bulk-form button[type=submit]")
        editor.wait_for_selector(".message-success:has-text('2 claims assigned to fiona.')")
        top = list(Claim.objects.order_by("-checkworthiness", "-updated", "-id")[:2])
        assert {c.assigned_to_id for c in Claim.objects.filter(pk__in=[c.pk for c in top])} == {self.fact_checker.pk}
        self.shot(editor, "07-queue-bulk-assigned")

        checker = self.new_page()
        self.sign_in(checker, "fiona")
        assert checker.locator("[data-inbox-waiting]").inner_text() == "2"
        checker.click("a.inbox-link")
        checker.wait_for_selector("#assigned")
        assert checker.locator("#assigned .inbox-item").count() == 2
        assert checker.locator(".notification.unread", has_text="eddie assigned you").count() == 2
        self.shot(checker, "08-inbox-assigned")
        assert self.problems == []

    def test_send_back_and_approval_notifications(self) -> None:
        claim = Claim.objects.get(text__startswith="I am convinced")
        services.claim_assign(claim=claim, assignee=self.fact_checker, user=self.editor)
        checker = self.new_page()
        self.sign_in(checker, "fiona")
        checker.goto(f"{self.live_server_url}/review/claims/{claim.pk}/")
        assert checker.locator("button:has-text('Start verdict')").count() == 0  # one way in
        checker.click("button[data-move=start]")
        checker.wait_for_selector("#claim-status:has-text('In review')")
        checker.select_option("#id_rating", index=2)
        checker.fill("#id_headline", "The talks: a hope, not a fact")
        checker.click("button[name=intent][value=submit]")
        checker.wait_for_selector("#claim-status:has-text('Verdict submitted')")

        editor = self.new_page()
        self.sign_in(editor, "eddie")
        editor.goto(f"{self.live_server_url}/review/inbox/")
        assert editor.locator("#awaiting .inbox-item").count() == 1
        assert editor.locator(".notification", has_text="fiona submitted a verdict").count() == 1
        self.shot(editor, "09-inbox-awaiting-approval")
        editor.goto(f"{self.live_server_url}/review/claims/{claim.pk}/")
        send_back = editor.locator("form.move", has=editor.locator("button[data-move=send_back]"))
        send_back.locator("textarea").fill("Quote the ministry's own statement, please.")
        send_back.locator("button").click()
        editor.wait_for_selector("#claim-status:has-text('In review')")

        checker.goto(f"{self.live_server_url}/review/inbox/")
        assert checker.locator("#sent-back .inbox-item").count() == 1
        note = checker.locator(".notification.unread", has_text="sent back your verdict")
        assert "Quote the ministry's own statement" in note.inner_text()
        self.shot(checker, "10-inbox-sent-back")
        checker.goto(f"{self.live_server_url}/review/claims/{claim.pk}/")
        checker.click("button[data-move=submit]")
        checker.wait_for_selector("#claim-status:has-text('Verdict submitted')")
        editor.goto(f"{self.live_server_url}/review/claims/{claim.pk}/")
        editor.click("button[data-move=approve]")
        editor.wait_for_selector("#claim-status:has-text('Approved')")
        checker.goto(f"{self.live_server_url}/review/inbox/")
        assert checker.locator(".notification.unread", has_text="eddie approved your verdict").count() == 1
        self.shot(checker, "11-inbox-approved")
        kinds = set(Notification.objects.filter(recipient=self.fact_checker).values_list("kind", flat=True))
        assert {NotificationKind.ASSIGNED, NotificationKind.SENT_BACK, NotificationKind.APPROVED} <= kinds
        assert self.problems == []

    def test_a_phone_shows_the_queue_and_a_claim_without_sideways_scrolling(self) -> None:
        claim = Claim.objects.get(text__startswith="I am convinced")
        services.note_add(claim=claim, author=self.editor, text=f"Source: {LONG_URL}")
        page = self.new_page(width=390, height=844)
        self.sign_in(page, "eddie")
        page.wait_for_selector("table.queue")
        self.no_sideways_scroll(page)
        sign_out = page.locator("form[action='/accounts/logout/'] button").bounding_box()
        assert sign_out["x"] + sign_out["width"] <= 390, sign_out
        row = page.locator("table.queue tbody tr").first.bounding_box()
        assert row["width"] <= 390, row
        self.shot(page, "12-phone-queue")
        page.goto(f"{self.live_server_url}/review/claims/{claim.pk}/")
        page.wait_for_selector("#notes")
        self.no_sideways_scroll(page)
        self.shot(page, "13-phone-claim")
        page.goto(f"{self.live_server_url}/review/inbox/")
        self.no_sideways_scroll(page)
        assert self.problems == []

    def test_the_api_docs_page_loads_without_a_csp_violation_and_with_the_favicon(self) -> None:
        page = self.new_page()
        page.goto(f"{self.live_server_url}/api/docs/")
        page.wait_for_selector("#swagger-ui .info .title")
        assert "Newsroom fact-tracking API" in page.locator("#swagger-ui .info .title").inner_text()
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(250, 250, 250)", background  # the style from the static file applied
        icon = page.evaluate("document.querySelector('link[rel=icon]').href")
        assert page.request.get(icon).status == 200
        self.shot(page, "14-api-docs")
        assert self.problems == []
