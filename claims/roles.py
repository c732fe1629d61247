"""Who may do what: the three newsroom roles, checked on the server for every view and action.

Roles are the groups created by the 0002 migration. A superuser counts as every role.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

REPORTERS = "Reporters"
FACT_CHECKERS = "Fact-checkers"
EDITORS = "Editors"
ROLES = (REPORTERS, FACT_CHECKERS, EDITORS)


def roles_of(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The user's roles, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(ROLES)
    cached = getattr(user, "_newsroom_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._newsroom_roles = cached
    return cached


def is_staff_member(user) -> bool:
    """Anyone with a newsroom role sees the desk; everyone else sees nothing of it."""
    return bool(roles_of(user))


def is_reporter(user) -> bool:
    return bool(roles_of(user) & {REPORTERS, EDITORS})


def is_fact_checker(user) -> bool:
    """Fact-checkers draft and submit verdicts; editors may do the same."""
    return bool(roles_of(user) & {FACT_CHECKERS, EDITORS})


def is_editor(user) -> bool:
    return EDITORS in roles_of(user)
