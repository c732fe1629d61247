"""Background jobs: importing many articles, exporting claims for a date range.

Services create a `Job` (with its items) and enqueue `run_job` through Django's task interface
(django-tasks, database backend): `python manage.py db_worker` runs it, on any machine that
shares the database. A job's progress is in its row, for the browser to show.

Re-running is safe. Each import item is imported and marked done in one transaction, and
`import_article` recognises an article already stored (by its text's hash), so a job whose
worker died half-way, run again, skips what was finished and duplicates nothing.

Stopping is prompt: on SIGTERM (or SIGINT) the worker abandons the article in hand (its
transaction rolls back, so nothing of it is kept), puts the job back in the queue and exits,
within a database statement's time whatever the article's size. The next worker imports that
article again. An item's size, and so the worker's memory, is bounded by UPLOAD_MAX_BYTES.
"""

from __future__ import annotations

import logging
import signal
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from types import FrameType
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django_tasks import task

from claims import policy
from claims.choices import JobItemStatus, JobKind, JobStatus
from claims.models import Claim, Job, JobItem, Outlet
from claims.services.imports import ImportError_, import_article

logger = logging.getLogger(__name__)


# --- services ------------------------------------------------------------------------------------


@transaction.atomic
def job_create_import(*, user, files: Iterable[tuple[str, str]], outlet: Outlet | None = None) -> Job:
    """An import job for (file name, article text) pairs, queued for a worker. `outlet` is the
    outlet of the files that name none; without it, such a file is refused (no "Unknown outlet")."""
    policy.require(user, "job.import")
    items = list(files)
    if not items:
        raise ValueError("Choose at least one article file.")
    params = {"outlet_id": outlet.pk} if outlet is not None else {}
    job = Job.objects.create(kind=JobKind.IMPORT, created_by=user, total=len(items), params=params)
    JobItem.objects.bulk_create(
        [JobItem(job=job, position=i, filename=name[:500], text=text) for i, (name, text) in enumerate(items)]
    )
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


@transaction.atomic
def job_create_export(*, user, published_after: date | None = None, published_before: date | None = None) -> Job:
    """An NDJSON export of the claims that appeared in articles published in the range."""
    policy.require(user, "job.export")
    params = {
        "published_after": published_after.isoformat() if published_after else None,
        "published_before": published_before.isoformat() if published_before else None,
    }
    job = Job.objects.create(kind=JobKind.EXPORT, created_by=user, params=params)
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


@transaction.atomic
def job_rerun(*, job: Job, user: Any) -> Job:
    """Queue a job again, after its worker died or it failed: finished work is kept."""
    policy.require(user, "job.rerun", job)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, error="", updated=timezone.now())
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    job.refresh_from_db()
    return job


# --- the task ------------------------------------------------------------------------------------


class Stop(BaseException):
    """Raised in the article in hand when the worker is asked to stop; rolls its transaction back.

    Not an Exception, so nothing on the way up records it as the article's failure.
    """


class StopRequest:
    """Whether the process was asked to stop (SIGTERM, SIGINT) while a job runs."""

    def __init__(self) -> None:
        self.requested = False
        self._interruptible = False

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        """A block that a stop request interrupts at once (raising Stop): one item's transaction."""
        self._interruptible = True
        try:
            yield
        finally:
            self._interruptible = False

    def handle(self, chained: Callable[..., object] | int | None, signum: int, frame: FrameType | None) -> None:
        self.requested = True
        if callable(chained):
            chained(signum, frame)  # django-tasks-db's worker: exit once the task returns
        if self._interruptible:
            self._interruptible = False
            raise Stop


@contextmanager
def stop_requested() -> Iterator[StopRequest]:
    """Watch for SIGTERM and SIGINT while the block runs, then restore the handlers.

    The worker's own handlers still run (after a second signal it exits at once). Signal
    handlers belong to the main thread; elsewhere a stop is never requested.
    """
    stop = StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    for signum in previous:
        signal.signal(signum, lambda signum, frame: stop.handle(previous[signum], signum, frame))
    try:
        yield stop
    finally:
        for signum, chained in previous.items():
            signal.signal(signum, chained)


@task()
def run_job(job_id: int) -> str:
    """Run (or resume) a job; its outcome is recorded on the Job row."""
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING, attempts=F("attempts") + 1, started_at=timezone.now(), updated=timezone.now()
    )
    job = Job.objects.get(pk=job_id)
    try:
        if job.kind == JobKind.IMPORT:
            with stop_requested() as stop:
                finished = _run_import(job, stop)
            if not finished:
                logger.warning("job %s: stopping on request after %s of %s; queued again", job_id,
                               Job.objects.values_list("done", flat=True).get(pk=job_id), job.total)
                job_rerun(job=job, user=policy.SYSTEM)
                return JobStatus.QUEUED
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


def _run_import(job: Job, stop: StopRequest) -> bool:
    """Import the job's pending items, one transaction each; False when it stopped on request."""
    try:
        for item_id in job.items.filter(status=JobItemStatus.PENDING).values_list("pk", flat=True):
            if stop.requested:
                return False
            with stop.interruptible():
                _import_item(job, item_id)
    except Stop:
        return False  # the article in hand was rolled back; the next worker imports it
    return True


def _import_item(job: Job, item_id: int) -> None:
    with transaction.atomic():
        item = JobItem.objects.select_for_update(skip_locked=True).filter(
            pk=item_id, status=JobItemStatus.PENDING
        ).first()
        if item is None:
            return  # another worker has it, or finished it
        try:
            if len(item.text) > settings.UPLOAD_MAX_BYTES:
                # Stored before the limit was set or lowered: refused, not read into the
                # extractor, whose memory grows with the text.
                raise ImportError_(f"the text is larger than the limit of {settings.UPLOAD_MAX_BYTES} bytes")
            outlet_id = (job.params or {}).get("outlet_id")
            default_outlet = Outlet.objects.filter(pk=outlet_id).first() if outlet_id else None
            result = import_article(text=item.text, filename=item.filename, user=job.created_by or policy.SYSTEM,
                                    default_outlet=default_outlet, unknown_outlet=False)
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
