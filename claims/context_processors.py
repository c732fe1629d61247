"""Template context every desk page shares."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from claims import policy, selectors


def inbox(request: HttpRequest) -> dict[str, Any]:
    """The header's inbox counts, counted only if the page shows them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not policy.may(user, "inbox.use"):
        return {}
    return {"inbox_counts": SimpleLazyObject(lambda: selectors.inbox_counts(user=user))}
