"""Sources: found by name or alias, never duplicated."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from claims import policy
from claims.choices import SourceKind
from claims.models import Outlet, Source, SourceAlias
from claims.names import normalize_name, person_key
from claims.services.base import create, note_required, save_changes, set_changed_fields


@dataclass(frozen=True)
class SourceSpec:
    """A speaker as an article names it, to be found among the stored sources or created."""

    name: str
    kind: str = SourceKind.PERSON
    role: str = ""
    aliases: tuple[str, ...] = field(default=())
    affiliation: Source | None = None


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
    spec = SourceSpec(name=name, kind=kind, role=role, aliases=tuple(aliases), affiliation=affiliation)
    return sources_resolve(specs=[spec])[0]


@transaction.atomic
def sources_resolve(*, specs: list[SourceSpec]) -> list[Source]:
    """`source_resolve` for many speakers at once (an article's), in a handful of queries
    whatever their number: one look-up of every name and alias, one of the people who may be
    stored under another middle initial, one insert of the new sources and one of new aliases."""
    if not specs:
        return []
    keys = {normalize_name(s.name) for s in specs}
    by_key: dict[str, list[Source]] = {}
    stored = (Source.objects.filter(Q(normalized_name__in=keys) | Q(aliases__normalized__in=keys))
              .prefetch_related("aliases").distinct())
    known_aliases: dict[int, set[str]] = {}
    for source in stored:
        names = {source.normalized_name, *(a.normalized for a in source.aliases.all())}
        known_aliases[source.pk] = names
        for key in names & keys:
            by_key.setdefault(key, []).append(source)

    def lookup(spec: SourceSpec) -> Source | None:
        found = by_key.get(normalize_name(spec.name), [])
        return next((s for s in found if s.kind == spec.kind), found[0] if found else None)

    # People stored with the same first and last name ("Donald J. Trump" / "Donald Trump").
    missing_people = {person_key(s.name): s for s in specs
                      if s.kind == SourceKind.PERSON and lookup(s) is None and " " in person_key(s.name)}
    same_person: dict[str, Source] = {}
    if missing_people:
        lasts = {key.rpartition(" ")[2] for key in missing_people}
        condition = Q()
        for last in lasts:
            condition |= Q(normalized_name__endswith=last)
        for candidate in Source.objects.filter(condition, kind=SourceKind.PERSON).prefetch_related("aliases"):
            key = person_key(candidate.name)
            if key in missing_people:
                same_person.setdefault(key, candidate)
                known_aliases.setdefault(candidate.pk, {candidate.normalized_name,
                                                        *(a.normalized for a in candidate.aliases.all())})

    # New sources are inserted together (after the first pass has found which ones are new).
    new: dict[tuple[str, str], Source] = {}
    for spec in specs:
        if lookup(spec) is None and (spec.kind != SourceKind.PERSON or person_key(spec.name) not in same_person):
            key = (spec.kind, normalize_name(spec.name))
            new.setdefault(key, Source(name=spec.name, normalized_name=key[1], kind=spec.kind, role=spec.role,
                                       affiliation=spec.affiliation))
    for source in Source.objects.bulk_create(list(new.values())):
        known_aliases[source.pk] = {source.normalized_name}
        # A name is new only when nothing was stored under it, so its list holds only new sources,
        # one per kind: where one goes in it makes no difference.
        by_key.setdefault(source.normalized_name, []).append(source)

    resolved: list[Source] = []
    new_aliases: list[SourceAlias] = []
    for spec in specs:
        aliases = list(spec.aliases)
        source = lookup(spec)
        if source is None:
            source = same_person[person_key(spec.name)]
            aliases.append(spec.name)  # remember this spelling, so the next lookup is direct
        elif source.pk not in {s.pk for s in new.values()}:
            fill: dict[str, object] = {}
            if spec.role and not source.role:
                fill["role"] = spec.role
            if spec.affiliation and not source.affiliation_id:
                fill["affiliation"] = spec.affiliation
            if set_changed_fields(source, fill):
                source.save(update_fields=[*fill, "updated"])
        known = known_aliases.setdefault(source.pk, {source.normalized_name})
        for alias in aliases:
            key = normalize_name(alias)
            if key and key not in known:
                new_aliases.append(SourceAlias(source=source, name=alias, normalized=key))
                known.add(key)
        resolved.append(source)
    SourceAlias.objects.bulk_create(new_aliases, ignore_conflicts=True)
    return resolved


# An organisation that belongs to a person: "the Roe campaign", "Jane Roe's transition team".
_OWNED_ORG_RE = re.compile(
    r"^(?:the\s+)?(?P<owner>.+?)(?:['\u2019]s?)?\s+(?:campaign|administration|team|transition team|camp|office|"
    r"foundation|presidential campaign|re-election campaign)$", re.IGNORECASE)


def sources_affiliate(*, sources: list[Source]) -> None:
    """Tie an organisation named after one of these people to that person ("the Roe campaign"
    to Jane Roe), when it has no affiliation yet: its statements and hers are then candidates
    for the same claim."""
    people: dict[str, Source] = {}
    for source in sources:
        if source.kind == SourceKind.PERSON:
            key = normalize_name(source.name)
            people[key] = people.get(key, source)
            people.setdefault(key.rpartition(" ")[2], source)
    for source in {s.pk: s for s in sources}.values():
        owned = _OWNED_ORG_RE.match(source.name) if source.kind == SourceKind.ORGANIZATION else None
        if owned is None or source.affiliation_id is not None:
            continue
        owner = owned.group("owner")
        person = people.get(normalize_name(owner)) or Source.objects.named(owner).filter(
            kind=SourceKind.PERSON).first()
        if person is not None:
            source.affiliation = person
            source.save(update_fields=["affiliation", "updated"])


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
