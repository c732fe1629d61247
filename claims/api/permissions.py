"""The API door's checks before a view runs; what a write may do is decided by the policy.

- Reading needs a newsroom role (`desk.read` in claims.policy), by token or session: anonymous
  callers get 401, signed-in users without a role 403.
- Public ClaimReview markup (`/api/v1/reviews/claimreview/`, `/api/v1/reviews/{id}/claimreview/`)
  is open to everyone, and only ever shows public reviews.
- A read-only token may only read (and ask the draft check, which stores nothing).
- Every write goes through a service, which asks `claims.policy` on the record as it is and
  refuses with 403 and the policy's reason.
"""

from __future__ import annotations

from rest_framework import permissions
from rest_framework.request import Request

from claims import policy
from claims.models import ApiToken


class NewsroomRolePermission(permissions.BasePermission):
    message = "Your account has no newsroom role that allows this."

    def has_permission(self, request: Request, view) -> bool:
        if getattr(view, "action", None) in getattr(view, "public_actions", ()):
            return True
        user = request.user
        if not user or not user.is_authenticated:
            return False  # DRF answers 401 with WWW-Authenticate
        read_only_token = isinstance(request.auth, ApiToken) and request.auth.read_only
        stores_nothing = getattr(view, "stores_nothing", False)
        if read_only_token and request.method not in permissions.SAFE_METHODS and not stores_nothing:
            self.message = "This token is read-only."
            return False
        decision = policy.may(user, "desk.read")
        self.message = decision.reason or self.message
        return decision.allowed
