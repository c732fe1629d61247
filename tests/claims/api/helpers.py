"""Shared set-up for API tests: tokens per role, and a published review on a seeded claim."""

from __future__ import annotations

from typing import Any

from claims import services
from claims.models import ApiToken, Claim, Rating, Review
from tests.base import SeededTestCase


class ApiTestCase(SeededTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.false = Rating.objects.get(label="False")
        cls.published_claim = Claim.objects.get(text__startswith="As part of")
        cls.published = publish_review(cls.published_claim, cls.fact_checker, cls.editor, cls.false)
        cls.draft_claim = Claim.objects.get(text__startswith="Russia is seeking")
        cls.draft = services.review_create(claim=cls.draft_claim, fact_checker=cls.fact_checker, headline="Draft")
        _, cls.editor_key = ApiToken.issue(name="editor tool", user=cls.editor, read_only=False)
        _, cls.reporter_key = ApiToken.issue(name="reporter tool", user=cls.reporter, read_only=False)
        _, cls.fc_key = ApiToken.issue(name="fc tool", user=cls.fact_checker, read_only=False)
        _, cls.read_key = ApiToken.issue(name="dashboard", user=cls.editor, read_only=True)
        _, cls.outsider_key = ApiToken.issue(name="outsider", user=cls.outsider, read_only=True)

    def auth(self, key: str) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Token {key}"}

    def get(self, url: str, key: str | None = None, **extra: Any):
        return self.client.get(url, **(self.auth(key) if key else {}), **extra)

    def post(self, url: str, data: Any, key: str, **extra: Any):
        return self.client.post(url, data, content_type="application/json", **self.auth(key), **extra)

    def patch(self, url: str, data: Any, key: str, **extra: Any):
        return self.client.patch(url, data, content_type="application/json", **self.auth(key), **extra)


def publish_review(claim: Claim, fact_checker, editor, rating: Rating, headline: str = "Checked") -> Review:
    review = services.review_create(claim=claim, fact_checker=fact_checker, rating=rating, headline=headline)
    services.review_submit(review=review, user=fact_checker)
    services.review_approve(review=review, editor=editor)
    services.review_publish(review=review, editor=editor)
    return review
