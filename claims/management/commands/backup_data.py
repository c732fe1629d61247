"""Back up all data to a gzipped fixture with a manifest of row counts and content hashes.

    python manage.py backup_data backups/2026-11-27.json.gz

Restore with `restore_data`. On PostgreSQL, `pg_dump` is the faster path for very large
databases; this command works the same on SQLite and PostgreSQL and proves its round trip.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from claims.backup import backup


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        result = backup(path)
        self.stdout.write(self.style.SUCCESS(
            f"Backed up {result.rows} rows to {result.path} (manifest: {result.manifest_path.name})."
        ))
