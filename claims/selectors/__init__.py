"""Every read of the product: the querysets and rows the desk, the API and the jobs show.

One module a domain; views and viewsets call them and render, e.g. `selectors.claim_dicts(...)`.
A page's queries are in the modules its view calls: the queue in `queue`, the claim page in
`claims` and `reviews`, article and source pages in `articles` and `sources`, public pages in
`reviews`.
"""

from claims.selectors.articles import (
    article_attributions,
    article_part,
    article_part_number,
    article_queryset,
    attribution_queryset,
)
from claims.selectors.claims import (
    EXPORT_CHUNK,
    active_claim_id,
    already_checked_for_claims,
    claim_appearances,
    claim_by_id,
    claim_dict,
    claim_dicts,
    claim_notes,
    claim_rows,
    desk_claim_queryset,
    export_claim_dicts,
    export_claim_lines,
    merge_summary,
    search_claims,
)
from claims.selectors.drafts import DraftCheck, check_draft
from claims.selectors.feeds import feed_entries, feed_queryset
from claims.selectors.history import HistoryPage, claim_history
from claims.selectors.inbox import Inbox, inbox, inbox_counts, overdue_q
from claims.selectors.matching import pending_suggestions, suggestion_queryset
from claims.selectors.queue import SORTS, Queue, claim_queue
from claims.selectors.reviews import (
    current_review,
    evidence_queryset,
    factcheck_queryset,
    latest_public_verdict,
    latest_public_verdicts,
    public_feed_last_modified,
    public_feed_reviews,
    public_index_queryset,
    rating_scale_queryset,
    review_corrections,
    review_evidence,
    review_queryset,
)
from claims.selectors.sources import (
    source_aliases,
    source_claims,
    source_lookup,
    source_members,
    source_page_queryset,
    source_queryset,
    topic_names,
)
from claims.selectors.webhooks import delivery_log, endpoint_queryset, event_data

__all__ = [
    "DraftCheck", "EXPORT_CHUNK", "HistoryPage", "Inbox", "inbox", "inbox_counts", "overdue_q",
    "source_lookup", "topic_names", "Queue", "SORTS", "active_claim_id", "already_checked_for_claims",
    "article_attributions", "article_part", "article_part_number", "article_queryset", "attribution_queryset",
    "check_draft", "claim_appearances", "claim_by_id", "claim_dict", "claim_dicts", "claim_history", "claim_notes",
    "claim_queue", "claim_rows", "current_review", "delivery_log", "desk_claim_queryset", "endpoint_queryset",
    "event_data", "evidence_queryset", "export_claim_dicts", "export_claim_lines", "factcheck_queryset",
    "feed_entries", "feed_queryset", "latest_public_verdict", "latest_public_verdicts", "merge_summary",
    "pending_suggestions", "public_feed_last_modified", "public_feed_reviews", "public_index_queryset",
    "rating_scale_queryset",
    "review_corrections", "review_evidence", "review_queryset", "search_claims", "source_aliases", "source_claims",
    "source_members", "source_page_queryset", "source_queryset", "suggestion_queryset"
]
