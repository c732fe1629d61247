"""Anchoring quoted words in an article's text by character offsets. Pure Python, no Django.

Offsets are Python string indexes into the body as stored, whose line endings are "\\n": a body
typed in a browser arrives with "\\r\\n", and is normalised once, before anything is anchored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def find_span(body: str, text: str, *, occurrence: int = 1, near: int | None = None,
              taken: frozenset[int] | set[int] = frozenset()) -> tuple[int, int] | None:
    """(start, end) of `text` in `body`: its `occurrence`-th appearance (from 1), or the one
    nearest to offset `near` when given, leaving out the starts in `taken`. None when the text is
    not there."""
    if not text:
        return None
    starts = []
    at = body.find(text)
    while at != -1:
        if at not in taken:
            starts.append(at)
        at = body.find(text, at + 1)
    if not starts:
        return None
    if near is not None:
        start = min(starts, key=lambda s: (abs(s - near), s))
    elif 1 <= occurrence <= len(starts):
        start = starts[occurrence - 1]
    else:
        return None
    return start, start + len(text)


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    text: str


def reanchor(new_body: str, anchors: Sequence[Anchor]) -> tuple[list[tuple[int, int] | None], list[Anchor]]:
    """Where each anchored text is in a changed body: (new spans in the same order, the lost ones).

    Each text is looked for near where it was, shifted by how far the text before it moved, so
    a quote repeated in the article keeps its own occurrence; two quotes of the same words never
    land on one occurrence (the body that dropped one of them lost that quote).
    """
    spans: list[tuple[int, int] | None] = [None] * len(anchors)
    lost: list[Anchor] = []
    taken: dict[str, set[int]] = {}
    shift = 0
    for index in sorted(range(len(anchors)), key=lambda i: anchors[i].start):
        anchor = anchors[index]
        used = taken.setdefault(anchor.text, set())
        span = find_span(new_body, anchor.text, near=anchor.start + shift, taken=used)
        if span is None:
            lost.append(anchor)
            continue
        used.add(span[0])
        spans[index] = span
        shift = span[0] - anchor.start
    return spans, lost
