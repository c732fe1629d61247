"""The worker stops within its grace period and bounds the memory of one item.

Issue 10: a 20 MB file made the worker grow to 700 MB, and it ignored SIGTERM until the whole
job was done. Now each item is at most UPLOAD_MAX_BYTES, and on SIGTERM the worker abandons the
article in hand (rolled back), puts the job back in the queue and exits.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

from claims import jobs
from claims.choices import JobItemStatus, JobStatus
from claims.models import Article, Job, JobItem
from tests.base import SeededTestCase
from tests.claims.test_jobs import article
from tests.test_settings_env import PRODUCTION_ENV, ROOT

GRACE_SECONDS = 30  # the stop timeout the README asks a process manager to give the worker


class StopRequestTests(SeededTestCase):
    def test_sigterm_during_a_job_rolls_back_the_article_in_hand_and_queues_the_rest(self) -> None:
        job = jobs.job_create_import(user=self.reporter, files=[article(n) for n in range(1, 6)])
        real_import = jobs.import_article
        calls = {"n": 0}

        def sigterm_in_the_third(**kwargs):
            calls["n"] += 1
            result = real_import(**kwargs)
            if calls["n"] == 3:
                os.kill(os.getpid(), signal.SIGTERM)  # a process manager stopping the worker
            return result

        # Stands for django-tasks-db's handler, which the worker installs (an in-process worker
        # run by another test may have left its own behind).
        worker_handler = mock.Mock()
        previous = signal.signal(signal.SIGTERM, worker_handler)
        self.addCleanup(signal.signal, signal.SIGTERM, previous)
        with mock.patch("claims.jobs.import_article", sigterm_in_the_third), \
                self.captureOnCommitCallbacks() as queued, self.assertLogs("claims.jobs", "WARNING") as logs:
            self.assertEqual(jobs.run_job.call(job.pk), JobStatus.QUEUED)
        self.assertIs(signal.getsignal(signal.SIGTERM), worker_handler)  # the worker's handler is back
        worker_handler.assert_called_once()  # and it heard the signal too
        self.assertEqual(len(queued), 1)  # run_job enqueued again, for the next worker
        self.assertIn("stopping on request after 2 of 5", logs.output[0])
        job.refresh_from_db()
        self.assertEqual((job.status, job.done), (JobStatus.QUEUED, 2))
        # The third article was stored, then rolled back with its item when the signal came.
        self.assertEqual(Article.objects.filter(outlet__name="The Test Ledger").count(), 2)
        self.assertEqual(list(job.items.values_list("status", flat=True)), ["imported"] * 2 + ["pending"] * 3)
        jobs.run_job.call(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.done, job.failed), (JobStatus.DONE, 5, 0))
        self.assertEqual(Article.objects.filter(outlet__name="The Test Ledger").count(), 5)

    def test_an_item_over_the_size_limit_is_refused_without_reading_it(self) -> None:
        job = jobs.job_create_import(user=self.reporter, files=[article(1)])
        JobItem.objects.filter(job=job).update(text="x" * 2000)
        with self.settings(UPLOAD_MAX_BYTES=1000), mock.patch("claims.jobs.import_article") as import_article:
            jobs.run_job.call(job.pk)
        import_article.assert_not_called()
        item = JobItem.objects.get(job=job)
        self.assertEqual((item.status, item.error),
                         (JobItemStatus.FAILED, "the text is larger than the limit of 1000 bytes"))
        self.assertEqual(Job.objects.get(pk=job.pk).status, JobStatus.DONE)


class WorkerProcessTests:
    """`manage.py db_worker`, the real process, on a scratch SQLite database."""

    def run(self, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        return proc

    def job_row(self, db: Path) -> tuple[str, int, int]:
        with sqlite3.connect(db, timeout=20) as conn:
            return conn.execute("SELECT status, done, total FROM claims_job").fetchone()

    def test_sigterm_stops_the_worker_within_its_grace_period_with_the_job_queued_again(self, tmp_path: Path) -> None:
        db = tmp_path / "worker.sqlite3"
        clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
        env = {**clean, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "newsroom.settings",
               "DJANGO_LOCAL_KEY_FILE": "/nonexistent", "DATABASE_URL": f"sqlite:///{db}"}
        self.run(env, "migrate", "-v0")
        files = ", ".join(repr(article(n)) for n in range(1, 41))
        self.run(env, "shell", "-c", "from django.contrib.auth.models import Group, User; from claims import jobs; "
                 "user = User.objects.create(username='r'); user.groups.add(Group.objects.get(name='Reporters')); "
                 f"jobs.job_create_import(user=user, files=[{files}])")
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
                                  cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            for _ in range(1200):  # until two articles are in, within two minutes
                if self.job_row(db)[1] >= 2:
                    break
                time.sleep(0.1)
            worker.send_signal(signal.SIGTERM)
            returncode = worker.wait(timeout=GRACE_SECONDS)
        finally:
            if worker.poll() is None:
                worker.kill()
            _, stderr = worker.communicate()
        assert returncode == 0, stderr
        status, done, total = self.job_row(db)
        assert status == JobStatus.QUEUED and 2 <= done < total == 40, (status, done, total, stderr)
        assert "stopping on request" in stderr
        # The next worker finishes the rest, and nothing is imported twice.
        self.run(env, "db_worker", "--batch", "--no-startup-delay")
        assert self.job_row(db) == (JobStatus.DONE, 40, 40)
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT COUNT(*) FROM claims_article").fetchone() == (40,)
