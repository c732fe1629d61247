"""`make run` runs background jobs (issue 12, item 6): its recipe starts the worker beside the
development server, and an import and an export started on the desk finish under that worker.

The desk part is the real view through the whole middleware stack (Django's client in a
`manage.py shell`), the worker the real `manage.py db_worker` process started with the Makefile's
own arguments, both on one scratch SQLite database, as under `make run`.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.test_settings_env import ROOT

DESK = """
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
user = User.objects.create(username='rita')
user.groups.add(Group.objects.get(name='Reporters'))
client = Client()
client.force_login(user)
text = (' date 2024-06-01 Harbour - The Gazette\\nHarbour\\n\\nJo Writer\\n\\n'
        '"The port earned 12 million euros in 2023," Mayor Jane Roe said.\\n')
imported = client.post('/review/jobs/import/', {'files': [SimpleUploadedFile('harbour.txt', text.encode())]})
exported = client.post('/review/jobs/export/', {})
assert imported.status_code == 302 and exported.status_code == 302, (imported.status_code, exported.status_code)
print(imported['Location'], exported['Location'])
"""


def make_run_recipe() -> str:
    makefile = (ROOT / "Makefile").read_text()
    return re.search(r"^run:.*?\n((?:\t.*\n)+)", makefile, re.M).group(1)


def test_make_run_starts_a_worker_beside_the_server() -> None:
    recipe = make_run_recipe()
    worker = recipe.index("manage.py db_worker")
    assert "&" in recipe[worker:recipe.index("\n", worker)], "the worker runs in the background"
    assert worker < recipe.index("manage.py runserver"), "started before the server, which holds the terminal"
    assert "kill -TERM $$worker" in recipe, "Ctrl-C stops the worker with the server"


def test_an_import_and_an_export_started_on_the_desk_finish_under_the_make_run_worker(tmp_path: Path) -> None:
    worker_args = re.search(r"manage\.py (db_worker[^&;]*)&", make_run_recipe()).group(1).split()
    db = tmp_path / "run.sqlite3"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env = {**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DJANGO_DEBUG": "1",
           "DJANGO_SECRET_KEY": "make-run-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
           "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost", "DJANGO_SECURE_SSL_REDIRECT": "0",
           "DJANGO_SECURE_COOKIES": "0", "DJANGO_MANIFEST_STATIC": "0", "DJANGO_LOCAL_KEY_FILE": "/nonexistent",
           "DATABASE_URL": f"sqlite:///{db}"}

    def manage(*args: str) -> str:
        proc = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    manage("migrate", "-v0")
    locations = manage("shell", "--no-imports", "-c", DESK).strip().splitlines()[-1].split()
    assert [loc.rstrip("/").rsplit("/", 1)[0] for loc in locations] == ["/review/jobs", "/review/jobs"], locations

    def jobs() -> list[tuple[str, str, int, int]]:
        with sqlite3.connect(db, timeout=20) as conn:
            return conn.execute("SELECT kind, status, done, total FROM claims_job ORDER BY id").fetchall()

    assert [row[1] for row in jobs()] == ["queued", "queued"]
    worker = subprocess.Popen([sys.executable, "manage.py", *worker_args], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):  # a minute at most, on a busy machine
            if all(row[1] in ("done", "failed") for row in jobs()):
                break
            time.sleep(0.1)
    finally:
        worker.terminate()
        _, stderr = worker.communicate(timeout=60)
    (kind, status, done, total), export = jobs()
    assert (kind, status, done, total) == ("import", "done", 1, 1), (jobs(), stderr[-2000:])
    assert export[:2] == ("export", "done") and export[2] == export[3], (jobs(), stderr[-2000:])
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM claims_article").fetchone() == (1,)
