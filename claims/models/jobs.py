"""Background jobs with their progress."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from claims.choices import JobItemStatus, JobKind, JobStatus
from claims.models.articles import Article
from claims.models.base import TimestampedModel


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

    # A job queued or running with no progress for this long has lost its worker (or has none).
    STALL_AFTER = timedelta(minutes=5)

    @property
    def stalled(self) -> bool:
        if self.status not in (JobStatus.QUEUED, JobStatus.RUNNING) or self.updated is None:
            return False
        return timezone.now() - self.updated > self.STALL_AFTER

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
