"""Every write of the product: keyword-only functions, each atomic and recording history.

One module a domain; the doors (desk views, API, admin, commands) call them through this
package, e.g. `services.review_publish(review=..., editor=...)`.
"""

from claims.services.articles import attribution_correct, attribution_set_status
from claims.services.base import TransitionError, set_changed_fields
from claims.services.claims import claim_assign, claim_transition, note_add
from claims.services.reviews import (
    REVIEW_EDITABLE_FIELDS,
    REVIEW_EDITABLE_STATUSES,
    ReviewConflict,
    evidence_add,
    evidence_remove,
    evidence_update,
    review_approve,
    review_changes_since,
    review_correct,
    review_create,
    review_publish,
    review_retract,
    review_send_back,
    review_start,
    review_submit,
    review_update,
)
from claims.services.sources import source_resolve

__all__ = [
    "REVIEW_EDITABLE_FIELDS", "REVIEW_EDITABLE_STATUSES", "ReviewConflict", "TransitionError",
    "attribution_correct", "attribution_set_status", "claim_assign", "claim_transition", "evidence_add",
    "evidence_remove", "evidence_update", "note_add", "review_approve", "review_changes_since", "review_correct",
    "review_create", "review_publish", "review_retract", "review_send_back", "review_start", "review_submit",
    "review_update", "set_changed_fields", "source_resolve",
]
