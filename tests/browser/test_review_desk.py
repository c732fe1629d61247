"""The review desk in a real browser: Debian's Chromium driven by Playwright against the live server.

A fact-checker takes a seed claim through the verdict, an editor approves and publishes it, the
public page carries valid ClaimReview JSON-LD; the stale-version conflict with two sessions; a
`<script>` in an article shows as text. Screenshots land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import io
import json

from django.core.management import call_command

from claims import services
from claims.choices import AttributionKind
from claims.models import Article, Attribution, Claim, Outlet, Rating
from tests.base import make_user
from tests.browser.base import BROWSER_MARKS, SCREENSHOTS, BrowserTestCase

IMPORT_TEXT = (
    " date 2024-03-05 Mayor Opens Bridge - The Daily Test\n"
    "Mayor Opens Bridge\n\n"
    "Dan Writer\n\n"
    "The new bridge opened on Tuesday after three years of work.\n\n"
    '"This bridge will cut commuting times in half," Mayor Jane Doe said at the ceremony.\n'
)

pytestmark = BROWSER_MARKS


class ReviewDeskBrowserTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        call_command("load_seeds", stdout=io.StringIO())
        self.fact_checker = make_user("fiona", "Fact-checkers")
        self.second_checker = make_user("felix", "Fact-checkers")
        self.editor = make_user("eddie", "Editors")

    def shot(self, page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    # --- tests -----------------------------------------------------------------------------------

    def test_it_takes_a_seed_claim_from_new_to_published(self) -> None:
        claim = Claim.objects.get(text__startswith="I am convinced")
        rating = Rating.objects.get(label="Mostly true", scale__is_default=True)
        page = self.new_page()

        page.goto(f"{self.live_server_url}/accounts/login/")
        self.shot(page, "01-login")
        self.sign_in(page, "fiona")
        self.shot(page, "02-queue")

        # Keyboard: "/" to search, then j and Enter to open the claim.
        page.keyboard.press("/")
        page.keyboard.type("convinced")
        page.keyboard.press("Enter")
        page.wait_for_url("**q=convinced**")
        page.locator("body").click(position={"x": 5, "y": 300})
        page.keyboard.press("j")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/review/claims/{claim.pk}/")

        mark = page.locator(".appearance mark.q").first
        assert mark.is_visible()
        assert "I am convinced that today" in mark.inner_text()
        assert "said, during a day of solemn pomp" in page.locator(".appearance .paragraph").first.inner_text()

        page.click("button[data-move=start]")
        page.wait_for_selector("#claim-status:has-text('In review')")
        page.select_option("#id_rating", value=str(rating.pk))
        page.fill("#id_headline", "Shoigu's hopes for the talks are his own to state")
        page.fill("#id_summary", "An opinion about talks, stated as a hope; nothing in it is false.")
        page.fill("#id_rationale", "The minister's statement expresses conviction, not a fact.")
        page.click("button[name=intent][value=save]")
        page.wait_for_selector(".message-success")

        page.fill("#id_url", "https://example.org/kcna-report")
        page.fill("#id_title", "KCNA report on the defence talks")
        page.fill("#id_publisher", "Korean Central News Agency")
        page.click("form.add-evidence button[type=submit]")
        page.wait_for_selector(".evidence-list li:has-text('KCNA report on the defence talks')")
        self.shot(page, "03-claim-verdict-draft")

        page.click("button[data-move=submit]")
        page.wait_for_selector("#claim-status:has-text('Verdict submitted')")
        page.click("form[action='/accounts/logout/'] button")

        editor = self.new_page()
        editor.on("dialog", lambda dialog: dialog.accept())
        self.sign_in(editor, "eddie")
        editor.goto(f"{self.live_server_url}/review/claims/{claim.pk}/")
        editor.click("button[data-move=approve]")
        editor.wait_for_selector("#claim-status:has-text('Approved')")
        editor.click("button[data-move=publish]")
        editor.wait_for_selector("#claim-status:has-text('Published')")
        self.shot(editor, "04-claim-published")

        editor.click("text=Public page →")
        editor.wait_for_selector("h1:has-text('Shoigu')")
        assert "Mostly true" in editor.locator(".verdict-badge").inner_text()
        assert "KCNA report on the defence talks" in editor.locator(".evidence-list").inner_text()
        data = json.loads(editor.locator('script[type="application/ld+json"]').text_content())
        assert data["@type"] == "ClaimReview" and data["@context"] == "https://schema.org"
        assert data["claimReviewed"] == claim.text
        assert data["reviewRating"]["alternateName"] == "Mostly true"
        assert data["reviewRating"]["ratingValue"] == 4
        assert data["itemReviewed"]["author"]["name"] == "Sergei Shoigu"
        assert data["url"].endswith(editor.url.removeprefix(self.live_server_url))
        assert data["itemReviewed"]["appearance"][0]["publisher"]["name"] == "The Messenger"
        self.shot(editor, "05-public-factcheck")

        editor.goto(f"{self.live_server_url}/fact-checks/")
        assert editor.locator(".factcheck-item").count() == 1
        self.shot(editor, "06-public-index")

        article = Article.objects.get()
        editor.goto(f"{self.live_server_url}/review/articles/{article.pk}/")
        assert editor.locator(".article-body mark.q").count() == Attribution.objects.count()
        editor.locator(f"#attribution-{claim.appearances.get().pk}").click()
        editor.wait_for_url(f"**/review/claims/{claim.pk}/")
        editor.goto(f"{self.live_server_url}/review/articles/{article.pk}/")
        self.shot(editor, "07-article")
        editor.goto(f"{self.live_server_url}/review/sources/{claim.claimant_id}/")
        assert "Mostly true" in editor.locator(".track-record").inner_text()
        self.shot(editor, "08-source")
        editor.goto(f"{self.live_server_url}/review/import/")
        self.shot(editor, "09-import")
        editor.fill("#id_text", IMPORT_TEXT)
        editor.click("button:has-text('Find the statements')")
        editor.wait_for_selector(".preview-quotes mark.q")
        self.shot(editor, "10-import-preview")
        editor.click("button:has-text('Import article')")
        editor.wait_for_selector("h1.article-headline:has-text('Mayor Opens Bridge')")
        assert Article.objects.filter(headline="Mayor Opens Bridge").exists()

        assert self.problems == []

    def test_it_refuses_a_stale_save_and_keeps_the_second_persons_text(self) -> None:
        claim = Claim.objects.get(text__startswith="Russia is hoping")
        services.review_create(claim=claim, fact_checker=self.fact_checker, headline="First draft")
        first, second = self.new_page(), self.new_page()
        self.sign_in(first, "fiona")
        self.sign_in(second, "felix")
        url = f"{self.live_server_url}/review/claims/{claim.pk}/"
        first.goto(url)
        second.goto(url)

        first.fill("#id_headline", "Fiona's headline")
        first.click("button[name=intent][value=save]")
        first.wait_for_selector(".message-success")

        second.fill("#id_headline", "Felix's headline")
        second.fill("#id_rationale", "Felix typed a long rationale that must not be lost.")
        second.click("button[name=intent][value=save]")
        second.wait_for_selector("#conflict")
        conflict = second.locator("#conflict").inner_text()
        assert "Not saved" in conflict and "Fiona's headline" in conflict and "First draft" in conflict
        assert second.input_value("#id_headline") == "Felix's headline"
        assert second.input_value("#id_rationale") == "Felix typed a long rationale that must not be lost."
        self.shot(second, "11-conflict")
        assert claim.reviews.get().headline == "Fiona's headline"

        # Saving again, knowingly, now wins.
        second.on("dialog", lambda dialog: dialog.accept())
        second.click("button[name=intent][value=save]")
        second.wait_for_selector(".message-success")
        assert claim.reviews.get().headline == "Felix's headline"
        assert self.problems == []

    def test_it_shows_a_script_in_an_article_as_text(self) -> None:
        body = 'Headline\n\nThe mayor said "<script>window.pwned = 1</script> is fine" on Monday.\n'
        article = Article.objects.create(outlet=Outlet.objects.first(), headline="<script>x</script> story", body=body)
        quote = "<script>window.pwned = 1</script> is fine"
        start = body.index(quote)
        claim = Claim.objects.create(text=quote)
        Attribution.objects.create(
            article=article, claim=claim, text=quote, start=start, end=start + len(quote), kind=AttributionKind.DIRECT
        )
        page = self.new_page()
        self.sign_in(page, "fiona")
        # The queue searched by a word of the quote ("window.pwned" is one token to PostgreSQL's parser).
        for url in (f"/review/articles/{article.pk}/", f"/review/claims/{claim.pk}/", "/review/?q=fine"):
            page.goto(self.live_server_url + url)
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert "<script>window.pwned = 1</script>" in page.locator("main").inner_text()
        page.goto(f"{self.live_server_url}/review/articles/{article.pk}/")
        self.shot(page, "12-escaped-script")
        assert self.problems == []

    def test_it_shows_a_suggested_match_and_merges_the_two_claims(self) -> None:
        from claims.choices import MatchStatus
        from claims.models import MatchSuggestion

        survivor = Claim.objects.get(text__startswith="I am convinced")
        text = "I am sure that today's talks will help strengthen cooperation between our armies"
        body = f'Defence talks in Pyongyang\n\n"{text}," Sergei Shoigu told reporters on Thursday.\n'
        article = Article.objects.create(
            outlet=Outlet.objects.get_or_create(name="The Evening Wire")[0], headline="Shoigu hails the talks",
            body=body, published_on=survivor.appearances.get().article.published_on,
        )
        start = body.index(text)
        merged = Claim.objects.create(text=text, claimant=survivor.claimant)
        attribution = Attribution.objects.create(
            article=article, claim=merged, text=text, start=start, end=start + len(text),
            kind=AttributionKind.DIRECT, speaker=survivor.claimant,
        )
        MatchSuggestion.objects.update_or_create(
            attribution=attribution, claim=survivor, defaults={"score": 0.72, "status": MatchStatus.PENDING}
        )
        page = self.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        self.sign_in(page, "eddie")
        page.goto(f"{self.live_server_url}/review/claims/{merged.pk}/")
        panel = page.locator("#matches")
        assert "0.72" in panel.locator(".score").inner_text()
        marked = [m.inner_text() for m in panel.locator("mark.diff").all()]
        assert "convinced" in marked and "defense departments" in marked
        assert "talks" not in " ".join(marked)
        panel.scroll_into_view_if_needed()
        self.shot(page, "13-match-suggestion")

        # The hand merge shows both claims before anything changes.
        page.goto(f"{self.live_server_url}/review/claims/{merged.pk}/merge/?into={survivor.pk}")
        assert f"Merge claim #{merged.pk} into claim #{survivor.pk}?" in page.locator("#confirm h2").inner_text()
        self.shot(page, "14-merge-confirm")
        page.go_back()
        panel.locator("button[data-decide=merge]").click()
        page.wait_for_url(f"**/review/claims/{survivor.pk}/")
        assert "Merged claim" in page.locator(".message-success").inner_text()
        assert page.locator(".appearance").count() == 2
        assert "from merged claim" in page.locator(".history").inner_text()

        page.goto(f"{self.live_server_url}/review/claims/{merged.pk}/")
        page.wait_for_url(f"**/review/claims/{survivor.pk}/")
        assert f"Claim #{merged.pk} was merged into this one." in page.locator(".messages").inner_text()
        assert self.problems == []
