"""Background jobs: importing many articles, exporting claims for a date range.

Services create a `Job` (with its items) and enqueue `run_job` through Django's task interface
(django-tasks, database backend): `python manage.py db_worker` runs it, on any machine that
shares the database. A job's progress is in its row, for the browser to show.

Re-running is safe. Each import item is imported and marked done in one transaction, and
`import_article` recognises an article already stored (by its text's hash), so a job whose
worker died half-way, run again, skips what was finished and duplicates nothing.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django_tasks import task

from claims.choices import JobItemStatus, JobKind, JobStatus
from claims.models import Claim, Job, JobItem
from claims.services.imports import ImportError_, import_article

logger = logging.getLogger(__name__)


# --- services ------------------------------------------------------------------------------------


@transaction.atomic
def job_create_import(*, user, files: Iterable[tuple[str, str]]) -> Job:
    """An import job for (file name, article text) pairs, queued for a worker."""
    items = list(files)
    if not items:
        raise ValueError("Choose at least one article file.")
    job = Job.objects.create(kind=JobKind.IMPORT, created_by=user, total=len(items))
    JobItem.objects.bulk_create(
        [JobItem(job=job, position=i, filename=name[:500], text=text) for i, (name, text) in enumerate(items)]
    )
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


@transaction.atomic
def job_create_export(*, user, published_after: date | None = None, published_before: date | None = None) -> Job:
    """An NDJSON export of the claims that appeared in articles published in the range."""
    params = {
        "published_after": published_after.isoformat() if published_after else None,
        "published_before": published_before.isoformat() if published_before else None,
    }
    job = Job.objects.create(kind=JobKind.EXPORT, created_by=user, params=params)
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


@transaction.atomic
def job_rerun(*, job: Job) -> Job:
    """Queue a job again, after its worker died or it failed: finished work is kept."""
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, error="", updated=timezone.now())
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    job.refresh_from_db()
    return job


# --- the task ------------------------------------------------------------------------------------


@task()
def run_job(job_id: int) -> str:
    """Run (or resume) a job; its outcome is recorded on the Job row."""
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING, attempts=F("attempts") + 1, started_at=timezone.now(), updated=timezone.now()
    )
    job = Job.objects.get(pk=job_id)
    try:
        if job.kind == JobKind.IMPORT:
            _run_import(job)
        else:
            _run_export(job)
    except Exception as exc:
        logger.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}", updated=timezone.now()
        )
        raise
    Job.objects.filter(pk=job_id).update(status=JobStatus.DONE, finished_at=timezone.now(), updated=timezone.now())
    return JobStatus.DONE


def _run_import(job: Job) -> None:
    for item_id in job.items.filter(status=JobItemStatus.PENDING).values_list("pk", flat=True):
        with transaction.atomic():
            item = JobItem.objects.select_for_update(skip_locked=True).filter(
                pk=item_id, status=JobItemStatus.PENDING
            ).first()
            if item is None:
                continue  # another worker has it, or finished it
            try:
                result = import_article(text=item.text, filename=item.filename, user=job.created_by)
            except ImportError_ as exc:
                item.status, item.error = JobItemStatus.FAILED, str(exc)
                Job.objects.filter(pk=job.pk).update(done=F("done") + 1, failed=F("failed") + 1,
                                                     updated=timezone.now())
            else:
                item.status = JobItemStatus(result.status)
                item.article = result.article
                item.statements = len(result.attributions)
                item.already_checked = len(result.already_checked)
                Job.objects.filter(pk=job.pk).update(done=F("done") + 1, updated=timezone.now())
            item.save(update_fields=["status", "error", "article", "statements", "already_checked"])


def export_queryset(params: dict[str, str | None]) -> QuerySet[Claim]:
    claims = Claim.objects.active()
    if params.get("published_after"):
        claims = claims.filter(appearances__article__published_on__gte=params["published_after"])
    if params.get("published_before"):
        claims = claims.filter(appearances__article__published_on__lte=params["published_before"])
    return claims.distinct().order_by("id")


def _run_export(job: Job) -> None:
    from claims.selectors import export_claim_lines

    queryset = export_queryset(job.params)
    total = queryset.count()
    Job.objects.filter(pk=job.pk).update(total=total, done=0, updated=timezone.now())
    # Compressed as it streams: memory holds the gzip output, never the whole export.
    compressor = zlib.compressobj(wbits=31)
    parts, seen = [], 0
    for chunk in export_claim_lines(queryset):
        parts.append(compressor.compress(chunk))
        seen += chunk.count(b"\n")
        Job.objects.filter(pk=job.pk).update(done=min(seen, total), updated=timezone.now())
    parts.append(compressor.flush())
    Job.objects.filter(pk=job.pk).update(
        result=b"".join(parts), result_name=f"claims-export-{job.pk}.ndjson.gz", done=total, updated=timezone.now()
    )
