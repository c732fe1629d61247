"""The product's addresses, each with one name: the site URL, a claim's desk page, a public fact-check.

Many-row pages build URLs with the `*_urls` factories: reverse() once a page, not once a row
(reverse is the slowest part of a row when called for each).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import reverse


def site_url(request: Any = None) -> str:
    """The site's base URL for every absolute link: NEWSROOM_URL, never the Host a reader used, so
    JSON-LD, canonical links, Atom ids and webhook payloads are the same whoever asks (see settings).

    `request` is accepted (and ignored) so that callers holding one need not care."""
    return settings.NEWSROOM_URL


def _anchored(url: str, anchor: str) -> str:
    return url + (f"#{anchor}" if anchor else "")


def claim_url(claim_id: int, anchor: str = "") -> str:
    """The claim's page on the review desk, optionally at one of its panels."""
    return _anchored(reverse("claims:claim", args=[claim_id]), anchor)


def factcheck_url(review_id: int, base_url: str = "") -> str:
    """The public fact-check page of a review; absolute when `base_url` ("https://host") is given."""
    return base_url.rstrip("/") + reverse("claims:factcheck", args=[review_id])


_SENTINEL = 987654321987


def _factory(example: str) -> Callable[[int], str]:
    head, tail = example.split(str(_SENTINEL), 1)
    return lambda pk: f"{head}{pk}{tail}"


def urls(viewname: str, *after: str) -> Callable[[int], str]:
    """reverse(viewname, args=[pk, *after]) for many records: reverse() once."""
    return _factory(reverse(viewname, args=[_SENTINEL, *after]))


def claim_urls() -> Callable[[int], str]:
    """claim_url for many claims."""
    return urls("claims:claim")


def factcheck_urls(base_url: str = "") -> Callable[[int], str]:
    """factcheck_url for many reviews."""
    return _factory(factcheck_url(_SENTINEL, base_url))
