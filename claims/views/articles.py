"""Article pages (every attribution highlighted, suggestions confirmed or corrected in place) and
source pages (a speaker's track record)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims import policy, selectors, services
from claims.choices import AttributionStatus
from claims.forms import AttributionCorrectForm
from claims.ids import parse_int
from claims.paragraphs import article_paragraphs
from claims.views.helpers import (
    _get_article_for_user,
    _get_attribution_for_user,
    _get_source_for_user,
    desk_member_required,
    refusal,
)


def render_article(request: HttpRequest, article, *, status: int = 200, forms: dict | None = None,
                   at: int | None = None) -> HttpResponse:
    """The article, or one part of it (selectors.article_part) when it holds many attributions."""
    part = selectors.article_part(article, parse_int(request.GET.get("part", "")) or 1, at=at)
    attributions = part.attributions
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
    return render(request, "claims/article.html", {
        "article": article,
        "part": part,
        "paragraphs": article_paragraphs(article, shown, part.spans),
        "attributions": attributions,
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
