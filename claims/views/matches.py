"""Claim matching on the review desk: suggested matches shown on claim and article pages, decided
by editors (link the appearance, keep separate, merge the claims), and claims merged by hand.

Every write goes through claims.matching; every object comes through a lookup with the
permission check built in.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from claims.choices import MatchStatus
from claims.forms import MergeForm
from claims.models import Claim, MatchSuggestion
from claims.selectors import current_review
from claims.selectors.matching import find_candidates
from claims.services import matching
from claims.views.helpers import (
    _get_claim_for_user,
    _get_suggestion_for_user,
    editor_required,
)

PANEL = "matches"  # the claim page's anchor for the "Possible same claim" panel


def claim_url(claim_id: int, anchor: str = "") -> str:
    return reverse("claims:claim", args=[claim_id]) + (f"#{anchor}" if anchor else "")


# --- The "Possible same claim" panel -------------------------------------------------------------






def _back(request: HttpRequest, fallback: int) -> str:
    """The claim page the decision was made on (a claim id, so never an outside address)."""
    value = request.POST.get("from", "")
    return claim_url(int(value) if value.isdigit() else fallback, PANEL)


@require_POST
@editor_required
def suggestion_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Link the statement to the suggested claim, keep the two apart, or merge the two claims."""
    if action not in ("link", "keep", "merge"):
        raise Http404
    suggestion = _get_suggestion_for_user(request, pk)
    back = _back(request, suggestion.claim_id)
    user = request.user
    try:
        with transaction.atomic():
            # Two editors deciding at once: the second sees the first one's decision.
            suggestion = MatchSuggestion.objects.select_for_update(of=("self",)).select_related(
                "attribution__claim", "claim").get(pk=suggestion.pk)
            if suggestion.status != MatchStatus.PENDING:
                messages.info(request, f"This suggestion was already decided: {suggestion.get_status_display()}.")
                return redirect(back)
            statement_claim = suggestion.attribution.claim_id
            if action == "link":
                target = matching.suggestion_link(suggestion=suggestion, user=user)
                messages.success(
                    request, f"Linked: the statement is now an appearance of claim #{target.pk}.")
                return redirect(back)
            if action == "keep":
                matching.suggestion_keep_separate(suggestion=suggestion, user=user)
                messages.success(request, f"Kept separate: claims #{statement_claim} and #{suggestion.claim_id} "
                                          "stay two claims.")
                return redirect(back)
            survivor = matching.suggestion_merge(suggestion=suggestion, user=user)
    except matching.MergeError as exc:
        messages.error(request, f"Not merged: {exc}")
        return redirect(back)
    messages.success(request, f"Merged claim #{statement_claim} into claim #{survivor.pk}: its appearances, "
                              "verdicts, notes and history are here now.")
    return redirect(claim_url(survivor.pk))


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


def _summary(claim: Claim) -> dict:
    return {
        "claim": claim,
        "appearances": claim.appearances.count(),
        "reviews": claim.reviews.count(),
        "notes": claim.notes.count(),
        "review": current_review(claim),
    }


@require_http_methods(["GET", "POST"])
@editor_required
def claim_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: choose the claim to keep (by number, or from the similar claims) and confirm; POST: merge."""
    claim = _get_claim_for_user(request, pk)
    if request.method == "POST":
        form = MergeForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Not merged: give the number of the claim to keep.")
            return redirect(reverse("claims:claim_merge", args=[claim.pk]))
        into = form.cleaned_data["into"]
        survivor = Claim.objects.filter(pk=into).first()
        if survivor is None:
            messages.error(request, f"Not merged: there is no claim #{into}.")
            return redirect(claim_url(claim.pk))
        try:
            matching.claim_merge(survivor=survivor, merged=claim, user=request.user,
                                 reason=form.cleaned_data["reason"])
        except matching.MergeError as exc:
            messages.error(request, f"Not merged: {exc}")
            return redirect(claim_url(claim.pk))
        messages.success(request, f"Merged claim #{claim.pk} into this one: its appearances, verdicts, notes "
                                  "and history are here now.")
        return redirect(claim_url(survivor.pk))

    form = MergeForm(request.GET or None)
    survivor, problem = None, ""
    if form.is_bound and form.is_valid():
        into = form.cleaned_data["into"]
        survivor = Claim.objects.select_related("claimant", "merged_into").filter(pk=into).first()
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
        "this": _summary(claim),
        "that": _summary(survivor) if survivor is not None and not problem else None,
    })
