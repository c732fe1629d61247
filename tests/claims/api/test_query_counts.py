"""API lists answer in a few queries whatever the page size (tokens and sessions alike)."""

from __future__ import annotations

import pytest

from claims.models import Claim
from tests.claims.api.helpers import ApiTestCase

# The claims list: token (with its user), the throttle's counter, the page, its appearances and
# its verdicts.
API_LIST_QUERIES = 6


class ListQueryCountTests(ApiTestCase):
    @pytest.fixture(autouse=True)
    def _query_budget(self, django_assert_max_num_queries) -> None:
        self.assert_max_queries = django_assert_max_num_queries

    def test_the_claims_list_makes_at_most_six_queries_at_page_sizes_10_and_100(self) -> None:
        Claim.objects.bulk_create([Claim(text=f"Extra claim {i}") for i in range(150)])
        self.get("/api/v1/claims/?page_size=1", self.read_key)  # warm content types and the like
        for size in (10, 100):
            for query in ("", "&q=claim", "&status=new&merged=false"):
                with self.assert_max_queries(API_LIST_QUERIES):
                    response = self.get(f"/api/v1/claims/?page_size={size}{query}", self.read_key)
                self.assertEqual(response.status_code, 200)
            self.assertEqual(len(response.json()["results"]), size)

    def test_a_signed_in_desk_user_gets_the_list_in_as_few(self) -> None:
        self.client.force_login(self.editor)
        self.client.get("/api/v1/claims/?page_size=1")
        for size in (10, 100):
            with self.assert_max_queries(API_LIST_QUERIES):
                response = self.client.get(f"/api/v1/claims/?page_size={size}")
            self.assertEqual(response.status_code, 200)
