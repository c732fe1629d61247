"""Configuration an administrator keeps: API tokens for newsroom tools, and rating scales.

A rating that a public verdict uses is part of the published record: its label and value are
not changed, and it is not deleted (add a new rating, or a new scale, instead).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims import policy
from claims.models import ApiToken, Rating, RatingScale, Review
from claims.services.base import create, save_changes


@transaction.atomic
def token_issue(*, user: Any, name: str, owner: Any, read_only: bool = True) -> tuple[ApiToken, str]:
    """A new token for `owner` and its key: the key is not stored and cannot be shown again."""
    policy.require(user, "token.manage")
    if not name.strip():
        raise ValidationError({"name": "Name the tool that will use the token."})
    return ApiToken.issue(name=name.strip(), user=owner, read_only=read_only)


@transaction.atomic
def token_update(*, token: ApiToken, user: Any, **values: object) -> ApiToken:
    policy.require(user, "token.manage")
    unknown = set(values) - {"name", "read_only", "revoked_at"}
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    save_changes(token, values, user=user)
    return token


def token_used(*, token: ApiToken, now: Any, resolution: Any) -> None:
    """Note when a token was last used, at most once per `resolution` (one write a minute, not one a
    request); bookkeeping of the app itself, so no policy and no history."""
    if token.last_used is None or now - token.last_used > resolution:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now


@transaction.atomic
def token_revoke(*, token: ApiToken, user: Any) -> ApiToken:
    policy.require(user, "token.manage")
    if token.revoked_at is None:
        save_changes(token, {"revoked_at": timezone.now()}, user=user, clean=False)
    return token


def _used_publicly(rating: Rating) -> bool:
    return Review.objects.public().filter(rating=rating).exists()


@transaction.atomic
def scale_create(*, user: Any, **values: object) -> RatingScale:
    policy.require(user, "scale.manage")
    return create(RatingScale, user=user, **values)


@transaction.atomic
def scale_update(*, scale: RatingScale, user: Any, **values: object) -> RatingScale:
    policy.require(user, "scale.manage")
    save_changes(scale, values, user=user)
    return scale


@transaction.atomic
def rating_save(*, user: Any, rating: Rating | None = None, **values: object) -> Rating:
    """Add a rating to a scale, or change one that no public verdict uses yet."""
    policy.require(user, "scale.manage")
    if rating is None:
        return create(Rating, user=user, **values)
    if _used_publicly(rating) and {k for k, v in values.items() if getattr(rating, k) != v} & {"label", "value"}:
        raise ValidationError({"label": f"“{rating.label}” is the rating of published fact-checks: its label and "
                                        "value stay. Add a new rating instead."})
    save_changes(rating, values, user=user)
    return rating


@transaction.atomic
def rating_delete(*, rating: Rating, user: Any) -> None:
    policy.require(user, "scale.manage")
    rating.delete()  # PROTECT: a rating any verdict uses stays
