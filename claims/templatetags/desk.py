"""Template helpers of the review desk: quotes highlighted in their paragraph, JSON-LD, roles.

All user text is escaped here with django.utils.html.escape / format_html; the only strings
marked safe are ones built from escaped pieces.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from claims import policy
from claims.links import claim_urls
from claims.names import display_partial_date
from claims.paragraphs import Segment
from claims.similarity import diff_words

register = template.Library()

_EDGE_PUNCTUATION = re.compile(r"([^\w<>&]*)(.*?)([^\w<>&]*)", re.DOTALL)
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def highlight(segments: Iterable[Segment], link: bool = False, active: int | None = None) -> SafeString:
    """Render paragraph segments: plain text escaped, attributions as <mark> (optionally linked).

    Newlines are kept as characters (the CSS shows them with white-space: pre-line), so the
    text in the page has the same length as the stored article and offsets can be read back.
    """
    parts: list[str] = []
    url_of = claim_urls()
    for seg in segments:
        attribution = seg.attribution
        if not attribution:
            parts.append(escape(seg.text))
            continue
        if attribution is True:  # a preview quote, not stored yet
            parts.append(format_html('<mark class="q q-suggested">{}</mark>', seg.text))
            continue
        classes = f"q q-{attribution.status} c-{attribution.claim.status}"
        if active is not None and attribution.pk == active:
            classes += " q-active"
        speaker = attribution.speaker_name or (attribution.speaker.name if attribution.speaker_id else "")
        title = " · ".join(
            (speaker or "Unknown speaker", attribution.get_kind_display(), attribution.get_status_display())
        )
        mark = format_html('<mark class="{}" title="{}">{}</mark>', classes, title, seg.text)
        if link:
            url = url_of(attribution.claim_id)
            mark = format_html(
                '<a class="q-link" href="{}" id="attribution-{}" data-start="{}" data-end="{}">{}</a>',
                url, attribution.pk, attribution.start, attribution.end, mark,
            )
        parts.append(mark)
    return mark_safe("".join(parts))  # every part above is escaped or built by format_html


@register.simple_tag
def diff_marks(text: str, other: str) -> SafeString:
    """`text` with the words the `other` statement lacks in <mark class="diff">, runs joined.

    Every word is escaped; a run of differing words (and the spaces between them) is one mark.
    """
    tokens = diff_words(text or "", other or "")
    parts: list[str] = []
    run: list[str] = []  # the current run of differing words, spaces between them included
    pending_space = ""

    def close_run() -> None:
        if run:
            parts.append(format_html('<mark class="diff">{}</mark>', "".join(run)))
            run.clear()

    for token, differs in tokens:
        if token.isspace():
            pending_space += token
            continue
        # Quotation marks and punctuation around a word stay outside the mark.
        lead, word, trail = _EDGE_PUNCTUATION.fullmatch(token).groups()
        if differs and word and run and not lead:
            run.append(pending_space + word)
        else:
            close_run()
            parts.append(escape(pending_space + lead))
            if differs and word:
                run.append(word)
            else:
                parts.append(escape(word))
        if trail:
            close_run()
            parts.append(escape(trail))
        pending_space = ""
    close_run()
    parts.append(escape(pending_space))
    return mark_safe("".join(parts))  # every piece is escaped or built by format_html


@register.simple_tag
def jsonld(data: dict[str, Any] | None) -> SafeString:
    """schema.org data as <script type="application/ld+json">, escaped like json_script."""
    if not data:
        return mark_safe("")
    payload = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_JSON_ESCAPES)
    # The payload is JSON with <, > and & escaped (as json_script does), so it cannot close the tag.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.filter
def may(user: Any, action: str) -> bool:
    """`{% if user|may:"article.create" %}`: the policy's answer for an action on no record."""
    return policy.may(user, action).allowed


@register.simple_tag(takes_context=True)
def may_on(context: dict[str, Any], action: str, obj: Any) -> bool:
    """`{% may_on "suggestion.decide" row.suggestion as can_decide %}`: the policy's answer on a record."""
    return policy.may(context["request"].user, action, obj).allowed


@register.filter
def role_names(user: Any) -> str:
    return ", ".join(policy.ROLE_LABELS[r] for r in sorted(policy.roles_of(user)) if r != policy.ADMIN)


@register.filter
def field_label(name: str) -> str:
    return str(name).replace("_", " ").capitalize()


@register.filter
def at_precision(value: Any, precision: str = "day") -> str:
    """A date as precisely as it is known (names.display_partial_date)."""
    return display_partial_date(value or None, precision)


@register.filter
def human_duration(value: Any) -> str:
    """A timedelta as people say it: "15 minutes", "1 hour 30 minutes" (not ISO 8601's PT15M)."""
    if not isinstance(value, timedelta):
        return ""
    minutes = max(1, round(value.total_seconds() / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}"
             for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute")) if n]
    return " ".join(parts)
