"""Claims: creating and editing the checkable statement, its moves before a verdict, assignment, notes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import policy, workflow
from claims.choices import ClaimStatus, ReviewStatus
from claims.models import Claim, Note
from claims.policy import history_user
from claims.services.base import TransitionError, create, note_required, save_changes
from claims.services.sources import source_resolve

CLAIM_EDITABLE_FIELDS = ("text", "claimant", "said_on", "said_on_precision", "checkworthiness")
MAX_CLAIM_TEXT = 2000
MAX_NOTE = 5000

# A claim moves on its own only before it has a verdict: start, dismiss, reopen.
MOVE_ACTIONS = {ClaimStatus.IN_REVIEW: "claim.start", ClaimStatus.DISMISSED: "claim.dismiss",
                ClaimStatus.NEW: "claim.reopen"}


def _locked(claim: Claim) -> Claim:
    locked = Claim.objects.select_for_update(of=("self",)).select_related("claimant").get(pk=claim.pk)
    claim.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return claim


def _check_text(text: Any) -> None:
    if isinstance(text, str):
        if not text.strip():
            raise ValidationError({"text": "A claim needs its statement."})
        if len(text) > MAX_CLAIM_TEXT:
            raise ValidationError({"text": f"At most {MAX_CLAIM_TEXT:,} characters (this has {len(text):,})."})


@transaction.atomic
def claim_create(*, user: Any, text: str, **values: object) -> Claim:
    policy.require(user, "claim.create")
    unknown = set(values) - set(CLAIM_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    _check_text(text)
    return create(Claim, user=user, text=text.strip(), **values)


@transaction.atomic
def claim_update(*, claim: Claim, user: Any, note: str = "", **values: object) -> Claim:
    """Edit the checkable statement: its wording, claimant, date and check-worthiness.

    Once its fact-check is published, this is an editor's correction with a public note.
    """
    from claims.services.reviews import correct_claim_record

    _locked(claim)
    decision = policy.require(user, "claim.update", claim)
    unknown = set(values) - {*CLAIM_EDITABLE_FIELDS, "claimant_name"}
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    _check_text(values.get("text"))
    if "text" in values:
        values["text"] = str(values["text"]).strip()
    if "claimant_name" in values:  # a name typed on the desk: the source it names, created if new
        name = str(values.pop("claimant_name") or "").strip()
        values["claimant"] = source_resolve(name=name) if name else None
    note = note_required(decision, note, what="changing the claim")
    if save_changes(claim, values, user=user) and decision.correction:
        correct_claim_record(claim=claim, user=user, note=note)
    return claim


@transaction.atomic
def claim_transition(*, claim: Claim, to: str, user: Any) -> Claim:
    """Start review, dismiss or reopen: the moves a claim makes before it has a verdict."""
    _locked(claim)
    action = MOVE_ACTIONS.get(to)
    if action is None:
        raise TransitionError("A claim with a verdict moves with its verdict: submit, approve, publish or retract it.")
    policy.require(user, action, claim)
    if to == ClaimStatus.DISMISSED and claim.reviews.exclude(status=ReviewStatus.RETRACTED).exists():
        raise TransitionError("This claim has a verdict in progress: delete the draft verdict before dismissing it.")
    if not workflow.claim_can_move(claim.status, to):
        raise TransitionError(
            f"A claim that is {ClaimStatus(claim.status).label.lower()} cannot move to {ClaimStatus(to).label.lower()}."
        )
    claim.status = to
    claim._history_user = history_user(user)
    claim.save(update_fields=["status", "updated"])
    return claim


@transaction.atomic
def claim_start(*, claim: Claim, user: Any) -> Claim:
    """A fact-checker takes the claim: it moves to review, and to them if nobody has it yet."""
    claim_transition(claim=claim, to=ClaimStatus.IN_REVIEW, user=user)
    if claim.assigned_to_id is None and history_user(user) is not None:
        claim.assigned_to = user
        claim.save(update_fields=["assigned_to", "updated"])
    return claim


@transaction.atomic
def claim_assign(*, claim: Claim, assignee: Any, user: Any) -> Claim:
    _locked(claim)
    policy.require(user, "claim.assign", claim)
    if assignee is not None and not policy.has_role(assignee, policy.FACT_CHECKER, policy.EDITOR):
        raise ValidationError({"assigned_to": f"{assignee} is not a fact-checker or an editor."})
    save_changes(claim, {"assigned_to": assignee}, user=user, clean=False)
    return claim


@transaction.atomic
def claim_delete(*, claim: Claim, user: Any) -> None:
    _locked(claim)
    policy.require(user, "claim.delete", claim)
    claim._history_user = history_user(user)
    claim.delete()


def note_add(*, claim: Claim, author: Any, text: str) -> Note:
    policy.require(author, "note.add", claim)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "A note needs some text."})
    if len(text) > MAX_NOTE:
        raise ValidationError({"text": f"At most {MAX_NOTE:,} characters (this has {len(text):,})."})
    return Note.objects.create(claim=claim, author=author, text=text)
