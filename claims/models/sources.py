"""Who publishes (Outlet) and who speaks (Source, with aliases)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from claims.choices import OutletKind, SourceKind
from claims.models.base import TimestampedModel
from claims.names import normalize_name


class Outlet(TimestampedModel):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=OutletKind.choices, default=OutletKind.NEWSPAPER)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SourceQuerySet(models.QuerySet["Source"]):
    def named(self, name: str) -> SourceQuerySet:
        """Sources whose name or one of whose aliases is `name`, compared normalised."""
        key = normalize_name(name)
        return self.filter(Q(normalized_name=key) | Q(aliases__normalized=key)).distinct()


class Source(TimestampedModel):
    """Whoever makes statements: a person, an organisation, or a group ("U.S. officials")."""

    name = models.CharField(max_length=200)
    normalized_name = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.PERSON)
    role = models.CharField("current role or title", max_length=300, blank=True)
    affiliation = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "normalized_name"], name="source_unique_name_per_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalized_name = normalize_name(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normalized_name"}
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None) -> None:
        # The unique constraint is on the normalised name, which forms never show: fill it first
        # so "Kirby" and "kirby" are refused with a form error instead of an IntegrityError.
        self.normalized_name = normalize_name(self.name)
        super().validate_unique(exclude=exclude)


class SourceAlias(models.Model):
    """Another name a source goes by: the surname alone, another spelling, a transliteration."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name_plural = "source aliases"
        constraints = [
            models.UniqueConstraint(fields=["source", "normalized"], name="alias_unique_per_source"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None) -> None:
        self.normalized = normalize_name(self.name)
        super().validate_unique(exclude=exclude)

