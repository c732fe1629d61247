"""Sources: found by name or alias, never duplicated."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from claims.choices import SourceKind
from claims.models import Source, SourceAlias
from claims.names import normalize_name, person_key
from claims.services.base import set_changed_fields


def _same_person(name: str) -> Source | None:
    """A stored person with the same first and last name ("Donald J. Trump" / "Donald Trump")."""
    key = person_key(name)
    if " " not in key:
        return None
    last = key.rsplit(" ", 1)[1]
    for candidate in Source.objects.filter(kind=SourceKind.PERSON, normalized_name__endswith=last):
        if person_key(candidate.name) == key:
            return candidate
    return None


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
    if source is None and kind == SourceKind.PERSON:
        source = _same_person(name)
        if source is not None:
            aliases = [*aliases, name]  # remember this spelling, so the next lookup is direct
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
