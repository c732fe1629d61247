"""The queue's bulk-action bar, kept apart from the queue template so the two change independently."""

from __future__ import annotations

from typing import Any

from django import template

from claims import policy
from claims.forms import BulkForm

register = template.Library()

# The bulk actions and the rule each needs (on a new claim, where they are all possible).
BULK_RULES = ("claim.assign", "claim.plan", "claim.dismiss", "claim.reopen")


@register.filter
def can_bulk(user: Any) -> bool:
    """Whether the queue offers this person the tick boxes: some bulk action is theirs to make."""
    return any(policy.may(user, rule, state=state).allowed
               for rule, state in zip(BULK_RULES, (policy.NEW, policy.NEW, policy.NEW, policy.DISMISSED), strict=True))


@register.inclusion_tag("claims/_bulk_bar.html", takes_context=True)
def bulk_bar(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    allowed = can_bulk(request.user)
    return {"form": BulkForm(initial={"next": request.get_full_path()}) if allowed else None,
            "csrf_token": context.get("csrf_token")}
