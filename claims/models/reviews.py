"""Verdicts: rating scales, reviews with their evidence, and public corrections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from claims.choices import PUBLIC_REVIEW_STATUSES, ReviewStatus
from claims.models.base import TimestampedModel
from claims.models.claims import Claim


class RatingScale(TimestampedModel):
    name = models.CharField(max_length=100, unique=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_scale"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def best(self) -> int:
        return max(self.ratings.values_list("value", flat=True), default=0)

    @property
    def worst(self) -> int:
        return min(self.ratings.values_list("value", flat=True), default=0)


class Rating(models.Model):
    """One verdict on a scale, with the number ClaimReview publishes as ratingValue."""

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="ratings")
    label = models.CharField(max_length=60)
    value = models.SmallIntegerField(help_text="ClaimReview ratingValue; higher is more accurate.")
    definition = models.CharField(max_length=300)

    class Meta:
        ordering = ["scale", "-value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "label"], name="rating_unique_label"),
            models.UniqueConstraint(fields=["scale", "value"], name="rating_unique_value"),
        ]

    def __str__(self) -> str:
        return self.label


class ReviewQuerySet(models.QuerySet["Review"]):
    def public(self) -> ReviewQuerySet:
        return self.filter(status__in=PUBLIC_REVIEW_STATUSES)


class Review(TimestampedModel):
    """A verdict on a claim, with its evidence, through draft -> ... -> published."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="reviews")
    rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews")
    headline = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    fact_checker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews_checked"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews_approved"
    )
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT, db_index=True)
    # Optimistic concurrency: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-updated", "-id"]
        indexes = [
            models.Index(fields=["updated", "id"], name="review_updated_id"),
            # The public index, newest first, a page at a time (not a partial index: SQLite cannot
            # tell a query's bound statuses fall within it).
            models.Index(fields=["published_at", "id"], name="review_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_REVIEW_STATUSES) | Q(rating__isnull=False, published_at__isnull=False),
                name="review_public_has_rating_and_date",
            ),
            # One open verdict per claim, whoever opens it and however close together.
            models.UniqueConstraint(
                fields=["claim"], condition=~Q(status=ReviewStatus.RETRACTED), name="review_one_open_per_claim"
            ),
        ]

    def __str__(self) -> str:
        return self.headline or f"Review of claim {self.claim_id}"


class Evidence(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=1000)
    title = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["review", "position", "id"]

    def __str__(self) -> str:
        return self.title or self.url


class Correction(models.Model):
    """A public correction or retraction note on a published review: never edited silently."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="corrections")
    note = models.TextField()
    is_retraction = models.BooleanField(default=False)
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return f"{'Retraction' if self.is_retraction else 'Correction'} of review {self.review_id}"

