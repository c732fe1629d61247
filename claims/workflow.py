"""The claim and review state machines: which moves are allowed from which state.

Pure data and a few functions; the services in `claims.services` apply the moves, and
`claims.policy` says who may make them.

A claim moves on its own only before a verdict exists (start, dismiss, reopen). Once it has a
verdict, the claim's status is its verdict's (CLAIM_STATUS_OF_REVIEW), set by the same service
in the same transaction, so the two never disagree.
"""

from __future__ import annotations

from claims.choices import ClaimStatus as C
from claims.choices import ReviewStatus as R

CLAIM_MOVES: dict[str, tuple[str, ...]] = {
    C.NEW: (C.IN_REVIEW, C.DISMISSED),
    C.IN_REVIEW: (C.DISMISSED,),
    C.DISMISSED: (C.NEW,),  # reopened
}

REVIEW_MOVES: dict[str, tuple[str, ...]] = {
    R.DRAFT: (R.SUBMITTED,),
    R.SUBMITTED: (R.APPROVED, R.DRAFT),
    R.APPROVED: (R.PUBLISHED, R.DRAFT),
    R.PUBLISHED: (R.CORRECTED, R.RETRACTED),
    R.CORRECTED: (R.CORRECTED, R.RETRACTED),
    R.RETRACTED: (),
}

CLAIM_STATUS_OF_REVIEW: dict[str, str] = {
    R.DRAFT: C.IN_REVIEW,
    R.SUBMITTED: C.SUBMITTED,
    R.APPROVED: C.APPROVED,
    R.PUBLISHED: C.PUBLISHED,
    R.CORRECTED: C.CORRECTED,
    R.RETRACTED: C.RETRACTED,
}


def claim_can_move(current: str, to: str) -> bool:
    return to in CLAIM_MOVES.get(current, ())


def review_can_move(current: str, to: str) -> bool:
    return to in REVIEW_MOVES.get(current, ())


def claim_status_for(review_status: str) -> str:
    return CLAIM_STATUS_OF_REVIEW[review_status]
