"""Every write of the product: keyword-only functions, each atomic, asking `claims.policy` before it
writes and recording who did it in history.

One module a domain; the doors (desk views, API, admin, commands) call them through this
package, e.g. `services.review_publish(review=..., editor=...)`.
"""

from claims.services import feeds, notifications, webhooks
from claims.services.articles import (
    article_create,
    article_delete,
    article_update,
    attribution_correct,
    attribution_create,
    attribution_delete,
    attribution_set_status,
    attribution_update,
    attributions_decide_remaining,
)
from claims.services.base import TransitionError, set_changed_fields
from claims.services.bulk import (
    BulkResult,
    claims_bulk_assign,
    claims_bulk_dismiss,
    claims_bulk_reopen,
    claims_bulk_set_priority,
)
from claims.services.claims import (
    claim_assign,
    claim_create,
    claim_delete,
    claim_plan,
    claim_start,
    claim_transition,
    claim_update,
    note_add,
)
from claims.services.matching import AlreadyDecided, MergeError, claim_merge, suggestion_decide
from claims.services.reviews import (
    REVIEW_EDITABLE_FIELDS,
    ReviewConflict,
    correction_record,
    evidence_add,
    evidence_remove,
    evidence_update,
    review_approve,
    review_changes_since,
    review_correct,
    review_create,
    review_delete,
    review_publish,
    review_retract,
    review_send_back,
    review_submit,
    review_update,
)
from claims.services.sources import (
    outlet_create,
    outlet_delete,
    outlet_resolve,
    outlet_update,
    source_alias_set,
    source_create,
    source_delete,
    source_resolve,
    source_update,
)

__all__ = [
    "BulkResult", "claims_bulk_assign", "claims_bulk_dismiss", "claims_bulk_reopen", "claims_bulk_set_priority",
    "REVIEW_EDITABLE_FIELDS", "AlreadyDecided", "MergeError", "ReviewConflict", "TransitionError",
    "article_create", "article_delete", "article_update", "attribution_correct", "attribution_create",
    "attribution_delete", "attribution_set_status", "attribution_update", "attributions_decide_remaining",
    "claim_assign", "claim_create", "claim_plan", "notifications",
    "claim_delete", "claim_merge", "claim_start", "claim_transition", "claim_update", "correction_record",
    "evidence_add", "evidence_remove", "evidence_update", "note_add", "outlet_create", "outlet_delete",
    "outlet_resolve", "outlet_update", "review_approve", "review_changes_since", "review_correct", "review_create",
    "review_delete", "review_publish", "review_retract", "review_send_back", "review_submit", "review_update",
    "set_changed_fields", "source_alias_set", "source_create", "source_delete", "source_resolve", "source_update",
    "feeds", "suggestion_decide", "webhooks",
]
