"""One exception handler for the API: every refusal is a 4xx JSON body naming field and problem.

- `policy.PolicyDenied` -> 403 with the policy's reason (who may do this, and in which state).
- `services.ReviewConflict` -> 409 with `current_version` and `their_changes` (field, then, now).
- `services.TransitionError` -> 409 with the message under `status` (the state that refuses it).
- Django `ValidationError` -> 400 with field names; `ProtectedError` / `IntegrityError` -> 409.
- Everything DRF knows (parse errors, 401/403/404/405/413/415, 429 with Retry-After) as DRF does.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from claims.policy import PolicyDenied
from claims.services import MergeError, ReviewConflict, TransitionError


def django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def _jsonable(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    if request is not None:
        # Errors are JSON whatever format the request asked for (CSV, NDJSON).
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
    response = _handle(exc)
    if response is not None:
        set_rollback()
        return response
    return exception_handler(exc, context)


def _handle(exc: Exception) -> Response | None:
    if isinstance(exc, PolicyDenied):
        return Response({"detail": str(exc), "code": "policy"}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, MergeError):
        return Response({"detail": str(exc), "code": "merge_refused"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ReviewConflict):
        return Response(
            {
                "detail": str(exc),
                "code": "version_conflict",
                "current_version": exc.current_version,
                "their_changes": [
                    {"field": field, "then": _jsonable(then), "now": _jsonable(now)}
                    for field, then, now in exc.their_changes
                ],
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, TransitionError):
        return Response(
            {"detail": str(exc), "code": "transition_not_allowed", "status": [str(exc)]},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        return Response(django_errors(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ProtectedError):
        return Response(
            {"detail": exc.args[0] if exc.args else "Other records depend on this one.", "code": "protected"},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, IntegrityError):
        return Response(
            {"detail": "This conflicts with a record saved at the same time; reload and try again.",
             "code": "integrity"},
            status=status.HTTP_409_CONFLICT,
        )
    return None
