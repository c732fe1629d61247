"""Keyset cursor pagination on (updated, id), ascending: the order a sync client wants.

The cursor is the (updated, id) of the last row of the page, so an export running while editors
work never skips a row and never shows the same version of a row twice: a row edited during the
export moves to the end of the order and comes again with its new version, which a client
applies as an update. `page_size` is bounded (1..MAX_PAGE_SIZE).
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from rest_framework import serializers
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class UpdatedCursorPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_field = "updated"

    def decode_cursor(self, raw: str) -> tuple[datetime, int]:
        try:
            text = base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4)).decode()
            stamp, pk = text.rsplit("|", 1)
            when, number = datetime.fromisoformat(stamp), int(pk)
            if when.tzinfo is None or not 0 <= number < 2**63:
                raise ValueError
            when = when.astimezone(UTC)
        except (ValueError, OverflowError, UnicodeError, binascii.Error):
            raise serializers.ValidationError({self.cursor_query_param: ["Invalid cursor."]}) from None
        return when, number

    @staticmethod
    def encode_cursor(when: datetime, pk: int) -> str:
        return base64.urlsafe_b64encode(f"{when.isoformat()}|{pk}".encode()).decode().rstrip("=")

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return DEFAULT_PAGE_SIZE
        field = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE)
        try:
            return field.run_validation(raw)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({self.page_size_query_param: exc.detail}) from None

    def paginate_queryset(self, queryset: QuerySet, request: Request, view=None) -> list[Any]:
        self.request = request
        self.page_size = self.get_page_size(request)
        field = self.ordering_field
        raw = request.query_params.get(self.cursor_query_param)
        queryset = queryset.order_by(field, "pk")
        if raw:
            when, pk = self.decode_cursor(raw)
            # `updated >= when` lets the (updated, id) index start at the cursor.
            queryset = queryset.filter(Q(**{f"{field}__gte": when}), Q(**{f"{field}__gt": when}) | Q(pk__gt=pk))
        rows = list(queryset[: self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if rows and isinstance(rows[-1], dict):  # a .values() queryset
            self.last = (rows[-1][field], rows[-1]["id"])
        else:
            self.last = (getattr(rows[-1], field), rows[-1].pk) if rows else None
        return rows

    def get_next_cursor(self) -> str | None:
        return self.encode_cursor(*self.last) if self.has_next and self.last is not None else None

    def get_next_link(self) -> str | None:
        cursor = self.get_next_cursor()
        if cursor is None:
            return None
        url = settings.NEWSROOM_URL + self.request.get_full_path()
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data: Any) -> Response:
        """The page; the next page's URL also in an RFC 8288 `Link` header, which CSV pages have too."""
        link = self.get_next_link()
        headers = {"Link": f'<{link}>; rel="next"'} if link else None
        return Response({"next": link, "next_cursor": self.get_next_cursor(), "results": data}, headers=headers)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "next_cursor", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri",
                         "description": "The next page, or null on the last page (also in the `Link` header)."},
                "next_cursor": {"type": "string", "nullable": True,
                                "description": "The `cursor` of the next page, or null on the last page."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        return [
            {"name": self.cursor_query_param, "required": False, "in": "query",
             "description": "Opaque cursor: `next_cursor` of the previous page.", "schema": {"type": "string"}},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "description": f"Rows per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}},
        ]
