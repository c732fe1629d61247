"""Load the hand-curated seed data (seeds/*.json and the article texts beside them).

Everything is loaded inside one transaction and the command is idempotent: run it twice and
the database is the same. A broken seed file stops the command with the file's name and the
problem, and nothing is changed.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.seeding import SeedError, load_seed_file


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "paths", nargs="*", type=Path,
            help="Seed files or folders (default: the project's seeds/ folder).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report, then roll back.")

    def handle(self, *args, paths: list[Path], dry_run: bool, **options) -> None:
        files: list[Path] = []
        for path in paths or [Path(settings.BASE_DIR) / "seeds"]:
            if path.is_dir():
                files.extend(sorted(path.glob("*.json")))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{path}: no such seed file or folder")
        if not files:
            raise CommandError("No seed files (*.json) found.")
        try:
            with transaction.atomic():
                created: dict[str, int] = {}
                updated: dict[str, int] = {}
                for path in files:
                    result = load_seed_file(path)
                    for model, n in result.created.items():
                        created[model] = created.get(model, 0) + n
                    for model, n in result.updated.items():
                        updated[model] = updated.get(model, 0) + n
                if dry_run:
                    transaction.set_rollback(True)
        except SeedError as exc:
            raise CommandError(str(exc)) from None

        def describe(counts: dict[str, int]) -> str:
            return ", ".join(f"{n} {model}" for model, n in sorted(counts.items())) or "nothing"

        prefix = "[dry run, rolled back] " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(
            f"{prefix}Loaded {len(files)} seed file(s): created {describe(created)}; updated {describe(updated)}."
        ))
