"""Server-side permission checks for every endpoint, by newsroom role (see claims.roles).

- Reading needs a role (Reporters, Fact-checkers, Editors): staff only, by token or session.
  Authenticated users without a role get 403; anonymous callers get 401.
- Public ClaimReview markup (`/api/v1/reviews/claimreview/`, `/api/v1/reviews/{id}/claimreview/`)
  is open to everyone, and only ever shows published reviews.
- Writing needs the role named by the view or action (`write_roles` / `action_roles`), and a
  read-write token when the caller uses a token.
"""

from __future__ import annotations

from collections.abc import Callable

from rest_framework import permissions
from rest_framework.request import Request

from claims import roles
from claims.models import ApiToken

RoleCheck = Callable[[object], bool]
ROLE_CHECKS: dict[str, RoleCheck] = {
    "staff": roles.is_staff_member,
    "reporter": roles.is_reporter,
    "fact_checker": roles.is_fact_checker,
    "editor": roles.is_editor,
}


class NewsroomRolePermission(permissions.BasePermission):
    message = "Your account has no newsroom role that allows this."

    def has_permission(self, request: Request, view) -> bool:
        action = getattr(view, "action", None)
        if action in getattr(view, "public_actions", ()):
            return True
        user = request.user
        if not user or not user.is_authenticated:
            return False  # DRF answers 401 with WWW-Authenticate
        read_only_token = isinstance(request.auth, ApiToken) and request.auth.read_only
        if read_only_token and request.method not in permissions.SAFE_METHODS:
            self.message = "This token is read-only."
            return False
        needed = self.role_needed(request, view)
        if not ROLE_CHECKS[needed](user):
            self.message = f"This needs the {needed.replace('_', '-')} role."
            return False
        return True

    @staticmethod
    def role_needed(request: Request, view) -> str:
        action = getattr(view, "action", None)
        action_roles: dict[str, str] = getattr(view, "action_roles", {})
        if action in action_roles:
            return action_roles[action]
        if request.method in permissions.SAFE_METHODS:
            return "staff"
        return getattr(view, "write_role", "editor")
