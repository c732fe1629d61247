"""Answer 503 (not 500) while the database is unreachable, and recover when it is back; refuse
oversized requests with 413 before reading them."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import format_html
from django.views import defaults

from claims.ids import parse_int

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = "5"
View = Callable[..., HttpResponse]


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable: %s", str(exception).splitlines()[0] if str(exception) else exception)
        # Nothing to close here: at the end of the request Django drops a connection that
        # failed, and CONN_HEALTH_CHECKS makes the next request open a fresh one.
        message = "The database is unavailable for a moment. Please try again shortly."
        if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
            response: HttpResponse = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that went away gives 503 (retry soon), whatever raised it.

    The middleware above only sees exceptions from views; this also covers the ones raised
    while loading the session or the user, before any view runs.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        response = DatabaseUnavailableMiddleware(lambda r: HttpResponse()).process_exception(request, exception)
        if response is not None:
            return response
    return HttpResponse("Server error: the newsroom team has been told.", status=500,
                        content_type="text/plain; charset=utf-8")


# --- Request sizes -------------------------------------------------------------------------------


def too_large(request: HttpRequest, message: str) -> HttpResponse:
    """413 with what was too large and the limit: JSON for the API, a short page for people."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "too_large"}, status=413)
    return HttpResponse(
        format_html('<!doctype html><html lang="en"><title>Too large</title><h1>Too large</h1><p>{}</p></html>',
                    message),
        status=413, content_type="text/html; charset=utf-8",
    )


def size(n: int) -> str:
    """Bytes for people: 1 MiB, 1.5 MiB, 64 KiB."""
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f}".removesuffix(".0") + " MiB"
    return f"{n / 1024:.1f}".removesuffix(".0") + " KiB"


def request_limit(setting: str, what: str) -> Callable[[View], View]:
    """Let a view take bodies up to `settings.<setting>` bytes (`what`: "a batch"), not one article's."""

    def decorator(view: View) -> View:
        view.request_limit = (setting, what)  # type: ignore[attr-defined]
        return view

    return decorator


class RequestSizeLimitMiddleware:
    """A request whose declared body is over its view's limit gets 413 before anything reads it.

    The limit is `REQUEST_MAX_BYTES` (one article and its form), or the setting a view names
    with `request_limit`. Django would otherwise spool any size of file upload to disk while the
    CSRF check reads the form, and refuse large form fields with an HTML 400.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: View, args: Any, kwargs: Any) -> HttpResponse | None:
        setting, what = getattr(view, "request_limit", ("REQUEST_MAX_BYTES", ""))
        limit = getattr(settings, setting)
        declared = parse_int(request.META.get("CONTENT_LENGTH") or "0") or 0
        if declared <= limit:
            return None
        if what:
            return too_large(request, f"The request is {size(declared)}, over the limit of {size(limit)} for {what}.")
        return too_large(request, f"The request is {size(declared)}, over the limit of "
                                  f"{size(settings.UPLOAD_MAX_BYTES)} for one article.")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: Django's own limits on bodies and files are a 413 saying which, on fields a 400."""
    if isinstance(exception, RequestDataTooBig):
        return too_large(request, f"The form is larger than {size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}.")
    if isinstance(exception, TooManyFilesSent):
        return too_large(request, f"At most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files in one upload.")
    if isinstance(exception, TooManyFieldsSent):
        message = f"At most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} parameters or form fields in one request."
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "too_many_fields"}, status=400)
        return HttpResponse(format_html('<!doctype html><html lang="en"><title>Bad request</title>'
                                        "<h1>Bad request</h1><p>{}</p></html>", message), status=400)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Bad request.", "code": "bad_request"}, status=400)
    return defaults.bad_request(request, exception)
