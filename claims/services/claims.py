"""Claims: creating and editing the checkable statement, its moves before a verdict, assignment, notes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import policy, workflow
from claims.choices import ClaimStatus, Priority, ReviewStatus
from claims.extraction import checkworthiness as scorer
from claims.models import Claim, Note, Topic
from claims.policy import history_user
from claims.services import notifications
from claims.services.base import TransitionError, create, note_required, save_changes
from claims.services.sources import source_resolve

CLAIM_EDITABLE_FIELDS = ("text", "claimant", "said_on", "said_on_precision", "checkworthiness")
MAX_CLAIM_TEXT = 2000
MAX_NOTE = 5000
MAX_TOPICS = 12
MAX_TOPIC = 60

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


def scored(text: str, *, given: object = None, kind: str | None = None) -> dict[str, object]:
    """The check-worthiness fields of a claim with this wording.

    The scorer's reasons always describe the wording; its score stands unless a person gave
    one (`given`): a given score equal to the scorer's is no override.
    """
    result = scorer.score(text, kind=kind)
    if given is None:
        return {"checkworthiness": result.score, "checkworthiness_reasons": list(result.reasons),
                "checkworthiness_set_by_hand": False}
    return {"checkworthiness": given, "checkworthiness_reasons": list(result.reasons),
            "checkworthiness_set_by_hand": given != result.score}


def _check_topics(names: Any) -> list[str]:
    """Topic names, trimmed, without repeats (case-insensitively), within the limits."""
    kept: dict[str, str] = {}
    for name in names or []:
        name = " ".join(str(name).split())
        if not name:
            continue
        if len(name) > MAX_TOPIC:
            raise ValidationError({"topics": f"A topic has at most {MAX_TOPIC} characters: {name[:20]}… is longer."})
        kept.setdefault(name.casefold(), name)
    if len(kept) > MAX_TOPICS:
        raise ValidationError({"topics": f"At most {MAX_TOPICS} topics on a claim (this has {len(kept)})."})
    return list(kept.values())


def _set_topics(claim: Claim, names: list[str], *, user: Any) -> bool:
    """Tag the claim with these topics (new ones created); True if its topics changed."""
    wanted = []
    for name in names:
        topic = Topic.objects.filter(name__iexact=name).first() or Topic.objects.create(name=name)
        wanted.append(topic)
    if {t.pk for t in wanted} == set(claim.topics.values_list("pk", flat=True)):
        return False
    claim._history_user = history_user(user)  # the m2m history row records who
    claim.topics.set(wanted)
    return True


@transaction.atomic
def claim_create(*, user: Any, text: str, topics: list[str] | None = None, **values: object) -> Claim:
    """A hand-entered claim, scored for check-worthiness like an imported one (a score given
    here that differs from the scorer's is a person's override)."""
    policy.require(user, "claim.create")
    unknown = set(values) - set(CLAIM_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    _check_text(text)
    names = _check_topics(topics)
    text = text.strip()
    values.update(scored(text, given=values.pop("checkworthiness", None)))
    claim = create(Claim, user=user, text=text, **values)
    if names:
        _set_topics(claim, names, user=user)
    return claim


@transaction.atomic
def claim_update(*, claim: Claim, user: Any, note: str = "", **values: object) -> Claim:
    """Edit the checkable statement: its wording, claimant, date and check-worthiness.

    Once its fact-check is published, this is an editor's correction with a public note.
    """
    from claims.services.reviews import correct_claim_record

    _locked(claim)
    decision = policy.require(user, "claim.update", claim)
    unknown = set(values) - {*CLAIM_EDITABLE_FIELDS, "claimant_name", "topics"}
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    _check_text(values.get("text"))
    if "text" in values:
        values["text"] = str(values["text"]).strip()
    topics = _check_topics(values.pop("topics")) if "topics" in values else None
    if "claimant_name" in values:  # a name typed on the desk: the source it names, created if new
        name = str(values.pop("claimant_name") or "").strip()
        values["claimant"] = source_resolve(name=name) if name else None
    if "text" in values or "checkworthiness" in values:
        # A blank score hands it back to the scorer; a new number is a person's; the same number
        # as before (the form posts it back) keeps whoever set it.
        by_hand = claim.checkworthiness_set_by_hand
        given = values.pop("checkworthiness", claim.checkworthiness if by_hand else None)
        if given is not None and given == claim.checkworthiness and not by_hand:
            given = None
        values.update(scored(str(values.get("text", claim.text)), given=given))
    note = note_required(decision, note, what="changing the claim")
    changed = bool(save_changes(claim, values, user=user))
    if topics is not None:
        changed = _set_topics(claim, topics, user=user) or changed
    if changed and decision.correction:
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
    if save_changes(claim, {"assigned_to": assignee}, user=user, clean=False):
        notifications.claim_assigned(claim=claim, assignee=assignee, user=user)
    return claim


@transaction.atomic
def claim_plan(*, claim: Claim, user: Any, **values: object) -> Claim:
    """Set the claim's priority and due date (either or both)."""
    _locked(claim)
    policy.require(user, "claim.plan", claim)
    unknown = set(values) - {"priority", "due_on"}
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if "priority" in values and values["priority"] not in Priority.values:
        raise ValidationError({"priority": f"Choose one of {', '.join(Priority.labels)}."})
    save_changes(claim, values, user=user)
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
    note = Note.objects.create(claim=claim, author=author, text=text)
    notifications.note_mentions(note=note)
    return note
