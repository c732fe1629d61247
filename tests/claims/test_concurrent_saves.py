"""50 simultaneous saves of one review from the same version: exactly one wins."""

from __future__ import annotations

import threading
import unittest

from django.db import connection, connections
from django.test import TransactionTestCase

from claims import services
from claims.models import Claim, Review
from claims.policy import SYSTEM


@unittest.skipUnless(connection.vendor == "postgresql", "truly concurrent writers need PostgreSQL")
class ConcurrentReviewSaveTests(TransactionTestCase):
    SAVERS = 50

    def test_exactly_one_of_fifty_saves_of_the_same_version_succeeds(self) -> None:
        claim = Claim.objects.create(text="The tunnel will open in May.")
        review = services.review_create(claim=claim, fact_checker=SYSTEM, headline="Draft")
        start = threading.Barrier(self.SAVERS)
        winners: list[str] = []
        conflicts: list[int] = []
        failures: list[BaseException] = []
        lock = threading.Lock()

        def save(n: int) -> None:
            try:
                mine = Review.objects.get(pk=review.pk)
                start.wait(timeout=30)
                services.review_update(review=mine, version=1, user=SYSTEM, headline=f"Saver {n}", summary=f"by {n}")
                with lock:
                    winners.append(f"Saver {n}")
            except services.ReviewConflict as conflict:
                with lock:
                    conflicts.append(conflict.current_version)
            except BaseException as exc:  # anything else is a failure of the test
                with lock:
                    failures.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=save, args=(n,)) for n in range(self.SAVERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        self.assertEqual(failures, [])
        self.assertEqual(len(winners), 1)
        self.assertEqual(len(conflicts), self.SAVERS - 1)
        self.assertEqual(set(conflicts), {2})
        stored = Review.objects.get(pk=review.pk)
        self.assertEqual((stored.headline, stored.version), (winners[0], 2))
        self.assertEqual(stored.summary, "by " + winners[0].split()[-1])
