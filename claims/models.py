"""The newsroom's record of who said what, where, and whether it holds up.

Article -- Attribution -- Claim -- Review
  An Article is stored verbatim; an Attribution anchors the exact words of one appearance of a
  Claim in it by character offsets; a Claim is the checkable statement independent of where it
  appeared; a Review is a verdict on a Claim, moving through an editorial workflow.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ProtectedError, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords

from claims.choices import (
    PUBLIC_REVIEW_STATUSES,
    AttributionKind,
    AttributionOrigin,
    AttributionStatus,
    ClaimStatus,
    DatePrecision,
    JobItemStatus,
    JobKind,
    JobStatus,
    MatchStatus,
    OutletKind,
    ReviewStatus,
    SourceKind,
    TombstoneModel,
)
from claims.names import content_hash, normalize_name


class TimestampedModel(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Outlet(TimestampedModel):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=OutletKind.choices, default=OutletKind.NEWSPAPER)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SourceQuerySet(models.QuerySet["Source"]):
    def named(self, name: str) -> SourceQuerySet:
        """Sources whose name or one of whose aliases is `name`, compared normalised."""
        key = normalize_name(name)
        return self.filter(Q(normalized_name=key) | Q(aliases__normalized=key)).distinct()


class Source(TimestampedModel):
    """Whoever makes statements: a person, an organisation, or a group ("U.S. officials")."""

    name = models.CharField(max_length=200)
    normalized_name = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.PERSON)
    role = models.CharField("current role or title", max_length=300, blank=True)
    affiliation = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "normalized_name"], name="source_unique_name_per_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalized_name = normalize_name(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normalized_name"}
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None) -> None:
        # The unique constraint is on the normalised name, which forms never show: fill it first
        # so "Kirby" and "kirby" are refused with a form error instead of an IntegrityError.
        self.normalized_name = normalize_name(self.name)
        super().validate_unique(exclude=exclude)


class SourceAlias(models.Model):
    """Another name a source goes by: the surname alone, another spelling, a transliteration."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name_plural = "source aliases"
        constraints = [
            models.UniqueConstraint(fields=["source", "normalized"], name="alias_unique_per_source"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None) -> None:
        self.normalized = normalize_name(self.name)
        super().validate_unique(exclude=exclude)


class ArticleQuerySet(models.QuerySet["Article"]):
    def delete(self):
        for article in self:
            article.refuse_delete_if_reviewed()
        return super().delete()


class Article(TimestampedModel):
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    headline = models.CharField(max_length=500)
    dek = models.TextField("dek / standfirst", blank=True)
    bylines = models.JSONField(default=list, blank=True, help_text="Author names, one per item.")
    published_on = models.DateField(null=True, blank=True, db_index=True)
    url = models.URLField(max_length=1000, null=True, blank=True, unique=True)
    caption = models.TextField("photo caption", blank=True)
    caption_credit = models.CharField("photo credit", max_length=300, blank=True)
    # The article as received, never reformatted: attribution offsets point into it.
    body = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    source_file = models.CharField(max_length=500, blank=True, help_text="File it was imported from.")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        self.content_hash = content_hash(self.body)
        if not self.url:
            self.url = None  # an empty URL is "no URL", not a second article with URL ""
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_delete_if_reviewed()
        return super().delete(*args, **kwargs)

    def reviewed_claims(self) -> models.QuerySet[Claim]:
        return Claim.objects.filter(appearances__article=self, reviews__isnull=False).distinct()

    def refuse_delete_if_reviewed(self) -> None:
        # Attributions cascade with their article, which is right for an unreviewed import gone
        # wrong; but once a claim seen in the article has a review, the article is its evidence.
        reviewed = list(self.reviewed_claims()[:10])
        if reviewed:
            raise ProtectedError(
                f"Cannot delete the article {self.headline!r}: reviewed claims appear in it.", set(reviewed)
            )


class ClaimQuerySet(models.QuerySet["Claim"]):
    def active(self) -> ClaimQuerySet:
        """Claims that have not been merged into another."""
        return self.filter(merged_into__isnull=True)

    def published(self) -> ClaimQuerySet:
        return self.filter(status__in=[ClaimStatus.PUBLISHED, ClaimStatus.CORRECTED])


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
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.NEW, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_claims"
    )
    # Full-text document (text, quotes, speaker names): kept by PostgreSQL triggers (migration 0003).
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector"])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-updated", "-id"]
        indexes = [models.Index(fields=["updated", "id"], name="claim_updated_id")]
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
        indexes = [models.Index(fields=["updated", "id"], name="attribution_updated_id")]
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
        indexes = [models.Index(fields=["updated", "id"], name="review_updated_id")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_REVIEW_STATUSES) | Q(rating__isnull=False, published_at__isnull=False),
                name="review_public_has_rating_and_date",
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


# --- REST API: search, sync tombstones, tool tokens (issue 4) ------------------------------------
# Claim.search_vector is declared above on Claim; on PostgreSQL it is filled by triggers (see
# migration 0003) and has a GIN index; on SQLite it stays empty and search falls back to LIKE.


