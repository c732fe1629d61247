"""The review desk: the queue and the claim page with its verdict, evidence, notes and moves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims import roles, services, workflow
from claims.choices import AttributionStatus, ClaimStatus, ReviewStatus
from claims.forms import (
    SORTS,
    AssignForm,
    CorrectionForm,
    EvidenceForm,
    MergeForm,
    NoteForm,
    NoteRequiredForm,
    QueueFilterForm,
    SendBackForm,
    VerdictForm,
)
from claims.models import Attribution, Claim, Evidence, Review
from claims.selectors import active_claim_id, claim_history, current_review, pending_suggestions
from claims.views.helpers import (
    _get_claim_for_user,
    _get_evidence_for_user,
    desk_member_required,
    editor_required,
    fact_checker_required,
    quote_in_paragraph,
)

PAGE_SIZE = 25


# --- Queue ---------------------------------------------------------------------------------------


def filter_claims(form: QueueFilterForm, user: Any) -> tuple[QuerySet[Claim], QuerySet[Claim]]:
    """(claims matching every filter, the same without the status filter: for the counts)."""
    claims = Claim.objects.active()
    if not form.is_valid():
        return claims, claims
    data = form.cleaned_data
    if data["q"]:
        words = data["q"].strip()
        claims = claims.filter(
            Q(text__icontains=words)
            | Q(claimant__name__icontains=words)
            | Exists(Attribution.objects.filter(claim=OuterRef("pk"), text__icontains=words))
        )
    if data["speaker"]:
        claims = claims.filter(
            Q(claimant=data["speaker"])
            | Exists(Attribution.objects.filter(claim=OuterRef("pk"), speaker=data["speaker"]))
        )
    if data["mine"]:
        claims = claims.filter(assigned_to=user)
    if data["rating"]:
        claims = claims.filter(Exists(Review.objects.filter(claim=OuterRef("pk"), rating=data["rating"])))
    appearance = Q()
    if data["outlet"]:
        appearance &= Q(article__outlet=data["outlet"])
    if data["kind"]:
        appearance &= Q(kind=data["kind"])
    if data["date_from"]:
        appearance &= Q(article__published_on__gte=data["date_from"])
    if data["date_to"]:
        appearance &= Q(article__published_on__lte=data["date_to"])
    if appearance:
        claims = claims.filter(Exists(Attribution.objects.filter(appearance, claim=OuterRef("pk"))))
    without_status = claims
    if data["status"]:
        claims = claims.filter(status=data["status"])
    return claims, without_status


def queue_rows(claims: QuerySet[Claim], order: list[str]) -> QuerySet[Claim]:
    """Everything a queue row shows, in a constant number of queries whatever the page size."""
    latest = Review.objects.filter(claim=OuterRef("pk")).order_by("-created", "-id")
    appearances = (
        Attribution.objects.exclude(status=AttributionStatus.REJECTED)
        .select_related("article__outlet")
        .only("id", "claim_id", "kind", "start", "article__id", "article__outlet__name", "article__published_on")
        .order_by("article__published_on", "id")
    )
    return (
        claims.select_related("claimant", "assigned_to")
        .annotate(
            appearance_count=Count("appearances", distinct=True),
            first_seen=Min("appearances__article__published_on"),
            rating_label=Subquery(latest.values("rating__label")[:1]),
            rating_value=Subquery(latest.values("rating__value")[:1]),
        )
        .prefetch_related(Prefetch("appearances", queryset=appearances, to_attr="visible_appearances"))
        .order_by(*[F(o[1:]).desc(nulls_last=True) if o.startswith("-") else F(o).asc(nulls_last=True)
                    for o in order])
    )


@require_GET
@desk_member_required
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    claims, without_status = filter_claims(form, request.user) if form.is_bound else (Claim.objects.active(),) * 2
    counts = dict(without_status.order_by().values_list("status").annotate(n=Count("id")))
    statuses = [(value, label, counts.get(value, 0)) for value, label in ClaimStatus.choices]
    sort = (form.cleaned_data.get("sort") if form.is_bound and form.is_valid() else "") or "-updated"
    page = Paginator(queue_rows(claims, SORTS[sort][1]), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    status_params = request.GET.copy()
    for key in ("page", "status"):
        status_params.pop(key, None)
    return render(request, "claims/queue.html", {
        "form": form,
        "page": page,
        "statuses": statuses,
        "total": sum(counts.values()),
        "current_status": request.GET.get("status", ""),
        "query_string": params.urlencode(),
        "status_query": status_params.urlencode(),
        "filtered": bool(form.is_bound and any(v for k, v in request.GET.items() if k not in ("page", "sort"))),
    })


# --- Claim page ----------------------------------------------------------------------------------


@dataclass
class Move:
    action: str
    label: str
    style: str = ""
    note: str = ""  # "optional" / "required": a note field goes with the button
    confirm: str = ""


def available_moves(claim: Claim, review: Review | None, user: Any) -> list[Move]:
    """The status moves this user may make now: only those the workflow allows."""
    moves: list[Move] = []
    editor, checker = roles.is_editor(user), roles.is_fact_checker(user)
    can = lambda to: workflow.claim_can_move(claim.status, to)  # noqa: E731
    status = review.status if review else None
    if checker and claim.status == ClaimStatus.NEW and can(ClaimStatus.IN_REVIEW):
        moves.append(Move("start", "Start review", "primary"))
    if checker and status == ReviewStatus.DRAFT and claim.status == ClaimStatus.IN_REVIEW:
        moves.append(Move("submit", "Submit verdict for approval", "primary"))
    if editor and status == ReviewStatus.SUBMITTED:
        moves.append(Move("approve", "Approve verdict", "primary"))
    if editor and status == ReviewStatus.APPROVED:
        moves.append(Move("publish", "Publish fact-check", "primary", confirm="Publish this fact-check now?"))
    if editor and status in (ReviewStatus.SUBMITTED, ReviewStatus.APPROVED):
        moves.append(Move("send_back", "Send back to fact-checker", note="optional"))
    if editor and status in (ReviewStatus.PUBLISHED, ReviewStatus.CORRECTED):
        moves.append(Move("retract", "Retract", "danger", note="required",
                          confirm="Retract this fact-check? The public page will say so."))
    if editor and can(ClaimStatus.DISMISSED):
        moves.append(Move("dismiss", "Dismiss (not worth checking)", "quiet"))
    if editor and claim.status == ClaimStatus.DISMISSED and can(ClaimStatus.NEW):
        moves.append(Move("reopen", "Reopen"))
    return moves


def can_edit_verdict(claim: Claim, review: Review | None, user: Any) -> bool:
    if not roles.is_fact_checker(user):
        return False
    if review is None:
        return claim.status in (ClaimStatus.NEW, ClaimStatus.IN_REVIEW)
    return review.status in services.REVIEW_EDITABLE_STATUSES and claim.status != ClaimStatus.DISMISSED


def render_claim(
    request: HttpRequest, claim: Claim, *, status: int = 200, verdict_form: VerdictForm | None = None,
    conflict: services.ReviewConflict | None = None, evidence_form: EvidenceForm | None = None,
    note_form: NoteForm | None = None, correction_form: CorrectionForm | None = None,
    move_error: str = "",
) -> HttpResponse:
    review = current_review(claim)
    user = request.user
    appearances = list(
        claim.appearances.select_related("article__outlet", "speaker").order_by("article__published_on", "start")
    )
    for appearance in appearances:
        appearance.paragraph = quote_in_paragraph(appearance.article, appearance)
    editable = can_edit_verdict(claim, review, user)
    if verdict_form is None and editable:
        verdict_form = VerdictForm(review=review)
    published = review is not None and review.status in (ReviewStatus.PUBLISHED, ReviewStatus.CORRECTED)
    if correction_form is None and published and roles.is_editor(user):
        correction_form = CorrectionForm(review=review)
    context = {
        "claim": claim,
        "review": review,
        "appearances": appearances,
        "evidence": list(review.evidence.all()) if review else [],
        "corrections": list(review.corrections.select_related("editor")) if review else [],
        "notes": list(claim.notes.select_related("author")),
        "history": claim_history(claim),
        "suggestions": pending_suggestions(claim),
        "merge_form": MergeForm() if roles.is_editor(user) and claim.merged_into_id is None else None,
        "verdict_form": verdict_form if editable else None,
        "conflict": conflict,
        "evidence_form": evidence_form or EvidenceForm(),
        "note_form": note_form or NoteForm(),
        "assign_form": AssignForm(initial={"assigned_to": claim.assigned_to_id}) if roles.is_editor(user) else None,
        "correction_form": correction_form,
        "moves": available_moves(claim, review, user),
        "can_edit_evidence": editable and review is not None,
        "move_error": move_error,
        "is_public": review is not None and review.status in (
            ReviewStatus.PUBLISHED, ReviewStatus.CORRECTED, ReviewStatus.RETRACTED),
    }
    return render(request, "claims/claim.html", context, status=status)


@require_GET
@desk_member_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)
    if claim.merged_into_id is not None:
        # A merged claim lives on in the one it was merged into (through any chain of merges).
        messages.info(request, f"Claim #{claim.pk} was merged into this one.")
        return redirect(_claim_url(Claim(pk=active_claim_id(claim))))
    return render_claim(request, claim)


def _claim_url(claim: Claim, anchor: str = "") -> str:
    return reverse("claims:claim", args=[claim.pk]) + (f"#{anchor}" if anchor else "")


@require_POST
@fact_checker_required
def verdict_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the verdict (and submit it, with the "submit" button); a stale version is refused."""
    claim = _get_claim_for_user(request, pk)
    review = current_review(claim)
    if not can_edit_verdict(claim, review, request.user):
        raise PermissionDenied("This verdict cannot be edited now.")
    form = VerdictForm(request.POST, review=review)
    if not form.is_valid():
        return render_claim(request, claim, status=400, verdict_form=form)
    version = form.cleaned_data["version"]
    try:
        if review is None:
            review = services.review_start(claim=claim, fact_checker=request.user, **form.values())
        elif version is None:
            # The page was loaded before anyone opened a review; a colleague has opened one since.
            theirs = [(f, "", getattr(review, f)) for f in services.REVIEW_EDITABLE_FIELDS if getattr(review, f)]
            raise services.ReviewConflict(review, theirs)
        else:
            services.review_update(review=review, version=version, user=request.user, **form.values())
        if request.POST.get("intent") == "submit":
            services.review_submit(review=review, user=request.user)
            messages.success(request, "Verdict submitted for an editor's approval.")
        else:
            messages.success(request, "Verdict saved.")
    except services.ReviewConflict as conflict:
        data = request.POST.copy()
        data["version"] = str(conflict.current_version)  # saving again now overwrites, knowingly
        kept = VerdictForm(data, review=conflict.review)
        kept.is_valid()
        return render_claim(request, claim, status=409, verdict_form=kept, conflict=conflict)
    except services.TransitionError as exc:
        form.add_error(None, str(exc))
        return render_claim(request, claim, status=400, verdict_form=form)
    return redirect(_claim_url(claim, "verdict"))


