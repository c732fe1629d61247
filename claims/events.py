"""Domain events: what happened, said once by the service that did it, for whoever listens
(outbound webhooks, notifications).

Listeners are called synchronously, inside the service's transaction, so what they record (a
delivery to make, a notification to show) is committed with the change or not at all; anything
slow (an HTTP request) is left to the background worker.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

# The event types other tools may subscribe to (see README, "Webhooks").
REVIEW_PUBLISHED = "review.published"
REVIEW_CORRECTED = "review.corrected"
REVIEW_RETRACTED = "review.retracted"
CLAIM_MERGED = "claim.merged"
CLAIM_REAPPEARED = "claim.reappeared"  # a claim with a public verdict got a new appearance
ARTICLE_IMPORTED = "article.imported"
TYPES = (REVIEW_PUBLISHED, REVIEW_CORRECTED, REVIEW_RETRACTED, CLAIM_MERGED, CLAIM_REAPPEARED, ARTICLE_IMPORTED)

# receivers: def handler(sender: str, **data) -> None, where sender is the event type
event = Signal()


def emit(type_: str, **data: Any) -> None:
    """Tell the listeners; `data` holds the records concerned (review=, claim=, article=, ...)."""
    if type_ not in TYPES:
        raise ValueError(f"Unknown event type {type_!r}")
    event.send(sender=type_, **data)
