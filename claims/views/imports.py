"""The import page: paste or upload an article, confirm the extracted statements, then store."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from claims.extraction.parser import ArticleParseError, parse_html
from claims.forms import ImportForm
from claims.paragraphs import Segment
from claims.selectors.imports import preview_article
from claims.services import imports as importing
from claims.views.helpers import policy_required


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
    try:
        text = _normalise(_article_text(form.cleaned_data["text"], filename))
        if request.POST.get("intent") == "import":
            accept = form.cleaned_data["accept"]
            result = importing.import_article(text=text, filename=filename, user=request.user, accept=accept)
            if result.status == "unchanged":
                messages.info(request, "This article was already stored; nothing changed.")
            else:
                messages.success(request, f"Article imported with {len(result.attributions)} suggested statements.")
            return redirect(reverse("claims:article", args=[result.article.pk]))
        preview = preview_article(text=text, filename=filename)
    except importing.ImportError_ as exc:
        form.add_error(None, f"This article cannot be imported: {exc}")
        return render(request, "claims/import.html", {"form": form}, status=400)
    # A partial quote inside a reported clause is a detail of that statement, not one more:
    # shown under it and stored with it.
    parts: dict[int, list[str]] = {}
    for quote in preview.quotes:
        if quote.part_of is not None:
            parts.setdefault(quote.part_of, []).append(quote.text)
    quotes = [
        {
            "index": index, "quote": quote, "context": _context_of(text, quote.start, quote.end),
            "checked": preview.already_checked.get(index), "parts": parts.get(index, []),
        }
        for index, quote in enumerate(preview.quotes) if quote.part_of is None
    ]
    return render(request, "claims/import.html", {
        "form": form, "preview": preview, "quotes": quotes, "text": text, "filename": filename,
    })
