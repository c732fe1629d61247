from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import TransactionTestCase

from claims import services
from claims.backup import fingerprint, manifest_path_for
from claims.models import Article, Attribution, Claim, Rating, Review


class BackupRestoreTests(TransactionTestCase):
    def setUp(self) -> None:
        call_command("load_seeds", stdout=io.StringIO())
        self.editor = User.objects.create_user("ed", password="pw")
        self.editor.groups.add(Group.objects.get(name="Editors"))
        claim = Claim.objects.get(text__startswith="As part of")
        review = services.review_create(claim=claim, fact_checker=self.editor,
                                        rating=Rating.objects.get(label="False"), headline="Checked")
        services.evidence_add(review=review, user=self.editor, url="https://example.org/x", title="X")
        services.review_submit(review=review, user=self.editor)
        self.tmp = tempfile.TemporaryDirectory()
        self.path = Path(self.tmp.name) / "backup.json.gz"

    def tearDown(self) -> None:
        self.tmp.cleanup()

    def test_a_round_trip_keeps_every_row_checked_by_counts_and_hashes(self) -> None:
        before = fingerprint()
        call_command("backup_data", str(self.path), stdout=io.StringIO())
        manifest = json.loads(manifest_path_for(self.path).read_text())["models"]
        self.assertEqual(manifest["claims.attribution"]["count"], 7)
        self.assertGreater(manifest["claims.historicalreview"]["count"], 0)

        call_command("flush", "--no-input", verbosity=0)
        self.assertFalse(Article.objects.exists())
        out = io.StringIO()
        call_command("restore_data", str(self.path), stdout=out)
        self.assertIn("counts and hashes match", out.getvalue())
        self.assertEqual(fingerprint(), before)
        self.assertEqual(Review.objects.get().evidence.get().title, "X")
        # New rows still get fresh ids after explicit ids were loaded.
        article = Article.objects.get()
        highest = max(Claim.objects.values_list("pk", flat=True))
        self.assertGreater(Claim.objects.create(text="new").pk, highest)
        self.assertEqual(Attribution.objects.filter(article=article).count(), 7)

    def test_it_refuses_a_database_that_holds_data_and_a_tampered_backup(self) -> None:
        call_command("backup_data", str(self.path), stdout=io.StringIO())
        with self.assertRaisesMessage(CommandError, "already holds"):
            call_command("restore_data", str(self.path), stdout=io.StringIO())
        with gzip.open(self.path, "rt") as f:
            rows = json.load(f)
        for row in rows:
            if row["model"] == "claims.claim":
                row["fields"]["text"] = "tampered"
                break
        with gzip.open(self.path, "wt") as f:
            json.dump(rows, f)
        with self.assertRaisesMessage(CommandError, "differs from the manifest for claims.claim"):
            call_command("restore_data", str(self.path), "--replace", stdout=io.StringIO())
        self.assertFalse(Claim.objects.filter(text="tampered").exists())
