"""Restore a backup made by `backup_data` into this (migrated) database.

    python manage.py migrate && python manage.py restore_data backups/2026-11-27.json.gz

It refuses a database that already holds newsroom records unless --replace is given. The load
is one transaction: if the restored rows' counts and hashes differ from the manifest, nothing
is kept and the command fails.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.backup import RestoreError, holds_data, restore


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--replace", action="store_true", help="Replace the data this database holds.")

    def handle(self, *args, path: Path, replace: bool, **options) -> None:
        if holds_data() and not replace:
            raise CommandError("This database already holds articles, claims or sources; use --replace.")
        try:
            rows = restore(path)
        except RestoreError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {rows} rows from {path}; counts and hashes match."))
