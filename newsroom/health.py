"""`/healthz`: is this app server able to serve? Answers 200 or 503, for load balancers.

Anonymous callers learn only "ok" or "unavailable"; what failed goes to the log, and to staff
(signed in to the admin) in the answer, since a database error names hosts, ports and users.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        # The broken connection is dropped when the request ends, so the app recovers by itself.
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        logger.warning("health check: database unavailable: %s", detail)
        body = {"status": "unavailable"}
        if _is_staff(request):
            body["database"] = detail
        return JsonResponse(body, status=503)
    body = {"status": "ok"}
    if _is_staff(request):
        body["database"] = connection.vendor
    return JsonResponse(body)


def _is_staff(request: HttpRequest) -> bool:
    # The user comes from the session, in the database: when that is down too, the caller is
    # treated as anonymous rather than the 503 becoming a 500.
    try:
        return bool(request.user.is_active and request.user.is_staff)
    except DatabaseError:
        return False
