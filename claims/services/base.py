"""What every service shares: refusals, and writing only what changed, with its author in history."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from claims.policy import Decision, history_user


class TransitionError(Exception):
    """A status move that the workflow does not allow from the current state (a race, usually:
    the policy offers only the moves the state allows)."""


def set_changed_fields(obj: models.Model, values: dict[str, object]) -> list[str]:
    """Set the fields that differ; return their names (so unchanged rows are not rewritten)."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def save_changes(obj: models.Model, values: dict[str, object], *, user: Any, clean: bool = True) -> list[str]:
    """Write the fields of `values` that differ, checking the model's rules first; history records `user`."""
    changed = set_changed_fields(obj, values)
    if changed:
        if clean:
            obj.full_clean(exclude=[f.name for f in obj._meta.fields if f.name not in changed or not f.editable])
        obj._history_user = history_user(user)
        update = [*changed, "updated"] if hasattr(obj, "updated") else changed
        obj.save(update_fields=update)
    return changed


def create(model: type[models.Model], *, user: Any, **values: Any) -> Any:
    """A new row, checked against the model's rules and constraints first (a 400, not a 500)."""
    obj = model(**values)
    obj.full_clean(exclude=[f.name for f in model._meta.fields if not f.editable])
    obj._history_user = history_user(user)
    obj.save()
    return obj


def note_required(decision: Decision, note: str, *, what: str = "this change") -> str:
    """A change to the published record needs a public note saying what changed."""
    note = (note or "").strip()
    if decision.correction and not note:
        raise ValidationError({"note": f"The fact-check is published: {what} is a correction. "
                                       "Write the public note saying what changed."})
    return note
