"""Articles and the appearances (attributions) anchored in them.

An article's body is what quotes are anchored in, so it changes only when every anchored quote
is found again in the new text (re-anchoring): then the offsets move with the text, and if a
quote is gone the change is refused, naming it. Once a public verdict rests on an article, or
on an appearance, changing it is an editor's correction with a public note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import events, policy
from claims.anchors import Anchor, find_span, normalize_newlines, reanchor
from claims.choices import AttributionOrigin, AttributionStatus
from claims.models import Article, Attribution, Claim
from claims.names import content_hash
from claims.policy import history_user
from claims.services.base import create, note_required, save_changes
from claims.services.sources import outlet_resolve, source_resolve

ARTICLE_FIELDS = ("outlet", "headline", "dek", "bylines", "published_on", "url", "caption", "caption_credit", "body",
                  "source_file")
ATTRIBUTION_FIELDS = ("text", "start", "end", "kind", "speaker", "speaker_name", "speaker_role", "cue", "channel",
                      "said_on", "said_on_precision", "origin", "extractor_version", "confidence", "status")


def _only(values: dict[str, object], allowed: tuple[str, ...]) -> dict[str, object]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    return values


def _public_claims(article: Article) -> list[Claim]:
    return list(Claim.objects.filter(appearances__article=article, status__in=policy.CORRECTION_STATES).distinct())


# --- Articles ----------------------------------------------------------------------------------


@transaction.atomic
def article_create(*, user: Any, body: str, **values: object) -> Article:
    """A new article, stored verbatim but for its line endings (see claims.anchors)."""
    policy.require(user, "article.create")
    body = normalize_newlines(body or "")
    if not body.strip():
        raise ValidationError({"body": "The article has no text."})
    existing = Article.objects.filter(content_hash=content_hash(body)).first()
    if existing is not None:
        raise ValidationError({"body": f"This article is already stored (#{existing.pk}, “{existing.headline}”)."})
    values = _only(values, ARTICLE_FIELDS)
    if not values.get("url"):
        values["url"] = None
    return create(Article, user=user, body=body, **values)


@transaction.atomic
def article_update(*, article: Article, user: Any, note: str = "", **values: object) -> Article:
    """Change an article's details or text. A changed text keeps every anchored quote, or is refused."""
    Article.objects.select_for_update().filter(pk=article.pk).first()
    decision = policy.require(user, "article.update", article)
    if "outlet_name" in values:  # an outlet named on the desk: the stored one, or a new one (outlet.create)
        name = str(values.pop("outlet_name") or "").strip()
        if name:
            values["outlet"] = outlet_resolve(name=name, user=user)
    values = _only(values, ARTICLE_FIELDS)
    if "url" in values and not values["url"]:
        values["url"] = None
    note = note_required(decision, note, what="changing the article a fact-check cites")
    moves: list[tuple[Attribution, tuple[int, int]]] = []
    if "body" in values:
        values["body"] = normalize_newlines(str(values["body"]))
        if values["body"] != article.body:
            if not values["body"].strip():
                raise ValidationError({"body": "The article has no text."})
            twin = Article.objects.filter(content_hash=content_hash(values["body"])).exclude(pk=article.pk).first()
            if twin is not None:
                raise ValidationError({"body": f"This text is already stored as article #{twin.pk}."})
            moves = _reanchored(article, values["body"])
            values["content_hash"] = content_hash(values["body"])
    changed = save_changes(article, values, user=user)
    # Move the spans the way the text moved, so that no two collide on the way: those moving
    # left from the first, then those moving right from the last.
    left = sorted((m for m in moves if m[1][0] < m[0].start), key=lambda m: m[0].start)
    right = sorted((m for m in moves if m[1][0] >= m[0].start), key=lambda m: -m[0].start)
    for attribution, (start, end) in [*left, *right]:
        attribution.article = article
        attribution.start, attribution.end = start, end
        attribution._history_user = history_user(user)
        attribution._matched = True
        attribution.save(update_fields=["start", "end", "updated"])
    if changed and decision.correction:
        from claims.services.reviews import correct_claim_record

        for claim in _public_claims(article):
            correct_claim_record(claim=claim, user=user, note=note)
    return article


