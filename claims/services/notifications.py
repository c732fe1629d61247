"""Notifications: what the desk tells a person (assignment, send-back, approval, publication,
@mention, a checked claim appearing again), in their inbox and, if they chose it, by e-mail.

The write services call `notify` inside their transaction, so a notification exists exactly when
the change it reports does; e-mails go out once that transaction has committed, through Django's
e-mail backend (the console under `make run`, SMTP as configured in production).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from claims import policy
from claims.choices import EMAIL_BY_DEFAULT, NotificationKind
from claims.models import Claim, Notification, NotificationPreference

logger = logging.getLogger(__name__)

# "@fiona" in a note, or "@fiona.r": a user name as Django allows it, stopped before a final dot.
MENTION = re.compile(r"(?<![\w@.])@([\w.+-]*[\w+-])")


def notify(*, recipients: Iterable[Any], kind: str, claim: Claim | None, actor: Any, text: str) -> list[Notification]:
    """Tell each recipient (not the actor themselves, nor anyone without a newsroom role)."""
    actor_id = getattr(actor, "pk", None)
    people = {u.pk: u for u in recipients if u is not None and u.is_active and u.pk != actor_id}
    people = {pk: u for pk, u in people.items() if policy.may(u, "inbox.use")}
    if not people:
        return []
    rows = Notification.objects.bulk_create([
        Notification(recipient=user, kind=kind, claim=claim, actor=policy.history_user(actor), text=text[:500])
        for user in people.values()
    ])
    _email_later(list(people.values()), kind, claim, text)
    return rows


def _email_later(users: list[Any], kind: str, claim: Claim | None, text: str) -> None:
    wanted = dict(NotificationPreference.objects.filter(user__in=users).values_list("user_id", "email_kinds"))
    default = [str(k) for k in EMAIL_BY_DEFAULT]
    to = [u.email for u in users if u.email and kind in wanted.get(u.pk, default)]
    if not to:
        return
    link = settings.SITE_URL + (reverse("claims:claim", args=[claim.pk]) if claim else reverse("claims:inbox"))
    body = f"{text}\n\n{link}\n\nChoose which notifications you get by e-mail: " \
           f"{settings.SITE_URL}{reverse('claims:notification_settings')}\n"
    messages = [EmailMessage(f"[Newsroom] {text[:120]}", body, None, [address]) for address in to]

    def send() -> None:
        try:
            get_connection().send_messages(messages)
        except Exception:  # noqa: BLE001 - a mail server down must not undo or break the desk's work
            logger.exception("notification e-mail not sent (%s to %d people)", kind, len(messages))

    transaction.on_commit(send)


def _claim_words(claim: Claim) -> str:
    text = claim.text if len(claim.text) <= 70 else claim.text[:69] + "…"
    return f"claim #{claim.pk} “{text}”"


def _name(user: Any) -> str:
    return user.get_username() if getattr(user, "is_authenticated", False) else "The desk"


def editors() -> list[Any]:
    return list(get_user_model().objects.filter(groups__name=policy.EDITORS, is_active=True).distinct())


# --- What the services report ------------------------------------------------------------------


def claim_assigned(*, claim: Claim, assignee: Any, user: Any) -> None:
    if assignee is not None:
        notify(recipients=[assignee], kind=NotificationKind.ASSIGNED, claim=claim, actor=user,
               text=f"{_name(user)} assigned you {_claim_words(claim)}.")


def verdict_submitted(*, review: Any, user: Any) -> None:
    notify(recipients=editors(), kind=NotificationKind.APPROVAL_REQUESTED, claim=review.claim, actor=user,
           text=f"{_name(user)} submitted a verdict on {_claim_words(review.claim)} for approval.")


def _checkers(review: Any) -> list[Any]:
    return [u for u in (review.fact_checker, review.claim.assigned_to) if u is not None]


def verdict_sent_back(*, review: Any, user: Any, note: str) -> None:
    why = f": {note.strip()[:200]}" if note.strip() else "."
    notify(recipients=_checkers(review), kind=NotificationKind.SENT_BACK, claim=review.claim, actor=user,
           text=f"{_name(user)} sent back your verdict on {_claim_words(review.claim)}{why}")


def verdict_approved(*, review: Any, user: Any) -> None:
    notify(recipients=_checkers(review), kind=NotificationKind.APPROVED, claim=review.claim, actor=user,
           text=f"{_name(user)} approved your verdict on {_claim_words(review.claim)}.")


def verdict_published(*, review: Any, user: Any) -> None:
    notify(recipients=_checkers(review), kind=NotificationKind.PUBLISHED, claim=review.claim, actor=user,
           text=f"{_name(user)} published your fact-check of {_claim_words(review.claim)}.")


def note_mentions(*, note: Any) -> None:
    names = {m.lower() for m in MENTION.findall(note.text)}
    if not names:
        return
    users = [u for u in get_user_model().objects.filter(is_active=True)
             if u.get_username().lower() in names]
    notify(recipients=users, kind=NotificationKind.MENTIONED, claim=note.claim, actor=note.author,
           text=f"{_name(note.author)} mentioned you on {_claim_words(note.claim)}: {note.text[:200]}")


def claim_reappeared(*, claim: Claim, **_: Any) -> None:
    """A claim with a verdict was said again: whoever checked it hears of it."""
    from claims.models import Review

    checkers = {r.fact_checker for r in Review.objects.filter(claim=claim, fact_checker__isnull=False)
                .select_related("fact_checker")}
    notify(recipients=checkers, kind=NotificationKind.REAPPEARED, claim=claim, actor=policy.SYSTEM,
           text=f"{_claim_words(claim)}, which you checked, appeared again.")


# --- The person's own inbox --------------------------------------------------------------------


def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (these, or all); only their own."""
    policy.require(user, "inbox.use")
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_set(*, user: Any, email_kinds: Iterable[str]) -> NotificationPreference:
    policy.require(user, "inbox.use")
    kinds = [k for k in NotificationKind.values if k in set(email_kinds)]
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    preference.email_kinds = kinds
    preference.save(update_fields=["email_kinds"])
    return preference
