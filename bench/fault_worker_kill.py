"""Fault: the worker is killed (SIGKILL) in the middle of an import job; a re-run completes it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom .venv/bin/python bench/fault_worker_kill.py

Queues an import of --articles articles (evaluation texts read from ../shared at run time, each
made unique), starts `manage.py db_worker`, kills it with SIGKILL once some are done, then
re-runs the job with a fresh worker and checks: every article stored once, no attribution
twice, the job done. Prints what it saw; exit code 1 if anything is off.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--kill-after", type=int, default=25, help="kill the worker once this many are done")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("NEWSROOM_URL", "http://127.0.0.1:8000")
    os.environ.setdefault("DJANGO_SECRET_KEY", (ROOT / ".local-secret-key").read_text().strip())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count, Sum

    from claims import jobs, policy
    from claims.models import Article, Attribution, Job

    call_command("migrate", verbosity=0)
    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "eval" / "polnear-dev").glob("*.txt"))]
    tag = time.time_ns()
    files = [(f"fault-{tag}-{i}.txt", texts[i % len(texts)].rstrip("\n") + f"\n\nFault copy {tag}-{i}.\n")
             for i in range(args.articles)]
    job = jobs.job_create_import(user=policy.SYSTEM, files=files)  # enqueued on commit
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while Job.objects.get(pk=job.pk).done < args.kill_after and time.monotonic() < deadline:
        time.sleep(0.2)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    killed_at = Job.objects.get(pk=job.pk)
    print(f"worker killed: job #{job.pk} {killed_at.status}, {killed_at.done}/{killed_at.total} done")

    jobs.job_rerun(job=job, user=policy.SYSTEM)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    articles = Article.objects.filter(source_file__startswith=f"fault-{tag}-")
    stored = articles.count()
    duplicates = (Attribution.objects.filter(article__in=articles).values("article", "start", "end")
                  .annotate(n=Count("id")).filter(n__gt=1).count())
    expected_statements = job.items.aggregate(n=Sum("statements"))["n"] or 0
    statements = Attribution.objects.filter(article__in=articles).count()
    ok = (job.status == "done" and job.done == args.articles and stored == args.articles
          and duplicates == 0 and statements == expected_statements)
    print(f"after re-run: job {job.status}, {job.done}/{job.total} done, run {job.attempts} times; "
          f"{stored} articles stored for {args.articles} files; {statements} attributions "
          f"(items report {expected_statements}); duplicated spans: {duplicates}")
    print("RESULT:", "ok, nothing lost, nothing duplicated" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
