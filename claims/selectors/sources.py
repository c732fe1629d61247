"""Source reads."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from claims.choices import SourceKind
from claims.models import Source, SourceAlias, Topic


def source_queryset() -> QuerySet[Source]:
    return Source.objects.prefetch_related(Prefetch("aliases", queryset=SourceAlias.objects.order_by("name")))


def related_speakers(*, sources: list[Source]) -> dict[int, list[int]]:
    """For each source: itself, then the sources whose claims its statements may join, the
    person an organisation belongs to ("the Roe campaign" -> Jane Roe) and the organisations
    that belong to a person. One query."""
    related: dict[int, list[int]] = {s.pk: [s.pk] for s in sources}
    for source in sources:
        if source.affiliation_id and source.kind == SourceKind.ORGANIZATION:
            related[source.pk].append(source.affiliation_id)
    people = [s.pk for s in sources if s.kind == SourceKind.PERSON]
    if people:
        for person_id, org_id in Source.objects.filter(affiliation_id__in=people, kind=SourceKind.ORGANIZATION
                                                       ).values_list("affiliation_id", "pk"):
            if org_id not in related[person_id]:
                related[person_id].append(org_id)
    return related


def source_lookup(*, query: str, limit: int = 10) -> list[dict[str, object]]:
    """Sources whose name or an alias contains `query`, for the claimant box: names starting
    with it first. Each row says which alias matched, so "Kirby" offers "John Kirby (Kirby)"."""
    query = " ".join(query.split())[:200]
    if len(query) < 2:
        return []
    matches = (Source.objects.filter(Q(name__icontains=query) | Q(aliases__name__icontains=query))
               .distinct().prefetch_related("aliases").order_by("name")[: limit * 3])
    rows = []
    for source in matches:
        alias = next((a.name for a in source.aliases.all()
                      if query.casefold() in a.name.casefold() and query.casefold() not in source.name.casefold()), "")
        rows.append({"id": source.pk, "name": source.name, "alias": alias, "role": source.role,
                     "kind": source.get_kind_display()})
    rows.sort(key=lambda r: (not str(r["name"]).casefold().startswith(query.casefold()), str(r["name"])))
    return rows[:limit]


def topic_names() -> list[str]:
    return list(Topic.objects.order_by("name").values_list("name", flat=True)[:500])
