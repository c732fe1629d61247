"""JSON bodies within bounds: an oversized body is a 413 unread; a body nested too deep, or with
text no database can store (a lone surrogate), is a 400 naming the problem."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import exceptions, parsers, status

from claims.ids import parse_int
from newsroom.middleware import size

# No request of this API nests deeper than a few levels; the JSON decoder itself gives up
# (RecursionError, a 500) at about a thousand.
MAX_DEPTH = 32


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def _check(document: Any) -> None:
    """Refuse nesting deeper than MAX_DEPTH and strings PostgreSQL cannot store (no recursion)."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise exceptions.ParseError("JSON parse error - a string holds a lone surrogate (\\ud800-\\udfff) "
                                            "that is not a character.") from None
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise exceptions.ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.")
            children = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((item, depth + 1) for pair in children for item in pair)


class BoundedJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.UPLOAD_MAX_BYTES
        request = (parser_context or {}).get("request")
        declared = parse_int(request.META.get("CONTENT_LENGTH") or "0") if request is not None else 0
        if declared and declared > limit:
            # The same words and shape as the 413 of newsroom.middleware, which sees it first
            # when the body is over the limit with room for a form around it.
            message = f"The request is {size(declared)}, over the limit of {size(limit)} for one article."
            raise PayloadTooLarge({"detail": message, "code": "too_large"})
        try:
            document = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.") from None
        _check(document)
        return document
