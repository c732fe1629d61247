"""An integrator's client, generated from the live schema by openapi-python-client, used as generated.

The generator must print no warning (a dropped operation or media type is one), and the client must
walk every claim by cursor with a bearer token and read the NDJSON export, with no extra arguments.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from django.core.management import call_command
from django.test import LiveServerTestCase

from claims.models import ApiToken, Claim
from tests.base import make_user

VENV_BIN = Path(sys.executable).parent
PACKAGE = "newsroom_api_client"


class GeneratedClientTests(LiveServerTestCase):
    def setUp(self) -> None:
        call_command("load_seeds", stdout=io.StringIO())
        _, self.key = ApiToken.issue(name="integrator", user=make_user("integrator", "Editors"), read_only=True)
        self.tmp = Path(tempfile.mkdtemp(prefix="generated-client-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def generate(self) -> subprocess.CompletedProcess[str]:
        with urllib.request.urlopen(f"{self.live_server_url}/api/schema/?format=json", timeout=30) as response:
            (self.tmp / "schema.json").write_bytes(response.read())
        # The generator formats its output with ruff, which it looks for on PATH.
        env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        return subprocess.run(
            [str(VENV_BIN / "openapi-python-client"), "generate", "--path", str(self.tmp / "schema.json"),
             "--meta", "none", "--output-path", str(self.tmp / PACKAGE), "--fail-on-warning"],
            cwd=self.tmp, env=env, capture_output=True, text=True, timeout=300,
        )

    def test_a_generated_client_walks_every_claim_and_reads_the_export(self) -> None:
        with self.settings(NEWSROOM_URL=self.live_server_url):
            proc = self.generate()
            output = proc.stdout + proc.stderr
            self.assertEqual(proc.returncode, 0, output)
            self.assertNotIn("Warning", output)
            self.assertNotIn("Unsupported", output)

            sys.path.insert(0, str(self.tmp))
            try:
                client_module = importlib.import_module(PACKAGE)
                claims_list = importlib.import_module(f"{PACKAGE}.api.claims.claims_list")
                claims_export = importlib.import_module(f"{PACKAGE}.api.claims.claims_export_retrieve")
            finally:
                sys.path.remove(str(self.tmp))
            # As generated: AuthenticatedClient sends `Authorization: Bearer <token>`.
            client = client_module.AuthenticatedClient(base_url=self.live_server_url, token=self.key,
                                                       raise_on_unexpected_status=True)
            seen: list[int] = []
            cursor = None
            pages = 0
            with client:
                while True:
                    kwargs = {"cursor": cursor} if cursor else {}
                    page = claims_list.sync(client=client, page_size=3, **kwargs)
                    self.assertEqual(type(page).__name__, "PaginatedClaimList", page)
                    seen += [claim.id for claim in page.results]
                    pages += 1
                    cursor = page.next_cursor
                    if not cursor:
                        break
                export = claims_export.sync_detailed(client=client)
        expected = sorted(Claim.objects.values_list("pk", flat=True))
        self.assertGreater(pages, 1)
        self.assertEqual(sorted(seen), expected)
        self.assertEqual(export.status_code, 200)
        self.assertEqual(export.headers["content-type"], "application/x-ndjson")
        records = [json.loads(line) for line in export.parsed.splitlines()]
        self.assertEqual([record["id"] for record in records], expected)
