"""Article pages (every attribution highlighted, suggestions confirmed or corrected in place) and
source pages (a speaker's track record)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from claims import policy, selectors, services
from claims.choices import AttributionKind, AttributionStatus
from claims.forms import ArticleDetailsForm, AttributionCorrectForm
from claims.ids import parse_int
from claims.links import urls
from claims.models import Attribution
from claims.paragraphs import article_paragraphs
from claims.views.helpers import (
    _get_article_for_user,
    _get_attribution_for_user,
    _get_source_for_user,
    desk_member_required,
    refusal,
)

_FIELDS = (
    '<label class="wide">Speaker <input type="text" name="{p}-speaker_name" value="{speaker}" maxlength="200" '
    'id="id_{p}-speaker_name"></label><label>Start <input type="number" name="{p}-start" value="{start}" min="0" '
    'max="2147483647" required id="id_{p}-start"></label><label>End <input type="number" name="{p}-end" '
    'value="{end}" min="1" max="2147483647" required id="id_{p}-end"></label><label class="wide">Kind '
    '<select name="{p}-kind" id="id_{p}-kind">{options}</select></label>{note}'
)
_NOTE = ('<label class="wide">Correction note (public) <textarea name="{}-note" cols="40" rows="2" maxlength="5000" '
         'id="id_{}-note"></textarea></label>')


def correction_fields(attribution: Attribution, *, note: bool) -> str:
    """The fields of an attribution's correction form (AttributionCorrectForm's) with its values."""
    options = format_html_join("", '<option value="{}"{}>{}</option>', (
        (value, mark_safe(" selected") if value == attribution.kind else "", label)  # a constant
        for value, label in AttributionKind.choices
    ))
    prefix = f"a{attribution.pk}"
    speaker = attribution.speaker_name or (attribution.speaker.name if attribution.speaker else "")
    return format_html(_FIELDS, p=prefix, speaker=speaker, start=attribution.start, end=attribution.end,
                       options=options, note=format_html(_NOTE, prefix, prefix) if note else "")


def render_article(request: HttpRequest, article, *, status: int = 200, forms: dict | None = None,
                   at: int | None = None, details_form: ArticleDetailsForm | None = None) -> HttpResponse:
    """The article, or one part of it (selectors.article_part) when it holds many attributions."""
    part = selectors.article_part(article, parse_int(request.GET.get("part", "")) or 1, at=at)
    attributions = part.attributions
    shown = [a for a in attributions if a.status != AttributionStatus.REJECTED]
    forms = forms or {}
    user = request.user
    claim_url, source_url, factcheck_url = urls("claims:claim"), urls("claims:source"), urls("claims:factcheck")
    action_urls = {action: urls("claims:attribution_action", action) for action in ("confirm", "reject", "correct")}
    for attribution in attributions:
        # URLs built once a page, not reversed once a statement.
        attribution.claim_url = claim_url(attribution.claim_id)
        attribution.speaker_url = source_url(attribution.speaker_id) if attribution.speaker_id else ""
        attribution.checked_url = factcheck_url(attribution.claim.verdict_id) if attribution.claim.verdict_id else ""
        attribution.action_urls = {action: url(attribution.pk) for action, url in action_urls.items()}
        # The policy's answers for this appearance (its claim is loaded: no query each).
        update = policy.may(user, "attribution.update", attribution)
        attribution.can_confirm = policy.may(user, "attribution.confirm", attribution).allowed
        attribution.can_reject = policy.may(user, "attribution.reject", attribution).allowed
        attribution.can_correct = update.allowed
        attribution.needs_note = update.correction
        # A bound form only where it came back with errors; the others are written directly (a
        # Django form a statement was a third of the page's time).
        attribution.correct_form = forms.get(attribution.pk)
        if attribution.correct_form is None and attribution.can_correct:
            attribution.correct_fields = correction_fields(attribution, note=attribution.needs_note)
    update = policy.may(user, "article.update", article)
    suggested = [a for a in attributions if a.status == AttributionStatus.SUGGESTED]
    return render(request, "claims/article.html", {
        "article": article,
        "part": part,
        "details_form": (details_form or ArticleDetailsForm(article=article, prefix="meta")) if update else None,
        "details_correction": update.correction,
        "can_decide_all": any(a.can_confirm or a.can_reject for a in suggested),
        "paragraphs": article_paragraphs(article, shown, part.spans),
        "attributions": attributions,
        "suggested": suggested,
        "counts": part.counts,
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
    part = selectors.article_part_number(article, attribution.start)
    back = reverse("claims:article", args=[article.pk]) + (f"?part={part}" if part > 1 else "") + \
        f"#attribution-{attribution.pk}"
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
            return render_article(request, article, status=400, forms={attribution.pk: form}, at=attribution.start)
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
    page, record = selectors.source_claims(source, request.GET.get("page"))
    return render(request, "claims/source.html", {
        "source": source,
        "aliases": selectors.source_aliases(source),
        "members": selectors.source_members(source),
        "page": page,
        "record": record,
    })


@require_GET
@desk_member_required
def source_lookup(request: HttpRequest) -> JsonResponse:
    """Sources by name or alias, for the claimant box's suggestions."""
    return JsonResponse({"results": selectors.source_lookup(query=request.GET.get("q", ""))})
