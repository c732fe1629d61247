"""CSV for claims and reviews: nested objects flattened to dotted columns, lists joined with " | "."""

from __future__ import annotations

import csv
import io
from typing import Any

from rest_framework.renderers import BaseRenderer

# A cell starting with one of these is a formula to a spreadsheet: neutralise it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                flat = flatten(item)
                parts.append(str(flat.get("text") or flat.get("id") or flat))
            else:
                parts.append("" if item is None else str(item))
        return {prefix: " | ".join(parts)}
    return {prefix: value}


def safe_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: dict | None = None) -> bytes:
        if data is None:
            return b""
        rows = data["results"] if isinstance(data, dict) and "results" in data else data
        if isinstance(rows, dict):
            rows = [rows]
        flat_rows = [flatten(row) for row in rows]
        header: list[str] = []
        for row in flat_rows:
            header.extend(key for key in row if key not in header)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        for row in flat_rows:
            writer.writerow([safe_cell(row.get(key)) for key in header])
        return out.getvalue().encode(self.charset)


class NDJSONRenderer(BaseRenderer):
    """Declares the NDJSON export's media type; the export itself streams (see ClaimViewSet.export)."""

    media_type = "application/x-ndjson"
    format = "ndjson"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: dict | None = None) -> bytes:
        import json

        return (json.dumps(data) + "\n").encode()
