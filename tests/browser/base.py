"""What every browser test shares: Debian's Chromium through Playwright, a live server, and the rows
the data migrations made (a live-server test empties every table after each test)."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

from claims.policy import GROUPS as ROLES

# Playwright's sync API runs an event loop in this thread; the ORM calls here are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)"),
]


class BrowserTestCase(StaticLiveServerTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()

    def setUp(self) -> None:
        # Put the role groups and the default rating scale back, as the 0002 migration does.
        from django.apps import apps as django_apps

        migration = importlib.import_module("claims.migrations.0002_groups_and_default_scale")
        for name in ROLES:
            Group.objects.get_or_create(name=name)
        migration.create_default_scale(django_apps, None)
        self.problems: list[str] = []  # CSP violations and script errors, which every test checks
        self.contexts: list = []

    def tearDown(self) -> None:
        for context in self.contexts:
            context.close()

    def new_page(self, width: int = 1366, height: int = 768):
        context = self.browser.new_context(viewport={"width": width, "height": height})
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda m: self.problems.append(m.text) if "Content Security Policy" in m.text
                or "Content-Security-Policy" in m.text else None)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        return page

    def sign_in(self, page, username: str) -> None:
        page.goto(f"{self.live_server_url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "pw-" + username)
        page.click("button[type=submit]")
        page.wait_for_url("**/review/")
