"""Claims, their appearances in articles (Attribution), and colleagues' notes."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from claims.choices import (
    AttributionKind,
    AttributionOrigin,
    AttributionStatus,
    ClaimStatus,
    DatePrecision,
    Priority,
    ReviewStatus,
)
from claims.models.articles import Article
from claims.models.base import TimestampedModel
from claims.models.sources import Source

# Claim fields copied from its current verdict and its latest public one (see Claim.review_status).
VERDICT_COPY = ("review_status", "rating_label", "rating_value", "verdict")


# The queue's sorts on nullable columns, with the empty ones last both ways: as expressions that
# are never empty, so an index (below) serves them on SQLite too (no NULLS LAST in its indexes)
# and a keyset cursor compares plain values.
QUEUE_SORT_KEYS = {
    "worth": (Coalesce("checkworthiness", Value(-1)),),
    "said_first_last": (Coalesce("said_on", Value(date(1, 1, 1))),),  # descending: the empty ones last
    "said_last_last": (Coalesce("said_on", Value(date(9999, 12, 31))),),
}


class ClaimQuerySet(models.QuerySet["Claim"]):
    def active(self) -> ClaimQuerySet:
        """Claims that have not been merged into another."""
        return self.filter(merged_into__isnull=True)

    def published(self) -> ClaimQuerySet:
        return self.filter(status__in=[ClaimStatus.PUBLISHED, ClaimStatus.CORRECTED])


class Topic(models.Model):
    """A tag an editor puts on claims ("health", "budget 2025"): what the desk groups by."""

    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Claim(TimestampedModel):
    """The checkable statement, independent of where it appeared."""

    text = models.TextField()
    claimant = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    said_on = models.DateField("first said", null=True, blank=True)
    said_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY,
        help_text='"in March" is stored as the 1st of March with month precision.',
    )
    checkworthiness = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="0 (not worth checking) to 100 (check first)."
    )
    # Why the scorer (claims.extraction.checkworthiness) gave its score, for the claim page; when a
    # person set the score instead, it is theirs and a change of wording no longer rescores it.
    checkworthiness_reasons = models.JSONField(default=list, blank=True, editable=False)
    checkworthiness_set_by_hand = models.BooleanField(default=False)
    topics = models.ManyToManyField(Topic, blank=True, related_name="claims")
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.NEW, db_index=True)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    due_on = models.DateField("due", null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_claims"
    )
    # Full-text document (text, quotes, speaker names): kept by PostgreSQL triggers (migration 0003).
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    # The current verdict (the latest review) as the queue shows, filters and sorts it, copied here
    # by the review services (services.reviews.claim_verdict_follows) so a page of the queue reads
    # one table: a subquery a row for it made the queue 50x slower than the API at 100,000 claims.
    review_status = models.CharField(max_length=20, choices=ReviewStatus.choices, blank=True, editable=False)
    rating_label = models.CharField(max_length=60, blank=True, editable=False)
    rating_value = models.SmallIntegerField(null=True, blank=True, editable=False)
    # The latest public verdict ("already checked"; the API's `verdict`), kept the same way.
    verdict = models.ForeignKey("claims.Review", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector", *VERDICT_COPY], m2m_fields=[topics])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-updated", "-id"]
        # The queue's filters and sorts on active (not merged) claims, each an index scan that
        # stops after a page.
        indexes = [
            models.Index(fields=["updated", "id"], name="claim_updated_id"),
            models.Index(fields=["status", "updated", "id"], name="claim_queue_status",
                         condition=Q(merged_into__isnull=True)),
            models.Index(fields=["assigned_to", "updated", "id"], name="claim_queue_assigned",
                         condition=Q(merged_into__isnull=True)),
            models.Index(fields=["rating_value", "updated", "id"], name="claim_queue_rating",
                         condition=Q(merged_into__isnull=True)),
            models.Index(*QUEUE_SORT_KEYS["worth"], "updated", "id", name="claim_queue_worth",
                         condition=Q(merged_into__isnull=True)),
            models.Index(*QUEUE_SORT_KEYS["said_first_last"], "id", name="claim_queue_said_desc",
                         condition=Q(merged_into__isnull=True)),
            models.Index(*QUEUE_SORT_KEYS["said_last_last"], "id", name="claim_queue_said_asc",
                         condition=Q(merged_into__isnull=True)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(checkworthiness__isnull=True) | Q(checkworthiness__lte=100),
                name="claim_checkworthiness_0_100",
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("id")), name="claim_not_merged_into_itself"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class Attribution(TimestampedModel):
    """One appearance of a claim in one article: the exact words, anchored by offsets."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attributions")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    text = models.TextField(help_text="Exactly the article's characters from start to end.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=AttributionKind.choices, default=AttributionKind.DIRECT)
    speaker = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="attributions"
    )
    speaker_name = models.CharField("speaker as named here", max_length=200, blank=True)
    speaker_role = models.CharField("role given here", max_length=300, blank=True)
    cue = models.CharField("reporting cue", max_length=60, blank=True, help_text="said, told, pledged, ...")
    channel = models.CharField(max_length=300, blank=True, help_text='"told Reuters" gives Reuters.')
    said_on = models.DateField(null=True, blank=True)
    said_on_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    origin = models.CharField(max_length=20, choices=AttributionOrigin.choices, default=AttributionOrigin.MANUAL)
    extractor_version = models.CharField(max_length=40, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=AttributionStatus.choices, default=AttributionStatus.CONFIRMED, db_index=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "start"]
        indexes = [
            models.Index(fields=["updated", "id"], name="attribution_updated_id"),
            # The queue's outlet filter: an outlet's articles' claims from the index alone (a heap
            # read an appearance made its count 200 ms at a million claims).
            models.Index(fields=["article", "claim"], name="attribution_article_claim"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="attribution_end_after_start"),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
                name="attribution_confidence_0_1",
            ),
            models.CheckConstraint(
                condition=Q(origin=AttributionOrigin.MANUAL) | ~Q(extractor_version=""),
                name="attribution_extracted_has_version",
            ),
            models.UniqueConstraint(fields=["article", "start", "end"], name="attribution_unique_span"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_name or self.speaker or '?'}: {self.text[:60]}"

    def save(self, *args, **kwargs) -> None:
        # The anchor rule holds for every write path (admin, API, importer, shell), not only forms.
        self.check_anchor()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.check_anchor()

    def check_anchor(self) -> None:
        """Refuse words that are not the article's characters at these offsets."""
        if self.article_id is None or self.start is None or self.end is None:
            return
        body = self.article.body
        if self.end > len(body):
            raise ValidationError(
                {"end": f"The article is {len(body)} characters long; end {self.end} is past it."}
            )
        actual = body[self.start : self.end]
        if actual != self.text:
            raise ValidationError(
                {"text": f"The text does not match the article at {self.start}–{self.end}: "
                         f"the article has {actual!r}, the attribution says {self.text!r}."}
            )



class Note(models.Model):
    """A note between colleagues on a claim; not public."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return self.text[:60]

