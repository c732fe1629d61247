"""Background jobs in the desk: batch imports, exports, and their progress."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims import jobs, policy
from claims.choices import JobKind, JobStatus
from claims.forms import read_article_upload
from claims.models import Job, Outlet
from claims.services.imports import HTML_SUFFIXES
from claims.views.helpers import desk_member_required, policy_required
from newsroom.middleware import request_limit, too_large


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


class BatchImportForm(forms.Form):
    files = MultipleFileField(label="Article files (.txt, .html)")
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.all(), required=False, empty_label="— none: refuse such files —",
        label="Outlet of the files that name none",
        help_text="A file whose text names its outlet goes under that one.",
    )

    def clean_files(self) -> list[tuple[str, str]]:
        uploads = self.cleaned_data["files"]
        if len(uploads) > settings.BATCH_MAX_FILES:
            raise forms.ValidationError(f"At most {settings.BATCH_MAX_FILES} files in one job.", code="too_large")
        decoded = []
        for upload in uploads:
            text = read_article_upload(upload)
            if upload.name.lower().endswith(tuple(HTML_SUFFIXES)):
                from claims.extraction.parser import ArticleParseError, parse_html

                try:
                    text = parse_html(text).source
                except ArticleParseError as exc:
                    raise forms.ValidationError(f"{upload.name}: no article text found ({exc}).") from None
            decoded.append((upload.name, text.replace("\r\n", "\n").replace("\r", "\n")))
        return decoded


class ExportForm(forms.Form):
    published_after = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    published_before = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        after, before = data.get("published_after"), data.get("published_before")
        if after and before and after > before:
            raise forms.ValidationError("The range ends before it starts.")
        return data


def _get_job_for_user(request: HttpRequest, pk: int, action: str = "job.view") -> Job:
    """Editors see every job; other desk members see their own."""
    policy.require(request.user, "desk.read")
    job = get_object_or_404(Job.objects.select_related("created_by"), pk=pk)
    policy.require(request.user, action, job)
    return job


@desk_member_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    mine = Job.objects.select_related("created_by")
    if not policy.may(request.user, "job.view"):  # not everyone's: only their own
        mine = mine.filter(created_by=request.user)
    return render(request, "claims/jobs.html", {
        "jobs": mine.defer("result")[:50], "import_form": BatchImportForm(), "export_form": ExportForm(),
    })


@request_limit("BATCH_MAX_BYTES", "a batch of files")
@policy_required("job.import")
@require_POST
def job_import(request: HttpRequest) -> HttpResponse:
    form = BatchImportForm(request.POST, request.FILES)
    if form.has_error("files", "too_large"):
        return too_large(request, " ".join(form.errors["files"]))
    if not form.is_valid():
        for error in form.errors.get("files", []):
            messages.error(request, error)
        return redirect("claims:jobs")
    job = jobs.job_create_import(user=request.user, files=form.cleaned_data["files"],
                                 outlet=form.cleaned_data["outlet"])
    messages.success(request, f"Import of {job.total} file(s) queued.")
    return redirect("claims:job", pk=job.pk)


@policy_required("job.export")
@require_POST
def job_export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect("claims:jobs")
    job = jobs.job_create_export(user=request.user, **form.cleaned_data)
    messages.success(request, "Export queued.")
    return redirect("claims:job", pk=job.pk)


@desk_member_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _get_job_for_user(request, pk)
    items = job.items.select_related("article").defer("text") if job.kind == JobKind.IMPORT else []
    return render(request, "claims/job.html", {"job": job, "items": items})


@desk_member_required
@require_GET
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Progress for the page's script to poll."""
    job = _get_job_for_user(request, pk)
    return JsonResponse({
        "status": job.status, "status_label": job.get_status_display(), "done": job.done, "total": job.total,
        "failed": job.failed, "percent": job.percent, "error": job.error,
        "finished": job.status in (JobStatus.DONE, JobStatus.FAILED),
    })


@desk_member_required
@require_http_methods(["POST"])
def job_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    job = _get_job_for_user(request, pk, "job.rerun")
    if job.status == JobStatus.DONE:
        messages.info(request, "This job has finished; nothing to run again.")
    else:
        jobs.job_rerun(job=job, user=request.user)
        messages.success(request, "Queued again: finished work is kept, the rest is done.")
    return redirect("claims:job", pk=job.pk)


@desk_member_required
@require_GET
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = _get_job_for_user(request, pk)
    if job.kind != JobKind.EXPORT or job.status != JobStatus.DONE or job.result is None:
        raise PermissionDenied("This job has no file to download.")
    response = HttpResponse(bytes(job.result), content_type="application/gzip")
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    return response
