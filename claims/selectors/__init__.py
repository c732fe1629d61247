"""Every read of the product: the querysets and rows the desk, the API and the jobs show.

One module a domain; views and viewsets call them and render, e.g. `selectors.claim_dicts(...)`.
"""

from claims.selectors.articles import article_attributions, article_queryset, attribution_queryset
from claims.selectors.claims import (
    EXPORT_CHUNK,
    active_claim_id,
    already_checked_for_claims,
    claim_dict,
    claim_dicts,
    claim_rows,
    export_claim_dicts,
    export_claim_lines,
    factcheck_url,
    search_claims,
)
from claims.selectors.drafts import DraftCheck, check_draft
from claims.selectors.feeds import feed_entries, feed_queryset
from claims.selectors.history import claim_history
from claims.selectors.inbox import Inbox, inbox, inbox_counts, overdue_q
from claims.selectors.matching import pending_suggestions
from claims.selectors.reviews import current_review, latest_public_verdict, rating_scale_queryset, review_queryset
from claims.selectors.sources import source_lookup, source_queryset, topic_names
from claims.selectors.webhooks import delivery_log, endpoint_queryset, event_data

__all__ = [
    "source_lookup", "topic_names", "Inbox", "inbox", "inbox_counts", "overdue_q",
    "EXPORT_CHUNK", "DraftCheck", "check_draft", "delivery_log", "endpoint_queryset", "event_data", "feed_entries",
    "feed_queryset", "active_claim_id", "already_checked_for_claims", "article_attributions", "article_queryset",
    "attribution_queryset", "claim_dict", "claim_dicts", "claim_history", "claim_rows", "current_review",
    "export_claim_dicts", "export_claim_lines", "factcheck_url", "latest_public_verdict", "pending_suggestions",
    "rating_scale_queryset", "review_queryset", "search_claims", "source_queryset",
]
