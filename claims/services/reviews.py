"""Verdicts through the editorial workflow, with their evidence and public corrections.

Every service locks the claim's row, asks the policy on the state it finds, and moves the claim
with its verdict (`workflow.CLAIM_STATUS_OF_REVIEW`) in the same transaction. Saves of a verdict
are compare-and-swap on its `version` (`_bump`): a stale save is refused with what changed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from claims import events, policy, workflow
from claims.choices import STANDING_REVIEW_STATUSES, AttributionStatus, ReviewStatus, TombstoneModel
from claims.models import Claim, Correction, Evidence, Rating, Review, Tombstone
from claims.policy import history_user
from claims.selectors.reviews import current_verdict_copy
from claims.services import notifications
from claims.services.base import TransitionError, create, note_required, save_changes

REVIEW_EDITABLE_FIELDS = ("rating", "headline", "summary", "rationale")
# Length limits of what a verdict says: long enough for any fact-check, short enough to read.
MAX_SUMMARY = 5000
MAX_RATIONALE = 50000


class ReviewConflict(Exception):
    """A save that started from an older version: someone else saved the review in between."""

    def __init__(self, review: Review, their_changes: list[tuple[str, object, object]]) -> None:
        self.review = review
        self.current_version = review.version
        self.their_changes = their_changes
        latest = review.history.select_related("history_user").first()
        who = latest.history_user if latest is not None else None
        super().__init__(
            f"Someone{f' ({who})' if who else ''} saved this review while you were editing it "
            f"(it is now at version {review.version}). Your text is kept: compare, then save again."
        )


def review_changes_since(*, review: Review, version: int) -> list[tuple[str, object, object]]:
    """What changed in the review's editable fields since `version`: (field, then, now)."""
    then = review.history.filter(version=version).order_by("-history_date").first()
    if then is None:
        return []
    changes = []
    for field in (*REVIEW_EDITABLE_FIELDS, "status"):
        attname = "rating_id" if field == "rating" else field
        old, new = getattr(then, attname), getattr(review, attname)
        if old != new:
            if field == "rating":
                labels = dict(Rating.objects.filter(pk__in=[old, new]).values_list("pk", "label"))
                old, new = labels.get(old), labels.get(new)
            changes.append((field, old, new))
    return changes


def _lock(review: Review) -> Review:
    """Lock the claim and re-read the review: the policy decides on the state as it is now."""
    Claim.objects.select_for_update().filter(pk=review.claim_id).first()
    fresh = Review.objects.select_related("claim", "rating").get(pk=review.pk)
    review.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    review._state.fields_cache = dict(fresh._state.fields_cache)
    return review


def _bump(review: Review, *, version: int | None, values: dict[str, object], user: Any) -> Review:
    """Compare-and-swap: write `values` only if the stored version is still `version`.

    The check and the write are one UPDATE, so two concurrent saves of the same version cannot
    both succeed, whatever the database's isolation level.
    """
    expected = review.version if version is None else version
    with transaction.atomic():
        updated = Review.objects.filter(pk=review.pk, version=expected).update(
            **values, version=expected + 1, updated=timezone.now()
        )
        if not updated:
            current = Review.objects.get(pk=review.pk)
            raise ReviewConflict(current, review_changes_since(review=current, version=expected))
        fresh = Review.objects.select_related("claim").get(pk=review.pk)
        # .update() bypasses signals: record the history row ourselves.
        fresh._history_user = history_user(user)
        fresh.save(update_fields=["updated"])
        if {"status", "rating", "rating_id"} & set(values):
            claim_verdict_follows(claim=review.claim)
    review.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    review._state.fields_cache.pop("rating", None)
    return review


def claim_verdict_follows(*, claim: Claim) -> None:
    """Copy the claim's current verdict (status, rating) onto the claim, where the queue reads it.

    Called by every write that creates, changes, deletes or moves a review, in its transaction.
    The copy is derived data: no history row, and `updated` stays (the claim did not change)."""
    values = current_verdict_copy(claim.pk)
    Claim.objects.filter(pk=claim.pk).update(**values)
    claim.__dict__.update(values)
    claim._state.fields_cache.pop("verdict", None)


def _claim_follows(review: Review, user: Any) -> None:
    """The claim's status is its verdict's: set in the same transaction as the verdict's move."""
    status = workflow.claim_status_for(review.status)
    claim = review.claim
    if claim.status != status:
        claim.status = status
        claim._history_user = history_user(user)
        claim.save(update_fields=["status", "updated"])


def _move(review: Review, to: str, *, version: int | None, user: Any, **values: object) -> Review:
    if not workflow.review_can_move(review.status, to):
        raise TransitionError(
            f"A review that is {ReviewStatus(review.status).label.lower()} cannot become "
            f"{ReviewStatus(to).label.lower()}."
        )
    _bump(review, version=version, values={**values, "status": to}, user=user)
    _claim_follows(review, user)
    return review


