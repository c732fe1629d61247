"""The import page: paste or upload, confirm the extracted statements, then store."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article, Attribution
from tests.base import SeededTestCase

ARTICLE = (
    " date 2024-03-05 Mayor Opens Bridge - The Daily Test\n"
    "Mayor Opens Bridge\n\n"
    "Dan Writer\n\n"
    "The new bridge opened on Tuesday after three years of work.\n\n"
    '"This bridge will cut commuting times in half," Mayor Jane Doe said at the ceremony.\n\n'
    'Critics said the project ran "far over budget" and was two years late.\n'
)


class ImportPageTests(SeededTestCase):
    url = reverse("claims:import")

    def test_it_is_for_reporters_and_editors_only(self) -> None:
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for user, status in ((self.outsider, 403), (self.fact_checker, 403), (self.reporter, 200), (self.editor, 200)):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, status, user)

    def test_it_previews_the_statements_without_storing_anything(self) -> None:
        self.client.force_login(self.reporter)
        articles = Article.objects.count()
        response = self.client.post(self.url, {"text": ARTICLE, "intent": "preview"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Mayor Opens Bridge")
        quotes = response.context["quotes"]
        self.assertTrue(any("cut commuting times" in q["quote"].text for q in quotes))
        self.assertContains(response, 'name="accept"')
        self.assertEqual(Article.objects.count(), articles)

    def test_it_stores_the_article_with_the_statements_ticked(self) -> None:
        self.client.force_login(self.reporter)
        preview = self.client.post(self.url, {"text": ARTICLE, "intent": "preview"})
        indexes = [q["index"] for q in preview.context["quotes"]]
        self.assertTrue(indexes)
        response = self.client.post(self.url, {
            "text": ARTICLE.replace("\n", "\r\n"), "intent": "import", "accept": [indexes[0]],
        })
        article = Article.objects.get(headline="Mayor Opens Bridge")
        self.assertRedirects(response, reverse("claims:article", args=[article.pk]), fetch_redirect_response=False)
        self.assertEqual(article.body, ARTICLE)
        self.assertEqual(Attribution.objects.filter(article=article).count(), 1)
        again = self.client.post(self.url, {"text": ARTICLE, "intent": "preview"})
        self.assertEqual(again.context["preview"].existing, article)

    def test_it_takes_an_uploaded_file(self) -> None:
        self.client.force_login(self.editor)
        upload = SimpleUploadedFile("bridge.txt", ARTICLE.encode(), content_type="text/plain")
        response = self.client.post(self.url, {"file": upload, "intent": "preview"})
        self.assertContains(response, "from bridge.txt")
        self.assertContains(response, 'name="filename" value="bridge.txt"')

    def test_it_refuses_an_empty_form_and_escapes_markup_in_the_preview(self) -> None:
        self.client.force_login(self.reporter)
        self.assertContains(self.client.post(self.url, {"text": "  "}), "Paste an article", status_code=400)
        text = ARTICLE.replace("This bridge", "<script>alert(1)</script> This bridge")
        response = self.client.post(self.url, {"text": text, "intent": "preview"})
        self.assertNotContains(response, "<script>alert(1)")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_a_reported_clause_and_its_quoted_words_are_offered_as_one_statement(self) -> None:
        self.client.force_login(self.reporter)
        preview = self.client.post(self.url, {"text": ARTICLE, "intent": "preview"})
        clause = next(q for q in preview.context["quotes"] if "the project ran" in q["quote"].text)
        self.assertEqual(clause["parts"], ["far over budget"])
        self.assertFalse([q for q in preview.context["quotes"] if q["quote"].text == "far over budget"])
        self.assertContains(preview, "Quoted words: “far over budget”")
        self.client.post(self.url, {"text": ARTICLE, "intent": "import", "accept": [clause["index"]]})
        stored = Attribution.objects.filter(article__headline="Mayor Opens Bridge")
        self.assertEqual(sorted(a.kind for a in stored), ["indirect", "partial"])
        self.assertEqual(len({a.claim_id for a in stored}), 1)
