"""Claim matching: is a newly stored statement a claim the newsroom already holds?

The same claim is the same speaker making the same statement, however it was cut, punctuated
or reported. So candidates are only ever the claims of the same Source (aliases resolve to the
Source before we get here), found through an inverted index of content words (`ClaimTerm`:
B-tree on (speaker, term), the same on SQLite and PostgreSQL), and ranked by
`claims.similarity` against the claim's text and every appearance's words.

- score >= LINK_THRESHOLD and at least MIN_LINK_WORDS words (`similarity.may_link`): the
  statement becomes a new appearance of that claim;
- SUGGEST_THRESHOLD <= score otherwise: a `MatchSuggestion` for an editor to decide (link, keep
  separate, or merge).

Every write path comes through here: the importer calls `claim_for_statement` before creating
a claim; attributions saved by the admin, the API or the review desk are matched by
`attribution_stored` (a post_save receiver) when they are a claim's first appearance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from claims import events, policy, workflow
from claims.choices import AttributionStatus, ClaimStatus, MatchStatus, ReviewStatus
from claims.models import Attribution, Claim, ClaimTerm, MatchSuggestion, Note, Review, Source
from claims.policy import history_user
from claims.selectors.matching import Candidate, StatementQuery, find_candidates, find_candidates_many
from claims.selectors.reviews import latest_public_verdicts
from claims.services.base import TransitionError
from claims.services.claims import scored
from claims.services.reviews import claim_verdict_follows
from claims.similarity import SUGGEST_THRESHOLD, Statement, compare, may_link, terms

MAX_TERMS_PER_CLAIM = 80


SUGGESTIONS_KEPT = 3


def _index_terms(texts: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        found |= terms(text)
    return {t[:40] for t in sorted(found, key=len, reverse=True)[:MAX_TERMS_PER_CLAIM]}


@transaction.atomic
def claims_index(*, claim_ids: Iterable[int]) -> None:
    """Bring these claims' rows in the candidate index up to date (idempotent), in a few queries."""
    ids = set(claim_ids)
    if not ids:
        return
    texts: dict[int, list[str]] = defaultdict(list)
    speakers: dict[int, int | None] = {}
    for pk, text, claimant_id, merged_into_id in Claim.objects.filter(pk__in=ids).values_list(
        "pk", "text", "claimant_id", "merged_into_id"
    ):
        # A claim with no speaker, or merged into another, is never a candidate.
        speakers[pk] = claimant_id if merged_into_id is None else None
        texts[pk].append(text)
    for claim_id, text in Attribution.objects.filter(claim_id__in=ids).values_list("claim_id", "text"):
        texts[claim_id].append(text)
    existing: dict[int, dict[str, int]] = defaultdict(dict)
    for claim_id, term, speaker_id in ClaimTerm.objects.filter(claim_id__in=ids).values_list(
        "claim_id", "term", "speaker_id"
    ):
        existing[claim_id][term] = speaker_id
    new_rows: list[ClaimTerm] = []
    for pk in ids:
        speaker = speakers.get(pk)
        wanted = _index_terms(texts[pk]) if speaker is not None else set()
        have = existing.get(pk, {})
        stale = [t for t in have if t not in wanted]
        if stale:
            ClaimTerm.objects.filter(claim_id=pk, term__in=stale).delete()
        if speaker is not None and any(s != speaker for t, s in have.items() if t in wanted):
            ClaimTerm.objects.filter(claim_id=pk).exclude(speaker_id=speaker).update(speaker_id=speaker)
        new_rows += [ClaimTerm(claim_id=pk, speaker_id=speaker, term=t) for t in wanted - set(have)]
    ClaimTerm.objects.bulk_create(new_rows, ignore_conflicts=True)


def claims_index_add(*, texts: dict[int, list[str]], speakers: dict[int, int | None]) -> None:
    """Add the words of new appearances to their claims' index rows, in one insert (words a
    claim already has are left as they are; nothing is read back)."""
    ClaimTerm.objects.bulk_create(
        [ClaimTerm(claim_id=pk, speaker_id=speakers[pk], term=t)
         for pk, claim_texts in texts.items() if speakers.get(pk) is not None for t in _index_terms(claim_texts)],
        ignore_conflicts=True,
    )


