"""The review desk: the queue and the claim page with its verdict, evidence, notes and moves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from claims import policy, selectors, services
from claims.choices import PUBLIC_REVIEW_STATUSES, ClaimStatus
from claims.extraction import checkworthiness
from claims.forms import (
    AssignForm,
    ClaimEditForm,
    ClaimFilterForm,
    CorrectionForm,
    EvidenceForm,
    MergeForm,
    NoteForm,
    NoteRequiredForm,
    PlanForm,
    SendBackForm,
    VerdictForm,
)
from claims.ids import parse_int
from claims.links import claim_url
from claims.models import Claim, Review
from claims.paragraphs import quote_in_paragraph
from claims.selectors.inbox import OPEN_STATES
from claims.views.helpers import (
    _get_claim_for_user,
    _get_evidence_for_user,
    desk_member_required,
    refusal,
)

# --- Queue ---------------------------------------------------------------------------------------


@require_GET
@desk_member_required
def queue(request: HttpRequest) -> HttpResponse:
    queue = selectors.claim_queue(request.GET, request=request)
    initial = dict(queue.form_data)
    initial["mine"] = initial.get("mine", "").lower() in ("true", "1")
    form = ClaimFilterForm(initial=initial, sorts={key: sort.label for key, sort in selectors.SORTS.items()})
    params = request.GET.copy()
    for key in ("cursor", "page"):
        params.pop(key, None)
    status_params = params.copy()
    status_params.pop("status", None)
    return render(request, "claims/queue.html", {
        "form": form,
        "queue": queue,
        "errors": queue.errors,
        "current_status": request.GET.get("status", ""),
        "query_string": params.urlencode(),
        "status_query": status_params.urlencode(),
        "filtered": any(v for k, v in request.GET.items() if k not in ("cursor", "page", "sort")),
    })


# --- Claim page ----------------------------------------------------------------------------------


@dataclass
class Move:
    slug: str  # the URL's last part
    action: str  # the policy's
    label: str
    style: str = ""
    note: str = ""  # "optional" / "required": a note field goes with the button
    confirm: str = ""
    needs_review: bool = False
    without_review: bool = False  # offered only while the claim has no verdict in progress


MOVES = (
    Move("start", "claim.start", "Start review", "primary"),
    Move("submit", "review.submit", "Submit verdict for approval", "primary", needs_review=True),
    Move("approve", "review.approve", "Approve verdict", "primary", needs_review=True),
    Move("publish", "review.publish", "Publish fact-check", "primary", confirm="Publish this fact-check now?",
         needs_review=True),
    Move("send_back", "review.send_back", "Send back to fact-checker", note="optional", needs_review=True),
    Move("retract", "review.retract", "Retract", "danger", note="required",
         confirm="Retract this fact-check? The public page will say so.", needs_review=True),
    Move("delete_verdict", "review.delete", "Delete the draft verdict", "danger quiet",
         confirm="Delete this draft verdict and its evidence?", needs_review=True),
    Move("dismiss", "claim.dismiss", "Dismiss (not worth checking)", "quiet", without_review=True),
    Move("reopen", "claim.reopen", "Reopen"),
)
MOVE_BY_SLUG = {m.slug: m for m in MOVES}


def available_moves(claim: Claim, review: Review | None, user: Any) -> list[Move]:
    """The status moves this user may make now: the policy's answer, move by move."""
    return [
        m for m in MOVES
        if (review is not None or not m.needs_review) and not (m.without_review and review is not None)
        and policy.may(user, m.action, review or claim)
    ]


def verdict_editable(claim: Claim, review: Review | None, user: Any) -> bool:
    """The verdict form is offered: to start a verdict, or to edit one before publication (after
    it, an editor changes it through the correction form)."""
    if review is None:
        return policy.may(user, "review.create", claim).allowed
    decision = policy.may(user, "review.update", review)
    return decision.allowed and not decision.correction


