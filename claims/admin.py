"""The admin door, for data entry: every model, with inlines, autocomplete and search.

What a user may add, change or delete is the policy's answer (claims.policy), and every save and
delete goes through a service (claims.services), exactly as on the desk and the API: the admin
is a third door, not a back door. Refusals show on the form's fields, never as a server error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from claims import events, policy, services
from claims.anchors import find_span, normalize_newlines
from claims.choices import ClaimStatus
from claims.models import (
    ApiToken,
    Article,
    Attribution,
    Claim,
    Correction,
    Evidence,
    Feed,
    FeedEntry,
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
    WebhookDelivery,
    WebhookEndpoint,
)
from claims.services import config, feeds, webhooks


def _may(request: HttpRequest, action: str, obj: Any = None) -> bool:
    return policy.may(request.user, action, obj).allowed


def _may_somewhere(request: HttpRequest, action: str) -> bool:
    """For list pages: does the user's role appear anywhere in the action's row?"""
    rule = policy.RULES[action]
    return bool(policy.roles_of(request.user) & frozenset().union(*rule.states.values()))


class PolicyAdmin(admin.ModelAdmin):
    """Permissions from the policy: `actions_of` = (add, change, delete) action names, or None
    where the admin does not offer that at all."""

    actions_of: tuple[str | None, str | None, str | None] = (None, None, None)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff and _may(request, "desk.read")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        add = self.actions_of[0]
        return add is not None and self.has_module_permission(request) and _may(request, add)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        change = self.actions_of[1]
        if change is None or not self.has_module_permission(request):
            return False
        return _may_somewhere(request, change) if obj is None else _may(request, change, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        delete = self.actions_of[2]
        if delete is None or not self.has_module_permission(request):
            return False
        return _may_somewhere(request, delete) if obj is None else _may(request, delete, obj)

    def changeform_view(self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
                        extra_context: dict | None = None) -> HttpResponse:
        # A refusal that gets past the forms' checks (a race, a rule only the service knows) is a
        # message and nothing saved: the whole change is one transaction.
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, services.TransitionError, services.MergeError) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, f"Nothing was saved: {text}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        """Inlines are read-only unless an admin says otherwise (and saves them through services)."""
        self.saved_by_services(formset)

    @staticmethod
    def saved_by_services(formset: Any) -> None:
        # The admin's change message reads what formset.save() would have set.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    @staticmethod
    def changes(form: forms.ModelForm, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
        return {f: form.cleaned_data[f] for f in form.changed_data if f in form.cleaned_data and f not in skip}

    @staticmethod
    def adopt(obj: Any, saved: Any) -> None:
        """The admin goes on with `obj` (its inlines hang on it): give it the saved row."""
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if k != "_state"})
        obj._state.adding = False


class CorrectionNoteForm(forms.ModelForm):
    """A change to the published record needs a public note: asked here, on the form."""

    correction_note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Correction note (public)",
        help_text="Needed when the change touches a published fact-check: it is published, dated.",
    )
    update_action = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk and self.has_changed() and self.update_action:
            decision = policy.may(self.request_user, self.update_action, self.instance)
            if decision.correction and not (data.get("correction_note") or "").strip():
                self.add_error("correction_note", "This changes a published fact-check: write the public note.")
        return data


def form_with_user(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """Give the admin's forms the signed-in user (CorrectionNoteForm asks the policy for them)."""
    original = admin_class.get_form

    def get_form(self, request, obj=None, **kwargs):
        form = original(self, request, obj, **kwargs)
        form.request_user = request.user
        return form

    admin_class.get_form = get_form
    return admin_class


# --- Outlets and sources -------------------------------------------------------------------------


