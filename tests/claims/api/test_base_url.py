"""One base URL: every absolute URL the app writes comes from NEWSROOM_URL, never the request's Host."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from django.test import override_settings
from django.urls import reverse

from claims.models import Claim
from claims.selectors.webhooks import event_data
from claims.services.matching import claim_merge
from tests.claims.api.helpers import ApiTestCase
from tests.claims.test_public_views import jsonld_of

BASE = "https://factcheck.example.org"
ATOM = {"a": "http://www.w3.org/2005/Atom"}


@override_settings(NEWSROOM_URL=BASE, ALLOWED_HOSTS=["testserver", "mirror.example.net"])
class BaseUrlTests(ApiTestCase):
    hosts = ("testserver", "mirror.example.net")

    def test_the_public_page_links_and_json_ld_use_newsroom_url_whatever_the_host(self) -> None:
        path = reverse("claims:factcheck", args=[self.published.pk])
        for host in self.hosts:
            html = self.client.get(path, HTTP_HOST=host).content.decode()
            self.assertIn(f'<link rel="canonical" href="{BASE}{path}">', html)
            [data] = jsonld_of(html)
            self.assertEqual(data["url"], BASE + path)
            self.assertEqual(data["author"]["url"], BASE + "/")
            self.assertNotIn("mirror.example.net", html)

    def test_atom_ids_are_tag_uris_that_do_not_follow_the_host(self) -> None:
        feeds = [self.client.get(reverse("claims:factcheck_feed"), HTTP_HOST=host).content for host in self.hosts]
        roots = [ElementTree.fromstring(feed) for feed in feeds]
        ids = [[e.text for e in root.iter(f"{{{ATOM['a']}}}id")] for root in roots]
        self.assertEqual(ids[0], ids[1])
        self.assertEqual(ids[0][0], f"{BASE}/fact-checks/feed.atom")
        created = self.published.created.strftime("%Y-%m-%d")
        self.assertIn(f"tag:factcheck.example.org,{created}:fact-check/{self.published.pk}", ids[0])
        links = {link.get("href") for root in roots for link in root.iter(f"{{{ATOM['a']}}}link")}
        self.assertTrue(links)
        self.assertTrue(all(link.startswith(BASE + "/") for link in links), links)

    def test_api_links_use_newsroom_url(self) -> None:
        page = self.client.get("/api/v1/claims/?page_size=1", HTTP_HOST="mirror.example.net",
                               **self.auth(self.read_key)).json()
        self.assertTrue(page["next"].startswith(f"{BASE}/api/v1/claims/?"), page["next"])
        markup = self.client.get(f"/api/v1/reviews/{self.published.pk}/claimreview/", HTTP_HOST="mirror.example.net")
        self.assertTrue(markup.json()["url"].startswith(BASE + "/fact-checks/"))
        merged = Claim.objects.get(text__startswith="Moscow and Pyongyang")
        claim_merge(survivor=self.published_claim, merged=merged, user=self.editor)
        response = self.client.get(f"/api/v1/claims/{merged.pk}/", HTTP_HOST="mirror.example.net",
                                   **self.auth(self.read_key))
        self.assertEqual(response["Location"], f"{BASE}/api/v1/claims/{self.published_claim.pk}/")
        claim = self.client.get(f"/api/v1/claims/{self.published_claim.pk}/", HTTP_HOST="mirror.example.net",
                                **self.auth(self.read_key)).json()
        urls = re.findall(r"https?://[^\"' ]+/fact-checks/\d+/", str(claim))
        self.assertTrue(urls)
        self.assertTrue(all(url.startswith(BASE) for url in urls), urls)

    def test_webhook_payloads_use_newsroom_url(self) -> None:
        data = event_data("review.published", review=self.published)
        urls = re.findall(r"https?://[^\"' ]+/fact-checks/\d+/", str(data))
        self.assertTrue(urls)
        self.assertTrue(all(url.startswith(BASE) for url in urls), urls)