class Tombstone(models.Model):
    """A deleted row, kept so a syncing client sees the deletion instead of a silent gap."""

    model = models.CharField(max_length=20, choices=TombstoneModel.choices)
    object_id = models.BigIntegerField()
    # Named `updated` like every other synced row, so the same cursor pagination and
    # `updated_after` filter apply: it is the moment of the deletion.
    updated = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["updated", "id"]
        indexes = [models.Index(fields=["updated", "id"], name="tombstone_updated_id")]

    def __str__(self) -> str:
        return f"{self.model} {self.object_id} deleted {self.updated:%Y-%m-%d %H:%M}"


_TOMBSTONED = {
    "Outlet": TombstoneModel.OUTLET,
    "Source": TombstoneModel.SOURCE,
    "Article": TombstoneModel.ARTICLE,
    "Claim": TombstoneModel.CLAIM,
    "Attribution": TombstoneModel.ATTRIBUTION,
    "Review": TombstoneModel.REVIEW,
}


@receiver(post_delete, dispatch_uid="claims_tombstone_on_delete")
def _record_tombstone(sender, instance, **kwargs) -> None:
    label = _TOMBSTONED.get(sender.__name__) if sender._meta.app_label == "claims" else None
    if label is None:
        return
    Tombstone.objects.create(model=label, object_id=instance.pk)
    if label == TombstoneModel.ATTRIBUTION:
        # The claim's list of appearances changed: it belongs in the next `updated_after` sync.
        Claim.objects.filter(pk=instance.claim_id).update(updated=timezone.now())


@receiver(post_save, sender=Attribution, dispatch_uid="claims_attribution_touches_claim")
def _attribution_touches_claim(sender, instance: Attribution, raw: bool = False, **kwargs) -> None:
    if not raw:
        Claim.objects.filter(pk=instance.claim_id).update(updated=timezone.now())


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A key for a newsroom tool (`Authorization: Token <key>`), acting as its user's roles.

    Only a SHA-256 hash of the key is stored; the admin shows the key once, when it is created.
    """

    name = models.CharField(max_length=100, help_text="The tool using it: 'CMS plugin', 'archive sync'.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=8, editable=False, help_text="First characters of the key, to recognise it.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(default=True, help_text="Read-only tokens may only GET.")
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API token"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, name: str, user, read_only: bool = True) -> tuple[ApiToken, str]:
        """A new token and its key; the key is not stored and cannot be shown again."""
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            name=name, user=user, read_only=read_only, prefix=key[:8], key_hash=cls.hash_key(key)
        )
        return token, key

    def set_new_key(self) -> str:
        key = secrets.token_urlsafe(32)
        self.prefix, self.key_hash = key[:8], self.hash_key(key)
        return key

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


# --- Claim matching (issue 6) ---------------------------------------------------------------------


class ClaimTerm(models.Model):
    """The candidate index of claim matching: a content word of a claim, under its speaker.

    Looked up by (speaker, term), so finding the claims of one speaker that share words with a
    new statement is an index range scan on either database, however many claims are stored.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="index_terms")
    speaker = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["claim", "term"], name="claimterm_unique")]
        # claim last: one index serves the capped counts and the newest-first posting scans.
        indexes = [models.Index(fields=["speaker", "term", "claim"], name="claimterm_speaker_term_claim")]

    def __str__(self) -> str:
        return self.term


class MatchSuggestion(TimestampedModel):
    """A statement that may be an appearance of another claim, for an editor to decide."""

    attribution = models.ForeignKey(Attribution, on_delete=models.CASCADE, related_name="match_suggestions")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="match_suggestions")
    score = models.FloatField()
    status = models.CharField(max_length=20, choices=MatchStatus.choices, default=MatchStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["attribution", "claim"], name="matchsuggestion_unique"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=1), name="matchsuggestion_score_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.attribution_id} ~ claim {self.claim_id} ({self.score:.2f})"


# --- Background jobs (issue 7) --------------------------------------------------------------------


class Job(TimestampedModel):
    """Long work done by a worker (`manage.py db_worker`), with progress the browser can show.

    Everything a job needs and produces is in the database, so any worker on any machine can
    run it, and a job whose worker died is simply run again: finished items are skipped.
    """

    kind = models.CharField(max_length=10, choices=JobKind.choices)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    params = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    result = models.BinaryField(null=True, blank=True, editable=False)
    result_name = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(done__lte=models.F("total")), name="job_done_within_total"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.status == JobStatus.DONE else 0)


class JobItem(models.Model):
    """One article file of an import job, stored with its text so any worker can import it."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    filename = models.CharField(max_length=500)
    text = models.TextField()
    status = models.CharField(max_length=10, choices=JobItemStatus.choices, default=JobItemStatus.PENDING)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    statements = models.PositiveIntegerField(default=0)
    already_checked = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="jobitem_unique_position")]

    def __str__(self) -> str:
        return self.filename