def _reanchored(article: Article, body: str) -> list[tuple[Attribution, tuple[int, int]]]:
    attributions = list(article.attributions.order_by("start", "end"))
    spans, lost = reanchor(body, [Anchor(a.start, a.end, a.text) for a in attributions])
    if lost:
        shown = "; ".join(f"“{a.text[:60]}{'…' if len(a.text) > 60 else ''}” at {a.start}" for a in lost[:5])
        raise ValidationError({"body": f"{len(lost)} anchored quote(s) are no longer in the text: {shown}. Keep "
                                       "the quoted words as they are, or import the new version as a new article."})
    return [(a, span) for a, span in zip(attributions, spans, strict=True) if span != (a.start, a.end)]


@transaction.atomic
def article_delete(*, article: Article, user: Any) -> None:
    policy.require(user, "article.delete", article)
    article.delete()  # refused (ProtectedError) when reviewed claims appear in it


# --- Appearances -------------------------------------------------------------------------------


def _anchored(article: Article, values: dict[str, object], *, current: Attribution | None = None) -> dict[str, object]:
    """Fill the span from what was given: offsets (the text is read from the article), or the
    text alone ("find this text": its first occurrence, or the one nearest the old offsets)."""
    body = article.body
    start, end, text = values.get("start"), values.get("end"), values.get("text")
    if start is None and end is None and text:
        near = current.start if current is not None else None
        span = find_span(body, str(text), near=near)
        if span is None:
            raise ValidationError({"text": "These words are not in the article (check spaces and quotation marks)."})
        values["start"], values["end"] = span
    elif start is not None or end is not None:
        start = start if start is not None else (current.start if current else None)
        end = end if end is not None else (current.end if current else None)
        if start is None or end is None:
            raise ValidationError({"end" if end is None else "start": "Give both offsets, or the text alone."})
        if not 0 <= int(start) < int(end) <= len(body):
            raise ValidationError({"end": f"The span {start}–{end} is not inside the article (0–{len(body)})."})
        if text is not None and text != body[start:end]:
            raise ValidationError({"text": f"The article has {body[start:end]!r} at {start}–{end}, not {text!r}."})
        values["start"], values["end"], values["text"] = start, end, body[start:end]
    return values


@transaction.atomic
def attribution_create(*, user: Any, article: Article, claim: Claim, note: str = "", **values: object) -> Attribution:
    """A new appearance of `claim` in `article`, anchored by offsets or by its text."""
    # The policy asks the locked row: a stale copy of a since-published claim is no way around a correction.
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    decision = policy.require(user, "attribution.create", claim)
    note = note_required(decision, note, what="adding an appearance")
    values = _anchored(article, _only(values, ATTRIBUTION_FIELDS))
    if values.get("speaker") is None and values.get("speaker_name"):
        values["speaker"] = source_resolve(name=str(values["speaker_name"]))
    values.setdefault("origin", AttributionOrigin.MANUAL)
    attribution = create(Attribution, user=user, article=article, claim=claim, **values)
    if decision.correction and attribution.status == AttributionStatus.CONFIRMED:
        from claims.services.reviews import correct_claim_record

        correct_claim_record(claim=claim, user=user, note=note)
    if claim.status in policy.PUBLIC_STATES:
        events.emit(events.CLAIM_REAPPEARED, claim=claim, attributions=[attribution])
    return attribution


def _lock(attribution: Attribution) -> Attribution:
    locked = Attribution.objects.select_for_update().select_related("article", "claim").get(pk=attribution.pk)
    attribution.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    attribution._state.fields_cache.update(locked._state.fields_cache)
    return attribution


@transaction.atomic
def attribution_update(*, attribution: Attribution, user: Any, note: str = "", **values: object) -> Attribution:
    """Correct an appearance: its span, kind, speaker, role, cue, channel or date.

    A new speaker re-resolves the claim: when every appearance now names them, the claimant
    follows; when the others name someone else, this appearance moves to the claim of its own
    speaker (matched again, or a new claim).
    """
    _lock(attribution)
    decision = policy.require(user, "attribution.update", attribution)
    values = _only(values, ATTRIBUTION_FIELDS)
    if "status" in values:
        raise ValueError("Confirm or reject an appearance with attribution_set_status.")
    public = decision.correction and attribution.status == AttributionStatus.CONFIRMED
    note = note_required(decision, note, what="correcting a published appearance") if public else note
    values = _anchored(attribution.article, values, current=attribution)
    if "speaker_name" in values and "speaker" not in values:
        name = str(values["speaker_name"]).strip()
        values["speaker_name"] = name
        values["speaker"] = source_resolve(name=name) if name else None
    old_speaker = attribution.speaker_id
    changed = save_changes(attribution, values, user=user)
    if not changed:
        return attribution
    claim = attribution.claim
    if attribution.speaker_id != old_speaker:
        _follow_speaker(attribution, user)
    if public:
        from claims.services.reviews import correct_claim_record

        correct_claim_record(claim=claim, user=user, note=note)
    return attribution