def render_claim(
    request: HttpRequest, claim: Claim, *, status: int = 200, verdict_form: VerdictForm | None = None,
    conflict: services.ReviewConflict | None = None, evidence_form: EvidenceForm | None = None,
    note_form: NoteForm | None = None, correction_form: CorrectionForm | None = None,
    claim_form: ClaimEditForm | None = None, move_error: str = "", plan_form: PlanForm | None = None,
) -> HttpResponse:
    review = selectors.current_review(claim)
    user = request.user
    appearances = selectors.claim_appearances(claim)
    for appearance in appearances:
        appearance.paragraph = quote_in_paragraph(appearance.article, appearance)
    # A new claim offers one way in, "Start review"; the verdict form follows it (two buttons,
    # "Start review" and "Start verdict", read as two different things). Saving a verdict on a
    # new claim (the API's way, or a page loaded before) still starts it.
    editable = verdict_editable(claim, review, user) and (verdict_form is not None or not (
        review is None and claim.status == ClaimStatus.NEW and policy.may(user, "claim.start", claim)))
    if verdict_form is None and editable:
        verdict_form = VerdictForm(review=review)
    correcting = review is not None and policy.may(user, "review.update", review).correction
    if correction_form is None and correcting:
        correction_form = CorrectionForm(review=review)
    claim_decision = policy.may(user, "claim.update", claim)
    if claim_form is None and claim_decision:
        claim_form = ClaimEditForm(claim=claim)
    evidence_decision = policy.may(user, "evidence.add", review) if review else policy.Decision(False)
    context = {
        "claim": claim,
        "review": review,
        "appearances": appearances,
        "evidence": selectors.review_evidence(review) if review else [],
        "corrections": selectors.review_corrections(review) if review else [],
        "notes": selectors.claim_notes(claim),
        "history": selectors.claim_history(claim, page=parse_int(request.GET.get("history", ""), minimum=1) or 1),
        "suggestions": selectors.pending_suggestions(claim),
        "can_decide": policy.may(user, "suggestion.decide", state=policy.claim_state(claim)).allowed,
        "merge_form": MergeForm() if policy.may(user, "claim.merge", claim) else None,
        "verdict_form": verdict_form if editable else None,
        "conflict": conflict,
        "evidence_form": evidence_form or EvidenceForm(),
        "note_form": note_form or NoteForm(),
        "assign_form": AssignForm(initial={"assigned_to": claim.assigned_to_id})
        if policy.may(user, "claim.assign", claim) else None,
        "plan_form": (plan_form or PlanForm(initial={"priority": claim.priority, "due_on": claim.due_on}))
        if policy.may(user, "claim.plan", claim) else None,
        "overdue": claim.due_on is not None and claim.status in OPEN_STATES
        and claim.due_on < timezone.localdate(),
        "correction_form": correction_form if correcting else None,
        "claim_form": claim_form if claim_decision else None,
        "topics": list(claim.topics.all()),
        # A person's score stands beside the scorer's own, so the two can be compared.
        "scorer_score": checkworthiness.score(claim.text).score if claim.checkworthiness_set_by_hand else None,
        "topic_names": selectors.topic_names() if claim_decision else [],
        "claim_correction": claim_decision.correction,
        "moves": available_moves(claim, review, user),
        "can_edit_evidence": evidence_decision.allowed,
        "evidence_correction": evidence_decision.correction,
        "can_start_verdict": policy.may(user, "review.create", claim).allowed,
        "move_error": move_error,
        "is_public": review is not None and review.status in PUBLIC_REVIEW_STATUSES,
    }
    return render(request, "claims/claim.html", context, status=status)


@require_GET
@desk_member_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)
    if claim.merged_into_id is not None:
        # A merged claim lives on in the one it was merged into (through any chain of merges).
        messages.info(request, f"Claim #{claim.pk} was merged into this one.")
        return redirect(claim_url(selectors.active_claim_id(claim)))
    return render_claim(request, claim)


