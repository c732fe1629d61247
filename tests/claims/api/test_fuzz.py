"""Schema-driven fuzzing: every operation of /api/schema/, a bounded number of examples each.

The schema is generated in-process, and requests go to the WSGI app in the test's database
transaction, as the editor-and-superuser `root` with a read-write token (so writes are fuzzed
too). Every response must be a non-5xx, with a status code, content type and body the schema
documents.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claims.models import ApiToken

EXAMPLES_PER_OPERATION = 8
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

_raw = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(_raw)))
schema.app = WSGIHandler()
schema.location = "/api/schema/"


@pytest.fixture
def api_key(db, settings) -> Iterator[str]:
    rates = {"token": "100000/hour", "user": "100000/hour", "anon": "100000/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    call_command("load_seeds", stdout=io.StringIO())
    from django.contrib.auth.models import User

    root = User.objects.create_superuser("fuzz-root", password="pw")
    _, key = ApiToken.issue(name="fuzz", user=root, read_only=False)
    # As Django's test client does: the WSGI handler must not close the test's connection (and
    # with it the test transaction) at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield key
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.slow
@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_it_answers_every_generated_request_as_documented(case, api_key) -> None:
    response = case.call_and_validate(headers={"Authorization": f"Bearer {api_key}"}, checks=CHECKS)
    assert response.status_code < 500