@admin.register(Outlet)
class OutletAdmin(PolicyAdmin):
    list_display = ["name", "kind", "url", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name"]
    actions_of = ("outlet.create", "outlet.update", "outlet.delete")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, obj: Outlet) -> int:
        return obj.article_count

    def save_model(self, request: HttpRequest, obj: Outlet, form, change: bool) -> None:
        if change:
            services.outlet_update(outlet=Outlet.objects.get(pk=obj.pk), user=request.user, **self.changes(form))
        else:
            self.adopt(obj, services.outlet_create(user=request.user, **self.changes(form)))

    def delete_model(self, request: HttpRequest, obj: Outlet) -> None:
        services.outlet_delete(outlet=obj, user=request.user)


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1
    fields = ["name"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or _may(request, "source.update", obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or _may(request, "source.update", obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or _may(request, "source.update", obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


class SourceForm(CorrectionNoteForm):
    update_action = "source.update"

    class Meta:
        model = Source
        fields = ["name", "kind", "role", "affiliation"]


@form_with_user
@admin.register(Source)
class SourceAdmin(PolicyAdmin, SimpleHistoryAdmin):
    form = SourceForm
    list_display = ["name", "kind", "role", "affiliation"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name", "role"]
    autocomplete_fields = ["affiliation"]
    list_select_related = ["affiliation"]
    inlines = [SourceAliasInline]
    actions_of = ("source.create", "source.update", "source.delete")

    def save_model(self, request: HttpRequest, obj: Source, form, change: bool) -> None:
        values = self.changes(form, skip=("correction_note",))
        if change:
            services.source_update(source=Source.objects.get(pk=obj.pk), user=request.user,
                                   note=form.cleaned_data.get("correction_note", ""), **values)
        else:
            self.adopt(obj, services.source_create(user=request.user, **values))

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        self.saved_by_services(formset)
        source = form.instance
        kept = [f.cleaned_data["name"] for f in formset.forms
                if f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")]
        services.source_alias_set(source=source, user=request.user, aliases=kept)

    def delete_model(self, request: HttpRequest, obj: Source) -> None:
        services.source_delete(source=obj, user=request.user)


# --- Articles and their appearances ----------------------------------------------------------


class AttributionInlineForm(forms.ModelForm):
    """Type the quoted words; the offsets are found in the article ("find this text"). Leave the
    claim empty to make a new claim of the words."""

    start = forms.IntegerField(min_value=0, required=False, help_text="Leave empty to find the text.")
    end = forms.IntegerField(min_value=1, required=False)
    occurrence = forms.IntegerField(min_value=1, initial=1, required=False,
                                    help_text="Which occurrence of the text, when it appears more than once.")

    class Meta:
        model = Attribution
        fields = ["claim", "kind", "status", "text", "start", "end", "speaker", "speaker_name", "speaker_role", "cue",
                  "channel", "said_on", "said_on_precision"]

    def __init__(self, *args: Any, article: Article | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "claim" in self.fields:  # absent when the inline is read-only
            self.fields["claim"].required = False
            self.fields["claim"].help_text = "Leave empty to make a new claim of these words."
            self.fields["text"].strip = False
        self.article = article
        if article is not None:
            self.instance.article = article  # the article as typed on this page, not as stored

    def clean(self) -> dict[str, Any]:
        """Anchor the words in the body as the editor typed it (line endings normalised)."""
        data = super().clean()
        if self.article is None or data.get("DELETE") or not self.has_changed():
            return data
        body = self.article.body or ""
        text = normalize_newlines(data.get("text") or "")
        start, end = data.get("start"), data.get("end")
        if start is None and end is None:
            span = find_span(body, text, occurrence=data.get("occurrence") or 1)
            if span is None:
                raise ValidationError({"text": "These words are not in the article's text (check spaces, line "
                                               "breaks and quotation marks), or not that many times."})
            start, end = span
        elif start is None or end is None or end <= start or end > len(body):
            raise ValidationError({"end": f"Give a span inside the article (0–{len(body)}), or leave both offsets "
                                          "empty to find the text."})
        elif body[start:end] != text:
            raise ValidationError({"text": f"The text does not match the article at {start}–{end}: the article has "
                                           f"{body[start:end]!r}, the attribution says {text!r}."})
        data["start"], data["end"], data["text"] = start, end, text
        return data


class AttributionInlineFormSet(forms.BaseInlineFormSet):
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "article": self.instance}


class AttributionInline(admin.StackedInline):
    model = Attribution
    form = AttributionInlineForm
    formset = AttributionInlineFormSet
    extra = 0
    autocomplete_fields = ["claim", "speaker"]
    fields = [
        ("claim", "kind", "status"),
        "text",
        ("start", "end", "occurrence"),
        ("speaker", "speaker_name", "speaker_role"),
        ("cue", "channel", "said_on", "said_on_precision"),
    ]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_somewhere(request, "attribution.create")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_somewhere(request, "attribution.update")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_somewhere(request, "attribution.delete")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


class ArticleForm(CorrectionNoteForm):
    update_action = "article.update"

    class Meta:
        model = Article
        fields = ["outlet", "headline", "dek", "bylines", "published_on", "url", "caption", "caption_credit", "body",
                  "source_file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "body" in self.fields:  # absent when the page is read-only
            self.fields["body"].strip = False

    def clean_body(self) -> str:
        # Offsets count the text as stored, with "\n" line ends; a browser sends "\r\n".
        return normalize_newlines(self.cleaned_data["body"])


@form_with_user
@admin.register(Article)
class ArticleAdmin(PolicyAdmin, SimpleHistoryAdmin):
    form = ArticleForm
    list_display = ["headline", "outlet", "published_on", "attribution_count"]
    list_filter = ["outlet", "published_on"]
    search_fields = ["headline", "dek", "url"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["outlet"]
    list_select_related = ["outlet"]
    readonly_fields = ["content_hash", "created", "updated"]
    inlines = [AttributionInline]
    actions_of = ("article.create", "article.update", "article.delete")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(attribution_count=Count("attributions"))

    @admin.display(ordering="attribution_count", description="attributions")
    def attribution_count(self, obj: Article) -> int:
        return obj.attribution_count

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        values = self.changes(form, skip=("correction_note",))
        if change:
            services.article_update(article=Article.objects.get(pk=obj.pk), user=request.user,
                                    note=form.cleaned_data.get("correction_note", ""), **values)
        else:
            self.adopt(obj, services.article_create(user=request.user, **values))

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        self.saved_by_services(formset)
        article, user = Article.objects.get(pk=form.instance.pk), request.user
        note = form.cleaned_data.get("correction_note", "")
        fields = ["kind", "text", "start", "end", "speaker", "speaker_name", "speaker_role", "cue", "channel",
                  "said_on", "said_on_precision"]
        for inline in formset.forms:
            data = getattr(inline, "cleaned_data", None)
            if not data or not inline.has_changed() and inline.instance.pk:
                continue
            if data.get("DELETE") and inline.instance.pk:
                services.attribution_delete(attribution=inline.instance, user=user)
                continue
            if inline.instance.pk:
                changed = {f: data[f] for f in inline.changed_data if f in fields}
                attribution = Attribution.objects.get(pk=inline.instance.pk)
                if changed:
                    services.attribution_update(attribution=attribution, user=user, note=note, **changed)
                if "status" in inline.changed_data:
                    services.attribution_set_status(attribution=attribution, status=data["status"], user=user,
                                                    note=note)
                continue
            if not inline.has_changed():
                continue
            claim = data.get("claim") or services.claim_create(
                user=user, text=data["text"].strip(), claimant=data.get("speaker"))
            services.attribution_create(user=user, article=article, claim=claim, note=note, status=data["status"],
                                        **{f: data[f] for f in fields if data.get(f) not in (None, "")})

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        services.article_delete(article=obj, user=request.user)

    def get_deleted_objects(self, objs, request: HttpRequest):
        # Show the refusal on the confirmation page rather than failing on submit.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Match suggestions are the matcher's, derived from the appearances: they go with them.
        perms_needed.discard(MatchSuggestion._meta.verbose_name)
        for article in objs:
            for claim in article.reviewed_claims():
                protected.append(f"Reviewed claim: {claim}")
        return deleted, model_count, perms_needed, protected


# --- Claims ----------------------------------------------------------------------------------


class AppearanceInline(admin.TabularInline):
    model = Attribution
    fk_name = "claim"
    extra = 0
    verbose_name = "appearance"
    verbose_name_plural = "appearances"
    fields = ["article", "text", "kind", "speaker_name", "cue", "status"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # appearances are anchored in an article: add them from the article

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = ["status", "rating", "headline", "fact_checker", "editor", "version"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ClaimForm(CorrectionNoteForm):
    update_action = "claim.update"

    class Meta:
        model = Claim
        fields = ["text", "claimant", "said_on", "said_on_precision", "checkworthiness"]


@form_with_user
@admin.register(Claim)
class ClaimAdmin(PolicyAdmin, SimpleHistoryAdmin):
    form = ClaimForm
    list_display = ["__str__", "claimant", "status", "said_on", "checkworthiness", "assigned_to", "updated"]
    list_filter = ["status", "claimant__kind", "appearances__article__outlet", "said_on"]
    search_fields = ["text", "claimant__name", "claimant__aliases__name"]
    date_hierarchy = "created"
    autocomplete_fields = ["claimant"]
    list_select_related = ["claimant", "assigned_to"]
    readonly_fields = ["status", "assigned_to", "merged_into", "created", "updated"]
    inlines = [AppearanceInline, ReviewInline]
    actions = ["send_to_review", "dismiss"]
    actions_of = ("claim.create", "claim.update", "claim.delete")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        # The outlet filter joins appearances; distinct keeps one row per claim.
        return super().get_queryset(request).distinct()

    def save_model(self, request: HttpRequest, obj: Claim, form, change: bool) -> None:
        values = self.changes(form, skip=("correction_note",))
        if change:
            services.claim_update(claim=Claim.objects.get(pk=obj.pk), user=request.user,
                                  note=form.cleaned_data.get("correction_note", ""), **values)
        else:
            self.adopt(obj, services.claim_create(user=request.user, **{**values, "text": form.cleaned_data["text"]}))

    def delete_model(self, request: HttpRequest, obj: Claim) -> None:
        services.claim_delete(claim=obj, user=request.user)

    def _transition(self, request: HttpRequest, queryset: QuerySet[Claim], to: str) -> None:
        moved, refused = 0, []
        for claim in queryset:
            try:
                with transaction.atomic():
                    if to == ClaimStatus.IN_REVIEW:
                        services.claim_start(claim=claim, user=request.user)
                    else:
                        services.claim_transition(claim=claim, to=to, user=request.user)
                moved += 1
            except (services.TransitionError, PermissionDenied) as exc:
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


class AttributionForm(CorrectionNoteForm):
    update_action = "attribution.update"

    class Meta:
        model = Attribution
        fields = ["article", "claim", "text", "start", "end", "kind", "speaker", "speaker_name", "speaker_role", "cue",
                  "channel", "said_on", "said_on_precision", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "text" in self.fields:  # absent when the page is read-only
            self.fields["text"].strip = False
        for name in ("article", "claim"):
            if self.instance.pk and name in self.fields:  # an appearance stays in its article and claim
                self.fields[name].disabled = True


@form_with_user
@admin.register(Attribution)
class AttributionAdmin(PolicyAdmin, SimpleHistoryAdmin):
    form = AttributionForm
    list_display = ["__str__", "article", "kind", "speaker", "cue", "origin", "confidence", "status"]
    list_filter = ["kind", "origin", "status", "article__outlet"]
    search_fields = ["text", "speaker_name", "speaker__name", "article__headline"]
    autocomplete_fields = ["article", "claim", "speaker"]
    list_select_related = ["article", "speaker"]
    readonly_fields = ["origin", "extractor_version", "confidence", "created", "updated"]
    actions_of = ("attribution.create", "attribution.update", "attribution.delete")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.has_module_permission(request) and _may_somewhere(request, "attribution.create")

    def save_model(self, request: HttpRequest, obj: Attribution, form, change: bool) -> None:
        values = self.changes(form, skip=("correction_note", "article", "claim"))
        note = form.cleaned_data.get("correction_note", "")
        if change:
            attribution = Attribution.objects.get(pk=obj.pk)
            status = values.pop("status", None)
            if values:
                services.attribution_update(attribution=attribution, user=request.user, note=note, **values)
            if status is not None:
                services.attribution_set_status(attribution=attribution, status=status, user=request.user, note=note)
        else:
            data = form.cleaned_data
            self.adopt(obj, services.attribution_create(
                user=request.user, article=data["article"], claim=data["claim"], note=note, **values))

    def delete_model(self, request: HttpRequest, obj: Attribution) -> None:
        services.attribution_delete(attribution=obj, user=request.user)


# --- Verdicts --------------------------------------------------------------------------------


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["position", "url", "title", "publisher", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # evidence is added on its own page, or on the desk

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["created", "is_retraction", "note", "editor"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # corrections are published by the correct/retract services

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReviewForm(CorrectionNoteForm):
    update_action = "review.update"

    class Meta:
        model = Review
        fields = ["claim", "rating", "headline", "summary", "rationale"]


@form_with_user
@admin.register(Review)
class ReviewAdmin(PolicyAdmin, SimpleHistoryAdmin):
    """Verdicts are written and moved on the desk; here their fields can be edited (a published one
    by an editor, as a correction with its public note), and every verdict read."""

    form = ReviewForm
    list_display = ["__str__", "claim", "rating", "status", "fact_checker", "editor", "version", "updated"]
    list_filter = ["status", "rating", "updated"]
    search_fields = ["headline", "summary", "claim__text"]
    date_hierarchy = "updated"
    autocomplete_fields = ["claim"]
    list_select_related = ["claim", "rating", "fact_checker", "editor"]
    readonly_fields = ["status", "fact_checker", "editor", "version", "published_at", "created", "updated"]
    inlines = [EvidenceInline, CorrectionInline]
    actions_of = ("review.create", "review.update", "review.delete")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.has_module_permission(request) and _may_somewhere(request, "review.create")

    def get_readonly_fields(self, request: HttpRequest, obj: Review | None = None) -> list[str]:
        return [*self.readonly_fields, "claim"] if obj is not None else list(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: Review, form, change: bool) -> None:
        values = self.changes(form, skip=("claim", "correction_note"))
        if change:
            current = Review.objects.get(pk=obj.pk)
            services.review_update(review=current, version=current.version, user=request.user,
                                   note=form.cleaned_data.get("correction_note", ""), **values)
        else:
            self.adopt(obj, services.review_create(claim=form.cleaned_data["claim"], fact_checker=request.user,
                                                   **values))

    def delete_model(self, request: HttpRequest, obj: Review) -> None:
        services.review_delete(review=obj, user=request.user)


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0


@admin.register(RatingScale)
class RatingScaleAdmin(PolicyAdmin):
    list_display = ["name", "is_default"]
    inlines = [RatingInline]
    actions_of = ("scale.manage", "scale.manage", None)

    def save_model(self, request: HttpRequest, obj: RatingScale, form, change: bool) -> None:
        if change:
            config.scale_update(scale=RatingScale.objects.get(pk=obj.pk), user=request.user, **self.changes(form))
        else:
            self.adopt(obj, config.scale_create(user=request.user, **self.changes(form)))

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        self.saved_by_services(formset)
        for inline in formset.forms:
            data = getattr(inline, "cleaned_data", None)
            if not data:
                continue
            if data.get("DELETE") and inline.instance.pk:
                config.rating_delete(rating=inline.instance, user=request.user)
            elif inline.has_changed():
                values = {f: data[f] for f in ("label", "value", "definition") if f in data}
                current = Rating.objects.get(pk=inline.instance.pk) if inline.instance.pk else None
                config.rating_save(user=request.user, rating=current, **({} if current else {"scale": form.instance}),
                                   **values)


class EvidenceForm(CorrectionNoteForm):
    update_action = "evidence.update"

    class Meta:
        model = Evidence
        fields = ["url", "title", "publisher", "note"]


@form_with_user
@admin.register(Evidence)
class EvidenceAdmin(PolicyAdmin):
    form = EvidenceForm
    list_display = ["__str__", "review", "publisher", "url"]
    search_fields = ["title", "url", "publisher"]
    autocomplete_fields = ["review"]
    actions_of = (None, "evidence.update", "evidence.remove")

    def get_readonly_fields(self, request: HttpRequest, obj: Evidence | None = None) -> list[str]:
        return ["review", "position"]

    def save_model(self, request: HttpRequest, obj: Evidence, form, change: bool) -> None:
        current = Evidence.objects.select_related("review__claim").get(pk=obj.pk)
        data = form.cleaned_data
        services.evidence_update(evidence=current, user=request.user, url=data["url"], title=data["title"],
                                 publisher=data["publisher"], note=data["note"],
                                 correction_note=data.get("correction_note", ""))

    def delete_model(self, request: HttpRequest, obj: Evidence) -> None:
        services.evidence_remove(evidence=obj, user=request.user)


@admin.register(Note)
class NoteAdmin(PolicyAdmin):
    list_display = ["__str__", "claim", "author", "created"]
    search_fields = ["text"]
    readonly_fields = ["claim", "author", "text", "created"]


@admin.register(Correction)
class CorrectionAdmin(PolicyAdmin):
    list_display = ["__str__", "created", "is_retraction", "editor"]
    list_filter = ["is_retraction"]
    readonly_fields = ["review", "note", "is_retraction", "editor", "created"]


# --- API tokens --------------------------------------------------------------------------------


@admin.register(ApiToken)
class ApiTokenAdmin(PolicyAdmin):
    """Tokens for newsroom tools. The key is shown once, on creation; only its hash is stored."""

    list_display = ["name", "user", "prefix", "read_only", "created", "last_used", "revoked_at"]
    list_filter = ["read_only", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["prefix", "created", "last_used"]
    fields = ["name", "user", "read_only", "prefix", "created", "last_used", "revoked_at"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]
    actions_of = ("token.manage", "token.manage", None)

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:
        data = form.cleaned_data
        if change:
            services_values = {k: data[k] for k in ("name", "read_only", "revoked_at") if k in form.changed_data}
            config.token_update(token=ApiToken.objects.get(pk=obj.pk), user=request.user, **services_values)
            return
        token, key = config.token_issue(user=request.user, name=data["name"], owner=data["user"],
                                        read_only=data["read_only"])
        self.adopt(obj, token)
        self.message_user(
            request,
            f"The key of “{token.name}” is {key} — copy it now: it is not stored and will not be shown again.",
            messages.WARNING,
        )

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        tokens = [t for t in queryset if t.revoked_at is None]
        for token in tokens:
            config.token_revoke(token=token, user=request.user)
        self.message_user(request, f"Revoked {len(tokens)} token(s).", messages.SUCCESS)


# --- Read-only records ---------------------------------------------------------------------------


@admin.register(MatchSuggestion)
class MatchSuggestionAdmin(PolicyAdmin):
    """Editors decide suggestions on the review desk; the admin shows them for audit."""

    list_display = ["__str__", "claim", "score", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["attribution__text", "claim__text"]
    list_select_related = ["claim", "decided_by"]
    readonly_fields = ["attribution", "claim", "score", "status", "decided_by", "decided_at", "created", "updated"]


class JobItemInline(admin.TabularInline):
    model = JobItem
    fields = ["position", "filename", "status", "statements", "article", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(PolicyAdmin):
    """Jobs are queued from the desk's Jobs page; the admin shows them."""

    list_display = ["__str__", "kind", "status", "done", "total", "failed", "created_by", "created"]
    list_filter = ["kind", "status"]
    readonly_fields = ["kind", "status", "created_by", "params", "total", "done", "failed", "attempts", "error",
                       "result_name", "started_at", "finished_at", "created", "updated"]
    exclude = ["result"]
    inlines = [JobItemInline]


# --- Newsroom integration: webhooks and feeds ------------------------------------------------------


class ManagedAdmin(PolicyAdmin):
    """Configuration only its managers see at all (`manage`: the policy's action)."""

    manage = ""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) and _may(request, self.manage)


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(choices=[(t, t) for t in events.TYPES], required=False,
                                       widget=forms.CheckboxSelectMultiple, help_text="None ticked: every event type.")

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ManagedAdmin):
    """The signing secret is shown once, when the endpoint is added or its secret rotated."""

    form = WebhookEndpointForm
    list_display = ["url", "description", "status", "created_by", "created"]
    list_filter = ["status"]
    search_fields = ["url", "description"]
    readonly_fields = ["status", "disabled_reason", "created_by", "created", "updated"]
    actions = ["pause", "resume", "rotate_secret"]
    manage = "webhook.manage"
    actions_of = ("webhook.manage", "webhook.manage", "webhook.manage")

    def save_model(self, request: HttpRequest, obj: WebhookEndpoint, form, change: bool) -> None:
        if change:
            webhooks.endpoint_update(endpoint=WebhookEndpoint.objects.get(pk=obj.pk), user=request.user,
                                     **self.changes(form))
            return
        endpoint, secret = webhooks.endpoint_create(user=request.user, **self.changes(form))
        self.adopt(obj, endpoint)
        self.message_user(request, f"The signing secret of {endpoint.url} is {secret} — copy it now: it will not be "
                                   "shown again.", messages.WARNING)

    def delete_model(self, request: HttpRequest, obj: WebhookEndpoint) -> None:
        webhooks.endpoint_delete(endpoint=obj, user=request.user)

    @admin.action(description="Pause the selected endpoints")
    def pause(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint in queryset:
            webhooks.endpoint_pause(endpoint=endpoint, user=request.user)
        self.message_user(request, "Paused: events wait until you resume.", messages.SUCCESS)

    @admin.action(description="Resume the selected endpoints (what waited is sent)")
    def resume(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint in queryset:
            webhooks.endpoint_resume(endpoint=endpoint, user=request.user)
        self.message_user(request, "Resumed.", messages.SUCCESS)

    @admin.action(description="Rotate the signing secret")
    def rotate_secret(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint in queryset:
            secret = webhooks.endpoint_rotate_secret(endpoint=endpoint, user=request.user)
            self.message_user(request, f"New secret of {endpoint.url}: {secret} — copy it now. The old one also "
                                       "signs for 24 hours.", messages.WARNING)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ManagedAdmin):
    """The delivery log; "send again" as an action."""

    list_display = ["event", "endpoint", "status", "attempts", "response_code", "duration_ms", "last_attempt_at",
                    "next_attempt_at"]
    list_filter = ["status", "event__type"]
    list_select_related = ["event", "endpoint"]
    readonly_fields = ["endpoint", "event", "status", "attempts", "response_code", "duration_ms", "error",
                       "last_attempt_at", "next_attempt_at", "created"]
    actions = ["send_again"]
    manage = "webhook.manage"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and self.has_module_permission(request)  # the list's action, no form

    @admin.action(description="Send the selected deliveries again")
    def send_again(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        deliveries = list(queryset.select_related("endpoint"))
        for delivery in deliveries:
            webhooks.delivery_resend(delivery=delivery, user=request.user)
        self.message_user(request, f"{len(deliveries)} delivery(ies) queued again.", messages.SUCCESS)


@admin.register(Feed)
class FeedAdmin(ManagedAdmin):
    list_display = ["__str__", "outlet", "active", "last_polled_at", "entries_imported", "last_error"]
    list_filter = ["active", "outlet"]
    search_fields = ["url", "title"]
    autocomplete_fields = ["outlet"]
    fields = ["url", "outlet", "title", "interval_minutes", "active", "next_poll_at", "last_polled_at",
              "last_status", "last_error", "entries_imported", "created_by"]
    readonly_fields = ["next_poll_at", "last_polled_at", "last_status", "last_error", "entries_imported", "created_by"]
    manage = "feed.manage"
    actions_of = ("feed.manage", "feed.manage", "feed.manage")

    def save_model(self, request: HttpRequest, obj: Feed, form, change: bool) -> None:
        if change:
            feeds.feed_update(feed=Feed.objects.get(pk=obj.pk), user=request.user, **self.changes(form))
        else:
            self.adopt(obj, feeds.feed_create(user=request.user, **self.changes(form)))

    def delete_model(self, request: HttpRequest, obj: Feed) -> None:
        feeds.feed_delete(feed=obj, user=request.user)


@admin.register(FeedEntry)
class FeedEntryAdmin(ManagedAdmin):
    list_display = ["__str__", "feed", "status", "attempts", "article", "error"]
    list_filter = ["status", "feed"]
    search_fields = ["url", "title"]
    list_select_related = ["feed", "article"]
    readonly_fields = ["feed", "url", "title", "published", "status", "article", "attempts", "next_attempt_at",
                       "error", "created", "updated"]
    manage = "feed.manage"
