from django.urls import path

from claims.views import articles, bulk, desk, drafts, imports, inbox, integration, jobs, matches, public

app_name = "claims"

urlpatterns = [
    # The review desk: newsroom roles only.
    path("review/", desk.queue, name="queue"),
    path("review/claims/bulk/", bulk.claims_bulk, name="claims_bulk"),
    path("review/claims/<int:pk>/", desk.claim_detail, name="claim"),
    path("review/claims/<int:pk>/edit/", desk.claim_edit, name="claim_edit"),
    path("review/claims/<int:pk>/verdict/", desk.verdict_save, name="verdict_save"),
    path("review/claims/<int:pk>/correct/", desk.review_correct, name="review_correct"),
    path("review/claims/<int:pk>/move/<slug:action>/", desk.claim_move, name="claim_move"),
    path("review/claims/<int:pk>/assign/", desk.claim_assign, name="claim_assign"),
    path("review/claims/<int:pk>/plan/", desk.claim_plan, name="claim_plan"),
    path("review/inbox/", inbox.inbox, name="inbox"),
    path("review/inbox/read/", inbox.notifications_read, name="notifications_read"),
    path("review/inbox/settings/", inbox.notification_settings, name="notification_settings"),
    path("review/notifications/<int:pk>/", inbox.notification_open, name="notification_open"),
    path("review/claims/<int:pk>/notes/", desk.note_add, name="note_add"),
    path("review/claims/<int:pk>/evidence/", desk.evidence_add, name="evidence_add"),
    path("review/claims/<int:pk>/merge/", matches.claim_merge, name="claim_merge"),
    path("review/suggestions/<int:pk>/<slug:action>/", matches.suggestion_decide, name="suggestion_decide"),
    path("review/evidence/<int:pk>/edit/", desk.evidence_edit, name="evidence_edit"),
    path("review/evidence/<int:pk>/remove/", desk.evidence_remove, name="evidence_remove"),
    path("review/articles/<int:pk>/", articles.article_detail, name="article"),
    path("review/articles/<int:pk>/edit/", articles.article_edit, name="article_edit"),
    path("review/articles/<int:pk>/suggestions/<slug:action>/", articles.article_decide_remaining,
         name="article_decide_remaining"),
    path(
        "review/attributions/<int:pk>/<slug:action>/", articles.attribution_action, name="attribution_action"
    ),
    path("review/sources/<int:pk>/", articles.source_detail, name="source"),
    path("review/sources/lookup.json", articles.source_lookup, name="source_lookup"),
    path("review/import/", imports.import_article, name="import"),
    path("review/jobs/", jobs.job_list, name="jobs"),
    path("review/jobs/import/", jobs.job_import, name="job_import"),
    path("review/jobs/export/", jobs.job_export, name="job_export"),
    path("review/jobs/<int:pk>/", jobs.job_detail, name="job"),
    path("review/jobs/<int:pk>/status.json", jobs.job_status, name="job_status"),
    path("review/jobs/<int:pk>/rerun/", jobs.job_rerun, name="job_rerun"),
    path("review/jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("review/drafts/", drafts.draft_check, name="draft_check"),
    path("review/feeds/", integration.feed_list, name="feeds"),
    path("review/feeds/<int:pk>/", integration.feed_detail, name="feed"),
    path("review/feeds/<int:pk>/<slug:action>/", integration.feed_action, name="feed_action"),
    path("review/webhooks/", integration.webhook_list, name="webhooks"),
    path("review/webhooks/<int:pk>/", integration.webhook_detail, name="webhook"),
    path("review/webhooks/<int:pk>/<slug:action>/", integration.webhook_action, name="webhook_action"),
    path("review/deliveries/<int:pk>/resend/", integration.delivery_resend, name="delivery_resend"),
    # Public, no sign-in.
    path("fact-checks/", public.factcheck_index, name="factcheck_index"),
    path("fact-checks/feed.atom", public.factcheck_feed, name="factcheck_feed"),
    path("fact-checks/<int:pk>/", public.factcheck, name="factcheck"),
]
