"""Background jobs, run by the real database-backed worker (`db_worker --batch`)."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date
from unittest import mock

from django.core.management import call_command

from claims import jobs
from claims.choices import JobItemStatus, JobStatus
from claims.models import Article, Attribution, Job, JobItem, Outlet
from claims.services.imports import UNKNOWN_OUTLET
from tests.base import SeededTestCase


def article(n: int) -> tuple[str, str]:
    text = (f" date 2024-05-{n:02d} Council item {n} - The Test Ledger\nCouncil item {n}\n\nJo Writer\n\n"
            f'"Item {n} passed with a large majority," council clerk Sam Bell said on the day of vote {n}.\n')
    return f"item-{n}.txt", text


def run_worker() -> None:
    # The real worker, in this process. It recycles database connections between tasks, which
    # would close the connection holding this test's transaction: that one step is skipped.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())


class ImportJobTests(SeededTestCase):
    def test_the_worker_imports_every_file_and_reports_the_bad_one(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            job = jobs.job_create_import(user=self.reporter, files=[article(1), ("empty.txt", "  "), article(2)])
        self.assertEqual(Job.objects.get(pk=job.pk).status, JobStatus.QUEUED)
        run_worker()
        job.refresh_from_db()
        self.assertEqual((job.status, job.total, job.done, job.failed, job.percent), (JobStatus.DONE, 3, 3, 1, 100))
        statuses = list(job.items.values_list("filename", "status", "error"))
        self.assertEqual(statuses[1], ("empty.txt", JobItemStatus.FAILED, "the text is empty"))
        self.assertEqual([s for _, s, _ in statuses], ["imported", "failed", "imported"])
        self.assertEqual(Article.objects.filter(outlet__name="The Test Ledger").count(), 2)

    def test_a_job_whose_worker_died_half_way_finishes_on_rerun_without_duplicates(self) -> None:
        files = [article(n) for n in range(1, 6)]
        job = jobs.job_create_import(user=self.reporter, files=files)  # run below by hand, not queued
        real_import = jobs.import_article
        calls = {"n": 0}

        def dying_import(**kwargs):
            calls["n"] += 1
            if calls["n"] == 3:
                raise KeyboardInterrupt("worker killed")  # not an Exception: nothing records it
            return real_import(**kwargs)

        with mock.patch("claims.jobs.import_article", dying_import), self.assertRaises(KeyboardInterrupt):
            jobs.run_job.call(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.done), (JobStatus.RUNNING, 2))

        with self.captureOnCommitCallbacks(execute=True):
            jobs.job_rerun(job=job, user=self.editor)
        run_worker()
        job.refresh_from_db()
        self.assertEqual((job.status, job.done, job.failed, job.attempts), (JobStatus.DONE, 5, 0, 2))
        articles = Article.objects.filter(outlet__name="The Test Ledger")
        self.assertEqual(articles.count(), 5)
        self.assertEqual(Attribution.objects.filter(article__in=articles).count(), 5)

    def test_running_a_finished_job_again_changes_nothing(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            job = jobs.job_create_import(user=self.reporter, files=[article(7)])
        run_worker()
        counts = (Article.objects.count(), Attribution.objects.count())
        jobs.run_job.call(job.pk)
        self.assertEqual((Article.objects.count(), Attribution.objects.count()), counts)


class ExportJobTests(SeededTestCase):
    def test_it_exports_the_claims_of_articles_in_the_date_range_as_gzipped_ndjson(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            inside = jobs.job_create_export(user=self.editor, published_after=date(2023, 7, 1),
                                            published_before=date(2023, 7, 31))
            outside = jobs.job_create_export(user=self.editor, published_after=date(2024, 1, 1))
        run_worker()
        inside.refresh_from_db()
        outside.refresh_from_db()
        lines = gzip.decompress(bytes(inside.result)).decode().splitlines()
        self.assertEqual((inside.status, inside.total, inside.done, len(lines)), (JobStatus.DONE, 7, 7, 7))
        self.assertIn("text", json.loads(lines[0]))
        self.assertEqual((outside.total, gzip.decompress(bytes(outside.result))), (0, b""))


class BatchOutletTests(SeededTestCase):
    """Issue 12: a file that names no outlet went under a real outlet called "Unknown outlet"."""

    PLAIN = '"The pier reopens in June," harbour master Lee Chan said on Monday.\n'

    def test_a_file_naming_no_outlet_goes_under_the_batchs_outlet_or_is_refused(self) -> None:
        ledger = Outlet.objects.create(name="Harbour Weekly")
        with self.captureOnCommitCallbacks(execute=True):
            chosen = jobs.job_create_import(user=self.reporter, files=[("pier.txt", self.PLAIN)], outlet=ledger)
            quay = self.PLAIN.replace("pier", "quay")
            refused = jobs.job_create_import(user=self.reporter, files=[("quay.txt", quay)])
        run_worker()
        chosen_item, refused_item = JobItem.objects.get(job=chosen), JobItem.objects.get(job=refused)
        self.assertEqual(chosen_item.article.outlet, ledger)
        self.assertEqual(refused_item.status, JobItemStatus.FAILED)
        self.assertIn("names no outlet", refused_item.error)
        self.assertFalse(Outlet.objects.filter(name=UNKNOWN_OUTLET).exists())
        # A file that names its outlet keeps it, whatever the batch's choice.
        with self.captureOnCommitCallbacks(execute=True):
            named = jobs.job_create_import(user=self.reporter, files=[article(3)], outlet=ledger)
        run_worker()
        self.assertEqual(JobItem.objects.get(job=named).article.outlet.name, "The Test Ledger")
