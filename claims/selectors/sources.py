"""Source reads."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from claims.choices import SourceKind
from claims.models import Source, SourceAlias


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
