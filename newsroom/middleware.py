"""Answer 503 (not 500) while the database is unreachable, and recover when it is back."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = "5"


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
