"""OpenAPI post-processing: every operation documents the errors the API can answer with."""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` (and `code`) for the whole request, or field names with lists of problems.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "current_version": {"type": "integer", "description": "On 409 for a stale review version."},
        "their_changes": {
            "type": "array",
            "items": {"type": "object", "properties": {"field": {"type": "string"}, "then": {}, "now": {}}},
        },
    },
    # Field errors: a list of messages, or nested objects for list items and nested fields.
    "additionalProperties": {},
}

COMMON = {
    "400": "Malformed JSON, wrong types, missing fields, unknown or malformed query parameters: "
    "the body names each field and its problem.",
    "401": "No credentials, or an invalid or revoked token.",
    "403": "The account has no newsroom role allowing this, a read-only token tried to write, or CSRF failed.",
    "404": "No such record (or not visible to the caller).",
    "405": "Method not allowed here.",
    "406": "Cannot answer in the format asked for in Accept.",
    "429": "Too many requests for this token, user or address; see the Retry-After header.",
}
WRITE = {
    "409": "A state change not allowed from the current state, a stale `version` (with `current_version` and "
    "`their_changes`), or a deletion refused because other records depend on this one.",
    "413": "The request body is too large.",
    "415": "The body is not JSON.",
}


def document_errors(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            codes = dict(COMMON)
            if method != "get":
                codes.update(WRITE)
            elif path.endswith("{id}/") or path.endswith("/claimreview/"):
                operation["responses"].setdefault("304", {"description": "Not modified (ETag / Last-Modified)."})
            responses = operation.setdefault("responses", {})
            for code, description in codes.items():
                content = {"application/json": {"schema": ref}}
                responses.setdefault(code, {"description": description, "content": content})
    return result