def claim_index(*, claim: Claim) -> None:
    claims_index(claim_ids=[claim.pk])


@dataclass
class StatementSpec:
    """One statement of an article to match: its texts (a reported clause first, then the quoted
    words inside it), its speaker and the speakers whose claims it may join, its date."""

    texts: list[str]
    speaker: Source | None
    speaker_ids: list[int]
    said_on: date | None = None
    precision: str = "day"
    kind: str | None = None  # the attribution's kind, for the check-worthiness score


@dataclass
class StatementMatch:
    claim: Claim
    review: Review | None  # the claim's published verdict: "already checked"
    suggestions: list[Candidate]  # lower-confidence candidates, for MatchSuggestion rows
    created: bool = False


def claims_for_statements(*, statements: list[StatementSpec], user: Any = policy.SYSTEM) -> list[StatementMatch]:
    """The claim each statement is an appearance of: an existing one, one created for an earlier
    statement of the same batch (the partial quote in a lead and the full quote further down are
    one claim), or a new one. Candidates are looked up for the whole batch at once; the new
    claims are inserted together, with their history and their index rows."""
    found = find_candidates_many([StatementQuery(st.texts, st.speaker_ids) for st in statements])
    created: list[tuple[Claim, StatementSpec, list[Statement]]] = []
    matches: list[StatementMatch] = []
    for spec, candidates in zip(statements, found, strict=True):
        prepared = [Statement.of(t) for t in spec.texts]
        fresh = []
        for claim, other, other_prepared in created:
            if set(other.speaker_ids) & set(spec.speaker_ids):
                sim = max((compare(a, b) for a in prepared for b in other_prepared), key=lambda x: x.score)
                if sim.score >= SUGGEST_THRESHOLD:
                    fresh.append(Candidate(claim, sim))
        ranked = sorted(candidates + fresh, key=lambda c: -c.score)
        if ranked and may_link(ranked[0].score, spec.texts[0]):
            # Other claims this statement also resembles may be parts of the same remark (a long
            # quote that other outlets cut in two): an editor is shown them, to merge or not.
            matches.append(StatementMatch(ranked[0].claim, None, ranked[1:SUGGESTIONS_KEPT + 1]))
            continue
        claim = Claim(text=spec.texts[0], claimant=spec.speaker, said_on=spec.said_on,
                      said_on_precision=spec.precision, **scored(spec.texts[0], kind=spec.kind))
        claim._history_user = history_user(user)
        created.append((claim, spec, prepared))
        matches.append(StatementMatch(claim, None, ranked[:SUGGESTIONS_KEPT], created=True))
    bulk_create_with_history([c for c, _, _ in created], Claim, default_user=history_user(user))
    # Indexed at once with the texts in hand, so the next article finds them.
    ClaimTerm.objects.bulk_create(
        [ClaimTerm(claim=claim, speaker_id=claim.claimant_id, term=t)
         for claim, spec, _ in created if claim.claimant_id is not None for t in _index_terms(spec.texts)],
        ignore_conflicts=True,
    )
    verdicts = latest_public_verdicts({m.claim.pk for m in matches if not m.created})
    for match in matches:
        match.review = None if match.created else verdicts.get(match.claim.pk)
    return matches


def record_suggestions(*, attribution: Attribution, candidates: list[Candidate]) -> None:
    MatchSuggestion.objects.bulk_create(_suggestion_rows(attribution, candidates), ignore_conflicts=True)


def _suggestion_rows(attribution: Attribution, candidates: list[Candidate]) -> list[MatchSuggestion]:
    return [MatchSuggestion(attribution=attribution, claim=c.claim, score=c.score)
            for c in candidates if c.claim.pk != attribution.claim_id]


def suggestions_record(*, pairs: list[tuple[Attribution, list[Candidate]]]) -> None:
    """The suggestions of many statements in one insert."""
    MatchSuggestion.objects.bulk_create([row for a, c in pairs for row in _suggestion_rows(a, c)],
                                        ignore_conflicts=True)


def attribution_stored(*, attribution: Attribution) -> None:
    """Index a stored attribution, and match it when it is its claim's first appearance.

    Called after an attribution is saved from the admin, the API or the review desk (the
    importer matches before it creates a claim, and marks its attributions as matched).
    """
    if getattr(attribution, "_matched", False):
        return  # the importer matched it, and indexes the article's claims in one go
    claim = attribution.claim
    claim_index(claim=claim)
    if claim.merged_into_id is not None:
        return
    if claim.appearances.exclude(pk=attribution.pk).exists() or claim.reviews.exists():
        return  # an established claim: the person who chose it knew what they linked
    candidates = find_candidates(text=attribution.text, speaker=attribution.speaker or claim.claimant,
                                 exclude={claim.pk})
    if candidates and may_link(candidates[0].score, attribution.text):
        claim_merge(survivor=candidates[0].claim, merged=claim, user=policy.SYSTEM,
                    reason=f"matched automatically (score {candidates[0].score:.2f})")
        return
    record_suggestions(attribution=attribution, candidates=candidates[:SUGGESTIONS_KEPT])


class MergeError(ValueError):
    pass


def _public(claim: Claim) -> bool:
    return claim.status in policy.PUBLIC_STATES


@transaction.atomic
def claim_merge(*, survivor: Claim, merged: Claim, user: Any, reason: str = "") -> Claim:
    """Fold `merged` into `survivor`: appearances, reviews, notes and suggestions move over.

    The merged claim stays as a record pointing at the survivor (`merged_into`), so its history
    is kept and its URLs can redirect; its `updated` moves, so the API's sync feed shows it. A
    published claim is never folded into another (its fact-check would change without a
    correction); merged into a published one, the appearances arrive as suggestions, public
    only once an editor confirms them.
    """
    first, second = sorted([survivor.pk, merged.pk])  # lock in one order: two merges never deadlock
    locked = {c.pk: c for c in Claim.objects.select_for_update().filter(pk__in=[first, second])}
    if survivor.pk == merged.pk:
        raise MergeError("A claim cannot be merged into itself.")
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    if merged.merged_into_id is not None or survivor.merged_into_id is not None:
        raise MergeError("One of these claims was already merged into another.")
    policy.require(user, "claim.merge", merged)
    if survivor.status == ClaimStatus.RETRACTED:
        raise MergeError(f"Claim #{survivor.pk} was retracted: nothing more joins it.")
    open_reviews = Review.objects.filter(claim__in=[survivor, merged]).exclude(status=ReviewStatus.RETRACTED)
    moving = [r for r in open_reviews if r.claim_id == merged.pk]
    if moving and len(open_reviews) > 1:
        raise MergeError("Both claims have a verdict: finish or delete one of them before merging.")
    who = history_user(user)
    moved = list(Attribution.objects.filter(claim=merged))
    for attribution in moved:
        attribution.claim = survivor
        fields = ["claim", "updated"]
        if _public(survivor) and attribution.status == AttributionStatus.CONFIRMED:
            attribution.status = AttributionStatus.SUGGESTED
            fields.append("status")
        attribution._history_user = who
        attribution._matched = True
        attribution.save(update_fields=fields)
    for review in Review.objects.filter(claim=merged):
        review.claim = survivor
        review._history_user = who
        review.save(update_fields=["claim", "updated"])
    Note.objects.filter(claim=merged).update(claim=survivor)
    MatchSuggestion.objects.filter(claim=merged).exclude(attribution__claim=survivor).update(claim=survivor)
    MatchSuggestion.objects.filter(attribution__claim=survivor, claim=survivor, status=MatchStatus.PENDING).update(
        status=MatchStatus.MERGED, decided_by=who, decided_at=timezone.now(), updated=timezone.now()
    )
    fields = ["updated"]
    if moving:  # the survivor takes over the merged claim's verdict, and its status with it
        survivor.status = workflow.claim_status_for(moving[0].status)
        fields.append("status")
    elif survivor.status == ClaimStatus.NEW and merged.status == ClaimStatus.IN_REVIEW:
        survivor.status = ClaimStatus.IN_REVIEW
        fields.append("status")
    if merged.said_on and (survivor.said_on is None or merged.said_on < survivor.said_on):
        survivor.said_on, survivor.said_on_precision = merged.said_on, merged.said_on_precision
        fields += ["said_on", "said_on_precision"]
    survivor._history_user = who
    survivor.save(update_fields=fields)
    merged.merged_into = survivor
    merged._history_user = who
    merged.save(update_fields=["merged_into", "updated"])
    claim_verdict_follows(claim=survivor)  # the reviews moved over with their verdict
    claim_verdict_follows(claim=merged)
    if who is not None:
        text = f"Merged claim #{merged.pk} into this one. {reason}".strip()
        Note.objects.create(claim=survivor, author=who, text=text)
    claim_index(claim=merged)
    claim_index(claim=survivor)
    events.emit(events.CLAIM_MERGED, claim=survivor, merged=merged)
    if _public(survivor) and moved:
        events.emit(events.CLAIM_REAPPEARED, claim=survivor, attributions=moved)
    return survivor


