"""Forms of the review desk. They only clean input; the writes go through claims.services."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q, QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from claims.choices import AttributionKind, DatePrecision, Priority
from claims.ids import parse_int
from claims.models import Article, Outlet, Rating, Review
from claims.policy import EDITORS, FACT_CHECKERS
from claims.services.reviews import MAX_RATIONALE, MAX_SUMMARY
from newsroom.middleware import size


class FastSelect(forms.Select):
    """A <select> written in Python: rendering each <option> through the widget templates took a
    third of the queue page's time."""

    def render(self, name: str, value: object, attrs: dict | None = None, renderer: object = None) -> str:
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (choice, mark_safe(" selected") if str(choice) in chosen else "", label)  # a constant
            for choice, label in self.choices
        ))
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)),
                           options)


class FastInputMixin:
    """An <input> written in Python, as Django's template writes it: the desk's pages render many
    (an article's statements' correction forms; the claim page's five forms), and the widget
    templates were a quarter to a half of their time."""

    def render(self, name: str, value: object, attrs: dict | None = None, renderer: object = None) -> str:
        final: dict[str, Any] = {"type": self.input_type, "name": name}  # Django's order: type, name, value
        shown = self.format_value(value)
        if shown is not None:
            final["value"] = shown
        final.update(self.build_attrs(self.attrs, attrs))
        return format_html("<input{}>", flatatt(final))


class FastTextInput(FastInputMixin, forms.TextInput):
    pass


class FastNumberInput(FastInputMixin, forms.NumberInput):
    pass


class FastHiddenInput(FastInputMixin, forms.HiddenInput):
    pass


class FastURLInput(FastInputMixin, forms.URLInput):
    pass


class FastDateInput(FastInputMixin, forms.DateInput):
    pass


class FastTextarea(forms.Textarea):
    def render(self, name: str, value: object, attrs: dict | None = None, renderer: object = None) -> str:
        final = self.build_attrs(self.attrs, {"name": name, **(attrs or {})})
        return format_html("<textarea{}>\n{}</textarea>", flatatt(final), self.format_value(value) or "")


def scale_ratings(review: Review | None = None) -> QuerySet[Rating]:
    """Ratings of the default scale (and of the scale the review already uses)."""
    scales = Q(scale__is_default=True)
    if review is not None and review.rating_id:
        scales |= Q(scale_id=review.rating.scale_id)
    return Rating.objects.filter(scales).select_related("scale").order_by("scale_id", "-value")


# Django's "Ensure this value has at most 50000 characters (it has 112000)." reads as a
# programmer's message; this one says the limit and the size in the newsroom's words.
LENGTH_MESSAGE = {"max_length": "At most %(limit_value)s characters (this has %(show_value)s)."}


class CharField(forms.CharField):
    """Every text field of the desk says its limit that way."""

    default_error_messages = LENGTH_MESSAGE


VERDICT_FIELDS = ("rating", "headline", "summary", "rationale")


class RatingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Rating) -> str:
        return f"{obj.label} — {obj.definition}" if obj.definition else obj.label


class VerdictForm(forms.Form):
    """The verdict's fields, plus the version the editor started from (optimistic concurrency)."""

    rating = RatingChoiceField(queryset=Rating.objects.none(), required=False, empty_label="— choose a rating —",
                               widget=FastSelect)
    headline = CharField(max_length=300, required=False, widget=FastTextInput)
    summary = CharField(required=False, widget=FastTextarea(attrs={"rows": 3}), max_length=MAX_SUMMARY)
    rationale = CharField(required=False, widget=FastTextarea(attrs={"rows": 8}), max_length=MAX_RATIONALE)
    version = forms.IntegerField(required=False, widget=FastHiddenInput, min_value=1)

    def __init__(self, *args, review: Review | None = None, **kwargs) -> None:
        if review is not None and "initial" not in kwargs and not args and "data" not in kwargs:
            kwargs["initial"] = {
                "rating": review.rating_id, "headline": review.headline, "summary": review.summary,
                "rationale": review.rationale, "version": review.version,
            }
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["rating"].queryset = scale_ratings(review)

    def clean(self) -> dict:
        data = super().clean()
        # A verdict is started by writing something: an empty form would store an empty draft.
        if self.review is None and not self.errors and not any(data.get(f) for f in VERDICT_FIELDS):
            self.add_error("rating", "Choose a rating or write the headline, summary or rationale.")
        return data

    def values(self) -> dict[str, object]:
        data = self.cleaned_data
        return {name: data[name] for name in ("rating", "headline", "summary", "rationale")}


