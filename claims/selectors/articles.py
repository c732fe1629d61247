"""Article and attribution reads."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from claims.choices import MatchStatus
from claims.models import (
    Article,
    Attribution,
    MatchSuggestion,
)
from claims.paragraphs import paragraph_spans


def article_queryset() -> QuerySet[Article]:
    return Article.objects.select_related("outlet")


def attribution_queryset() -> QuerySet[Attribution]:
    return Attribution.objects.select_related("article__outlet")


def article_attributions(article: Article, *, start: int = 0, end: int | None = None) -> list[Attribution]:
    """The article's attributions (those starting in [start, end) of its body) with their claim's
    latest public verdict ("already checked") and pending match suggestions: two queries."""
    pending = MatchSuggestion.objects.filter(status=MatchStatus.PENDING, claim__merged_into__isnull=True).order_by(
        "-score", "id")
    attributions = list(
        article.attributions.filter(start__gte=start, **({"start__lt": end} if end is not None else {}))
        .select_related("claim__verdict__rating", "speaker").defer("claim__search_vector").prefetch_related(
            Prefetch("match_suggestions", queryset=pending, to_attr="pending_suggestions"),
        ).order_by("start", "end")
    )
    for attribution in attributions:
        attribution.already_checked = attribution.claim.verdict
        suggestions = [s for s in attribution.pending_suggestions if s.claim_id != attribution.claim_id]
        attribution.best_suggestion = suggestions[0] if suggestions else None
    return attributions


# An article page shows at most this many attributions: past it, the article is shown in parts
# (runs of whole paragraphs). One page of 5,000 attributions, each with its forms (about 1.5 KB
# a statement), took 4 s and 4.6 MB to render.
PART_ATTRIBUTIONS = 50


@dataclass
class ArticlePart:
    number: int  # from 1
    parts: int
    start: int  # the part's span of the body
    end: int | None
    spans: list[tuple[int, int]]  # its paragraphs
    attributions: list[Attribution]  # its attributions (article_attributions' rows)
    counts: dict[str, int]  # the whole article's attributions by status
    total: int  # the whole article's attributions


def _parts(body: str, starts: list[int]) -> list[list[tuple[int, int]]]:
    """The body's paragraphs in runs holding at most PART_ATTRIBUTIONS attributions (a paragraph
    holding more makes a part on its own); `starts` are the attributions' start offsets, sorted."""
    parts: list[list[tuple[int, int]]] = [[]]
    held = 0
    for start, end in paragraph_spans(body) or [(0, len(body))]:
        inside = bisect_left(starts, end) - bisect_left(starts, start)
        if parts[-1] and held + inside > PART_ATTRIBUTIONS:
            parts.append([])
            held = 0
        parts[-1].append((start, end))
        held += inside
    return parts


def _article_parts(article: Article) -> list[list[tuple[int, int]]]:
    return _parts(article.body, list(article.attributions.order_by("start").values_list("start", flat=True)))


def _part_at(parts: list[list[tuple[int, int]]], offset: int) -> int:
    return next((i for i, spans in enumerate(parts[1:], 1) if offset < spans[0][0]), len(parts))


def article_part_number(article: Article, offset: int) -> int:
    """The part of the article page showing body offset `offset` (one query)."""
    return _part_at(_article_parts(article), offset)


def article_part(article: Article, number: int | None = None, *, at: int | None = None) -> ArticlePart:
    """One part of the article page: part `number`, or the part holding body offset `at`.

    Five queries whatever the article holds: the attributions' offsets, their counts by status,
    and the part's attributions with their verdicts and suggestions (article_attributions)."""
    counts = dict(article.attributions.order_by().values_list("status").annotate(n=Count("id")))
    parts = _article_parts(article)
    number = _part_at(parts, at) if at is not None else min(max(number or 1, 1), len(parts))
    spans = parts[number - 1]
    # From this part's first paragraph to the next part's: every offset belongs to one part.
    start = 0 if number == 1 else spans[0][0]
    end = parts[number][0][0] if number < len(parts) else None
    return ArticlePart(
        number=number, parts=len(parts), start=start, end=end, spans=spans,
        attributions=article_attributions(article, start=start, end=end),
        counts=counts, total=sum(counts.values()),
    )
