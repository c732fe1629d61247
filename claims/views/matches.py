"""Claim matching on the review desk: suggested matches shown on claim and article pages, decided
by editors (link the appearance, keep separate, merge the claims), and claims merged by hand.

Every write goes through claims.services; every object comes through a lookup with the
permission check built in.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from claims import policy, selectors, services
from claims.forms import MergeForm
from claims.ids import parse_id
from claims.links import claim_url
from claims.models import Claim
from claims.selectors.matching import find_candidates
from claims.views.helpers import (
    _get_claim_for_user,
    _get_suggestion_for_user,
    desk_member_required,
)

PANEL = "matches"  # the claim page's anchor for the "Possible same claim" panel


def _back(request: HttpRequest, fallback: int) -> str:
    """The claim page the decision was made on (a claim id, so never an outside address)."""
    claim_id = parse_id(request.POST.get("from", ""))
    return claim_url(claim_id if claim_id is not None else fallback, PANEL)


@require_POST
@desk_member_required
def suggestion_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Link the statement to the suggested claim, keep the two apart, or merge the two claims."""
    if action not in ("link", "keep", "merge"):
        raise Http404
    suggestion = _get_suggestion_for_user(request, pk)
    policy.require(request.user, "suggestion.decide", suggestion)
    back = _back(request, suggestion.claim_id)
    statement_claim, suggested_claim = suggestion.attribution.claim_id, suggestion.claim_id
    try:
        now_in = services.suggestion_decide(suggestion=suggestion, action=action, user=request.user)
    except services.AlreadyDecided as exc:
        messages.info(request, str(exc))
        return redirect(back)
    except services.MergeError as exc:
        messages.error(request, f"Not merged: {exc}")
        return redirect(back)
    if action == "link":
        messages.success(request, f"Linked: the statement is now an appearance of claim #{now_in.pk}.")
    elif action == "keep":
        messages.success(request, f"Kept separate: claims #{statement_claim} and #{suggested_claim} stay two claims.")
    else:
        messages.success(request, f"Merged claim #{statement_claim} into claim #{now_in.pk}: its appearances, "
                                  "verdicts, notes and history are here now.")
        return redirect(claim_url(now_in.pk))
    return redirect(back)


# --- Merging two claims by hand ------------------------------------------------------------------


def _merge_problem(claim: Claim, survivor: Claim | None, into: int) -> str:
    """Why this merge cannot be made (the checks claim_merge makes, said before the button)."""
    if survivor is None:
        return f"There is no claim #{into}."
    if survivor.pk == claim.pk:
        return "A claim cannot be merged into itself."
    if claim.merged_into_id is not None:
        return f"Claim #{claim.pk} was already merged into claim #{claim.merged_into_id}."
    if survivor.merged_into_id is not None:
        return f"Claim #{survivor.pk} was already merged into claim #{survivor.merged_into_id}; merge into that one."
    return ""


@require_http_methods(["GET", "POST"])
@desk_member_required
def claim_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: choose the claim to keep (by number, or from the similar claims) and confirm; POST: merge."""
    claim = _get_claim_for_user(request, pk)
    policy.require(request.user, "claim.merge", claim)
    if request.method == "POST":
        form = MergeForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Not merged: give the number of the claim to keep.")
            return redirect(reverse("claims:claim_merge", args=[claim.pk]))
        into = form.cleaned_data["into"]
        survivor = selectors.claim_by_id(into)
        if survivor is None:
            messages.error(request, f"Not merged: there is no claim #{into}.")
            return redirect(claim_url(claim.pk))
        try:
            services.claim_merge(survivor=survivor, merged=claim, user=request.user,
                                 reason=form.cleaned_data["reason"])
        except services.MergeError as exc:
            messages.error(request, f"Not merged: {exc}")
            return redirect(claim_url(claim.pk))
        messages.success(request, f"Merged claim #{claim.pk} into this one: its appearances, verdicts, notes "
                                  "and history are here now.")
        return redirect(claim_url(survivor.pk))

    form = MergeForm(request.GET or None)
    survivor, problem = None, ""
    if form.is_bound and form.is_valid():
        into = form.cleaned_data["into"]
        survivor = selectors.claim_by_id(into, with_claimant=True)
        problem = _merge_problem(claim, survivor, into)
    candidates = []
    if claim.merged_into_id is None:
        candidates = find_candidates(text=claim.text, speaker=claim.claimant, exclude={claim.pk})
    return render(request, "claims/merge.html", {
        "claim": claim,
        "form": form,
        "survivor": survivor if survivor is not None and not problem else None,
        "problem": problem,
        "candidates": candidates,
        "this": selectors.merge_summary(claim),
        "that": selectors.merge_summary(survivor) if survivor is not None and not problem else None,
    })
