"""Who is signing in or calling: the client's address, one answer for sign-in lockout
(django-axes) and API throttling, and the user name axes records.

django-ipware reads it as the settings say (`DJANGO_PROXY_COUNT`, turned into
`AXES_IPWARE_PROXY_COUNT` and `AXES_IPWARE_META_PRECEDENCE_ORDER`): with no proxy configured
only the connection's address counts, so a client cannot pick the address it is counted
under by writing an X-Forwarded-For header; behind proxies, the entry the outermost one added.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

USERNAME_MAX_LENGTH = 255  # axes.models.AccessBase.username


def client_ip(request: HttpRequest) -> str:
    address, _ = get_client_ip(
        request,
        proxy_count=settings.AXES_IPWARE_PROXY_COUNT,
        request_header_order=settings.AXES_IPWARE_META_PRECEDENCE_ORDER,
        # Not strict: a chain longer than the proxies make is a client's own prefix, which the
        # count already skips; strict mode would throw the whole header away for it.
        strict=False,
    )
    # A request that did not come through the proxies (no header, or one with fewer entries
    # than proxies): the connection's own address, never something the client wrote.
    return address or request.META.get("REMOTE_ADDR", "")


def client_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The user name a sign-in attempt gave, as axes stores it (at most 255 characters).

    Django's sign-in form passes any length on to authentication, and axes would store it
    as given: a 5,000-character name was a database error (a 500) on PostgreSQL.
    """
    source = credentials if credentials is not None else request.POST
    value = source.get(settings.AXES_USERNAME_FORM_FIELD) or ""
    return str(value).replace("\x00", "")[:USERNAME_MAX_LENGTH]
