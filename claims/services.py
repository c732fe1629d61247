"""Writes that touch several rows or have side effects.

Every function is keyword-only and runs in a transaction; views, the admin, the API and
management commands call these rather than saving models themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from claims import workflow
from claims.choices import ClaimStatus, SourceKind
from claims.models import Claim, Source, SourceAlias
from claims.names import normalize_name

User = AbstractBaseUser | AnonymousUser


class TransitionError(Exception):
    """A status move that the workflow does not allow from the current state."""


@transaction.atomic
def claim_transition(*, claim: Claim, to: str, user: User | None = None) -> Claim:
    # Lock the row so two editors moving the same claim at once see each other's move.
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if not workflow.claim_can_move(locked.status, to):
        raise TransitionError(
            f"A claim that is {ClaimStatus(locked.status).label.lower()} cannot move to "
            f"{ClaimStatus(to).label.lower()}."
        )
    locked.status = to
    locked.save(update_fields=["status", "updated"])
    claim.status, claim.updated = locked.status, locked.updated
    return claim


def set_changed_fields(obj, values: dict[str, object]) -> list[str]:
    """Set the fields that differ; return their names (so unchanged rows are not rewritten)."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


@transaction.atomic
def source_resolve(
    *, name: str, kind: str = SourceKind.PERSON, role: str = "", aliases: Iterable[str] = (),
    affiliation: Source | None = None,
) -> Source:
    """The stored source this name refers to, by name or alias; created if there is none.

    A source is never duplicated: "Kirby" finds "John Kirby" through his alias. Missing details
    (role, affiliation, new aliases) are filled in; details already recorded are kept, because
    a reporter's role in one article should not overwrite an editor's curated one.
    """
    source = Source.objects.named(name).filter(kind=kind).first() or Source.objects.named(name).first()
    if source is None:
        source = Source.objects.create(name=name, kind=kind, role=role, affiliation=affiliation)
    else:
        fill = {}
        if role and not source.role:
            fill["role"] = role
        if affiliation and not source.affiliation_id:
            fill["affiliation"] = affiliation
        if set_changed_fields(source, fill):
            source.save(update_fields=[*fill, "updated"])
    known = {source.normalized_name, *source.aliases.values_list("normalized", flat=True)}
    for alias in aliases:
        key = normalize_name(alias)
        if key and key not in known:
            SourceAlias.objects.create(source=source, name=alias)
            known.add(key)
    return source
