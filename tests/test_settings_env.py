"""Settings come from the environment and fail fast on bad values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "factcheck.example.org",
    "NEWSROOM_URL": "https://factcheck.example.org",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
        # No developer key file either: these runs are a production start.
        env={**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DJANGO_LOCAL_KEY_FILE": "/nonexistent", **env},
        timeout=120,
    )


class SettingsEnvironmentTests:
    def test_it_refuses_to_start_without_a_secret_key(self) -> None:
        proc = manage("check", DJANGO_ALLOWED_HOSTS="example.org")
        assert proc.returncode != 0
        assert "Set the environment variable DJANGO_SECRET_KEY" in proc.stderr

    def test_it_refuses_to_start_in_production_without_a_public_base_url(self) -> None:
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != "NEWSROOM_URL"}
        proc = manage("check", **env)
        assert proc.returncode != 0
        assert "Set the environment variable NEWSROOM_URL" in proc.stderr
        proc = manage("check", **env, NEWSROOM_URL="factcheck.example.org")
        assert proc.returncode != 0
        assert "NEWSROOM_URL must be the site's public base URL" in proc.stderr
        # A local run (DEBUG) has a default: the address `make run` serves.
        assert manage("check", **env, DJANGO_DEBUG="1").returncode == 0

    def test_it_refuses_to_start_without_allowed_hosts(self) -> None:
        proc = manage("check", DJANGO_SECRET_KEY="x" * 60)
        assert proc.returncode != 0
        assert "DJANGO_ALLOWED_HOSTS" in proc.stderr

    @pytest.mark.parametrize(
        ("name", "value", "message"),
        [("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG must be a boolean"),
         ("DJANGO_HSTS_SECONDS", "a year", "DJANGO_HSTS_SECONDS must be an integer"),
         ("DATABASE_URL", "mysql://db/x", "DATABASE_URL must point at PostgreSQL")],
    )
    def test_it_names_the_variable_with_a_bad_value(self, name: str, value: str, message: str) -> None:
        proc = manage("check", **PRODUCTION_ENV, **{name: value})
        assert proc.returncode != 0
        assert message in proc.stderr

    def test_production_settings_pass_the_deploy_check_without_warnings(self) -> None:
        proc = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
        assert proc.returncode == 0, proc.stderr + proc.stdout
        assert "no issues" in proc.stdout

    def test_a_sqlite_database_url_picks_another_file(self, tmp_path: Path) -> None:
        db = tmp_path / "other.sqlite3"
        proc = manage("migrate", "-v0", **PRODUCTION_ENV, DATABASE_URL=f"sqlite:///{db}")
        assert proc.returncode == 0, proc.stderr
        assert db.stat().st_size > 0
