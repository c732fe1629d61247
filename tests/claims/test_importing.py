from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from django.core.management import call_command

from claims.choices import AttributionOrigin, AttributionStatus
from claims.extraction.quotes import EXTRACTOR_VERSION
from claims.models import Article, Attribution, Claim, Outlet, Source
from claims.selectors.imports import preview_article
from claims.services.imports import import_article
from tests.base import SeededTestCase

# An article written for these tests (not a real one).
ARTICLE = """ date 2024-02-14 Harbour Plan Wins Council Vote - The Coastal Ledger
Harbour Plan Wins Council Vote

The expansion will create 400 jobs, city officials say

Maria Ortega

The city council approved the harbour expansion on Tuesday after a four-hour debate.

"This is the most important investment the port has seen in a generation," Mayor Helen Park said after the vote.

"The plan is ambitious but achievable," said John Kirby, who attended as an observer.
"""


def run_import(*paths: Path, fmt: str = "text") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, paths), "--format", fmt, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code)
    return code, out.getvalue(), err.getvalue()


class ImportArticleTests(SeededTestCase):
    def test_it_stores_the_article_outlet_and_suggested_attributions(self) -> None:
        result = import_article(text=ARTICLE, filename="ledger.txt")
        self.assertEqual(result.status, "imported")
        article = result.article
        self.assertEqual((article.outlet.name, article.headline, article.bylines),
                         ("The Coastal Ledger", "Harbour Plan Wins Council Vote", ["Maria Ortega"]))
        self.assertEqual(article.published_on.isoformat(), "2024-02-14")
        self.assertEqual(article.body, ARTICLE)
        park = next(a for a in result.attributions if a.text.startswith("This is the most important"))
        self.assertEqual((park.speaker.name, park.kind, park.cue), ("Helen Park", "direct", "said"))
        for attribution in result.attributions:
            self.assertEqual(ARTICLE[attribution.start : attribution.end], attribution.text)
            self.assertEqual(attribution.origin, AttributionOrigin.EXTRACTED)
            self.assertEqual(attribution.status, AttributionStatus.SUGGESTED)
            self.assertEqual(attribution.extractor_version, EXTRACTOR_VERSION)
            self.assertIsNotNone(attribution.confidence)

    def test_it_matches_existing_sources_and_never_duplicates_them(self) -> None:
        before = Source.objects.count()
        result = import_article(text=ARTICLE)
        kirby = [a for a in result.attributions if a.speaker and "Kirby" in a.speaker.name]
        self.assertTrue(kirby)
        self.assertEqual(kirby[0].speaker, Source.objects.get(name="John Kirby"))
        self.assertEqual(Source.objects.filter(normalized_name="john kirby").count(), 1)
        self.assertGreater(Source.objects.count(), before)  # Helen Park is new
        self.assertTrue(Source.objects.named("Park").filter(name="Helen Park").exists())

    def test_importing_the_same_text_again_changes_nothing(self) -> None:
        first = import_article(text=ARTICLE)
        counts = (Article.objects.count(), Claim.objects.count(), Attribution.objects.count())
        again = import_article(text=ARTICLE.replace("\n", "\r\n"))
        self.assertEqual(again.status, "unchanged")
        self.assertEqual(again.article, first.article)
        self.assertEqual((Article.objects.count(), Claim.objects.count(), Attribution.objects.count()), counts)

    def test_it_stores_only_the_accepted_statements(self) -> None:
        preview = preview_article(text=ARTICLE)
        self.assertGreaterEqual(len(preview.quotes), 2)
        self.assertFalse(Article.objects.filter(headline__startswith="Harbour").exists())
        result = import_article(text=ARTICLE, accept={0})
        self.assertEqual(len(result.attributions), 1)
        self.assertEqual(result.attributions[0].text, preview.quotes[0].text)

    def test_the_preview_names_an_article_already_stored(self) -> None:
        seed = Article.objects.get(outlet__name="The Messenger")
        self.assertEqual(preview_article(text=seed.body).existing, seed)


class ImportArticlesCommandTests(SeededTestCase):
    def write(self, tmp: Path, name: str, text: str | bytes) -> Path:
        path = tmp / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def test_it_reports_a_bad_file_by_name_and_goes_on_with_the_rest(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            good = self.write(Path(tmp), "a_good.txt", ARTICLE)
            bad = self.write(Path(tmp), "b_bad.txt", b"\xff\xfe not utf-8 \x81")
            empty = self.write(Path(tmp), "c_empty.txt", "   \n")
            code, out, err = run_import(Path(tmp))
        self.assertEqual(code, 1)
        self.assertIn(f"{bad}: failed: not UTF-8 text", err)
        self.assertIn(f"{empty}: failed: the text is empty", err)
        self.assertIn("1 imported, 0 unchanged, 2 failed", out)
        self.assertTrue(Article.objects.filter(source_file=str(good)).exists())

    def test_it_prints_one_json_line_per_file_with_offsets_into_the_file(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(Path(tmp), "ledger.txt", ARTICLE.replace("\n", "\r\n"))
            code, out, _ = run_import(path, fmt="json")
            code_again, out_again, _ = run_import(path, fmt="json")
            content = path.read_text(encoding="utf-8")
        self.assertEqual((code, code_again), (0, 0))
        record, record_again = json.loads(out), json.loads(out_again)
        self.assertEqual((record["status"], record_again["status"]), ("imported", "unchanged"))
        self.assertEqual(record["attributions"], record_again["attributions"])
        self.assertTrue(record["attributions"])
        for item in record["attributions"]:
            self.assertEqual(content[item["start"] : item["end"]], item["text"])
            self.assertTrue(Claim.objects.filter(pk=item["claim"]).exists())

    def test_it_imports_a_saved_web_page(self) -> None:
        page = """<html><head><title>Bridge reopens - The Valley Post</title>
        <meta property="og:site_name" content="The Valley Post"></head><body>
        <nav>Home | News | Sport</nav><article><h1>Bridge reopens after repairs</h1>
        <p>The old river bridge reopened on Monday after eight months of repairs that cost the county
        far more than planned.</p>
        <p>"We finished the work safely and the bridge will serve the valley for another fifty years,"
        county engineer Sam Reyes said on Monday morning.</p>
        <p>Local shop owners said the closure had cut their trade by half during the busiest months of the year.</p>
        </article><footer>Copyright</footer></body></html>"""
        with tempfile.TemporaryDirectory() as tmp:
            code, out, err = run_import(self.write(Path(tmp), "bridge.html", page))
        self.assertEqual(code, 0, err)
        article = Article.objects.get(source_file__endswith="bridge.html")
        self.assertIn("The old river bridge reopened", article.body)
        self.assertNotIn("Copyright", article.body)
        quote = article.attributions.get(text__startswith="We finished the work")
        self.assertEqual(quote.speaker.name, "Sam Reyes")

    def test_the_seed_article_imports_as_unchanged(self) -> None:
        code, out, _ = run_import(Path(__file__).resolve().parents[2] / "seeds")
        self.assertEqual(code, 0)
        self.assertIn("0 imported, 1 unchanged, 0 failed", out)
        self.assertEqual(Outlet.objects.filter(name="Unknown outlet").count(), 0)
