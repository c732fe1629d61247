"""Permission decorators, lookups with the permission check built in, and text segmentation.

Every desk view is wrapped in `desk_member_required` (or `policy_required(action)`), and every
object is fetched through a `_get_*_for_user` helper, so no view can forget the check. What a
user may do to a record is the policy's answer (claims.policy), asked again by the service.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
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
