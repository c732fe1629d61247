"""What every service shares: the refusal of a move, and writing only what changed."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

User = AbstractBaseUser | AnonymousUser


class TransitionError(Exception):
    """A status move that the workflow does not allow from the current state."""


def set_changed_fields(obj, values: dict[str, object]) -> list[str]:
    """Set the fields that differ; return their names (so unchanged rows are not rewritten)."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed
