"""Claim matching: is a newly stored statement a claim the newsroom already holds?

A statement is linked to an existing claim when the same speaker made the same statement;
otherwise a new claim is created.
"""

from __future__ import annotations

from datetime import date

from claims.extraction.quotes import Quote
from claims.models import Article, Claim, Review, Source
from claims.names import normalize_name


def _find_claim(*, text: str, speaker: Source | None) -> Claim | None:
    if speaker is None:
        return None
    candidates = Claim.objects.active().filter(claimant=speaker)
    key = normalize_name(text)
    for claim in candidates.only("id", "text", "status"):
        if normalize_name(claim.text) == key:
            return claim
    return None


def _published_review(claim: Claim) -> Review | None:
    return claim.reviews.public().select_related("rating").order_by("-published_at").first()


def claim_for_statement(
    *, text: str, speaker: Source | None, kind: str, said_on: date | None, precision: str, article: Article
) -> tuple[Claim, Review | None]:
    """The claim this statement is an appearance of (existing or new), and its published review."""
    claim = _find_claim(text=text, speaker=speaker)
    if claim is not None:
        return claim, _published_review(claim)
    claim = Claim.objects.create(text=text, claimant=speaker, said_on=said_on, said_on_precision=precision)
    return claim, None


def already_checked_for_quotes(quotes: list[Quote]) -> dict[int, Review]:
    """For a preview: quote index -> published review of the same claim, where there is one."""
    found: dict[int, Review] = {}
    for index, quote in enumerate(quotes):
        if not quote.speaker:
            continue
        speaker = Source.objects.named(quote.speaker).first()
        claim = _find_claim(text=quote.text.strip().rstrip(",;:"), speaker=speaker)
        review = _published_review(claim) if claim else None
        if review is not None:
            found[index] = review
    return found
