"""The pre-publication check on the desk: paste a draft, see its statements and what was already checked."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core import validators
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from claims import selectors
from claims.paragraphs import Paragraph, paragraph_spans, segment
from claims.selectors.drafts import HEADLINE
from claims.views.helpers import policy_required


class DraftForm(forms.Form):
    headline = forms.CharField(required=False, max_length=500)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}), strip=False, label="Draft")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        text = self.fields["text"]
        text.max_length = text.widget.attrs["maxlength"] = settings.DRAFT_MAX_CHARS
        text.validators.append(validators.MaxLengthValidator(settings.DRAFT_MAX_CHARS))


@policy_required("draft.check")
@require_http_methods(["GET", "POST"])
def draft_check(request: HttpRequest) -> HttpResponse:
    """Nothing is stored: the draft goes to the check and back to the page."""
    form = DraftForm(request.POST or None)
    context: dict = {"form": form, "max_chars": settings.DRAFT_MAX_CHARS}
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"].replace("\r\n", "\n")
        check = selectors.check_draft(text=text, headline=form.cleaned_data["headline"])
        in_text = [s for s in check.statements if s.field != HEADLINE]

        def inside(start: int, end: int) -> list:
            return [s for s in in_text if s.start < end and s.end > start]

        context |= {
            "check": check,
            "headline_statements": [s for s in check.statements if s.field == HEADLINE],
            "paragraphs": [
                Paragraph(start, end, segment(text, start, end, inside(start, end)))
                for start, end in paragraph_spans(text)
            ],
        }
    return render(request, "claims/drafts.html", context)
