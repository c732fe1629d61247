"""django-filter FilterSets for every API list, and for the desk's queue (ClaimFilterSet, under the
HTML filter form claims.forms.ClaimFilterForm). Unknown or malformed parameters are a 400 naming
them in the API; the desk shows them at their field and applies the other filters.

Ids are ASCII digits within the bigint range, read by `claims.ids.parse_id` (a 30-digit id or
'²' is "not a record id", not a database overflow or a 500); dates and timestamps are ISO 8601;
`updated_after` takes a timestamp to the microsecond and returns rows changed strictly after it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from claims.choices import (
    PUBLIC_REVIEW_STATUSES,
    AttributionKind,
    AttributionOrigin,
    AttributionStatus,
    ClaimStatus,
    OutletKind,
    ReviewStatus,
    SourceKind,
    TombstoneModel,
)
from claims.ids import MAX_ID, parse_id
from claims.models import (
    Article,
    Attribution,
    Claim,
    Outlet,
    RatingScale,
    Review,
    Source,
    Tombstone,
)
from claims.selectors.claims import search_claims

# Query parameters that are not filters but are understood: pagination, format, search.
NON_FILTER_PARAMS = frozenset({"cursor", "page_size", "format"})


class IdField(forms.Field):
    default_error_messages = {"invalid": f"Give a record id: a whole number from 1 to {MAX_ID}."}

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        number = parse_id(str(value).strip())
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.Filter):
    field_class = IdField


class RatingValueField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -32768)
        kwargs.setdefault("max_value", 32767)
        super().__init__(**kwargs)


@extend_schema_field(OpenApiTypes.INT)
class RatingValueFilter(filters.Filter):
    field_class = RatingValueField


class SafeIsoDateTimeField(filters.fields.IsoDateTimeField):
    """An ISO 8601 timestamp that the database can store (years 1..9998 once in UTC)."""

    def to_python(self, value: Any) -> datetime | None:
        result = super().to_python(value)
        if result is not None:
            try:
                # In UTC: the database may not take every offset Python does (PostgreSQL: +-15:59).
                result = result.astimezone(UTC)
            except (OverflowError, ValueError):
                raise forms.ValidationError("Timestamp out of range.", code="invalid") from None
            if not 1 < result.year < 9999:
                raise forms.ValidationError("Timestamp out of range.", code="invalid")
        return result


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); anything else is a 400 rather than silently ignored."""

    widget = forms.TextInput  # NullBooleanSelect would turn an unknown value into "no filter"

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError("Give true or false.", code="invalid")

    def validate(self, value: Any) -> None:
        pass


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class TimestampFilter(filters.IsoDateTimeFilter):
    field_class = SafeIsoDateTimeField


class StrictFilterSet(filters.FilterSet):
    """A FilterSet that refuses query parameters it does not know, naming them."""

    extra_params: frozenset[str] = NON_FILTER_PARAMS

    def is_valid(self) -> bool:
        valid = super().is_valid()
        unknown = sorted(set(self.data) - set(self.filters) - self.extra_params)
        for name in unknown:
            # The name goes in as a parameter, not into the message: django-filter formats
            # messages with `%`, so a name like '%' would otherwise break the 400 itself.
            error = forms.ValidationError(
                "Unknown query parameter %(name)s.", code="unknown", params={"name": repr(name)}
            )
            self.form.errors[name] = self.form.error_class([error])
        return valid and not unknown


