"""OpenAPI post-processing: every operation documents the errors the API can answer with, the
media types and headers of its successful answers, and the ranges of record ids."""

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


# Answers that are not JSON: text to a generated client, not the JSON object drf-spectacular copies
# under every media type of a view's renderers.
TEXT_MEDIA_TYPES = {
    "text/csv": "CSV with a header row, in the resource's fixed columns (see the README); a page's next page is in "
    "the `Link` header.",
    "application/x-ndjson": "NDJSON: one JSON object a line, U+2028 and U+2029 escaped.",
}
HEADER = {"schema": {"type": "string"}}
LINK = {**HEADER, "description": 'RFC 8288: `<url>; rel="next"`, the next page (absent on the last page).'}
CONDITIONAL = {"ETag": {**HEADER, "description": "A hash of the representation, for If-None-Match."},
               "Last-Modified": {**HEADER, "description": "HTTP date of the latest change, for If-Modified-Since."}}
# Record ids are positive bigints; the server answers 404 to any other id in a path, 400 in a query
# or a body. These are the names under which ids travel in queries and request bodies.
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
ID_NAMES = {"id", "delivery_id", "outlet", "article", "claim", "claimant", "claimant_id", "speaker", "affiliation",
            "review"}
# Single-value filters ignore an empty value (`?q=`), as django-filter does, and so does `format`;
# `page_size` and the multiple-choice filters (`?status=`) do not.
NOT_EMPTY = {"page_size"}
# Operations anyone may call (the ClaimReview markup): no credentials is a valid way to call them.
PUBLIC_PATHS = ("/api/v1/reviews/claimreview/", "/api/v1/reviews/{id}/claimreview/")


# Answered by gunicorn before the app sees the request, as text: documented without a body.
URI_TOO_LONG = {"description": "The request line is over 4094 bytes (the app server's limit): send fewer or "
                "shorter query parameters."}


def document_errors(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for component in result["components"]["schemas"].values():
        for name, field in component.get("properties", {}).items():
            if name in ID_NAMES and field.get("type") == "integer" and "minimum" not in field:
                field.update(minimum=ID_SCHEMA["minimum"], maximum=ID_SCHEMA["maximum"])
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
            responses.setdefault("414", URI_TOO_LONG)
            document_success(path, method, operation)
    return result


def document_success(path: str, method: str, operation: dict[str, Any]) -> None:
    if path in PUBLIC_PATHS:
        operation["security"] = [*operation.get("security", []), {}]
    for parameter in operation.get("parameters", []):
        kind, located = parameter["schema"].get("type"), parameter["in"]
        if parameter["name"] in ID_NAMES and (located == "path" or kind == "integer"):
            parameter["schema"] = {**parameter["schema"], **ID_SCHEMA}
        if located == "query" and parameter["name"] not in NOT_EMPTY and kind != "array":
            parameter["allowEmptyValue"] = True
        if parameter["in"] == "query" and parameter["name"] == "format":
            parameter["description"] = "The answer's format (or ask with the Accept header)."
    for code, response in operation["responses"].items():
        for media_type, description in TEXT_MEDIA_TYPES.items():
            if media_type in response.get("content", {}):
                response["content"][media_type] = {"schema": {"type": "string", "description": description}}
        if code == "301":
            response["headers"] = {"Location": {"schema": {"type": "string", "format": "uri"},
                                                "description": "The surviving claim's URL."}}
        if method != "get" or not code.startswith("2"):
            continue
        headers: dict[str, Any] = {}
        if any(p["name"] == "cursor" for p in operation.get("parameters", [])):
            headers["Link"] = LINK
        if "304" in operation["responses"]:
            headers.update(CONDITIONAL)
        if headers:
            response["headers"] = {**response.get("headers", {}), **headers}