class EvidenceForm(forms.Form):
    url = forms.URLField(max_length=1000, assume_scheme="https", label="Link", widget=FastURLInput)
    title = CharField(max_length=300, required=False, widget=FastTextInput)
    publisher = CharField(max_length=200, required=False, widget=FastTextInput)
    note = CharField(required=False, widget=FastTextarea(attrs={"rows": 2}), max_length=5000)
    correction_note = CharField(
        required=False, max_length=5000, label="Correction note (public)", widget=FastTextarea(attrs={"rows": 2}),
        help_text="The fact-check is published: say what this changes.",
    )


class ClaimEditForm(forms.Form):
    """The checkable statement: distinct from the quotes, which stay as the article has them."""

    text = CharField(label="The claim, as it will be checked", max_length=2000,
                     widget=FastTextarea(attrs={"rows": 3}))
    claimant_name = CharField(
        label="Claimant", max_length=200, required=False,
        help_text="Type a name or alias to choose a source; a name not yet stored adds a new source.",
        widget=FastTextInput(attrs={"list": "claimant-options", "autocomplete": "off", "data-source-lookup": ""}),
    )
    said_on = forms.DateField(label="First said", required=False, widget=FastDateInput(attrs={"type": "date"}))
    said_on_precision = forms.ChoiceField(label="Known to the", choices=DatePrecision.choices, initial="day",
                                          widget=FastSelect)
    checkworthiness = forms.IntegerField(
        min_value=0, max_value=100, required=False, label="Check-worthiness", widget=FastNumberInput,
        help_text="0–100. Leave empty to let the scorer decide; a number of your own overrides it.",
    )
    topics = CharField(
        required=False, max_length=800, label="Topics", help_text="Separated by commas: health, budget 2025",
        widget=FastTextInput(attrs={"list": "topic-options", "autocomplete": "off"}),
    )
    note = CharField(required=False, max_length=5000, label="Correction note (public)",
                     widget=FastTextarea(attrs={"rows": 2}),
                     help_text="The fact-check is published: say what this changes.")

    def __init__(self, *args, claim=None, **kwargs) -> None:
        if claim is not None and not args and "data" not in kwargs:
            kwargs.setdefault("initial", {
                "text": claim.text, "claimant_name": claim.claimant.name if claim.claimant else "",
                "said_on": claim.said_on, "said_on_precision": claim.said_on_precision,
                "checkworthiness": claim.checkworthiness,
                "topics": ", ".join(t.name for t in claim.topics.all()),
            })
        super().__init__(*args, **kwargs)

    def clean_topics(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["topics"].split(",") if name.strip()]

    def values(self) -> dict[str, object]:
        data = dict(self.cleaned_data)
        data["claimant_name"] = data["claimant_name"].strip()
        return data


class NoteForm(forms.Form):
    text = CharField(label="Note", widget=FastTextarea(attrs={"rows": 3}), max_length=5000)


def desk_assignees() -> QuerySet:
    User = get_user_model()
    return (
        User.objects.filter(Q(groups__name__in=[FACT_CHECKERS, EDITORS]) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("username")
    )


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(queryset=None, required=False, empty_label="— nobody —", label="Assigned to",
                                         widget=FastSelect)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = desk_assignees()


class PlanForm(forms.Form):
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int, initial=Priority.NORMAL)
    due_on = forms.DateField(required=False, label="Due", widget=forms.DateInput(attrs={"type": "date"}))


class NoteRequiredForm(forms.Form):
    """Send back, correction and retraction notes."""

    note = CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CorrectionForm(VerdictForm):
    note = CharField(
        label="Correction note (public)", widget=FastTextarea(attrs={"rows": 3}), max_length=5000
    )


