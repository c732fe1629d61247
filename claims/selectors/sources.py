"""Source reads."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from claims.models import Source, SourceAlias


def source_queryset() -> QuerySet[Source]:
    return Source.objects.prefetch_related(Prefetch("aliases", queryset=SourceAlias.objects.order_by("name")))
