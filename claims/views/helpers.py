"""Permission decorators, lookups with the permission check built in, and text segmentation.

Every desk view is wrapped in `desk_member_required` (or a stricter role decorator), and every
object is fetched through a `_get_*_for_user` helper, so no view can forget the check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from claims import roles
from claims.models import Article, Attribution, Claim, Evidence, MatchSuggestion, Source

View = Callable[..., HttpResponse]


def role_required(check: Callable[[Any], bool]) -> Callable[[View], View]:
    """Signed-in users passing `check`; anyone else signed in gets 403, anonymous users the login."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied("Your account has no role that allows this.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


desk_member_required = role_required(roles.is_staff_member)
reporter_required = role_required(roles.is_reporter)
fact_checker_required = role_required(roles.is_fact_checker)
editor_required = role_required(roles.is_editor)


def _get_claim_for_user(request: HttpRequest, pk: int) -> Claim:
    if not roles.is_staff_member(request.user):
        raise PermissionDenied
    return get_object_or_404(Claim.objects.select_related("claimant__affiliation", "assigned_to", "merged_into"), pk=pk)


def _get_article_for_user(request: HttpRequest, pk: int) -> Article:
    if not roles.is_staff_member(request.user):
        raise PermissionDenied
    return get_object_or_404(Article.objects.select_related("outlet"), pk=pk)


def _get_source_for_user(request: HttpRequest, pk: int) -> Source:
    if not roles.is_staff_member(request.user):
        raise PermissionDenied
    return get_object_or_404(Source.objects.select_related("affiliation"), pk=pk)


def _get_attribution_for_user(request: HttpRequest, pk: int) -> Attribution:
    if not roles.is_staff_member(request.user):
        raise PermissionDenied
    return get_object_or_404(Attribution.objects.select_related("article", "claim"), pk=pk)


def _get_evidence_for_user(request: HttpRequest, pk: int) -> Evidence:
    if not roles.is_fact_checker(request.user):
        raise PermissionDenied
    return get_object_or_404(Evidence.objects.select_related("review__claim"), pk=pk)


def _get_suggestion_for_user(request: HttpRequest, pk: int) -> MatchSuggestion:
    """A match suggestion, for an editor to decide: nobody else may link, keep separate or merge."""
    if not roles.is_editor(request.user):
        raise PermissionDenied
    return get_object_or_404(
        MatchSuggestion.objects.select_related("attribution__claim", "claim"), pk=pk
    )






# --- Article text in paragraphs, with highlighted spans ------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


@dataclass
class Segment:
    text: str
    attribution: Attribution | None = None


@dataclass
class Paragraph:
    start: int
    end: int
    segments: list[Segment] = field(default_factory=list)
    is_header: bool = False


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: runs of text separated by blank lines."""
    spans, position = [], 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        if body[position : match.start()].strip():
            spans.append((position, match.start()))
        position = match.end()
    if body[position:].strip():
        spans.append((position, len(body)))
    return spans


def segment(body: str, start: int, end: int, spans: Iterable[Attribution]) -> list[Segment]:
    """Split body[start:end] into plain and highlighted segments; overlapping spans are skipped."""
    segments: list[Segment] = []
    cursor = start
    for attribution in sorted(spans, key=lambda a: (a.start, -a.end)):
        a_start, a_end = max(attribution.start, start), min(attribution.end, end)
        if a_start < cursor or a_start >= a_end:
            continue  # overlaps one already highlighted, or outside this paragraph
        if a_start > cursor:
            segments.append(Segment(body[cursor:a_start]))
        segments.append(Segment(body[a_start:a_end], attribution))
        cursor = a_end
    if cursor < end:
        segments.append(Segment(body[cursor:end]))
    return segments


def article_paragraphs(article: Article, attributions: Sequence[Attribution]) -> list[Paragraph]:
    """The article's paragraphs, each split into segments with the attributions marked."""
    body = article.body
    paragraphs = []
    for start, end in paragraph_spans(body):
        inside = [a for a in attributions if a.start < end and a.end > start]
        paragraphs.append(Paragraph(start, end, segment(body, start, end, inside)))
    return paragraphs


def quote_in_paragraph(article: Article, attribution: Attribution) -> Paragraph:
    """The paragraph holding the attribution, with the quote marked (from the stored offsets)."""
    body = article.body
    for start, end in paragraph_spans(body):
        if start <= attribution.start < end:
            end = max(end, attribution.end)
            return Paragraph(start, end, segment(body, start, end, [attribution]))
    return Paragraph(attribution.start, attribution.end, [Segment(attribution.text, attribution)])
