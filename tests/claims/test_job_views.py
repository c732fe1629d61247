from __future__ import annotations

import gzip
import io
from datetime import timedelta
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from claims import jobs
from claims.choices import JobStatus
from claims.models import Article, Job
from tests.base import SeededTestCase

TEXT = (' date 2024-06-01 Pier vote - The Test Ledger\nPier vote\n\nJo Writer\n\n'
        '"The pier reopens in June," harbour master Lee Chan said.\n')


def run_worker() -> None:
    # The real worker, in this process. It recycles database connections between tasks, which
    # would close the connection holding this test's transaction: that one step is skipped.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())


class JobViewTests(SeededTestCase):
    def queue_import(self, *files: SimpleUploadedFile):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(reverse("claims:job_import"), {"files": list(files)})

    def test_a_reporter_queues_an_import_and_follows_its_progress(self) -> None:
        self.client.force_login(self.reporter)
        response = self.queue_import(SimpleUploadedFile("pier.txt", TEXT.encode()),
                                     SimpleUploadedFile("bad.txt", b"\xff\xfe"))
        self.assertEqual(response.status_code, 302)  # the second file is refused before anything is queued
        self.assertFalse(Job.objects.exists())
        response = self.queue_import(SimpleUploadedFile("pier.txt", TEXT.encode()))
        job = Job.objects.get()
        self.assertRedirects(response, reverse("claims:job", args=[job.pk]))
        status = self.client.get(reverse("claims:job_status", args=[job.pk])).json()
        self.assertEqual((status["status"], status["done"], status["total"]), ("queued", 0, 1))
        self.assertFalse(status["finished"])
        run_worker()
        status = self.client.get(reverse("claims:job_status", args=[job.pk])).json()
        self.assertEqual((status["status"], status["percent"], status["finished"]), ("done", 100, True))
        page = self.client.get(reverse("claims:job", args=[job.pk]))
        self.assertContains(page, "pier.txt")
        self.assertContains(page, Article.objects.get(outlet__name="The Test Ledger").headline)

    def test_an_export_can_be_downloaded_when_done(self) -> None:
        self.client.force_login(self.fact_checker)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("claims:job_export"), {"published_after": "2023-01-01"})
        job = Job.objects.get()
        self.assertEqual(self.client.get(reverse("claims:job_download", args=[job.pk])).status_code, 403)
        run_worker()
        response = self.client.get(reverse("claims:job_download", args=[job.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(gzip.decompress(response.content).splitlines()), 7)

    def test_roles_and_ownership_are_checked(self) -> None:
        self.client.force_login(self.fact_checker)
        self.assertEqual(self.queue_import(SimpleUploadedFile("pier.txt", TEXT.encode())).status_code, 403)
        job = Job.objects.create(kind="export", created_by=self.reporter)
        self.assertEqual(self.client.get(reverse("claims:job", args=[job.pk])).status_code, 403)
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(reverse("claims:job", args=[job.pk])).status_code, 200)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(reverse("claims:jobs")).status_code, 403)
        self.assertEqual(self.client.get(reverse("claims:job_status", args=[job.pk])).status_code, 403)

    def test_a_stopped_job_can_be_run_again_from_its_page(self) -> None:
        job = Job.objects.create(kind="export", created_by=self.editor, status=JobStatus.RUNNING)
        self.client.force_login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("claims:job_rerun", args=[job.pk]))
        self.assertRedirects(response, reverse("claims:job", args=[job.pk]))
        run_worker()
        job.refresh_from_db()
        self.assertEqual((job.status, job.total), (JobStatus.DONE, 7))


class RunAgainOfferTests(SeededTestCase):
    """Issue 12: an export "Queued 0 of 0" offered "Run again" at once, as if it had failed."""

    def test_run_again_is_offered_for_a_failed_or_stalled_job_not_a_fresh_one(self) -> None:
        self.client.force_login(self.reporter)
        job = jobs.job_create_export(user=self.reporter)
        url = reverse("claims:job", args=[job.pk])
        page = self.client.get(url)
        self.assertNotContains(page, "Run again")
        self.assertContains(page, "Waiting for a worker to pick it up")
        Job.objects.filter(pk=job.pk).update(updated=timezone.now() - timedelta(minutes=6))
        self.assertContains(self.client.get(url), "No progress for a while")
        Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, updated=timezone.now())
        page = self.client.get(url)
        self.assertContains(page, "Run again")
        self.assertNotContains(page, "No progress for a while")
