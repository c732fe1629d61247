"""The README's integrator's guide, run as written: every `sh` block between the guide markers, in
order, in one shell per block sharing a working directory, against a live server."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import LiveServerTestCase

from claims.api.renderers import CLAIM_COLUMNS
from claims.models import ApiToken, Claim, Rating
from tests.base import make_user
from tests.claims.api.helpers import publish_review

README = Path(__file__).resolve().parents[3] / "README.md"


def guide_blocks() -> list[str]:
    text = README.read_text()
    guide = text[text.index("<!-- guide:start -->"):text.index("<!-- guide:end -->")]
    return re.findall(r"```sh\n(.*?)```", guide, re.S)


@pytest.mark.skipif(shutil.which("curl") is None, reason="the guide's commands need curl")
class IntegratorGuideTests(LiveServerTestCase):
    def setUp(self) -> None:
        call_command("load_seeds", stdout=io.StringIO())
        # More claims than a page of 100, so both walks follow the cursor.
        Claim.objects.bulk_create(Claim(text=f"Claim number {i} for the guide.") for i in range(150))
        editor = make_user("guide-editor", "Editors")
        fact_checker = make_user("guide-fc", "Fact-checkers")
        claim = Claim.objects.get(text__startswith="As part of")
        publish_review(claim, fact_checker, editor, Rating.objects.get(label="False"))
        _, self.key = ApiToken.issue(name="guide", user=editor, read_only=True)
        self.tmp = Path(tempfile.mkdtemp(prefix="guide-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def run_block(self, block: str) -> str:
        env = {**os.environ, "NEWSROOM_URL": self.live_server_url, "TOKEN": self.key}
        proc = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=self.tmp, env=env,
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, f"{block}\n{proc.stdout}\n{proc.stderr}")
        return proc.stdout

    def rows(self, name: str) -> tuple[list[str], list[dict[str, str]]]:
        reader = csv.DictReader(io.StringIO((self.tmp / name).read_text()))
        return list(reader.fieldnames or []), list(reader)

    def test_every_command_of_the_guide_works_as_written(self) -> None:
        blocks = guide_blocks()
        self.assertEqual(len(blocks), 5, "a block was added or removed: say here what it must show")
        ids = sorted(Claim.objects.values_list("pk", flat=True))
        with self.settings(NEWSROOM_URL=self.live_server_url):
            outputs = [self.run_block(block) for block in blocks]
        first, walk, sync, _, feed = outputs
        self.assertEqual(len(json.loads(first)["results"]), 2)
        self.assertEqual(int(walk.strip()), len(ids))
        walked = [json.loads(line)["id"] for line in (self.tmp / "claims.ndjson").read_text().splitlines()]
        self.assertEqual(sorted(walked), ids)
        self.assertEqual(sync.count('"results"'), 2)
        exported = [json.loads(line)["id"] for line in (self.tmp / "claims-export.ndjson").read_text().splitlines()]
        self.assertEqual(exported, ids)
        for name in ("claims-export.csv", "claims.csv"):
            header, rows = self.rows(name)
            self.assertEqual(header, list(CLAIM_COLUMNS), name)
            self.assertEqual(sorted(int(row["id"]) for row in rows), ids, name)
        self.assertEqual(len(self.rows("reviews.csv")[1]), 1)
        self.assertEqual(feed.strip(), "304")
        self.assertIn("<feed", (self.tmp / "feed.atom").read_text())
        self.assertEqual(len(json.loads((self.tmp / "claimreview.json").read_text())["results"]), 1)
