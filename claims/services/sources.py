"""Sources: found by name or alias, never duplicated."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import policy
from claims.choices import SourceKind
from claims.models import Outlet, Source, SourceAlias
from claims.names import normalize_name, person_key
from claims.services.base import create, note_required, save_changes, set_changed_fields


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


# --- Outlets and sources as people enter them (desk, API, admin) ----------------------------------

OUTLET_FIELDS = ("name", "kind", "url")
SOURCE_FIELDS = ("name", "kind", "role", "affiliation")


def _only(values: dict[str, object], allowed: tuple[str, ...]) -> dict[str, object]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    return values


@transaction.atomic
def outlet_create(*, user: Any, **values: object) -> Outlet:
    policy.require(user, "outlet.create")
    return create(Outlet, user=user, **_only(values, OUTLET_FIELDS))


@transaction.atomic
def outlet_resolve(*, name: str, user: Any = policy.SYSTEM) -> Outlet:
    """The outlet of this name, created if there is none (the importer's way)."""
    name = name.strip()[:200]
    outlet = Outlet.objects.filter(name__iexact=name).first()
    return outlet or outlet_create(user=user, name=name)


@transaction.atomic
def outlet_update(*, outlet: Outlet, user: Any, **values: object) -> Outlet:
    policy.require(user, "outlet.update", outlet)
    save_changes(outlet, _only(values, OUTLET_FIELDS), user=user)
    return outlet


@transaction.atomic
def outlet_delete(*, outlet: Outlet, user: Any) -> None:
    policy.require(user, "outlet.delete", outlet)
    outlet.delete()  # PROTECT: an outlet with articles stays


@transaction.atomic
def source_create(*, user: Any, aliases: Iterable[str] = (), **values: object) -> Source:
    policy.require(user, "source.create")
    source = create(Source, user=user, **_only(values, SOURCE_FIELDS))
    for alias in aliases:
        if normalize_name(alias) and normalize_name(alias) != source.normalized_name:
            SourceAlias.objects.get_or_create(source=source, normalized=normalize_name(alias),
                                              defaults={"name": alias})
    return source


@transaction.atomic
def source_update(*, source: Source, user: Any, note: str = "", **values: object) -> Source:
    """Change a source. Its name shows on every fact-check it is the claimant of: once one is
    published, this is an editor's correction, noted on each of them."""
    from claims.services.reviews import correct_claim_record

    Source.objects.select_for_update().filter(pk=source.pk).first()
    decision = policy.require(user, "source.update", source)
    note = note_required(decision, note, what="changing the claimant")
    if "affiliation" in values and values["affiliation"] is not None and values["affiliation"].pk == source.pk:
        raise ValidationError({"affiliation": "A source cannot be its own affiliation."})
    if save_changes(source, _only(values, SOURCE_FIELDS), user=user) and decision.correction:
        for claim in source.claims.filter(status__in=policy.CORRECTION_STATES):
            correct_claim_record(claim=claim, user=user, note=note)
    return source


@transaction.atomic
def source_delete(*, source: Source, user: Any) -> None:
    policy.require(user, "source.delete", source)
    source.delete()  # PROTECT: a source with claims or appearances stays


@transaction.atomic
def source_alias_set(*, source: Source, user: Any, aliases: Iterable[str]) -> Source:
    """Replace the source's aliases (the other names it goes by)."""
    policy.require(user, "source.update", source)
    wanted = {normalize_name(a): a.strip() for a in aliases if normalize_name(a)}
    wanted.pop(source.normalized_name, None)
    source.aliases.exclude(normalized__in=wanted).delete()
    have = set(source.aliases.values_list("normalized", flat=True))
    for key, name in wanted.items():
        if key not in have:
            SourceAlias.objects.create(source=source, name=name[:200])
    return source
