"""The import page: paste or upload an article, confirm the extracted statements, then store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from claims.extraction.parser import ArticleParseError, parse_html
from claims.extraction.quotes import Quote
from claims.forms import ArticleDetailsForm, ImportForm, QuoteCorrectionForm
from claims.paragraphs import Segment
from claims.selectors.imports import preview_article
from claims.services import imports as importing
from claims.views.helpers import policy_required, refusal


def _normalise(text: str) -> str:
    # Browsers send form text with CRLF line ends; files are read with universal newlines too.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _article_text(text: str, filename: str) -> str:
    if Path(filename).suffix.lower() in importing.HTML_SUFFIXES:
        try:
            return parse_html(text).source
        except ArticleParseError as exc:
            raise importing.ImportError_(f"no article text found in the page: {exc}") from None
    return text


def _context_of(text: str, start: int, end: int, width: int = 160) -> list[Segment]:
    """The quote with a little of the text around it, for the confirmation list."""
    left = max(0, text.rfind("\n", 0, start) + 1, start - width)
    right_break = text.find("\n", end)
    right = min(len(text), end + width, right_break if right_break != -1 else len(text))
    return [
        Segment(("…" if left > 0 and text[left - 1] != "\n" else "") + text[left:start]),
        Segment(text[start:end], attribution=True),  # type: ignore[arg-type]
        Segment(text[end:right] + ("…" if right < len(text) and text[right] != "\n" else "")),
    ]


def _as_data(initial: dict, prefix: str) -> dict[str, str]:
    """A form's initial values as the data a browser would post (for an import that skipped
    the preview, as scripts and older pages do)."""
    data = {}
    for name, value in initial.items():
        if value is not None:
            data[f"{prefix}-{name}"] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data


def _corrected(quote: Quote, form: QuoteCorrectionForm, text: str) -> Quote:
    """The suggestion as the person corrected it in the preview."""
    data = form.cleaned_data
    speaker = data["speaker"].strip() or None
    changes: dict[str, object] = {"kind": data["kind"]}
    if speaker != quote.speaker:
        # A speaker typed by hand: the extractor's role and kind were for the one it found.
        changes.update(speaker=speaker, speaker_role=None, speaker_kind=None)
    if (data["start"], data["end"]) != (quote.start, quote.end):
        changes.update(start=data["start"], end=data["end"], text=text[data["start"]:data["end"]])
    return replace(quote, **changes)


@policy_required("article.create")
def import_article(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    if request.method == "GET":
        return render(request, "claims/import.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "claims/import.html", {"form": form}, status=413 if form.too_large else 400)
    filename = form.cleaned_data["filename"]
    importing_now = request.POST.get("intent") == "import"
    try:
        text = _normalise(_article_text(form.cleaned_data["text"], filename))
        preview = preview_article(text=text, filename=filename)
    except importing.ImportError_ as exc:
        form.add_error(None, f"This article cannot be imported: {exc}")
        return render(request, "claims/import.html", {"form": form}, status=400)
    initial = ArticleDetailsForm.initial_for(preview.parsed, filename)
    if "meta-headline" in request.POST:
        details = ArticleDetailsForm(request.POST, prefix="meta")
    elif importing_now:
        details = ArticleDetailsForm(_as_data(initial, "meta"), prefix="meta")
    else:
        details = ArticleDetailsForm(initial=initial, prefix="meta")
    corrections = {
        index: QuoteCorrectionForm(
            request.POST if f"q{index}-start" in request.POST else None, text=text, prefix=f"q{index}",
            initial={"speaker": quote.speaker or "", "kind": quote.kind, "start": quote.start, "end": quote.end})
        for index, quote in enumerate(preview.quotes) if quote.part_of is None
    }
    status = 200
    if importing_now and preview.existing is not None:
        messages.info(request, "This article was already stored; nothing changed.")
        return redirect(reverse("claims:article", args=[preview.existing.pk]))
    if importing_now:
        accept = form.cleaned_data["accept"]
        valid = details.is_valid()
        valid = all([f.is_valid() for i, f in corrections.items() if f.is_bound and i in accept]) and valid
        if valid:
            quotes = [_corrected(q, corrections[i], text) if i in corrections and corrections[i].is_bound else q
                      for i, q in enumerate(preview.quotes)]
            try:
                result = importing.import_article(
                    text=text, filename=filename, user=request.user, accept=accept, parsed=preview.parsed,
                    quotes=quotes, outlet=details.cleaned_data["outlet"],
                    outlet_name=details.cleaned_data["new_outlet"], details=details.details())
            except ValidationError as exc:
                form.add_error(None, f"This article cannot be imported: {refusal(exc)}")
            else:
                messages.success(request, f"Article imported with {len(result.attributions)} suggested statements.")
                return redirect(reverse("claims:article", args=[result.article.pk]))
        status = 400
    # A partial quote inside a reported clause is a detail of that statement, not one more:
    # shown under it and stored with it.
    parts: dict[int, list[str]] = {}
    for quote in preview.quotes:
        if quote.part_of is not None:
            parts.setdefault(quote.part_of, []).append(quote.text)
    ticked = form.cleaned_data["accept"] if importing_now else None
    quotes = [
        {
            "index": index, "quote": quote, "context": _context_of(text, quote.start, quote.end),
            "checked": preview.already_checked.get(index), "parts": parts.get(index, []),
            "correction": corrections[index], "ticked": ticked is None or index in ticked,
        }
        for index, quote in enumerate(preview.quotes) if quote.part_of is None
    ]
    return render(request, "claims/import.html", {
        "form": form, "preview": preview, "quotes": quotes, "text": text, "filename": filename, "details": details,
    }, status=status)