class AlreadyDecided(TransitionError):
    """Another editor decided this suggestion first."""


@transaction.atomic
def suggestion_decide(*, suggestion: MatchSuggestion, action: str, user: Any) -> Claim | None:
    """An editor's decision on a suggested match: "link" the statement to the suggested claim,
    "keep" the two apart, or "merge" the two claims. Returns the claim the statement is in now."""
    if action not in ("link", "keep", "merge"):
        raise ValueError(f"Unknown decision {action!r}: link, keep or merge.")
    # Two editors deciding at once: the second sees the first one's decision.
    suggestion = MatchSuggestion.objects.select_for_update(of=("self",)).select_related(
        "attribution__claim", "claim").get(pk=suggestion.pk)
    policy.require(user, "suggestion.decide", suggestion)
    if suggestion.status != MatchStatus.PENDING:
        raise AlreadyDecided(f"This suggestion was already decided: {suggestion.get_status_display()}.")
    if action == "link":
        return suggestion_link(suggestion=suggestion, user=user)
    if action == "keep":
        suggestion_keep_separate(suggestion=suggestion, user=user)
        return suggestion.attribution.claim
    return suggestion_merge(suggestion=suggestion, user=user)


@transaction.atomic
def suggestion_link(*, suggestion: MatchSuggestion, user: Any) -> Claim:
    """The suggested statement is an appearance of the suggested claim: move it there."""
    policy.require(user, "suggestion.decide", suggestion)
    attribution = suggestion.attribution
    old_claim = attribution.claim
    if suggestion.claim.status == ClaimStatus.RETRACTED:
        raise MergeError(f"Claim #{suggestion.claim_id} was retracted: nothing more joins it.")
    attribution.claim = suggestion.claim
    fields = ["claim", "updated"]
    if _public(suggestion.claim) and attribution.status == AttributionStatus.CONFIRMED:
        attribution.status = AttributionStatus.SUGGESTED  # public once an editor confirms it, with a note
        fields.append("status")
    attribution._history_user = history_user(user)
    attribution._matched = True
    attribution.save(update_fields=fields)
    _decide(suggestion, MatchStatus.LINKED, user)
    if not old_claim.appearances.exists() and not old_claim.reviews.exists():
        # Nothing is left on the old claim: fold it in, so its URL leads to the right place.
        old_claim.merged_into = suggestion.claim
        old_claim._history_user = history_user(user)
        old_claim.save(update_fields=["merged_into", "updated"])
        claim_index(claim=old_claim)
    claim_index(claim=suggestion.claim)
    if _public(suggestion.claim):
        events.emit(events.CLAIM_REAPPEARED, claim=suggestion.claim, attribution=attribution)
    return suggestion.claim


@transaction.atomic
def suggestion_keep_separate(*, suggestion: MatchSuggestion, user: Any) -> None:
    policy.require(user, "suggestion.decide", suggestion)
    _decide(suggestion, MatchStatus.KEPT_SEPARATE, user)


@transaction.atomic
def suggestion_merge(*, suggestion: MatchSuggestion, user: Any) -> Claim:
    """The two claims are one: merge the statement's claim into the suggested one."""
    policy.require(user, "suggestion.decide", suggestion)
    return claim_merge(survivor=suggestion.claim, merged=suggestion.attribution.claim, user=user,
                       reason=f"(suggested match, score {suggestion.score:.2f})")


def _decide(suggestion: MatchSuggestion, status: str, user: Any) -> None:
    suggestion.status, suggestion.decided_by, suggestion.decided_at = status, history_user(user), timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated"])
