"""Article pages (every attribution highlighted, suggestions confirmed or corrected in place) and
source pages (a speaker's track record)."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims import policy, selectors, services
from claims.choices import AttributionStatus
from claims.forms import ArticleDetailsForm, AttributionCorrectForm
from claims.views.helpers import (
    _get_article_for_user,
    _get_attribution_for_user,
    _get_source_for_user,
    article_paragraphs,
    desk_member_required,
    refusal,
)


def render_article(request: HttpRequest, article, *, status: int = 200, forms: dict | None = None,
                   details_form: ArticleDetailsForm | None = None) -> HttpResponse:
    attributions = selectors.article_attributions(article)
    shown = [a for a in attributions if a.status != AttributionStatus.REJECTED]
    forms = forms or {}
    user = request.user
    for attribution in attributions:
        # The policy's answers for this appearance (its claim is loaded: no query each).
        update = policy.may(user, "attribution.update", attribution)
        attribution.can_confirm = policy.may(user, "attribution.confirm", attribution).allowed
        attribution.can_reject = policy.may(user, "attribution.reject", attribution).allowed
        attribution.can_correct = update.allowed
        attribution.needs_note = update.correction
        attribution.correct_form = forms.get(attribution.pk) or AttributionCorrectForm(initial={
            "speaker_name": attribution.speaker_name or (attribution.speaker.name if attribution.speaker else ""),
            "start": attribution.start, "end": attribution.end, "kind": attribution.kind,
        }, prefix=f"a{attribution.pk}")
    update = policy.may(user, "article.update", article)
    suggested = [a for a in attributions if a.status == AttributionStatus.SUGGESTED]
    return render(request, "claims/article.html", {
        "article": article,
        "details_form": (details_form or ArticleDetailsForm(article=article, prefix="meta")) if update else None,
        "details_correction": update.correction,
        "can_decide_all": any(a.can_confirm or a.can_reject for a in suggested),
        "paragraphs": article_paragraphs(article, shown),
        "attributions": attributions,
        "suggested": suggested,
        "counts": Counter(a.status for a in attributions),
    }, status=status)


@require_GET
@desk_member_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_article(request, _get_article_for_user(request, pk))


@require_POST
@desk_member_required
def attribution_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Confirm, reject or correct (speaker, span, kind) an attribution, typically a suggestion."""
    attribution = _get_attribution_for_user(request, pk)
    article = attribution.article
    back = reverse("claims:article", args=[article.pk]) + f"#attribution-{attribution.pk}"
    note = request.POST.get("note", "")[:5000]
    user = request.user
    if action in ("confirm", "reject"):
        policy.require(user, f"attribution.{action}", attribution)
        status = AttributionStatus.CONFIRMED if action == "confirm" else AttributionStatus.REJECTED
        try:
            services.attribution_set_status(attribution=attribution, status=status, user=user, note=note)
        except ValidationError as exc:
            messages.error(request, refusal(exc))
            return redirect(back)
        messages.success(request, "Attribution confirmed." if action == "confirm"
                         else "Attribution rejected; it stays on record, struck out.")
    elif action == "correct":
        policy.require(user, "attribution.update", attribution)
        form = AttributionCorrectForm(request.POST, prefix=f"a{attribution.pk}")
        if form.is_valid():
            try:
                services.attribution_correct(attribution=attribution, user=user, **form.cleaned_data)
            except (ValidationError, IntegrityError) as exc:
                form.add_error(None, refusal(exc) if isinstance(exc, ValidationError)
                               else "Another attribution already has this span.")
        if form.errors:
            return render_article(request, article, status=400, forms={attribution.pk: form})
        messages.success(request, "Attribution corrected and confirmed.")
    else:
        raise Http404
    return redirect(back)


@require_POST
@desk_member_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct what the parser found: headline, outlet (chosen or added), date, bylines, URL, dek."""
    article = _get_article_for_user(request, pk)
    policy.require(request.user, "article.update", article)
    form = ArticleDetailsForm(request.POST, article=article, prefix="meta")
    if form.is_valid():
        data = form.cleaned_data
        values = form.details()
        if data["new_outlet"]:
            values["outlet_name"] = data["new_outlet"]
        else:
            values["outlet"] = data["outlet"]
        try:
            services.article_update(article=article, user=request.user, note=data["note"], **values)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    if form.errors:
        article.refresh_from_db()
        return render_article(request, article, status=400, details_form=form)
    messages.success(request, "Article details saved.")
    return redirect(reverse("claims:article", args=[article.pk]))


@require_POST
@desk_member_required
def article_decide_remaining(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Confirm all, or reject all, of the suggestions still waiting; say which were refused, and why."""
    article = _get_article_for_user(request, pk)
    if action not in ("confirm", "reject"):
        raise Http404
    status = AttributionStatus.CONFIRMED if action == "confirm" else AttributionStatus.REJECTED
    result = services.attributions_decide_remaining(article=article, status=status, user=request.user)
    verb = "confirmed" if action == "confirm" else "rejected"
    if result.done:
        messages.success(request, f"{len(result.done)} suggestion{'s' if len(result.done) != 1 else ''} {verb}.")
    for attribution, reason in result.refused:
        messages.error(request, f"Not {verb}: “{attribution.text[:60]}” — {reason}")
    if not result.done and not result.refused:
        messages.info(request, "No suggestion was waiting.")
    return redirect(reverse("claims:article", args=[article.pk]))


@require_GET
@desk_member_required
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything the speaker said that the app holds, with the verdicts: their track record."""
    source = _get_source_for_user(request, pk)
    claims, record = selectors.source_claims(source)
    return render(request, "claims/source.html", {
        "source": source,
        "aliases": selectors.source_aliases(source),
        "members": selectors.source_members(source),
        "claims": claims,
        "record": record,
    })


@require_GET
@desk_member_required
def source_lookup(request: HttpRequest) -> JsonResponse:
    """Sources by name or alias, for the claimant box's suggestions."""
    return JsonResponse({"results": selectors.source_lookup(query=request.GET.get("q", ""))})