def _follow_speaker(attribution: Attribution, user: Any) -> None:
    from claims.selectors.matching import find_candidates
    from claims.similarity import LINK_THRESHOLD

    claim = attribution.claim
    others = set(
        claim.appearances.exclude(pk=attribution.pk).exclude(status=AttributionStatus.REJECTED)
        .filter(speaker__isnull=False).values_list("speaker_id", flat=True)
    )
    speaker = attribution.speaker
    if not others or others == {attribution.speaker_id}:
        if claim.claimant_id != attribution.speaker_id:
            save_changes(claim, {"claimant": speaker}, user=user, clean=False)
        return
    # The other appearances name someone else: this one is another speaker's claim.
    target = None
    if speaker is not None:
        candidates = find_candidates(text=attribution.text, speaker=speaker, exclude={claim.pk})
        if candidates and candidates[0].score >= LINK_THRESHOLD:
            target = candidates[0].claim
    if target is None:
        text = attribution.text.strip().rstrip(",;:").strip() or claim.text
        target = create(Claim, user=user, text=text, claimant=speaker, said_on=attribution.said_on,
                        said_on_precision=attribution.said_on_precision)
    attribution.claim = target
    attribution._history_user = history_user(user)
    attribution.save(update_fields=["claim", "updated"])


@transaction.atomic
def attribution_set_status(*, attribution: Attribution, status: str, user: Any, note: str = "") -> Attribution:
    """Confirm or reject an appearance (typically one the extractor suggested). Rejected ones stay
    on record, struck out."""
    if status not in (AttributionStatus.CONFIRMED, AttributionStatus.REJECTED):
        raise ValidationError({"status": f"Confirm or reject, not {status!r}."})
    _lock(attribution)
    action = "attribution.confirm" if status == AttributionStatus.CONFIRMED else "attribution.reject"
    decision = policy.require(user, action, attribution)
    if attribution.status == status:
        return attribution
    # On a published fact-check, what is confirmed is public: confirming or rejecting it is a correction.
    public = decision.correction and AttributionStatus.CONFIRMED in (attribution.status, status)
    if public:
        note = note_required(decision, note, what="changing where the claim appeared")
    save_changes(attribution, {"status": status}, user=user, clean=False)
    if public:
        from claims.services.reviews import correct_claim_record

        correct_claim_record(claim=attribution.claim, user=user, note=note)
    return attribution


@transaction.atomic
def attribution_correct(*, attribution: Attribution, user: Any, start: int, end: int, kind: str,
                        speaker_name: str, confirm: bool = True, note: str = "") -> Attribution:
    """The desk's correction of a suggestion: span, kind and speaker, then confirmed."""
    attribution_update(attribution=attribution, user=user, note=note, start=start, end=end, kind=kind,
                       speaker_name=speaker_name)
    if confirm:
        attribution_set_status(attribution=attribution, status=AttributionStatus.CONFIRMED, user=user, note=note)
    return attribution


@transaction.atomic
def attribution_delete(*, attribution: Attribution, user: Any) -> None:
    _lock(attribution)
    policy.require(user, "attribution.delete", attribution)
    attribution._history_user = history_user(user)
    attribution.delete()


@dataclass
class Decided:
    """What a bulk decision did: the records changed, and those refused with why."""

    done: list[Any] = field(default_factory=list)
    refused: list[tuple[Any, str]] = field(default_factory=list)


@transaction.atomic
def attributions_decide_remaining(*, article: Article, status: str, user: Any) -> Decided:
    """Confirm (or reject) every suggestion of the article still waiting, in one transaction.

    Each is decided as `attribution_set_status` decides one, policy included; one the policy or
    its rules refuse (a published fact-check's needs a correction note) is left as it is and
    reported, and the others go ahead.
    """
    policy.require(user, "desk.read")
    result = Decided()
    waiting = (Attribution.objects.filter(article=article, status=AttributionStatus.SUGGESTED)
               .select_related("claim", "article").order_by("start"))
    for attribution in waiting:
        try:
            with transaction.atomic():
                attribution_set_status(attribution=attribution, status=status, user=user)
        except (policy.PolicyDenied, ValidationError) as exc:
            reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            result.refused.append((attribution, reason))
        else:
            result.done.append(attribution)
    return result
