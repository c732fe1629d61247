from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command

from claims.models import Article, Attribution, Claim, Outlet, Source
from tests.base import BaseTestCase

SEEDS = Path(settings.BASE_DIR) / "seeds"


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_seeds", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list]:
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Outlet, Source, Article, Claim, Attribution)
    } | {"history": list(Claim.history.values_list("history_id", flat=True))}


class LoadSeedsTests(BaseTestCase):
    def test_it_loads_the_seed_article_with_anchored_attributions(self) -> None:
        load()
        article = Article.objects.get()
        self.assertEqual(article.outlet.name, "The Messenger")
        self.assertEqual(article.bylines, ["Dan Morrison"])
        self.assertEqual(article.body, (SEEDS / "000_07c39270722aff38.txt").read_text(encoding="utf-8"))
        self.assertEqual(article.attributions.count(), 7)
        for attribution in article.attributions.all():
            self.assertEqual(article.body[attribution.start : attribution.end], attribution.text)

    def test_it_links_kirbys_two_quotes_to_john_kirby_with_role_and_month(self) -> None:
        load()
        kirby = Source.objects.named("Kirby").get()
        self.assertEqual(kirby.name, "John Kirby")
        quotes = Attribution.objects.filter(speaker=kirby).order_by("start")
        self.assertEqual(len(quotes), 2)
        self.assertTrue(quotes[0].text.startswith("As part of this proposed deal"))
        self.assertEqual((quotes[0].said_on.isoformat(), quotes[0].said_on_precision), ("2023-03-01", "month"))
        rinna = Attribution.objects.get(speaker__name="Anthony Rinna")
        self.assertEqual((rinna.cue, rinna.channel), ("told", "Reuters"))

    def test_it_is_idempotent(self) -> None:
        load()
        before = snapshot()
        output = load()
        self.assertIn("created nothing; updated nothing", output)
        self.assertEqual(snapshot(), before)

    def test_dry_run_changes_nothing(self) -> None:
        output = load("--dry-run")
        self.assertIn("rolled back", output)
        self.assertFalse(Article.objects.exists())


class BrokenSeedTests(BaseTestCase):
    def broken_copy(self, tmp: Path, mutate) -> Path:
        shutil.copy(SEEDS / "000_07c39270722aff38.txt", tmp)
        spec = json.loads((SEEDS / "000_07c39270722aff38.json").read_text(encoding="utf-8"))
        mutate(spec)
        path = tmp / "broken.json"
        path.write_text(json.dumps(spec), encoding="utf-8")
        return path

    def assert_refused(self, path: Path, *fragments: str) -> None:
        with self.assertRaises(CommandError) as caught:
            load(str(path))
        for fragment in (str(path), *fragments):
            self.assertIn(fragment, str(caught.exception))
        self.assertEqual(Article.objects.count() + Source.objects.count() + Outlet.objects.count(), 0)

    def test_it_names_the_file_and_the_quote_not_in_the_article(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = self.broken_copy(Path(tmp), lambda s: s["attributions"][-1].update(text="Words nobody wrote"))
            self.assert_refused(path, "attributions[6]", "Words nobody wrote")

    def test_it_names_an_unknown_kind(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = self.broken_copy(Path(tmp), lambda s: s["attributions"][0].update(kind="rumour"))
            self.assert_refused(path, "attributions[0]", "'rumour'")

    def test_it_reports_invalid_json(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bad.json"
            path.write_text('{"article": ', encoding="utf-8")
            self.assert_refused(path, "not valid JSON")

    def test_the_command_exits_non_zero(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bad.json"
            path.write_text("[]", encoding="utf-8")
            proc = subprocess.run(
                [sys.executable, "manage.py", "load_seeds", "--dry-run", str(path)],
                cwd=settings.BASE_DIR, capture_output=True, text=True,
                # Its own scratch database: the file is refused before any row is touched.
                env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.test_settings",
                     "DATABASE_URL": f"sqlite:///{tmp}/scratch.sqlite3"},
            )
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("bad.json: the top level must be a JSON object", proc.stderr)
