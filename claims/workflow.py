"""The claim and review state machines: which moves are allowed from which state.

Pure data and one function; the services in `claims.services` apply the moves.
"""

from __future__ import annotations

from claims.choices import ClaimStatus as C
from claims.choices import ReviewStatus as R

CLAIM_MOVES: dict[str, tuple[str, ...]] = {
    C.NEW: (C.IN_REVIEW, C.DISMISSED),
    C.IN_REVIEW: (C.SUBMITTED, C.DISMISSED),
    C.SUBMITTED: (C.APPROVED, C.IN_REVIEW),  # an editor approves, or sends it back
    C.APPROVED: (C.PUBLISHED, C.IN_REVIEW),
    C.PUBLISHED: (C.CORRECTED, C.RETRACTED),
    C.CORRECTED: (C.CORRECTED, C.RETRACTED),
    C.RETRACTED: (),
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


def claim_can_move(current: str, to: str) -> bool:
    return to in CLAIM_MOVES.get(current, ())


def review_can_move(current: str, to: str) -> bool:
    return to in REVIEW_MOVES.get(current, ())
