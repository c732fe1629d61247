"""What is waiting on a person: the inbox, and the counts in the desk's header."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from claims import policy
from claims.choices import ClaimStatus, NotificationKind, ReviewStatus
from claims.models import Claim, Notification, Review

# A claim still to be worked on; after these, a due date has passed for nobody.
OPEN_STATES = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)


def _sent_back() -> Q:
    """In review with a draft verdict that was submitted before: an editor sent it back."""
    was_submitted = Review.history.filter(claim_id=OuterRef("pk"), status=ReviewStatus.SUBMITTED)
    return Q(status=ClaimStatus.IN_REVIEW) & Q(Exists(was_submitted)) & Q(
        Exists(Review.objects.filter(claim=OuterRef("pk"), status=ReviewStatus.DRAFT)))


def _mine(user: Any) -> Q:
    return Q(assigned_to=user) | Q(Exists(Review.objects.filter(claim=OuterRef("pk"), fact_checker=user,
                                                                 status=ReviewStatus.DRAFT)))


def _awaiting(user: Any) -> Q:
    """Verdicts this person may approve or publish now."""
    states = [s for s, action in ((ClaimStatus.SUBMITTED, "review.approve"), (ClaimStatus.APPROVED, "review.publish"))
              if policy.may(user, action, state=s)]
    return Q(status__in=states) if states else Q(pk__in=[])


def overdue_q(today: datetime.date | None = None) -> Q:
    return Q(due_on__lt=today or timezone.localdate(), status__in=OPEN_STATES)


def _ordered(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    return (claims.select_related("claimant", "assigned_to")
            .order_by(F("due_on").asc(nulls_last=True), "-priority", "-checkworthiness", "-updated"))


@dataclass
class Inbox:
    assigned: list[Claim]
    sent_back: list[Claim]
    awaiting: list[Claim]
    mentions: list[Notification]
    notifications: list[Notification] = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def waiting(self) -> int:
        return len(self.assigned) + len(self.sent_back) + len(self.awaiting) + len(self.mentions)


def inbox(*, user: Any, limit: int = 100) -> Inbox:
    claims = Claim.objects.active()
    sent_back = _sent_back() & _mine(user)
    notes = Notification.objects.filter(recipient=user).select_related("claim", "actor")
    return Inbox(
        assigned=list(_ordered(claims.filter(assigned_to=user, status__in=[ClaimStatus.NEW, ClaimStatus.IN_REVIEW])
                               .exclude(sent_back))[:limit]),
        sent_back=list(_ordered(claims.filter(sent_back))[:limit]),
        awaiting=list(_ordered(claims.filter(_awaiting(user)))[:limit]),
        mentions=list(notes.filter(kind=NotificationKind.MENTIONED, read_at__isnull=True)[:limit]),
        notifications=list(notes[:50]),
    )


def inbox_counts(*, user: Any) -> dict[str, int]:
    """The header's two numbers, in three short queries: what waits on the person, and unread notifications.

    Every desk page asks, so only claims that can count are read, each through an index: the person's
    own (assigned, or holding their draft verdict, looked up first) and, for editors, those awaiting
    approval or publication. Matching "sent back" over every claim in review took 50 ms a page at a
    million claims."""
    drafting = list(Review.objects.filter(fact_checker=user, status=ReviewStatus.DRAFT).order_by()
                    .values_list("claim_id", flat=True)[:1000])
    mine = Q(assigned_to=user) | Q(pk__in=drafting)
    sent_back = _sent_back() & mine
    counts = Claim.objects.active().filter(mine | _awaiting(user)).aggregate(
        assigned=Count("pk", filter=Q(assigned_to=user, status__in=[ClaimStatus.NEW, ClaimStatus.IN_REVIEW])
                       & ~sent_back),
        sent_back=Count("pk", filter=sent_back),
        awaiting=Count("pk", filter=_awaiting(user)),
    )
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).aggregate(
        all=Count("pk"), mentions=Count("pk", filter=Q(kind=NotificationKind.MENTIONED)))
    waiting = counts["assigned"] + counts["sent_back"] + counts["awaiting"] + unread["mentions"]
    return {**counts, "mentions": unread["mentions"], "waiting": waiting, "unread": unread["all"]}
