"""An article's text in paragraphs, split into plain and highlighted segments by stored offsets.

Pure text work (no database): the article and attribution objects only need `body`, and `start`,
`end`, `text`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


@dataclass
class Segment:
    text: str
    attribution: Any = None


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


def segment(body: str, start: int, end: int, spans: Iterable[Any]) -> list[Segment]:
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


def article_paragraphs(article: Any, attributions: Sequence[Any],
                       spans: Sequence[tuple[int, int]] | None = None) -> list[Paragraph]:
    """The article's paragraphs (or those of `spans`), each split into segments with the
    attributions marked."""
    body = article.body
    ordered = sorted(attributions, key=lambda a: a.start)
    starts = [a.start for a in ordered]
    paragraphs = []
    for start, end in paragraph_spans(body) if spans is None else spans:
        # Those starting before the paragraph's end; of them, those ending after its start.
        inside = [a for a in ordered[: bisect_left(starts, end)] if a.end > start]
        paragraphs.append(Paragraph(start, end, segment(body, start, end, inside)))
    return paragraphs


def quote_in_paragraph(article: Any, attribution: Any) -> Paragraph:
    """The paragraph holding the attribution, with the quote marked (from the stored offsets)."""
    body = article.body
    for start, end in paragraph_spans(body):
        if start <= attribution.start < end:
            end = max(end, attribution.end)
            return Paragraph(start, end, segment(body, start, end, [attribution]))
    return Paragraph(attribution.start, attribution.end, [Segment(attribution.text, attribution)])