@require_POST
@desk_member_required
def claim_move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Apply one status move through the services; the button only appears when it is allowed."""
    claim = _get_claim_for_user(request, pk)
    review = current_review(claim)
    allowed = {m.action: m for m in available_moves(claim, review, request.user)}
    if action not in allowed:
        raise PermissionDenied("This move is not available to you now.")
    user = request.user
    form = NoteRequiredForm(request.POST) if allowed[action].note == "required" else SendBackForm(request.POST)
    if not form.is_valid():
        return render_claim(request, claim, status=400, move_error="Write a note saying why.")
    note, version = form.cleaned_data["note"], form.cleaned_data["version"]
    try:
        if action == "start":
            services.claim_transition(claim=claim, to=ClaimStatus.IN_REVIEW, user=user)
            if claim.assigned_to_id is None:
                services.claim_assign(claim=claim, assignee=user, user=user)
            done = "Review started."
        elif action == "submit":
            services.review_submit(review=review, user=user, version=version)
            done = "Verdict submitted for an editor's approval."
        elif action == "approve":
            services.review_approve(review=review, editor=user, version=version)
            done = "Verdict approved."
        elif action == "publish":
            services.review_publish(review=review, editor=user, version=version)
            done = "Fact-check published."
        elif action == "send_back":
            services.review_send_back(review=review, editor=user, note=note, version=version)
            done = "Sent back to the fact-checker."
        elif action == "retract":
            services.review_retract(review=review, editor=user, note=note, version=version)
            done = "Fact-check retracted."
        elif action == "dismiss":
            services.claim_transition(claim=claim, to=ClaimStatus.DISMISSED, user=user)
            done = "Claim dismissed."
        else:  # reopen
            services.claim_transition(claim=claim, to=ClaimStatus.NEW, user=user)
            done = "Claim reopened."
    except services.ReviewConflict as exc:
        return render_claim(request, claim, status=409, move_error=str(exc))
    except (services.TransitionError, ValueError) as exc:
        return render_claim(request, claim, status=400, move_error=str(exc))
    messages.success(request, done)
    return redirect(_claim_url(claim))


@require_POST
@editor_required
def review_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a published verdict in the open, with a dated public correction note."""
    claim = _get_claim_for_user(request, pk)
    review = current_review(claim)
    if review is None or review.status not in (ReviewStatus.PUBLISHED, ReviewStatus.CORRECTED):
        raise PermissionDenied("Only a published verdict is corrected.")
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
    except (services.TransitionError, ValueError) as exc:
        form.add_error(None, str(exc))
        return render_claim(request, claim, status=400, correction_form=form)
    messages.success(request, "Correction published.")
    return redirect(_claim_url(claim))


