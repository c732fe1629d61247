"""Who is calling: tool tokens (`Authorization: Bearer <key>`, RFC 6750, or the older
`Authorization: Token <key>`), or a browser session with CSRF.

Throttling is per token (a tool), per user (a session), or per address (anonymous): a fixed
window per bucket, counted atomically in the database (`throttle.counters`), so every process
and thread sees the same count. The address is `newsroom.clientip.client_ip`'s, as for sign-in.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from claims.models import ApiToken
from claims.services import config
from newsroom.clientip import client_ip
from throttle.counters import hit

LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    # "Bearer" is what OpenAPI client generators send for an HTTP bearer scheme; "Token" is kept
    # for the tools written against the first version of the API.
    keyword = "Bearer"
    keywords = (b"bearer", b"token")

    def authenticate(self, request: Request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the header as `Authorization: Bearer <key>`.")
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("The token key contains invalid characters.") from None
        token = (
            ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
        )
        if token is None or token.revoked_at is not None or not token.user.is_active:
            # DRF throttles after authenticating, so a wrong key would never be counted: it is
            # counted here as the address's anonymous request, and refused with 429 past the limit.
            allowed, wait = TokenRateThrottle().count("anon", f"a{client_ip(request)}")
            if not allowed:
                raise exceptions.Throttled(wait=wait)
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        config.token_used(token=token, now=timezone.now(), resolution=LAST_USED_RESOLUTION)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "claims.api.authentication.ApiTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "`Authorization: Bearer <key>` (`Token <key>` is accepted too); tokens are created "
            "and revoked by an admin.",
        }


class TokenRateThrottle(SimpleRateThrottle):
    """One bucket per token, per signed-in user, or per anonymous address; 429 with Retry-After.

    Every request is counted, refused ones too: hammering does not shorten the wait.
    """

    def __init__(self) -> None:  # the rate is read per request, so settings overrides apply
        self.wait_seconds: float | None = None

    def allow_request(self, request: Request, view) -> bool:
        if isinstance(request.auth, ApiToken):
            scope, ident = "token", f"t{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            scope, ident = "user", f"u{request.user.pk}"
        else:
            scope, ident = "anon", f"a{self.get_ident(request)}"
        allowed, self.wait_seconds = self.count(scope, ident)
        return allowed

    def count(self, scope: str, ident: str) -> tuple[bool, float | None]:
        """Count one request in the bucket; (within the limit?, seconds to wait when not)."""
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
        if rate is None:
            return True, None
        limit, duration = self.parse_rate(rate)
        now = time.time()
        counted = hit(f"{scope}:{ident}:{duration}", duration=duration, now=now)
        return (True, None) if counted.count <= limit else (False, counted.wait(now))

    def get_ident(self, request: Request) -> str:
        return client_ip(request)

    def wait(self) -> float | None:
        return self.wait_seconds