def _check_values(values: dict[str, object]) -> dict[str, object]:
    unknown = set(values) - set(REVIEW_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    errors = {}
    for field, limit in (("summary", MAX_SUMMARY), ("rationale", MAX_RATIONALE), ("headline", 300)):
        text = values.get(field)
        if isinstance(text, str) and len(text) > limit:
            errors[field] = f"At most {limit:,} characters (this has {len(text):,})."
    if errors:
        raise ValidationError(errors)
    return values


def correction_record(*, review: Review, editor: Any, note: str, version: int | None = None,
                      values: dict[str, object] | None = None) -> Correction:
    """A change to a published fact-check, in the open: the verdict moves to corrected (a new
    version, so `dateModified` moves), and the dated public note says what changed."""
    _move(review, ReviewStatus.CORRECTED, version=version, user=editor, **(values or {}))
    correction = Correction.objects.create(review=review, note=note, editor=history_user(editor))
    events.emit(events.REVIEW_CORRECTED, review=review, correction=correction)
    return correction


def correct_claim_record(*, claim: Claim, user: Any, note: str) -> None:
    """Record a correction on the claim's live public verdict (after a change to the claim, one of
    its appearances, its article or its source)."""
    review = claim.reviews.filter(status__in=STANDING_REVIEW_STATUSES).first()
    if review is not None:
        correction_record(review=_lock(review), editor=user, note=note)


# --- The verdict's workflow ------------------------------------------------------------------


@transaction.atomic
def review_create(*, claim: Claim, fact_checker: Any, **values: object) -> Review:
    """Open the claim's verdict. A claim has one open verdict: a second is refused with what the
    first one says (a ReviewConflict), whoever opened it and however close together."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    policy.require(fact_checker, "review.create", claim)
    existing = claim.reviews.exclude(status=ReviewStatus.RETRACTED).order_by("-created", "-id").first()
    if existing is not None:
        theirs = [(f, "", getattr(existing, f)) for f in REVIEW_EDITABLE_FIELDS if getattr(existing, f)]
        raise ReviewConflict(existing, theirs)
    fields = _check_values(values)
    try:
        with transaction.atomic():
            review = create(Review, user=fact_checker, claim=claim, fact_checker=history_user(fact_checker),
                            **fields)
    except IntegrityError:  # the partial unique constraint: opened elsewhere at the same moment
        existing = claim.reviews.exclude(status=ReviewStatus.RETRACTED).get()
        raise ReviewConflict(existing, []) from None
    review.claim = claim
    claim_verdict_follows(claim=claim)
    _claim_follows(review, fact_checker)
    return review


@transaction.atomic
def review_update(*, review: Review, version: int, user: Any, note: str = "", **values: object) -> Review:
    """Save the verdict's fields, refusing a stale `version` with ReviewConflict. Once the verdict
    is published, this is a correction: an editor's, with a public note."""
    _lock(review)
    decision = policy.require(user, "review.update", review)
    fields = _check_values(values)
    if decision.correction:
        correction_record(review=review, editor=user, version=version,
                          note=note_required(decision, note, what="changing the verdict"), values=fields)
        return review
    return _bump(review, version=version, values=fields, user=user)


@transaction.atomic
def review_correct(*, review: Review, editor: Any, note: str, version: int | None = None,
                   **values: object) -> Review:
    """Change a published verdict in the open: the change is saved with a dated public note."""
    _lock(review)
    if review.status not in STANDING_REVIEW_STATUSES:
        raise TransitionError("Only a published verdict is corrected; this one is not published: edit it instead.")
    if not (note or "").strip():
        raise ValidationError({"note": "A correction needs a public note saying what changed."})
    return review_update(review=review, version=review.version if version is None else version, user=editor,
                         note=note, **values)


@transaction.atomic
def review_submit(*, review: Review, user: Any, version: int | None = None) -> Review:
    _lock(review)
    policy.require(user, "review.submit", review)
    if review.rating_id is None:
        raise ValidationError({"rating": "Choose a rating before submitting the verdict."})
    _move(review, ReviewStatus.SUBMITTED, version=version, user=user, fact_checker=history_user(user))
    notifications.verdict_submitted(review=review, user=user)
    return review


@transaction.atomic
def review_approve(*, review: Review, editor: Any, version: int | None = None) -> Review:
    _lock(review)
    policy.require(editor, "review.approve", review)
    _move(review, ReviewStatus.APPROVED, version=version, user=editor, editor=history_user(editor))
    notifications.verdict_approved(review=review, user=editor)
    return review


@transaction.atomic
def review_send_back(*, review: Review, editor: Any, note: str = "", version: int | None = None) -> Review:
    """An editor returns a submitted or approved verdict to its fact-checker as a draft."""
    from claims.services.claims import note_add

    _lock(review)
    policy.require(editor, "review.send_back", review)
    _move(review, ReviewStatus.DRAFT, version=version, user=editor)
    if note.strip():
        note_add(claim=review.claim, author=editor, text=note)
    notifications.verdict_sent_back(review=review, user=editor, note=note)
    return review


def speakers_disagree(claim: Claim) -> list[str]:
    """The different speakers the claim's appearances name, when they name more than one."""
    names = dict(
        claim.appearances.exclude(status=AttributionStatus.REJECTED).filter(speaker__isnull=False)
        .values_list("speaker_id", "speaker__name")
    )
    if claim.claimant_id is not None and names and claim.claimant_id not in names:
        names[claim.claimant_id] = claim.claimant.name
    return sorted(names.values()) if len(names) > 1 else []


@transaction.atomic
def review_publish(*, review: Review, editor: Any, version: int | None = None) -> Review:
    """Publish the fact-check. The claim's suggested appearances are confirmed with it: what the
    public page lists is what the editor saw when publishing."""
    _lock(review)
    policy.require(editor, "review.publish", review)
    disagree = speakers_disagree(review.claim)
    if disagree:
        raise TransitionError(
            f"The appearances of this claim name different speakers ({', '.join(disagree)}): correct the "
            "speaker, or move the appearance to its own claim, before publishing."
        )
    values = {"editor": history_user(editor), "published_at": timezone.now()}
    _move(review, ReviewStatus.PUBLISHED, version=version, user=editor, **values)
    for attribution in review.claim.appearances.filter(status=AttributionStatus.SUGGESTED):
        attribution.status = AttributionStatus.CONFIRMED
        attribution._history_user = history_user(editor)
        attribution._matched = True
        attribution.save(update_fields=["status", "updated"])
    events.emit(events.REVIEW_PUBLISHED, review=review)
    notifications.verdict_published(review=review, user=editor)
    return review


@transaction.atomic
def review_retract(*, review: Review, editor: Any, note: str, version: int | None = None) -> Review:
    """Withdraw a published verdict. The record stays, and shows the retraction."""
    _lock(review)
    policy.require(editor, "review.retract", review)
    if not (note or "").strip():
        raise ValidationError({"note": "A retraction needs a public note saying why."})
    _move(review, ReviewStatus.RETRACTED, version=version, user=editor)
    correction = Correction.objects.create(review=review, note=note.strip(), editor=history_user(editor),
                                           is_retraction=True)
    # Mirrors of the ClaimReview list see the withdrawal in their next `updated_after` sync.
    Tombstone.objects.create(model=TombstoneModel.CLAIMREVIEW, object_id=review.pk)
    events.emit(events.REVIEW_RETRACTED, review=review, correction=correction)
    return review


@transaction.atomic
def review_delete(*, review: Review, user: Any) -> None:
    """Throw away a draft verdict (never a published one: that is retracted)."""
    _lock(review)
    policy.require(user, "review.delete", review)
    claim = review.claim
    review._history_user = history_user(user)
    review.delete()
    claim_verdict_follows(claim=claim)
    claim.status = workflow.claim_status_for(ReviewStatus.DRAFT)  # back to "in review", without a verdict
    claim._history_user = history_user(user)
    claim.save(update_fields=["status", "updated"])


# --- Evidence ----------------------------------------------------------------------------------


def _evidence_changed(review: Review, user: Any, decision: policy.Decision, note: str, what: str) -> None:
    """Once published, a change of evidence is a correction (a new version, and the note). Before,
    it only marks the verdict changed for the sync feed: the verdict form open beside it stays valid."""
    if decision.correction:
        correction_record(review=review, editor=user, note=note_required(decision, note, what=what))
    else:
        Review.objects.filter(pk=review.pk).update(updated=timezone.now())


@transaction.atomic
def evidence_add(*, review: Review, user: Any, url: str, title: str = "", publisher: str = "", note: str = "",
                 correction_note: str = "") -> Evidence:
    _lock(review)
    decision = policy.require(user, "evidence.add", review)
    note_required(decision, correction_note, what="adding evidence")
    position = (review.evidence.aggregate(m=Max("position"))["m"] or 0) + 1
    evidence = create(Evidence, user=user, review=review, url=url, title=title, publisher=publisher, note=note,
                      position=position)
    _evidence_changed(review, user, decision, correction_note, "adding evidence")
    return evidence


@transaction.atomic
def evidence_update(*, evidence: Evidence, user: Any, url: str, title: str = "", publisher: str = "",
                    note: str = "", correction_note: str = "") -> Evidence:
    review = _lock(evidence.review)
    decision = policy.require(user, "evidence.update", review)
    note_required(decision, correction_note, what="changing evidence")
    if save_changes(evidence, {"url": url, "title": title, "publisher": publisher, "note": note}, user=user):
        _evidence_changed(review, user, decision, correction_note, "changing evidence")
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, user: Any, correction_note: str = "") -> None:
    review = _lock(evidence.review)
    decision = policy.require(user, "evidence.remove", review)
    note_required(decision, correction_note, what="removing evidence")
    evidence._history_user = history_user(user)
    evidence.delete()
    _evidence_changed(review, user, decision, correction_note, "removing evidence")
