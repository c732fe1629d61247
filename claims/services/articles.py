"""Articles and the attributions anchored in them."""

from __future__ import annotations

from django.db import transaction

from claims.choices import AttributionStatus
from claims.services.base import set_changed_fields
from claims.services.sources import source_resolve


@transaction.atomic
def attribution_set_status(*, attribution, status: str, user):
    """Confirm or reject an attribution (typically one the extractor suggested)."""

    if status not in AttributionStatus.values:
        raise ValueError(f"Unknown attribution status {status!r}.")
    if attribution.status != status:
        attribution.status = status
        attribution._history_user = user
        attribution.save(update_fields=["status", "updated"])
    return attribution


@transaction.atomic
def attribution_correct(
    *, attribution, user, start: int, end: int, kind: str, speaker_name: str, confirm: bool = True
):
    """Correct a suggested attribution's span, kind or speaker; the span is re-read from the article."""

    body = attribution.article.body
    if not (0 <= start < end <= len(body)):
        raise ValueError(f"The span {start}–{end} is not inside the article (0–{len(body)}).")
    values: dict[str, object] = {"start": start, "end": end, "text": body[start:end], "kind": kind}
    speaker_name = speaker_name.strip()
    if speaker_name != attribution.speaker_name or (speaker_name and attribution.speaker_id is None):
        values["speaker_name"] = speaker_name
        values["speaker"] = source_resolve(name=speaker_name) if speaker_name else None
    if confirm:
        values["status"] = AttributionStatus.CONFIRMED
    changed = set_changed_fields(attribution, values)
    if changed:
        attribution._history_user = user
        attribution.full_clean(exclude=["article", "claim", "speaker"])
        attribution.save(update_fields=[*changed, "updated"])
    return attribution
