"""Poll the registered feeds and import their new articles (the worker does this on a schedule).

    python manage.py poll_feeds --once          # one pass over the feeds that are due, then exit
    python manage.py poll_feeds --once --all    # every active feed now, whatever its schedule
    python manage.py poll_feeds                 # a pass every INTEGRATION_TICK_SECONDS until Ctrl-C

Each feed's line says what happened: new entries, articles imported, pages that failed (with the
first error). Several of these (and workers) may run at once: each feed is claimed by one of them.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from claims.services import feeds


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--all", action="store_true", help="Poll every active feed, due or not.")

    def handle(self, *args, once: bool, all: bool, **options) -> None:
        while True:
            started = time.monotonic()
            results = feeds.poll_due(force=all)
            for result in results:
                if result.status == "not due":
                    continue
                line = (f"{result.feed.url}: {result.status}, {result.new_entries} new, {result.imported} imported, "
                        f"{result.failed} failed")
                if result.error or result.feed.last_error:
                    line += f" ({result.error or result.feed.last_error})"
                self.stdout.write(line)
            imported = sum(r.imported for r in results)
            self.stdout.write(f"{len(results)} feed(s) polled, {imported} article(s) imported in "
                              f"{time.monotonic() - started:.1f} s")
            if once:
                return
            time.sleep(settings.INTEGRATION_TICK_SECONDS)
