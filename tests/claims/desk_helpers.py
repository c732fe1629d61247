"""Shared set-up for the review desk's view tests."""

from __future__ import annotations

from claims import services
from claims.choices import AttributionKind, AttributionOrigin, AttributionStatus
from claims.models import Article, Attribution, Claim, Rating, Review


def seed_claim() -> Claim:
    return Claim.objects.get(text__startswith="I am convinced")


def rating(label: str = "False") -> Rating:
    return Rating.objects.get(label=label, scale__is_default=True)


def published_review(claim: Claim, fact_checker, editor, **values) -> Review:
    values.setdefault("rating", rating("Mostly true"))
    values.setdefault("headline", "Checked: the talks")
    review = services.review_create(claim=claim, fact_checker=fact_checker, **values)
    services.evidence_add(review=review, user=fact_checker, url="https://example.org/kcna", title="KCNA report",
                          publisher="KCNA")
    services.review_submit(review=review, user=fact_checker)
    services.review_approve(review=review, editor=editor)
    services.review_publish(review=review, editor=editor)
    return review


def suggested_attribution(text: str = "The 30-meter granite stele crowned with a red star") -> Attribution:
    article = Article.objects.get()
    start = article.body.index(text)
    claim = Claim.objects.create(text=text)
    return Attribution.objects.create(
        article=article, claim=claim, text=text, start=start, end=start + len(text),
        kind=AttributionKind.ASSERTION, origin=AttributionOrigin.EXTRACTED, extractor_version="test-1",
        confidence=0.4, status=AttributionStatus.SUGGESTED,
    )
