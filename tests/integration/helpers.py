"""Articles, pages and feeds written for these tests (our own sentences), and a published verdict."""

from __future__ import annotations

from html import escape

from claims import services
from claims.models import Claim, Rating, Review

BRIDGE_QUOTE = "This bridge will cut commuting times in half"


def article_text(n: int, quote: str = BRIDGE_QUOTE) -> str:
    """An article in the stored text format, with one attributed quote."""
    return (f" date 2024-03-{n:02d} Bridge report {n} - The Daily Test\nBridge report {n}\n\nDan Writer\n\n"
            f"The new bridge over the river opened on day {n} after three years of work.\n\n"
            f'"{quote}," Mayor Jane Doe said at the ceremony on day {n}.\n')


def article_page(n: int, quote: str = BRIDGE_QUOTE) -> bytes:
    """A web page holding an article, as a newsroom site would serve it."""
    paragraphs = [
        f"The new bridge over the river opened on day {n} after three years of work and two delays.",
        f'"{quote}," Mayor Jane Doe said at the ceremony on day {n}, standing beside the engineers.',
        f"Council member Ray Park said the budget for item {n} rose by 12 percent over three years.",
        "Residents lined both banks of the river to watch the first buses cross in the morning light.",
    ]
    body = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Bridge opens, day {n}</title>"
            f"<meta property='og:title' content='Bridge opens, day {n}'></head><body><nav>Home | News</nav>"
            f"<article><h1>Bridge opens, day {n}</h1>{body}</article><footer>The Daily Test</footer>"
            "</body></html>").encode()


def rss(base: str, items: list[tuple[str, str]], title: str = "The Daily Test: news") -> bytes:
    """An RSS 2.0 feed of (path, title) items."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
        f"<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>" for p, t in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>{base}/</link><description>Tests</description>{entries}</channel></rss>").encode()


def publish(claim: Claim, fact_checker, editor, label: str = "False") -> Review:
    rating = Rating.objects.get(label=label, scale__is_default=True)
    review = services.review_create(claim=claim, fact_checker=fact_checker, rating=rating, headline="Checked")
    services.review_submit(review=review, user=fact_checker)
    services.review_approve(review=review, editor=editor)
    services.review_publish(review=review, editor=editor)
    return review
