"""Import articles from text files (the seed format) or saved web pages (.html/.htm).

Each article is stored with its outlet, its sources (matched to existing ones by name and
alias), and every statement the extractor finds, as suggested attributions. Each article is
one transaction; importing the same file again changes nothing. A file that cannot be read or
parsed is reported with its name and the reason, and the rest go on; the exit code is 1 when
any file failed.

    python manage.py import_articles seeds/ ../more/*.txt
    python manage.py import_articles --format json articles/ > results.jsonl
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.services.imports import HTML_SUFFIXES, ImportError_, import_article, read_article_file

SUFFIXES = {".txt", *HTML_SUFFIXES}


def collect_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            files.append(path)  # a missing file is reported as failed, with the others going on
    return files


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Article files or folders of them.")
        parser.add_argument("--format", choices=["text", "json"], default="text",
                            help="json: one JSON object per file on stdout.")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args, paths: list[Path], format: str, no_progress: bool, **options) -> None:
        files = collect_files(paths)
        if not files:
            raise CommandError("No article files (.txt, .html, .htm) found.")
        counts = {"imported": 0, "unchanged": 0, "failed": 0}
        statements = already_checked = 0
        started = time.perf_counter()
        show_progress = not no_progress and len(files) > 1 and sys.stderr.isatty()

        for number, path in enumerate(files, 1):
            record: dict[str, object] = {"file": str(path), "article": None, "status": "failed", "error": None,
                                         "attributions": []}
            try:
                text = read_article_file(path)
                result = import_article(text=text, filename=str(path))
            except (ImportError_, FileNotFoundError) as exc:
                counts["failed"] += 1
                record["error"] = str(exc)
                if format == "text":
                    self.stderr.write(self.style.ERROR(f"{path}: failed: {exc}"))
            else:
                counts[result.status] += 1
                statements += len(result.attributions)
                already_checked += len(result.already_checked)
                record.update(article=result.article.pk, status=result.status, attributions=[
                    {"start": a.start, "end": a.end, "text": a.text, "kind": a.kind,
                     "speaker": a.speaker.name if a.speaker else (a.speaker_name or None), "claim": a.claim_id}
                    for a in result.attributions
                ])
                if format == "text":
                    for index, review in sorted(result.already_checked.items()):
                        published = review.published_at.date().isoformat() if review.published_at else "?"
                        self.stdout.write(self.style.WARNING(
                            f"{path}: already checked: {review.rating.label} (published {published}): "
                            f"{result.attributions[index].text[:80]!r}"
                        ))
            if format == "json":
                self.stdout.write(json.dumps(record, ensure_ascii=False))
            if show_progress:
                width = 30
                done = int(width * number / len(files))
                sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {number}/{len(files)} {path.name[:40]:<40}")
                sys.stderr.flush()
        if show_progress:
            sys.stderr.write("\n")

        elapsed = time.perf_counter() - started
        summary = (
            f"{counts['imported']} imported, {counts['unchanged']} unchanged, {counts['failed']} failed; "
            f"{statements} statements found ({already_checked} already checked) in {elapsed:.1f} s"
        )
        if format == "json":
            self.stderr.write(summary)
        else:
            style = self.style.ERROR if counts["failed"] else self.style.SUCCESS
            self.stdout.write(style(summary))
        if counts["failed"]:
            raise SystemExit(1)