class SendBackForm(forms.Form):
    note = CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ClaimFilterForm(forms.Form):
    """The queue's filter form: the HTML face of claims.filtersets.ClaimFilterSet, which validates
    and applies the same parameters (this form only renders them, with the values given)."""

    q = forms.CharField(
        required=False, label="Search", widget=forms.SearchInput(attrs={"placeholder": "Search claims, speakers…"})
    )
    outlet = forms.ModelChoiceField(queryset=Outlet.objects.order_by("name"), required=False,
                                    empty_label="Any outlet", widget=FastSelect)
    # A name box, not a list: a newsroom holds thousands of sources, and rendering each as an
    # <option> made the queue page slow for everyone.
    speaker = forms.CharField(required=False, max_length=200,
                              widget=forms.TextInput(attrs={"placeholder": "Name or alias"}))
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *AttributionKind.choices], widget=FastSelect)
    current_rating = forms.TypedChoiceField(required=False, label="Rating", widget=FastSelect)
    mine = forms.BooleanField(required=False, label="Assigned to me",
                              widget=forms.CheckboxInput(attrs={"value": "true"}))
    published_after = forms.DateField(required=False, label="Appeared from",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    published_before = forms.DateField(required=False, label="to", widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(required=False, widget=FastSelect)

    def __init__(self, *args, sorts: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sort"].choices = list(sorts.items())
        ratings = Rating.objects.filter(scale__is_default=True).order_by("-value").values_list("value", "label")
        self.fields["current_rating"].choices = [("", "Any rating"), *ratings]


class AttributionCorrectForm(forms.Form):
    speaker_name = CharField(max_length=200, required=False, label="Speaker", widget=FastTextInput)
    start = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=FastNumberInput)
    end = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=FastNumberInput)
    kind = forms.ChoiceField(choices=AttributionKind.choices, widget=FastSelect)
    note = CharField(required=False, max_length=5000, label="Correction note (public)",
                           widget=FastTextarea(attrs={"rows": 2}))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") is not None and data.get("end") is not None and data["end"] <= data["start"]:
            raise forms.ValidationError("The span must end after it starts.")
        return data


# Control characters no article has (tab, line feed, form feed and carriage return are text):
# a PNG, a PDF, a Word file or UTF-16 text is full of them.
_BINARY = "[\x00-\x08\x0b\x0e-\x1f\x7f]"
_BINARY_TEXT, _BINARY_BYTES = re.compile(_BINARY), re.compile(_BINARY.encode())


def too_large_error(name: str) -> forms.ValidationError:
    limit = settings.UPLOAD_MAX_BYTES
    return forms.ValidationError(
        f"{name} is larger than {size(limit)}, the limit for one article.", code="too_large"
    )


def check_article_text(text: str, name: str) -> str:
    """`text` if it is an article's text; a clear error for binary data or one over the size limit.

    The one check behind every way an article comes in (pasted, uploaded, in a batch), so a PNG
    or a NUL byte is refused with its name before anything is stored (PostgreSQL would refuse
    the NUL later, as a 500).
    """
    if len(text) > settings.UPLOAD_MAX_BYTES:
        raise too_large_error(name)
    if _BINARY_TEXT.search(text):
        raise _binary_error(name)
    return text


def _binary_error(name: str) -> forms.ValidationError:
    return forms.ValidationError(
        f"{name} is not text: it holds binary data (an image or a document?). "
        "Give the article as UTF-8 text (.txt) or a web page (.html).", code="binary",
    )


def read_article_upload(upload) -> str:
    """An uploaded article file's text, in UTF-8 (a BOM is dropped), as the command-line import reads it."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise too_large_error(upload.name)
    raw = upload.read(settings.UPLOAD_MAX_BYTES + 1)
    if len(raw) > settings.UPLOAD_MAX_BYTES:  # a size the client misstated
        raise too_large_error(upload.name)
    if _BINARY_BYTES.search(raw):
        raise _binary_error(upload.name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise forms.ValidationError(
            f"{upload.name} is not UTF-8 text ({exc.reason} at byte {exc.start}): save it as UTF-8.", code="encoding"
        ) from None
    return check_article_text(text, upload.name)


class StatementNumbersField(forms.Field):
    """The statements of the preview to store, by their position in it (0, 1, ...)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": "%(value)s is not a statement number."}

    def to_python(self, value) -> set[int]:
        numbers = set()
        for item in value or []:
            number = parse_int(item, maximum=100_000)
            if number is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid",
                                            params={"value": repr(item)})
            numbers.add(number)
        return numbers


class ImportForm(forms.Form):
    text = CharField(
        required=False, strip=False, label="Paste the article",
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )
    file = forms.FileField(required=False, label="or upload a file (.txt, .html)")
    filename = CharField(required=False, max_length=500, widget=forms.HiddenInput)
    accept = StatementNumbersField(required=False)

    def clean(self) -> dict:
        data = super().clean()
        upload = data.get("file")
        if upload:
            data["text"] = read_article_upload(upload)
            data["filename"] = upload.name[:500]
        elif data.get("text"):
            data["text"] = check_article_text(data["text"], "The pasted article")
        if not (data.get("text") or "").strip():
            raise forms.ValidationError("Paste an article or choose a file.")
        return data

    @property
    def too_large(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, "too_large")


class MergeForm(forms.Form):
    """The claim to merge into (the survivor), by its number."""

    into = forms.IntegerField(min_value=1, label="Merge into claim #",
                              widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "id"}))
    reason = CharField(max_length=500, required=False, label="Reason (optional, kept in a note)",
                       widget=forms.Textarea(attrs={"rows": 2}))


