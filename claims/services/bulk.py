"""Work on many claims at once, from the queue: assign, set priority, dismiss or reopen.

Each claim goes through the same service (and so the same policy rule) as on its own page, all
in one transaction; a claim the policy or the workflow refuses is left as it was and reported
with the reason, and the others go ahead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import policy
from claims.choices import ClaimStatus
from claims.models import Claim
from claims.services.base import TransitionError
from claims.services.claims import claim_assign, claim_plan, claim_transition

MAX_BULK = 500


@dataclass
class BulkResult:
    done: list[Claim] = field(default_factory=list)
    refused: list[tuple[Claim, str]] = field(default_factory=list)


def _each(claims: Iterable[Claim], user: Any, change: Callable[[Claim], object]) -> BulkResult:
    policy.require(user, "desk.read")
    claims = list(claims)
    if len(claims) > MAX_BULK:
        raise ValidationError({"claim": f"At most {MAX_BULK} claims at once (this is {len(claims)})."})
    result = BulkResult()
    for claim in claims:
        try:
            with transaction.atomic():  # a refused claim rolls back alone
                change(claim)
        except (policy.PolicyDenied, ValidationError, TransitionError) as exc:
            reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            result.refused.append((claim, reason))
        else:
            result.done.append(claim)
    return result


@transaction.atomic
def claims_bulk_assign(*, claims: Iterable[Claim], assignee: Any, user: Any) -> BulkResult:
    return _each(claims, user, lambda c: claim_assign(claim=c, assignee=assignee, user=user))


@transaction.atomic
def claims_bulk_set_priority(*, claims: Iterable[Claim], priority: int, user: Any) -> BulkResult:
    return _each(claims, user, lambda c: claim_plan(claim=c, user=user, priority=priority))


@transaction.atomic
def claims_bulk_dismiss(*, claims: Iterable[Claim], user: Any) -> BulkResult:
    return _each(claims, user, lambda c: claim_transition(claim=c, to=ClaimStatus.DISMISSED, user=user))


@transaction.atomic
def claims_bulk_reopen(*, claims: Iterable[Claim], user: Any) -> BulkResult:
    return _each(claims, user, lambda c: claim_transition(claim=c, to=ClaimStatus.NEW, user=user))
