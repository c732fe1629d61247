"""CSV and NDJSON for claims and reviews.

A resource's CSV has fixed columns in a fixed order (CLAIM_COLUMNS, REVIEW_COLUMNS, listed in the
README), whatever the data or the filter: each column is a dotted path into the JSON
representation; a path through a list (`appearances.text`) joins the items' values with " | ", in
the list's order, so the Nth value of `corrections.created` belongs to the Nth of `corrections.note`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from rest_framework.renderers import BaseRenderer

# A cell starting with one of these is a formula to a spreadsheet: neutralise it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = " | "

CLAIM_COLUMNS = (
    "id", "text", "status", "claimant.id", "claimant.name", "claimant.kind", "claimant.role", "said_on",
    "said_on_precision", "checkworthiness", "assigned_to", "merged_into", "verdict.id", "verdict.status",
    "verdict.headline", "verdict.published_at", "verdict.rating.label", "verdict.rating.value", "appearances.id",
    "appearances.text", "appearances.kind", "appearances.status", "appearances.said_on", "appearances.article.id",
    "appearances.article.headline", "appearances.article.url", "appearances.article.published_on",
    "appearances.article.outlet.name", "created", "updated",
)
REVIEW_COLUMNS = (
    "id", "claim", "status", "version", "rating", "rating_label", "rating_value", "headline", "summary", "rationale",
    "fact_checker", "editor", "published_at", "evidence.url", "evidence.title", "corrections.created",
    "corrections.is_retraction", "corrections.note", "created", "updated",
)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


def cell(value: Any, path: list[str]) -> Any:
    """The value at a dotted path; through a list, the items' values joined with LIST_SEPARATOR."""
    for index, key in enumerate(path):
        if isinstance(value, list):
            return LIST_SEPARATOR.join(_text(cell(item, path[index:])) for item in value)
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_text(item) for item in value)
    return value


def safe_cell(value: Any) -> str:
    text = _text(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Line:
    """A file-like object whose write() hands back what the csv module wrote (one row)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], *, header: bool = True) -> Iterator[str]:
    """The CSV text of `rows`, a row at a time, with the header first."""
    writer = csv.writer(_Line())
    paths = [column.split(".") for column in columns]
    if header:
        yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow([safe_cell(cell(row, path)) for path in paths])


class CSVRenderer(BaseRenderer):
    """A page (its `results`) or one record, in the view's `csv_columns`; the next page is in the
    `Link` header (see pagination)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: dict | None = None) -> bytes:
        if data is None:
            return b""
        view = (renderer_context or {}).get("view")
        rows = data["results"] if isinstance(data, dict) and "results" in data else data
        if isinstance(rows, dict):
            rows = [rows]
        out = io.StringIO()
        out.writelines(csv_lines(rows, view.csv_columns))
        return out.getvalue().encode(self.charset)


class NDJSONRenderer(BaseRenderer):
    """Declares the NDJSON export's media type; the export itself streams (see ClaimViewSet.export)."""

    media_type = "application/x-ndjson"
    format = "ndjson"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: dict | None = None) -> bytes:
        import json

        return (json.dumps(data) + "\n").encode()