class MultipleChoiceFilter(filters.MultipleChoiceFilter):
    """Any of the values, on the row's own column: no DISTINCT (django-filter's default), which
    made PostgreSQL sort a whole filtered table for a page of it instead of reading an index."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class SyncFilterSet(StrictFilterSet):
    updated_after = TimestampFilter(
        field_name="updated", lookup_expr="gt", label="Changed strictly after this ISO 8601 timestamp."
    )


def _speaker_sources(value: str) -> QuerySet[Source]:
    value = value.strip()
    source_id = parse_id(value)
    if source_id is not None:
        return Source.objects.filter(pk=source_id)
    return Source.objects.named(value)


class ClaimFilterSet(SyncFilterSet):
    """Claims, for the API's list and export and for the desk's queue (which adds its sort)."""

    q = filters.CharFilter(method="filter_q", label="Full-text search over claim text, quotes and speaker names.")
    status = MultipleChoiceFilter(choices=ClaimStatus.choices)
    claimant = IdFilter(field_name="claimant_id")
    speaker = filters.CharFilter(method="filter_speaker", label="Claimant or quoted speaker: a source id or a name.")
    article = IdFilter(method="filter_article")
    outlet = IdFilter(method="filter_outlet")
    kind = filters.ChoiceFilter(choices=AttributionKind.choices, method="filter_kind", label="Appears as this kind.")
    verdict = filters.CharFilter(method="filter_verdict", label="Rating label of a public verdict, e.g. False.")
    rating = RatingValueFilter(method="filter_rating", label="Rating value of a public verdict.")
    current_rating = RatingValueFilter(
        field_name="rating_value", label="Rating value of the current verdict, published or not (the desk's).")
    mine = StrictBooleanFilter(method="filter_mine", label="true: only claims assigned to the requesting user.")
    published_after = filters.DateFilter(method="filter_published_after", label="Appears in an article on/after.")
    published_before = filters.DateFilter(method="filter_published_before", label="Appears in an article on/before.")
    said_after = filters.DateFilter(field_name="said_on", lookup_expr="gte")
    said_before = filters.DateFilter(field_name="said_on", lookup_expr="lte")
    reviewed_after = TimestampFilter(method="filter_reviewed_after", label="Verdict published at/after.")
    reviewed_before = TimestampFilter(method="filter_reviewed_before", label="Verdict published at/before.")
    merged = StrictBooleanFilter(
        field_name="merged_into", lookup_expr="isnull", exclude=True,
        label="true: only claims merged into another (they carry `merged_into`); false: only the others. "
        "Lists show both by default, so a sync sees merges.",
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def _appearing(self, queryset: QuerySet[Claim], **lookups: Any) -> QuerySet[Claim]:
        return queryset.filter(Exists(Attribution.objects.filter(claim=OuterRef("pk"), **lookups)))

    def _verdict(self, queryset: QuerySet[Claim], **lookups: Any) -> QuerySet[Claim]:
        reviews = Review.objects.filter(claim=OuterRef("pk"), status__in=PUBLIC_REVIEW_STATUSES, **lookups)
        return queryset.filter(Exists(reviews))

    def filter_q(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return search_claims(queryset, value)

    def filter_speaker(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        sources = _speaker_sources(value).values("pk")
        quoted = Attribution.objects.filter(claim=OuterRef("pk"), speaker__in=sources)
        return queryset.filter(Q(claimant__in=sources) | Exists(quoted))

    def filter_mine(self, queryset: QuerySet[Claim], name: str, value: bool | None) -> QuerySet[Claim]:
        user = getattr(self.request, "user", None)
        if not value:
            return queryset
        return queryset.filter(assigned_to=user) if user is not None and user.is_authenticated else queryset.none()

    def filter_article(self, queryset: QuerySet[Claim], name: str, value: int) -> QuerySet[Claim]:
        return self._appearing(queryset, article_id=value)

    def filter_outlet(self, queryset: QuerySet[Claim], name: str, value: int) -> QuerySet[Claim]:
        return self._appearing(queryset, article__outlet_id=value)

    def filter_kind(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return self._appearing(queryset, kind=value)

    def filter_published_after(self, queryset: QuerySet[Claim], name: str, value) -> QuerySet[Claim]:
        return self._appearing(queryset, article__published_on__gte=value)

    def filter_published_before(self, queryset: QuerySet[Claim], name: str, value) -> QuerySet[Claim]:
        return self._appearing(queryset, article__published_on__lte=value)

    def filter_verdict(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return self._verdict(queryset, rating__label__iexact=value)

    def filter_rating(self, queryset: QuerySet[Claim], name: str, value) -> QuerySet[Claim]:
        return self._verdict(queryset, rating__value=value)

    def filter_reviewed_after(self, queryset: QuerySet[Claim], name: str, value) -> QuerySet[Claim]:
        return self._verdict(queryset, published_at__gte=value)

    def filter_reviewed_before(self, queryset: QuerySet[Claim], name: str, value) -> QuerySet[Claim]:
        return self._verdict(queryset, published_at__lte=value)


class AttributionFilterSet(SyncFilterSet):
    claim = IdFilter(field_name="claim_id")
    article = IdFilter(field_name="article_id")
    outlet = IdFilter(field_name="article__outlet_id")
    speaker = filters.CharFilter(method="filter_speaker", label="Quoted speaker: a source id or a name.")
    kind = MultipleChoiceFilter(choices=AttributionKind.choices)
    status = MultipleChoiceFilter(choices=AttributionStatus.choices)
    origin = filters.ChoiceFilter(choices=AttributionOrigin.choices)
    said_after = filters.DateFilter(field_name="said_on", lookup_expr="gte")
    said_before = filters.DateFilter(field_name="said_on", lookup_expr="lte")
    published_after = filters.DateFilter(field_name="article__published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="article__published_on", lookup_expr="lte")

    class Meta:
        model = Attribution
        fields: list[str] = []

    def filter_speaker(self, queryset: QuerySet[Attribution], name: str, value: str) -> QuerySet[Attribution]:
        return queryset.filter(speaker__in=_speaker_sources(value).values("pk"))


class ReviewFilterSet(SyncFilterSet):
    claim = IdFilter(field_name="claim_id")
    status = MultipleChoiceFilter(choices=ReviewStatus.choices)
    verdict = filters.CharFilter(field_name="rating__label", lookup_expr="iexact", label="Rating label.")
    rating = RatingValueFilter(field_name="rating__value", label="Rating value.")
    outlet = IdFilter(method="filter_outlet")
    speaker = filters.CharFilter(method="filter_speaker", label="The claim's claimant: a source id or a name.")
    reviewed_after = TimestampFilter(field_name="published_at", lookup_expr="gte")
    reviewed_before = TimestampFilter(field_name="published_at", lookup_expr="lte")

    class Meta:
        model = Review
        fields: list[str] = []

    def filter_outlet(self, queryset: QuerySet[Review], name: str, value: int) -> QuerySet[Review]:
        appears = Attribution.objects.filter(claim=OuterRef("claim_id"), article__outlet_id=value)
        return queryset.filter(Exists(appears))

    def filter_speaker(self, queryset: QuerySet[Review], name: str, value: str) -> QuerySet[Review]:
        return queryset.filter(claim__claimant__in=_speaker_sources(value).values("pk"))


class ArticleFilterSet(SyncFilterSet):
    outlet = IdFilter(field_name="outlet_id")
    published_after = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="published_on", lookup_expr="lte")
    headline = filters.CharFilter(lookup_expr="icontains")
    url = filters.CharFilter()

    class Meta:
        model = Article
        fields: list[str] = []


class OutletFilterSet(SyncFilterSet):
    kind = MultipleChoiceFilter(choices=OutletKind.choices)
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Outlet
        fields: list[str] = []


class SourceFilterSet(SyncFilterSet):
    kind = MultipleChoiceFilter(choices=SourceKind.choices)
    name = filters.CharFilter(method="filter_name", label="Name or alias, compared normalised.")
    affiliation = IdFilter(field_name="affiliation_id")

    class Meta:
        model = Source
        fields: list[str] = []

    def filter_name(self, queryset: QuerySet[Source], name: str, value: str) -> QuerySet[Source]:
        return queryset.filter(pk__in=Source.objects.named(value).values("pk"))


class RatingScaleFilterSet(SyncFilterSet):
    is_default = StrictBooleanFilter()

    class Meta:
        model = RatingScale
        fields: list[str] = []


class TombstoneFilterSet(SyncFilterSet):
    model = MultipleChoiceFilter(choices=TombstoneModel.choices)

    class Meta:
        model = Tombstone
        fields: list[str] = []
