"""Two people saving the same verdict at once, through two real signed-in sessions.

Runs on whatever database the suite uses; on PostgreSQL (DATABASE_URL=postgres://...) the two
requests run in two threads with their own connections, truly at the same time.
"""

from __future__ import annotations

import threading

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client, TransactionTestCase
from django.urls import reverse

from claims import services
from claims.models import Claim, Outlet, Rating, RatingScale, Review
from claims.policy import GROUPS as ROLES
from claims.policy import SYSTEM
from tests.base import make_user


class ConcurrentVerdictSaveTests(TransactionTestCase):
    def setUp(self) -> None:
        # TransactionTestCase empties the tables: restore what the data migration provides.
        for name in ROLES:
            Group.objects.get_or_create(name=name)
        scale = RatingScale.objects.filter(is_default=True).first() or RatingScale.objects.create(
            name="Test scale", is_default=True
        )
        Rating.objects.get_or_create(scale=scale, label="False", defaults={"value": 1, "definition": "x"})
        Outlet.objects.get_or_create(name="The Test")
        self.claim = Claim.objects.create(text="The bridge cost twice the budget.")
        make_user("fiona", "Fact-checkers")
        make_user("felix", "Fact-checkers")
        self.review = services.review_create(claim=self.claim, fact_checker=SYSTEM, headline="Draft")
        self.url = reverse("claims:verdict_save", args=[self.claim.pk])

    def session(self, username: str) -> Client:
        client = Client()
        # A real sign-in through the login page (the brute-force guard needs the request).
        response = client.post(reverse("login"), {"username": username, "password": "pw-" + username})
        self.assertEqual(response.status_code, 302)
        return client

    def post(self, client: Client, headline: str, version: int):
        return client.post(self.url, {"headline": headline, "summary": f"{headline}'s summary", "version": version})

    def test_the_second_save_of_the_same_version_is_refused_and_keeps_its_text(self) -> None:
        fiona, felix = self.session("fiona"), self.session("felix")
        self.assertEqual(self.post(fiona, "Fiona", 1).status_code, 302)
        response = self.post(felix, "Felix", 1)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Felix&#x27;s summary</textarea>", status_code=409)
        self.assertEqual(response.context["conflict"].their_changes,
                         [("headline", "Draft", "Fiona"), ("summary", "", "Fiona's summary")])
        self.assertEqual(Review.objects.get(pk=self.review.pk).headline, "Fiona")

    def test_two_saves_at_the_same_moment_one_wins_and_one_is_told(self) -> None:
        if connection.vendor != "postgresql":
            # The in-memory SQLite test database locks whole tables across threads ("database table
            # is locked") instead of waiting; the sequential two-session test above covers SQLite.
            self.skipTest("truly concurrent requests need PostgreSQL (DATABASE_URL=postgres://...)")
        clients = {"Fiona": self.session("fiona"), "Felix": self.session("felix")}
        barrier = threading.Barrier(len(clients))
        results: dict[str, int] = {}

        def save(headline: str, client: Client) -> None:
            try:
                barrier.wait(timeout=10)
                results[headline] = self.post(client, headline, 1).status_code
            finally:
                connection.close()

        threads = [threading.Thread(target=save, args=item) for item in clients.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(sorted(results.values()), [302, 409])
        winner = next(name for name, status in results.items() if status == 302)
        review = Review.objects.get(pk=self.review.pk)
        self.assertEqual((review.headline, review.version), (winner, 2))
        self.assertEqual(Review.objects.filter(claim=self.claim).count(), 1)