@require_POST
@editor_required
def claim_assign(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return render_claim(request, claim, status=400, move_error="Choose someone from the list.")
    services.claim_assign(claim=claim, assignee=form.cleaned_data["assigned_to"], user=request.user)
    who = form.cleaned_data["assigned_to"]
    messages.success(request, f"Assigned to {who.get_username()}." if who else "Unassigned.")
    return redirect(_claim_url(claim))


@require_POST
@desk_member_required
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render_claim(request, claim, status=400, note_form=form)
    services.note_add(claim=claim, author=request.user, text=form.cleaned_data["text"])
    return redirect(_claim_url(claim, "notes"))


# --- Evidence ------------------------------------------------------------------------------------


@require_POST
@fact_checker_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)
    review = current_review(claim)
    if review is None or not can_edit_verdict(claim, review, request.user):
        raise PermissionDenied("Evidence is added to a verdict that is being written.")
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        return render_claim(request, claim, status=400, evidence_form=form)
    try:
        services.evidence_add(review=review, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return render_claim(request, claim, status=400, evidence_form=form)
    messages.success(request, "Evidence added.")
    return redirect(_claim_url(claim, "evidence"))


def _get_editable_evidence(request: HttpRequest, pk: int) -> tuple[Evidence, Claim]:
    """An evidence item and its claim, when this user may still change that verdict's evidence."""
    evidence = _get_evidence_for_user(request, pk)
    claim = _get_claim_for_user(request, evidence.review.claim_id)
    if not can_edit_verdict(claim, current_review(claim), request.user):
        raise PermissionDenied("This verdict's evidence cannot be edited now.")
    return evidence, claim


@require_POST
@fact_checker_required
def evidence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    evidence, claim = _get_editable_evidence(request, pk)
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The evidence was not saved: " + " ".join(
            str(e) for errors in form.errors.values() for e in errors))
        return redirect(_claim_url(claim, "evidence"))
    services.evidence_update(evidence=evidence, user=request.user, **form.cleaned_data)
    messages.success(request, "Evidence updated.")
    return redirect(_claim_url(claim, "evidence"))


@require_POST
@fact_checker_required
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence, claim = _get_editable_evidence(request, pk)
    services.evidence_remove(evidence=evidence, user=request.user)
    messages.success(request, "Evidence removed.")
    return redirect(_claim_url(claim, "evidence"))
