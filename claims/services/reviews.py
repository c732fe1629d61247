"""Verdicts through the editorial workflow, with their evidence and public corrections."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from claims import workflow
from claims.choices import ClaimStatus, ReviewStatus
from claims.models import Claim, Correction, Evidence, Note, Rating, Review
from claims.services.base import TransitionError, set_changed_fields
from claims.services.claims import claim_transition

REVIEW_EDITABLE_FIELDS = ("rating", "headline", "summary", "rationale")


REVIEW_EDITABLE_STATUSES = (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED)


class ReviewConflict(Exception):
    """A save that started from an older version: someone else saved the review in between."""

    def __init__(self, review: Review, their_changes: list[tuple[str, object, object]]) -> None:
        self.review = review
        self.current_version = review.version
        self.their_changes = their_changes
        who = review.history.first().history_user if review.history.exists() else None
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


def _bump(review: Review, *, version: int | None, values: dict[str, object], user) -> Review:
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
        fresh = Review.objects.get(pk=review.pk)
        # .update() bypasses signals: record the history row ourselves.
        fresh._history_user = user if getattr(user, "is_authenticated", False) else None
        fresh.save(update_fields=["updated"])
    review.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    return review


def _claim_follow(claim: Claim, to: str, user) -> None:
    """Move the claim along with its review, when the claim's workflow allows it."""
    if claim.status != to and workflow.claim_can_move(claim.status, to):
        claim_transition(claim=claim, to=to, user=user)


def _review_move(review: Review, to: str) -> None:
    if not workflow.review_can_move(review.status, to):
        raise TransitionError(
            f"A review that is {ReviewStatus(review.status).label.lower()} cannot become "
            f"{ReviewStatus(to).label.lower()}."
        )


