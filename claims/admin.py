"""Data entry: every model, with inlines, autocomplete and the guards of the models."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from claims import services
from claims.choices import ClaimStatus
from claims.models import (
    ApiToken,
    Article,
    Attribution,
    Claim,
    Correction,
    Evidence,
    Job,
    JobItem,
    MatchSuggestion,
    Note,
    Outlet,
    Rating,
    RatingScale,
    Review,
    Source,
    SourceAlias,
)


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "url", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, obj: Outlet) -> int:
        return obj.article_count


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "role", "affiliation"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name", "role"]
    autocomplete_fields = ["affiliation"]
    list_select_related = ["affiliation"]
    inlines = [SourceAliasInline]


class AttributionInline(admin.StackedInline):
    model = Attribution
    extra = 0
    autocomplete_fields = ["claim", "speaker"]
    fields = [
        ("claim", "kind", "status"),
        "text",
        ("start", "end"),
        ("speaker", "speaker_name", "speaker_role"),
        ("cue", "channel", "said_on", "said_on_precision"),
        ("origin", "extractor_version", "confidence"),
    ]
    readonly_fields = ["origin", "extractor_version", "confidence"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "outlet", "published_on", "attribution_count"]
    list_filter = ["outlet", "published_on"]
    search_fields = ["headline", "dek", "url"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["outlet"]
    list_select_related = ["outlet"]
    readonly_fields = ["content_hash", "created", "updated"]
    inlines = [AttributionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(attribution_count=Count("attributions"))

    @admin.display(ordering="attribution_count", description="attributions")
    def attribution_count(self, obj: Article) -> int:
        return obj.attribution_count

    def get_deleted_objects(self, objs, request: HttpRequest):
        # Show the refusal on the confirmation page rather than failing on submit.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for article in objs:
            for claim in article.reviewed_claims():
                protected.append(f"Reviewed claim: {claim}")
        return deleted, model_count, perms_needed, protected


class AppearanceInline(admin.TabularInline):
    model = Attribution
    fk_name = "claim"
    extra = 0
    verbose_name = "appearance"
    verbose_name_plural = "appearances"
    fields = ["article", "text", "kind", "speaker_name", "cue", "status"]
    readonly_fields = ["article", "text", "kind", "speaker_name", "cue", "status"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # appearances are anchored in an article: add them from the article


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = ["status", "rating", "headline", "fact_checker", "editor", "version"]
    readonly_fields = ["status", "rating", "headline", "fact_checker", "editor", "version"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "claimant", "status", "said_on", "checkworthiness", "assigned_to", "updated"]
    list_filter = ["status", "claimant__kind", "appearances__article__outlet", "said_on"]
    search_fields = ["text", "claimant__name", "claimant__aliases__name"]
    date_hierarchy = "created"
    autocomplete_fields = ["claimant", "assigned_to", "merged_into"]
    list_select_related = ["claimant", "assigned_to"]
    readonly_fields = ["created", "updated"]
    inlines = [AppearanceInline, ReviewInline]
    actions = ["send_to_review", "dismiss"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        # The outlet filter joins appearances; distinct keeps one row per claim.
        return super().get_queryset(request).distinct()

    def _transition(self, request: HttpRequest, queryset: QuerySet[Claim], to: str) -> None:
        moved, refused = 0, []
        for claim in queryset:
            try:
                services.claim_transition(claim=claim, to=to, user=request.user)
                moved += 1
            except services.TransitionError as exc:
                refused.append(f"{claim}: {exc}")
        if moved:
            self.message_user(request, f"{moved} claim(s) moved to {ClaimStatus(to).label}.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description="Send selected claims to review")
    def send_to_review(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        self._transition(request, queryset, ClaimStatus.IN_REVIEW)

    @admin.action(description="Dismiss selected claims (not worth checking)")
    def dismiss(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        self._transition(request, queryset, ClaimStatus.DISMISSED)


@admin.register(Attribution)
class AttributionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "article", "kind", "speaker", "cue", "origin", "confidence", "status"]
    list_filter = ["kind", "origin", "status", "article__outlet"]
    search_fields = ["text", "speaker_name", "speaker__name", "article__headline"]
    autocomplete_fields = ["article", "claim", "speaker"]
    list_select_related = ["article", "speaker"]
    readonly_fields = ["created", "updated"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 1
    fields = ["position", "url", "title", "publisher", "note"]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["created", "is_retraction", "note", "editor"]
    readonly_fields = ["created", "is_retraction", "note", "editor"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # corrections go through the review desk's correct/retract service


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "claim", "rating", "status", "fact_checker", "editor", "version", "updated"]
    list_filter = ["status", "rating", "updated"]
    search_fields = ["headline", "summary", "claim__text"]
    date_hierarchy = "updated"
    autocomplete_fields = ["claim", "fact_checker", "editor"]
    list_select_related = ["claim", "rating", "fact_checker", "editor"]
    readonly_fields = ["version", "published_at", "created", "updated"]
    inlines = [EvidenceInline, CorrectionInline]

    def has_delete_permission(self, request: HttpRequest, obj: Review | None = None) -> bool:
        # Published fact-checks are retracted, never deleted.
        if obj is not None and obj.published_at is not None:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Review, form, change: bool) -> None:
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default"]
    inlines = [RatingInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "review", "publisher", "url"]
    search_fields = ["title", "url", "publisher"]
    autocomplete_fields = ["review"]


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "claim", "author", "created"]
    search_fields = ["text"]
    autocomplete_fields = ["claim"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created", "is_retraction", "editor"]
    list_filter = ["is_retraction"]
    readonly_fields = ["review", "note", "is_retraction", "editor", "created"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Correction | None = None) -> bool:
        return False


# --- API tokens (REST API v1) ------------------------------------------------------------------


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens for newsroom tools. The key is shown once, on creation; only its hash is stored."""

    list_display = ["name", "user", "prefix", "read_only", "created", "last_used", "revoked_at"]
    list_filter = ["read_only", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["prefix", "created", "last_used"]
    fields = ["name", "user", "read_only", "prefix", "created", "last_used", "revoked_at"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:
        if not change:
            key = obj.set_new_key()
            super().save_model(request, obj, form, change)
            self.message_user(
                request,
                f"The key of “{obj.name}” is {key} — copy it now: it is not stored and will not be shown again.",
                messages.WARNING,
            )
            return
        super().save_model(request, obj, form, change)

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {count} token(s).", messages.SUCCESS)


@admin.register(MatchSuggestion)
class MatchSuggestionAdmin(admin.ModelAdmin):
    """Editors decide suggestions on the review desk; the admin shows them for audit."""

    list_display = ["__str__", "claim", "score", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["attribution__text", "claim__text"]
    list_select_related = ["claim", "decided_by"]
    readonly_fields = ["attribution", "claim", "score", "status", "decided_by", "decided_at", "created", "updated"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class JobItemInline(admin.TabularInline):
    model = JobItem
    fields = ["position", "filename", "status", "statements", "article", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "done", "total", "failed", "created_by", "created"]
    list_filter = ["kind", "status"]
    readonly_fields = ["kind", "status", "created_by", "params", "total", "done", "failed", "attempts", "error",
                       "result_name", "started_at", "finished_at", "created", "updated"]
    exclude = ["result"]
    inlines = [JobItemInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # jobs are queued from the desk's Jobs page
