"""``manage.py extract_quotes PATH [--format json|table]``: quotes of one article file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction.__main__ import quotes_for_path
from claims.extraction.parser import ArticleParseError
from claims.extraction.quotes import render


class Command(BaseCommand):
    """Print the statements attributed to speakers in an article file.

    PATH is a UTF-8 text file in the stored article format, or a saved web page
    (``.html``/``.htm``, article found with trafilatura).  ``--format json`` prints the
    ``{"quotes": [...]}`` contract used by the evaluation scorer; ``table`` (default) a
    readable summary.  Needs no database.
    """

    help = "Extract quotes and their speakers from an article file (no database needed)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="article file (.txt stored format, or .html/.htm)")
        parser.add_argument("--format", choices=("json", "table"), default="table", dest="fmt")

    def handle(self, *args: object, **options: object) -> None:
        path = options["path"]
        assert isinstance(path, Path)
        try:
            quotes = quotes_for_path(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read article file {path}: {exc}") from exc
        except ArticleParseError as exc:
            raise CommandError(f"cannot parse article file {path}: {exc}") from exc
        self.stdout.write(render(quotes, str(options["fmt"])))