@transaction.atomic
def review_create(*, claim: Claim, fact_checker, **values: object) -> Review:
    if claim.status not in (ClaimStatus.NEW, ClaimStatus.IN_REVIEW):
        raise TransitionError(f"A claim that is {ClaimStatus(claim.status).label.lower()} takes no new review.")
    unknown = set(values) - set(REVIEW_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    review = Review(claim=claim, fact_checker=fact_checker, **values)
    review._history_user = fact_checker
    review.save()
    _claim_follow(claim, ClaimStatus.IN_REVIEW, fact_checker)
    return review


@transaction.atomic
def review_start(*, claim: Claim, fact_checker, **values: object) -> Review:
    """Open the claim's review, refusing a second one if a colleague opened it meanwhile.

    The claim row is locked, so two fact-checkers starting the same claim at once get one review
    and the second a ReviewConflict showing what the first one wrote.
    """
    Claim.objects.select_for_update().get(pk=claim.pk)
    existing = claim.reviews.exclude(status=ReviewStatus.RETRACTED).order_by("-created", "-id").first()
    if existing is not None:
        theirs = [
            (field, "", getattr(existing, field)) for field in REVIEW_EDITABLE_FIELDS if getattr(existing, field)
        ]
        raise ReviewConflict(existing, theirs)
    claim.refresh_from_db(fields=["status"])
    return review_create(claim=claim, fact_checker=fact_checker, **values)


@transaction.atomic
def review_update(*, review: Review, version: int, user, **values: object) -> Review:
    """Save the verdict's fields, refusing a stale `version` with ReviewConflict."""
    unknown = set(values) - set(REVIEW_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if review.status not in REVIEW_EDITABLE_STATUSES:
        raise TransitionError(
            f"A {ReviewStatus(review.status).label.lower()} review is not edited in place: "
            "send it back to draft, or publish a correction."
        )
    return _bump(review, version=version, values=values, user=user)


@transaction.atomic
def review_submit(*, review: Review, user, version: int | None = None) -> Review:
    _review_move(review, ReviewStatus.SUBMITTED)
    if review.rating_id is None:
        raise TransitionError("Choose a rating before submitting the verdict.")
    _bump(review, version=version, values={"status": ReviewStatus.SUBMITTED, "fact_checker": user}, user=user)
    _claim_follow(review.claim, ClaimStatus.SUBMITTED, user)
    return review


@transaction.atomic
def review_approve(*, review: Review, editor, version: int | None = None) -> Review:
    _review_move(review, ReviewStatus.APPROVED)
    _bump(review, version=version, values={"status": ReviewStatus.APPROVED, "editor": editor}, user=editor)
    _claim_follow(review.claim, ClaimStatus.APPROVED, editor)
    return review


@transaction.atomic
def review_send_back(*, review: Review, editor, note: str = "", version: int | None = None) -> Review:
    """An editor returns a submitted or approved verdict to its fact-checker as a draft."""
    _review_move(review, ReviewStatus.DRAFT)
    _bump(review, version=version, values={"status": ReviewStatus.DRAFT}, user=editor)
    _claim_follow(review.claim, ClaimStatus.IN_REVIEW, editor)
    if note:
        Note.objects.create(claim=review.claim, author=editor, text=note)
    return review


@transaction.atomic
def review_publish(*, review: Review, editor, version: int | None = None) -> Review:
    _review_move(review, ReviewStatus.PUBLISHED)
    values = {"status": ReviewStatus.PUBLISHED, "editor": editor, "published_at": timezone.now()}
    _bump(review, version=version, values=values, user=editor)
    _claim_follow(review.claim, ClaimStatus.PUBLISHED, editor)
    return review


@transaction.atomic
def review_correct(
    *, review: Review, editor, note: str, version: int | None = None, **values: object
) -> Review:
    """Change a published verdict in the open: the change is saved with a dated public note."""
    if not note.strip():
        raise ValueError("A correction needs a note saying what changed.")
    unknown = set(values) - set(REVIEW_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    _review_move(review, ReviewStatus.CORRECTED)
    _bump(review, version=version, values={**values, "status": ReviewStatus.CORRECTED}, user=editor)
    Correction.objects.create(review=review, note=note, editor=editor)
    _claim_follow(review.claim, ClaimStatus.CORRECTED, editor)
    return review


@transaction.atomic
def review_retract(*, review: Review, editor, note: str, version: int | None = None) -> Review:
    """Withdraw a published verdict. The record stays, and shows the retraction."""
    if not note.strip():
        raise ValueError("A retraction needs a note saying why.")
    _review_move(review, ReviewStatus.RETRACTED)
    _bump(review, version=version, values={"status": ReviewStatus.RETRACTED}, user=editor)
    Correction.objects.create(review=review, note=note, editor=editor, is_retraction=True)
    _claim_follow(review.claim, ClaimStatus.RETRACTED, editor)
    return review


@transaction.atomic
def evidence_add(*, review: Review, user, url: str, title: str = "", publisher: str = "", note: str = "") -> Evidence:
    position = (review.evidence.aggregate(m=Max("position"))["m"] or 0) + 1
    evidence = Evidence(review=review, url=url, title=title, publisher=publisher, note=note, position=position)
    evidence._history_user = user
    evidence.full_clean()
    evidence.save()
    Review.objects.filter(pk=review.pk).update(updated=timezone.now())  # visible to the sync feed
    return evidence


@transaction.atomic
def evidence_update(
    *, evidence: Evidence, user, url: str, title: str = "", publisher: str = "", note: str = ""
) -> Evidence:
    changed = set_changed_fields(evidence, {"url": url, "title": title, "publisher": publisher, "note": note})
    if changed:
        evidence._history_user = user
        evidence.full_clean()
        evidence.save(update_fields=changed)
        Review.objects.filter(pk=evidence.review_id).update(updated=timezone.now())
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, user) -> None:
    evidence._history_user = user
    review_id = evidence.review_id
    evidence.delete()
    Review.objects.filter(pk=review_id).update(updated=timezone.now())
