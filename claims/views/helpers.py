"""Permission decorators and lookups with the permission check built in.

Every desk view is wrapped in `desk_member_required` (or `policy_required(action)`), and every
object is fetched through a `_get_*_for_user` helper, so no view can forget the check. What a
user may do to a record is the policy's answer (claims.policy), asked again by the service.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from claims import policy, selectors
from claims.models import Article, Attribution, Claim, Evidence, MatchSuggestion, Source

View = Callable[..., HttpResponse]


def policy_required(action: str) -> Callable[[View], View]:
    """Signed-in users the policy allows `action` (on no record); anyone else signed in gets 403
    with the policy's reason, anonymous users the sign-in page."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            policy.require(request.user, action)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


desk_member_required = policy_required("desk.read")


def _get_claim_for_user(request: HttpRequest, pk: int) -> Claim:
    policy.require(request.user, "desk.read")
    return get_object_or_404(selectors.desk_claim_queryset(), pk=pk)


def _get_article_for_user(request: HttpRequest, pk: int) -> Article:
    policy.require(request.user, "desk.read")
    return get_object_or_404(selectors.article_queryset(), pk=pk)


def _get_source_for_user(request: HttpRequest, pk: int) -> Source:
    policy.require(request.user, "desk.read")
    return get_object_or_404(selectors.source_page_queryset(), pk=pk)


def _get_attribution_for_user(request: HttpRequest, pk: int) -> Attribution:
    policy.require(request.user, "desk.read")
    return get_object_or_404(selectors.attribution_queryset().select_related("claim"), pk=pk)


def _get_evidence_for_user(request: HttpRequest, pk: int) -> Evidence:
    policy.require(request.user, "desk.read")
    return get_object_or_404(selectors.evidence_queryset(), pk=pk)


def _get_suggestion_for_user(request: HttpRequest, pk: int) -> MatchSuggestion:
    policy.require(request.user, "desk.read")
    return get_object_or_404(selectors.suggestion_queryset(), pk=pk)


def refusal(exc: Exception) -> str:
    """The message of a refusal from a service, for the page (PolicyDenied, TransitionError,
    ReviewConflict, MergeError, ValidationError)."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)
