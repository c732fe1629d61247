"""Claims: status moves, assignment, notes."""

from __future__ import annotations

from django.db import transaction

from claims import workflow
from claims.choices import ClaimStatus
from claims.models import Claim, Note
from claims.services.base import TransitionError, User


@transaction.atomic
def claim_transition(*, claim: Claim, to: str, user: User | None = None) -> Claim:
    # Lock the row so two editors moving the same claim at once see each other's move.
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if not workflow.claim_can_move(locked.status, to):
        raise TransitionError(
            f"A claim that is {ClaimStatus(locked.status).label.lower()} cannot move to "
            f"{ClaimStatus(to).label.lower()}."
        )
    locked.status = to
    locked.save(update_fields=["status", "updated"])
    claim.status, claim.updated = locked.status, locked.updated
    return claim


@transaction.atomic
def claim_assign(*, claim: Claim, assignee, user) -> Claim:
    if claim.assigned_to_id != (assignee.pk if assignee else None):
        claim.assigned_to = assignee
        claim._history_user = user
        claim.save(update_fields=["assigned_to", "updated"])
    return claim


def note_add(*, claim: Claim, author, text: str) -> Note:
    if not text.strip():
        raise ValueError("A note needs some text.")
    return Note.objects.create(claim=claim, author=author, text=text.strip())