@require_POST
@desk_member_required
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The checkable statement itself: wording, claimant, date, check-worthiness."""
    claim = _get_claim_for_user(request, pk)
    policy.require(request.user, "claim.update", claim)
    form = ClaimEditForm(request.POST, claim=claim)
    if not form.is_valid():
        return render_claim(request, claim, status=400, claim_form=form)
    try:
        services.claim_update(claim=claim, user=request.user, **form.values())
    except ValidationError as exc:
        _add_errors(form, exc)
        return render_claim(request, claim, status=400, claim_form=form)
    messages.success(request, "Claim saved.")
    return redirect(claim_url(claim.pk))


def _add_errors(form: Any, exc: ValidationError) -> None:
    """A service's field errors onto the form's fields (the rest onto the form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_POST
@desk_member_required
def verdict_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the verdict (and submit it, with the "submit" button); a stale version is refused."""
    claim = _get_claim_for_user(request, pk)
    review = selectors.current_review(claim)
    if not verdict_editable(claim, review, request.user):
        policy.require(request.user, "review.update" if review else "review.create", review or claim)
        raise PermissionDenied("A published verdict changes through the correction form.")
    form = VerdictForm(request.POST, review=review)
    if not form.is_valid():
        return render_claim(request, claim, status=400, verdict_form=form)
    version = form.cleaned_data["version"]
    submit = request.POST.get("intent") == "submit"
    try:
        with transaction.atomic():  # "save and submit" saves nothing unless it can submit
            if review is None:
                review = services.review_create(claim=claim, fact_checker=request.user, **form.values())
            elif version is None:
                # The page was loaded before anyone opened a review; a colleague has opened one since.
                policy.require(request.user, "review.create", claim)
                theirs = [(f, "", getattr(review, f)) for f in services.REVIEW_EDITABLE_FIELDS if getattr(review, f)]
                raise services.ReviewConflict(review, theirs)
            else:
                services.review_update(review=review, version=version, user=request.user, **form.values())
            if submit:
                services.review_submit(review=review, user=request.user)
        messages.success(request, "Verdict submitted for an editor's approval." if submit else "Verdict saved.")
    except services.ReviewConflict as conflict:
        data = request.POST.copy()
        data["version"] = str(conflict.current_version)  # saving again now overwrites, knowingly
        kept = VerdictForm(data, review=conflict.review)
        kept.is_valid()
        return render_claim(request, claim, status=409, verdict_form=kept, conflict=conflict)
    except ValidationError as exc:
        _add_errors(form, exc)
        claim.refresh_from_db()
        return render_claim(request, claim, status=400, verdict_form=form)
    except services.TransitionError as exc:
        form.add_error(None, str(exc))
        claim.refresh_from_db()
        return render_claim(request, claim, status=400, verdict_form=form)
    return redirect(claim_url(claim.pk, "verdict"))


@require_POST
@desk_member_required
def claim_move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Apply one status move through its service; the policy answers again there."""
    claim = _get_claim_for_user(request, pk)
    review = selectors.current_review(claim)
    move = MOVE_BY_SLUG.get(action)
    if move is None:
        raise Http404
    if move.needs_review and review is None:
        raise PermissionDenied("This claim has no verdict yet.")
    policy.require(request.user, move.action, review if move.needs_review else claim)
    user = request.user
    form = NoteRequiredForm(request.POST) if move.note == "required" else SendBackForm(request.POST)
    if not form.is_valid():
        return render_claim(request, claim, status=400, move_error="Write a note saying why.")
    note, version = form.cleaned_data["note"], form.cleaned_data["version"]
    try:
        done = _apply_move(move.action, claim, review, user, note=note, version=version)
    except services.ReviewConflict as exc:
        return render_claim(request, claim, status=409, move_error=str(exc))
    except (services.TransitionError, ValidationError) as exc:
        return render_claim(request, claim, status=400, move_error=refusal(exc))
    messages.success(request, done)
    return redirect(claim_url(claim.pk))


def _apply_move(action: str, claim: Claim, review: Review | None, user: Any, *, note: str,
                version: int | None) -> str:
    if action == "claim.start":
        services.claim_start(claim=claim, user=user)
        return "Review started."
    if action == "claim.dismiss":
        services.claim_transition(claim=claim, to=ClaimStatus.DISMISSED, user=user)
        return "Claim dismissed."
    if action == "claim.reopen":
        services.claim_transition(claim=claim, to=ClaimStatus.NEW, user=user)
        return "Claim reopened."
    assert review is not None
    if action == "review.submit":
        services.review_submit(review=review, user=user, version=version)
        return "Verdict submitted for an editor's approval."
    if action == "review.approve":
        services.review_approve(review=review, editor=user, version=version)
        return "Verdict approved."
    if action == "review.publish":
        services.review_publish(review=review, editor=user, version=version)
        return "Fact-check published."
    if action == "review.send_back":
        services.review_send_back(review=review, editor=user, note=note, version=version)
        return "Sent back to the fact-checker."
    if action == "review.delete":
        services.review_delete(review=review, user=user)
        return "Draft verdict deleted."
    services.review_retract(review=review, editor=user, note=note, version=version)
    return "Fact-check retracted."


@require_POST
@desk_member_required
def review_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a published verdict in the open, with a dated public correction note."""
    claim = _get_claim_for_user(request, pk)
    review = selectors.current_review(claim)
    if review is None:
        raise Http404
    policy.require(request.user, "review.update", review)
    form = CorrectionForm(request.POST, review=review)
    if not form.is_valid():
        return render_claim(request, claim, status=400, correction_form=form)
    try:
        services.review_correct(
            review=review, editor=request.user, note=form.cleaned_data["note"],
            version=form.cleaned_data["version"], **form.values(),
        )
    except services.ReviewConflict as exc:
        form.add_error(None, str(exc))
        return render_claim(request, claim, status=409, correction_form=form)
    except ValidationError as exc:
        _add_errors(form, exc)
        return render_claim(request, claim, status=400, correction_form=form)
    except services.TransitionError as exc:
        form.add_error(None, str(exc))
        return render_claim(request, claim, status=400, correction_form=form)
    messages.success(request, "Correction published.")
    return redirect(claim_url(claim.pk))


@require_POST
@desk_member_required
def claim_assign(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)
    policy.require(request.user, "claim.assign", claim)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return render_claim(request, claim, status=400, move_error="Choose someone from the list.")
    who = form.cleaned_data["assigned_to"]
    try:
        services.claim_assign(claim=claim, assignee=who, user=request.user)
    except ValidationError as exc:
        return render_claim(request, claim, status=400, move_error=refusal(exc))
    messages.success(request, f"Assigned to {who.get_username()}." if who else "Unassigned.")
    return redirect(claim_url(claim.pk))


@require_POST
@desk_member_required
def claim_plan(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)
    policy.require(request.user, "claim.plan", claim)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return render_claim(request, claim, status=400, plan_form=form)
    services.claim_plan(claim=claim, user=request.user, **form.cleaned_data)
    messages.success(request, "Priority and due date saved.")
    return redirect(claim_url(claim.pk))


@require_POST
@desk_member_required
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)
    policy.require(request.user, "note.add", claim)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render_claim(request, claim, status=400, note_form=form)
    services.note_add(claim=claim, author=request.user, text=form.cleaned_data["text"])
    return redirect(claim_url(claim.pk, "notes"))


# --- Evidence ------------------------------------------------------------------------------------


@require_POST
@desk_member_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)
    review = selectors.current_review(claim)
    if review is None:
        raise PermissionDenied("Start the verdict before adding evidence.")
    policy.require(request.user, "evidence.add", review)
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        return render_claim(request, claim, status=400, evidence_form=form)
    try:
        services.evidence_add(review=review, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _add_errors(form, exc)
        return render_claim(request, claim, status=400, evidence_form=form)
    messages.success(request, "Evidence added.")
    return redirect(claim_url(claim.pk, "evidence"))


@require_POST
@desk_member_required
def evidence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _get_evidence_for_user(request, pk)
    policy.require(request.user, "evidence.update", evidence)
    claim = evidence.review.claim
    form = EvidenceForm(request.POST)
    if form.is_valid():
        try:
            services.evidence_update(evidence=evidence, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
    if form.errors:
        messages.error(request, "The evidence was not saved: " + " ".join(
            str(e) for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, "Evidence updated.")
    return redirect(claim_url(claim.pk, "evidence"))


@require_POST
@desk_member_required
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _get_evidence_for_user(request, pk)
    policy.require(request.user, "evidence.remove", evidence)
    claim = evidence.review.claim
    try:
        services.evidence_remove(evidence=evidence, user=request.user,
                                 correction_note=request.POST.get("correction_note", "")[:5000])
    except ValidationError as exc:
        messages.error(request, "The evidence was not removed: " + refusal(exc))
    else:
        messages.success(request, "Evidence removed.")
    return redirect(claim_url(claim.pk, "evidence"))
