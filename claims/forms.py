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

from claims.choices import AttributionKind, DatePrecision
from claims.ids import parse_int
from claims.models import Outlet, Rating, Review
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


class RatingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Rating) -> str:
        return f"{obj.label} — {obj.definition}" if obj.definition else obj.label


class VerdictForm(forms.Form):
    """The verdict's fields, plus the version the editor started from (optimistic concurrency)."""

    rating = RatingChoiceField(queryset=Rating.objects.none(), required=False, empty_label="— choose a rating —",
                               widget=FastSelect)
    headline = forms.CharField(max_length=300, required=False, widget=FastTextInput)
    summary = forms.CharField(required=False, widget=FastTextarea(attrs={"rows": 3}), max_length=MAX_SUMMARY)
    rationale = forms.CharField(required=False, widget=FastTextarea(attrs={"rows": 8}), max_length=MAX_RATIONALE)
    version = forms.IntegerField(required=False, widget=FastHiddenInput, min_value=1)

    def __init__(self, *args, review: Review | None = None, **kwargs) -> None:
        if review is not None and "initial" not in kwargs and not args and "data" not in kwargs:
            kwargs["initial"] = {
                "rating": review.rating_id, "headline": review.headline, "summary": review.summary,
                "rationale": review.rationale, "version": review.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["rating"].queryset = scale_ratings(review)

    def values(self) -> dict[str, object]:
        data = self.cleaned_data
        return {name: data[name] for name in ("rating", "headline", "summary", "rationale")}


class EvidenceForm(forms.Form):
    url = forms.URLField(max_length=1000, assume_scheme="https", label="Link", widget=FastURLInput)
    title = forms.CharField(max_length=300, required=False, widget=FastTextInput)
    publisher = forms.CharField(max_length=200, required=False, widget=FastTextInput)
    note = forms.CharField(required=False, widget=FastTextarea(attrs={"rows": 2}), max_length=5000)
    correction_note = forms.CharField(
        required=False, max_length=5000, label="Correction note (public)", widget=FastTextarea(attrs={"rows": 2}),
        help_text="The fact-check is published: say what this changes.",
    )


class ClaimEditForm(forms.Form):
    """The checkable statement: distinct from the quotes, which stay as the article has them."""

    text = forms.CharField(label="The claim, as it will be checked", max_length=2000,
                           widget=FastTextarea(attrs={"rows": 3}))
    claimant_name = forms.CharField(label="Claimant", max_length=200, required=False, widget=FastTextInput,
                                    help_text="A name or alias; a new name adds a source.")
    said_on = forms.DateField(label="First said", required=False, widget=FastDateInput(attrs={"type": "date"}))
    said_on_precision = forms.ChoiceField(label="Known to the", choices=DatePrecision.choices, initial="day",
                                          widget=FastSelect)
    checkworthiness = forms.IntegerField(min_value=0, max_value=100, required=False, label="Check-worthiness",
                                         widget=FastNumberInput)
    note = forms.CharField(required=False, max_length=5000, label="Correction note (public)",
                           widget=FastTextarea(attrs={"rows": 2}),
                           help_text="The fact-check is published: say what this changes.")

    def __init__(self, *args, claim=None, **kwargs) -> None:
        if claim is not None and not args and "data" not in kwargs:
            kwargs.setdefault("initial", {
                "text": claim.text, "claimant_name": claim.claimant.name if claim.claimant else "",
                "said_on": claim.said_on, "said_on_precision": claim.said_on_precision,
                "checkworthiness": claim.checkworthiness,
            })
        super().__init__(*args, **kwargs)

    def values(self) -> dict[str, object]:
        data = dict(self.cleaned_data)
        data["claimant_name"] = data["claimant_name"].strip()
        return data


class NoteForm(forms.Form):
    text = forms.CharField(label="Note", widget=FastTextarea(attrs={"rows": 3}), max_length=5000)


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


class NoteRequiredForm(forms.Form):
    """Send back, correction and retraction notes."""

    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CorrectionForm(VerdictForm):
    note = forms.CharField(
        label="Correction note (public)", widget=FastTextarea(attrs={"rows": 3}), max_length=5000
    )


class SendBackForm(forms.Form):
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
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
    speaker_name = forms.CharField(max_length=200, required=False, label="Speaker", widget=FastTextInput)
    start = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=FastNumberInput)
    end = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=FastNumberInput)
    kind = forms.ChoiceField(choices=AttributionKind.choices, widget=FastSelect)
    note = forms.CharField(required=False, max_length=5000, label="Correction note (public)",
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
    text = forms.CharField(
        required=False, strip=False, label="Paste the article",
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )
    file = forms.FileField(required=False, label="or upload a file (.txt, .html)")
    filename = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
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
    reason = forms.CharField(max_length=500, required=False, label="Reason (optional, kept in a note)",
                             widget=forms.Textarea(attrs={"rows": 2}))
