#!/usr/bin/env python
"""Feed poll throughput against a local server: entries per second, fetched, extracted and imported.

    .venv/bin/python bench/bench_feeds.py                    # a temporary SQLite file
    .venv/bin/python bench/bench_feeds.py --database-url postgres://postgres@127.0.0.1:5432/nr_wt14_feeds

A server on 127.0.0.1 serves one RSS feed of --entries items and their pages (generated articles
of about 600 words with four attributed quotes each, all different). One poll (`feed_poll`)
fetches the feed and every page, extracts each article with trafilatura and imports it through
`import_article` (statements, speakers, claim matching). Printed side by side in the same run:
the poll (entries/s); the same kind of articles imported from text already in hand (no HTTP, no
trafilatura: the import's own share); trafilatura alone on those pages; and a re-poll answered
304 (conditional GET). The per-host interval is 0 here (FEEDS_HOST_INTERVAL; 2 s in production,
so one host gives 0.5 pages/s at most).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

FIRST = "Ana Ben Cleo Dara Emil Farah Gus Hana Ivo Jun Kai Lena Milo Nora Omar Pia Rui Sana Teo Uma".split()
LAST = "Berg Costa Diaz Eriksen Fox Garcia Holt Ito Jansen Kahn Lind Moreau Novak Ortiz Park Quinn Rossi".split()
WORDS = ("budget bridge council river school hospital tax rate vote plan road housing water park "
         "transport police report contract tender audit deficit grant salary rent market").split()


def article(rng: random.Random, n: int) -> tuple[str, str]:
    """(title, html) of a generated article: narrative paragraphs and four quoted speakers."""
    paragraphs = []
    for p in range(12):
        filler = " ".join(rng.choices(WORDS, k=40))
        paragraphs.append(f"On day {n} the {filler.capitalize()} rose by {rng.randint(2, 90)} percent.")
        if p % 3 == 0:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            said = " ".join(rng.choices(WORDS, k=12))
            paragraphs.append(f'"The {said} grew by {rng.randint(2, 90)} percent in item {n}," {name} said.')
    title = f"Council report number {n}"
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return title, (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
                   f"<article><h1>{title}</h1>{body}</article></body></html>")


def serve(pages: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = pages.get(self.path)
            if self.path == "/feed.xml" and self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200 if body is not None else 404)
            if self.path == "/feed.xml":
                self.send_header("ETag", '"v1"')
            body = body or b""
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    from bench_webhooks import scratch_database

    url, cleanup = scratch_database(args.database_url)
    os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "newsroom.test_settings",
                       "DJANGO_OUTBOUND_ALLOW": "127.0.0.0/8", "FEEDS_HOST_INTERVAL": "0",
                       "DJANGO_LOG_LEVEL": "WARNING"})
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection

    from claims.extraction.parser import parse_html
    from claims.models import Attribution, Outlet
    from claims.services import feeds, imports

    try:
        call_command("migrate", verbosity=0)
        editor = User.objects.create_user("bench-editor")
        editor.groups.add(Group.objects.get(name="Editors"))
        rng = random.Random(7)
        generated = [article(rng, n) for n in range(2 * args.entries)]
        pages: dict[str, bytes] = {}
        server = serve(pages)
        base = f"http://127.0.0.1:{server.server_port}"
        items = "".join(f"<item><title>{escape(t)}</title><link>{base}/a/{n}</link></item>"
                        for n, (t, _) in enumerate(generated[:args.entries]))
        pages["/feed.xml"] = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Bench</title>{items}"
                              "</channel></rss>").encode()
        pages.update({f"/a/{n}": html.encode() for n, (_, html) in enumerate(generated)})
        outlet = Outlet.objects.create(name="Bench Outlet")
        feed = feeds.feed_create(user=editor, url=f"{base}/feed.xml", outlet=outlet)
        feeds.ENTRIES_PER_POLL = args.entries
        started = time.perf_counter()
        result = feeds.feed_poll(feed_id=feed.pk, force=True)
        poll_seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = feeds.feed_poll(feed_id=feed.pk, force=True)
        repoll_ms = (time.perf_counter() - started) * 1000
        # Baseline: the other half of the articles (not yet stored) imported from their text.
        started = time.perf_counter()
        texts = [parse_html(html).source for _, html in generated[args.entries:]]
        extract_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for text in texts:
            imports.import_article(text=text, outlet=outlet)
        import_seconds = time.perf_counter() - started
        attributions = Attribution.objects.count()
    finally:
        cleanup()
    print(f"database: {connection.vendor}; {args.entries} entries of about 600 words, 4 quotes each; "
          f"{attributions} statements stored in all")
    print(f"poll (fetch + trafilatura + import): {result.imported} imported, {result.failed} failed in "
          f"{poll_seconds:.1f} s = {result.imported / poll_seconds:.1f} entries/s")
    print(f"import alone, same kind of text:    {len(texts)} in {import_seconds:.1f} s = "
          f"{len(texts) / import_seconds:.1f} articles/s (the poll runs at {import_seconds / poll_seconds:.2f}x "
          "that rate)")
    print(f"trafilatura alone:                  {len(texts)} pages in {extract_seconds:.1f} s = "
          f"{len(texts) / extract_seconds:.1f} pages/s")
    print(f"re-poll, 304 Not Modified:          {again.status}, {repoll_ms:.0f} ms")


if __name__ == "__main__":
    main()
