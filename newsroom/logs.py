"""Logging: a refused request is one line, a server error keeps its traceback."""

from __future__ import annotations

import logging


class NoTracebackFor4xx(logging.Filter):
    """Drop the traceback of records about a 4xx answer (a 403, a bad Host header, a 413).

    Django logs `PermissionDenied` and `SuspiciousOperation` with the exception attached, which
    writes 15-20 lines for each refusal: anyone could flood the log with them. The one line
    ("Forbidden (Permission denied): /review/import/") still says what happened.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.exc_info and (
            (isinstance(status, int) and 400 <= status < 500) or record.name.startswith("django.security.")
        ):
            record.exc_info = None
            record.exc_text = None
        return True
