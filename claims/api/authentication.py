"""Who is calling: tool tokens (`Authorization: Token <key>`), or a browser session with CSRF.

Throttling is per token (a tool), per user (a session), or per address (anonymous), with the
counters in the shared database cache so every worker process sees the same count.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import caches
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from claims.models import ApiToken

LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the header as `Authorization: Token <key>`.")
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("The token key contains invalid characters.") from None
        token = (
            ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
        )
        if token is None or token.revoked_at is not None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        now = timezone.now()
        if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
            # One write a minute at most, not one per request.
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
            token.last_used = now
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "claims.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; tokens are created and revoked by an admin.",
        }


class TokenRateThrottle(SimpleRateThrottle):
    """One bucket per token, per signed-in user, or per anonymous address; 429 with Retry-After."""

    scope = "token"

    def __init__(self) -> None:  # the rate is read per request, so settings overrides apply
        pass

    @property
    def cache(self):  # type: ignore[override]
        return caches["api"]

    def allow_request(self, request: Request, view) -> bool:
        if isinstance(request.auth, ApiToken):
            self.scope, ident = "token", f"t{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            self.scope, ident = "user", f"u{request.user.pk}"
        else:
            self.scope, ident = "anon", f"a{self.get_ident(request)}"
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.cache_format % {"scope": self.scope, "ident": ident}
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()

    def get_cache_key(self, request: Request, view) -> str | None:  # pragma: no cover - unused
        return None