class ArticleDetailsForm(forms.Form):
    """What the parser found (headline, outlet, date, bylines, URL), for a person to correct:
    before an import stores it, and on the article page after."""

    headline = CharField(max_length=500, error_messages={"required": "Give the headline (the parser found none)."})
    outlet = forms.ModelChoiceField(queryset=Outlet.objects.all(), required=False, empty_label="— choose the outlet —")
    new_outlet = CharField(max_length=200, required=False, label="or add a new outlet")
    published_on = forms.DateField(required=False, label="Published", widget=forms.DateInput(attrs={"type": "date"}))
    bylines = CharField(required=False, max_length=1000, label="Bylines", help_text="Separated by commas")
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https", label="URL",
                         error_messages=LENGTH_MESSAGE)
    dek = CharField(required=False, max_length=5000, label="Dek / standfirst", widget=forms.Textarea(attrs={"rows": 2}))
    note = CharField(required=False, max_length=5000, label="Correction note (public)",
                     widget=forms.Textarea(attrs={"rows": 2}),
                     help_text="A published fact-check cites this article: say what this changes.")

    def __init__(self, *args, article: Article | None = None, **kwargs) -> None:
        self.article = article
        if article is not None and not args and "data" not in kwargs:
            kwargs.setdefault("initial", {
                "headline": article.headline, "outlet": article.outlet_id, "published_on": article.published_on,
                "bylines": ", ".join(article.bylines or []), "url": article.url or "", "dek": article.dek,
            })
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, parsed, filename: str = "") -> dict[str, object]:
        """The form's first values, from what the parser found: an outlet it names is chosen if
        stored, else offered as a new one; a missing headline is left for the person to give."""
        outlet = Outlet.objects.filter(name__iexact=(parsed.outlet or "").strip()).first() if parsed.outlet else None
        return {
            "headline": parsed.headline or "", "outlet": outlet.pk if outlet else None,
            "new_outlet": "" if outlet else (parsed.outlet or "")[:200], "published_on": parsed.published,
            "bylines": ", ".join(parsed.bylines), "url": "", "dek": parsed.dek or "",
        }

    def clean_bylines(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["bylines"].split(",") if name.strip()]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if url:
            other = Article.objects.filter(url=url).exclude(pk=self.article.pk if self.article else None).first()
            if other is not None:
                raise forms.ValidationError(f"Article #{other.pk} (“{other.headline[:80]}”) has this URL already.")
        return url

    def clean(self) -> dict:
        data = super().clean()
        name = " ".join((data.get("new_outlet") or "").split())
        if name and data.get("outlet"):
            self.add_error("new_outlet", "Choose an outlet or name a new one, not both.")
        elif name:
            data["outlet"] = Outlet.objects.filter(name__iexact=name).first()  # a stored one, whatever its case
            data["new_outlet"] = "" if data["outlet"] else name
        elif not data.get("outlet") and "outlet" not in self.errors:
            self.add_error("outlet", "Choose the outlet, or name a new one.")
        return data

    def details(self) -> dict[str, object]:
        data = self.cleaned_data
        return {name: data[name] for name in ("headline", "dek", "bylines", "published_on", "url")}


class QuoteCorrectionForm(forms.Form):
    """A suggestion of the import preview, corrected before it is stored: speaker, kind, span."""

    speaker = CharField(max_length=200, required=False)
    kind = forms.ChoiceField(choices=AttributionKind.choices)
    start = forms.IntegerField(min_value=0, max_value=2**31 - 1)
    end = forms.IntegerField(min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, text: str = "", **kwargs) -> None:
        self.text = text
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            return data
        if end <= start:
            raise forms.ValidationError("The span must end after it starts.")
        if end > len(self.text):
            self.add_error("end", f"The article is {len(self.text):,} characters long.")
        elif not self.text[start:end].strip():
            raise forms.ValidationError("The span holds no words.")
        return data


class BulkForm(forms.Form):
    """Claims ticked in the queue and what to do with them."""

    ACTIONS = (("assign", "Assign to"), ("priority", "Set priority"), ("dismiss", "Dismiss"), ("reopen", "Reopen"))

    action = forms.ChoiceField(choices=ACTIONS)
    claim = forms.TypedMultipleChoiceField(coerce=int, required=True, error_messages={
        "required": "Tick the claims to act on first."})
    assigned_to = forms.ModelChoiceField(queryset=None, required=False, empty_label="— nobody —")
    priority = forms.TypedChoiceField(choices=[("", "—"), *Priority.choices], coerce=int, required=False,
                                      empty_value=None)
    next = CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = desk_assignees()
        # Any whole number is a candidate; which exist is the view's question (missing ones are reported).
        self.fields["claim"].valid_value = lambda value: parse_int(str(value)) is not None

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == "priority" and data.get("priority") is None:
            self.add_error("priority", "Choose the priority to set.")
        return data
