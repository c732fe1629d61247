"""Serializers of the API. Reads nest what a client needs; writes take ids.

Model rules are checked before saving (`ModelRulesMixin`): `clean()` (an attribution's text must
be the article's characters at its offsets), unique fields and database constraints, so a bad
write is a 400 naming the field rather than an IntegrityError.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.exceptions import django_errors
from claims.choices import PUBLIC_REVIEW_STATUSES, ClaimStatus
from claims.links import site_url
from claims.models import (
    Article,
    Attribution,
    Claim,
    Correction,
    Evidence,
    Outlet,
    Rating,
    RatingScale,
    Review,
    Source,
    Tombstone,
)
from claims.names import content_hash, format_partial_date, parse_partial_date
from claims.services.reviews import MAX_RATIONALE, MAX_SUMMARY

MAX_OFFSET = 2**31 - 1
# A review's version is a 32-bit integer that each save increments: the one below the largest.
MAX_VERSION = 2**31 - 2


class StrictCharField(serializers.CharField):
    """A JSON string and nothing else: DRF's CharField would take 123 or true and store "123"."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        # The length as sent, as the schema's maxLength says: DRF would measure it once trimmed.
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer and nothing else: DRF's IntegerField would take "12" or 12.0."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    """Model fields mapped to the strict string and integer fields above."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField, models.TextField: StrictCharField,
        models.IntegerField: StrictIntegerField, models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField, models.SmallIntegerField: StrictIntegerField,
        models.BigIntegerField: StrictIntegerField, models.PositiveBigIntegerField: StrictIntegerField,
    }


def correction_note_field() -> StrictCharField:
    return StrictCharField(
        write_only=True, required=False, allow_blank=True, max_length=5000,
        help_text="Public note saying what changed: required when the change touches a published fact-check "
        "(it is then published as a dated correction).",
    )


PARTIAL_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


@extend_schema_field({
    "type": "string", "nullable": True, "pattern": PARTIAL_DATE_PATTERN, "example": "2023-03",
    "description": "A date at the precision it is known: `2023`, `2023-03` or `2023-03-14` (read and write; "
    "writing sets `said_on_precision`, which may also be given beside a full date).",
})
class PartialDateField(serializers.Field):
    """A date with its precision field beside it (`said_on` and `said_on_precision`), read and written
    as one ISO 8601 string of that precision: "2023-03" is March 2023, not its first day."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(source="*", **kwargs)

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if data is None:
            return {self.field_name: None}
        return super().run_validation(data)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            value, precision = parse_partial_date(data)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None
        return {self.field_name: value, f"{self.field_name}_precision": precision}

    def to_representation(self, instance: Any) -> str | None:
        value = getattr(instance, self.field_name)
        return format_partial_date(value, getattr(instance, f"{self.field_name}_precision")) if value else None

    default_error_messages = {"invalid": "Give a date as YYYY, YYYY-MM or YYYY-MM-DD."}


class ModelRulesMixin(StrictModelSerializer):
    def prepare(self, instance: Any) -> None:
        """Fill the derived fields the model computes in save(), before checking the rules."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        instance = copy.copy(self.instance) if self.instance is not None else self.Meta.model()
        for name, value in attrs.items():
            setattr(instance, name, value)
        self.prepare(instance)
        try:
            instance.clean()
            instance.validate_unique()
            instance.validate_constraints()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(django_errors(exc)) from None
        return attrs


# --- Small nested shapes ---------------------------------------------------------------------------


class OutletBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name"]


class ArticleBriefSerializer(serializers.ModelSerializer):
    outlet = OutletBriefSerializer(read_only=True)

    class Meta:
        model = Article
        fields = ["id", "headline", "url", "published_on", "outlet"]


class SourceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "name", "kind", "role"]


class RatingBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["label", "value"]


class VerdictSerializer(serializers.ModelSerializer):
    rating = RatingBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Review
        fields = ["id", "status", "headline", "published_at", "rating"]


class AlreadyCheckedSerializer(serializers.Serializer):
    """The claim's latest public verdict, as the import and the article page flag a statement:
    "already checked: False (published 2023-03-14)"."""

    rating = StrictCharField(help_text="Rating label, e.g. False.")
    published = serializers.DateField(help_text="Publication date of the verdict (UTC).")
    status = serializers.ChoiceField(choices=PUBLIC_REVIEW_STATUSES, help_text="Published, corrected or retracted.")
    review = StrictIntegerField(help_text="The review's id (/api/v1/reviews/{id}/).")
    url = serializers.URLField(help_text="The public fact-check page.")


ALREADY_CHECKED_HELP = "The claim's latest public verdict (already checked), or null."


class AppearanceSerializer(serializers.ModelSerializer):
    article = ArticleBriefSerializer(read_only=True)
    already_checked = AlreadyCheckedSerializer(read_only=True, allow_null=True, help_text=ALREADY_CHECKED_HELP)
    said_on = PartialDateField(read_only=True)

    class Meta:
        model = Attribution
        fields = [
            "id", "article", "text", "start", "end", "kind", "status", "speaker", "speaker_name",
            "speaker_role", "cue", "channel", "said_on", "said_on_precision", "already_checked",
        ]


# --- Resources ------------------------------------------------------------------------------------


class OutletSerializer(ModelRulesMixin):
    class Meta:
        model = Outlet
        fields = ["id", "name", "kind", "url", "created", "updated"]


class SourceSerializer(ModelRulesMixin):
    aliases = serializers.SerializerMethodField()
    correction_note = correction_note_field()

    class Meta:
        model = Source
        fields = ["id", "name", "kind", "role", "affiliation", "aliases", "correction_note", "created", "updated"]

    @extend_schema_field(serializers.ListField(child=StrictCharField()))
    def get_aliases(self, source: Source) -> list[str]:
        return [alias.name for alias in source.aliases.all()]


class ArticleSerializer(ModelRulesMixin):
    outlet_name = StrictCharField(source="outlet.name", read_only=True)
    bylines = serializers.ListField(child=StrictCharField(max_length=300), required=False, max_length=100)
    correction_note = correction_note_field()

    class Meta:
        model = Article
        fields = [
            "id", "outlet", "outlet_name", "headline", "dek", "bylines", "published_on", "url", "caption",
            "caption_credit", "body", "content_hash", "source_file", "correction_note", "created", "updated",
        ]
        read_only_fields = ["content_hash"]
        extra_kwargs = {"body": {"trim_whitespace": False}}  # stored verbatim: offsets point into it

    def prepare(self, instance: Article) -> None:
        instance.content_hash = content_hash(instance.body or "")
        if not instance.url:
            instance.url = None


class ClaimSerializer(ModelRulesMixin):
    claimant = SourceBriefSerializer(read_only=True, allow_null=True)
    claimant_id = serializers.PrimaryKeyRelatedField(
        source="claimant", queryset=Source.objects.all(), write_only=True, required=False, allow_null=True
    )
    assigned_to = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    appearances = AppearanceSerializer(many=True, read_only=True)
    verdict = serializers.SerializerMethodField(help_text="The latest public verdict (published, corrected "
                                                "or retracted), or null.")
    said_on = PartialDateField()
    correction_note = correction_note_field()

    class Meta:
        model = Claim
        fields = [
            "id", "text", "status", "claimant", "claimant_id", "said_on", "said_on_precision", "checkworthiness",
            "assigned_to", "merged_into", "appearances", "verdict", "correction_note", "created", "updated",
        ]
        read_only_fields = ["status", "merged_into"]
        extra_kwargs = {"checkworthiness": {"min_value": 0, "max_value": 100}}

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, claim: Claim) -> dict[str, Any] | None:  # pragma: no cover - see to_representation
        return None

    def to_representation(self, instance: Claim | dict[str, Any]) -> dict[str, Any]:
        """Built by claims.selectors.claim_dicts: the same shape for lists, details and the NDJSON export,
        in a constant number of queries and without per-field serializer overhead."""
        from claims.selectors import claim_dict

        return instance if isinstance(instance, dict) else claim_dict(instance.pk, base_url=site_url(self.context))


class AttributionSerializer(ModelRulesMixin):
    article_detail = ArticleBriefSerializer(source="article", read_only=True)
    already_checked = serializers.SerializerMethodField(help_text=ALREADY_CHECKED_HELP)
    said_on = PartialDateField()
    correction_note = correction_note_field()

    class Meta:
        model = Attribution
        fields = [
            "id", "claim", "article", "article_detail", "text", "start", "end", "kind", "speaker", "speaker_name",
            "speaker_role", "cue", "channel", "said_on", "said_on_precision", "origin", "extractor_version",
            "confidence", "status", "already_checked", "correction_note", "created", "updated",
        ]
        extra_kwargs = {
            "text": {"trim_whitespace": False},
            "start": {"max_value": MAX_OFFSET},
            "end": {"max_value": MAX_OFFSET},
            "confidence": {"min_value": 0.0, "max_value": 1.0},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            for field in ("claim", "article"):
                if field in attrs and attrs[field] != getattr(self.instance, field):
                    raise serializers.ValidationError({field: [f"An appearance's {field} cannot be changed: add a "
                                                               "new appearance, or merge the claims."]})
                attrs.pop(field, None)  # the same as stored (a PUT repeats it): nothing to write
        return super().validate(attrs)

    @extend_schema_field(AlreadyCheckedSerializer(allow_null=True))
    def get_already_checked(self, attribution: Attribution) -> dict[str, Any] | None:
        """From the view's map for a whole page (one query), or looked up for a single attribution."""
        from claims.selectors import already_checked_for_claims

        checked = self.context.get("already_checked")
        if checked is None:
            checked = already_checked_for_claims([attribution.claim_id], base_url=site_url(self.context))
        return checked.get(attribution.claim_id)


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "label", "value", "definition"]


class RatingScaleSerializer(serializers.ModelSerializer):
    ratings = RatingSerializer(many=True, read_only=True)

    class Meta:
        model = RatingScale
        fields = ["id", "name", "is_default", "ratings", "created", "updated"]


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "url", "title", "publisher", "note", "position", "created"]


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["id", "note", "is_retraction", "created"]


class ReviewSerializer(StrictModelSerializer):
    """A verdict. Create with `claim`; update with the `version` you started from (409 if stale)."""

    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    rating = serializers.PrimaryKeyRelatedField(queryset=Rating.objects.all(), required=False, allow_null=True)
    rating_label = StrictCharField(source="rating.label", read_only=True, allow_null=True)
    rating_value = StrictIntegerField(source="rating.value", read_only=True, allow_null=True)
    fact_checker = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    editor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    version = StrictIntegerField(
        min_value=1, max_value=MAX_VERSION, required=False,
        help_text="On update: the version you read. A stale version gets 409 with the current one.",
    )
    evidence = EvidenceSerializer(many=True, read_only=True)
    corrections = CorrectionSerializer(many=True, read_only=True)
    correction_note = correction_note_field()

    class Meta:
        model = Review
        fields = [
            "id", "claim", "rating", "rating_label", "rating_value", "headline", "summary", "rationale",
            "fact_checker", "editor", "status", "version", "published_at", "evidence", "corrections",
            "correction_note", "created", "updated",
        ]
        read_only_fields = ["status", "published_at"]
        validators: list = []  # one open verdict per claim: the service answers 409 with what it says
        extra_kwargs = {"summary": {"max_length": MAX_SUMMARY}, "rationale": {"max_length": MAX_RATIONALE}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            if "claim" in attrs and attrs["claim"].pk != self.instance.claim_id:
                raise serializers.ValidationError({"claim": ["A review's claim cannot be changed."]})
            if "version" not in attrs:
                raise serializers.ValidationError({"version": ["Give the version you read, to update."]})
        return attrs


class VersionSerializer(serializers.Serializer):
    version = StrictIntegerField(
        min_value=1, max_value=MAX_VERSION, required=False,
        help_text="The version you read; a stale one gets 409. Omit to act on the current version.",
    )


class NoteSerializer(VersionSerializer):
    note = StrictCharField(required=False, allow_blank=True, max_length=10000, trim_whitespace=True)


class RequiredNoteSerializer(VersionSerializer):
    note = StrictCharField(max_length=10000, help_text="Public note saying what changed, or why.")


class CorrectSerializer(RequiredNoteSerializer):
    rating = serializers.PrimaryKeyRelatedField(queryset=Rating.objects.all(), required=False)
    headline = StrictCharField(required=False, allow_blank=True, max_length=300)
    summary = StrictCharField(required=False, allow_blank=True, max_length=MAX_SUMMARY)
    rationale = StrictCharField(required=False, allow_blank=True, max_length=MAX_RATIONALE)


class ClaimTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=[ClaimStatus.IN_REVIEW, ClaimStatus.DISMISSED, ClaimStatus.NEW],
                                 help_text="Start review, dismiss, or reopen a dismissed claim.")


class EvidenceCreateSerializer(StrictModelSerializer):
    correction_note = correction_note_field()

    class Meta:
        model = Evidence
        fields = ["url", "title", "publisher", "note", "correction_note"]


class TombstoneSerializer(serializers.ModelSerializer):
    deleted_at = serializers.DateTimeField(source="updated", read_only=True)

    class Meta:
        model = Tombstone
        fields = ["id", "model", "object_id", "deleted_at", "updated"]


class ErrorSerializer(serializers.Serializer):
    """An error: `detail` for the whole request, or field names with lists of problems."""

    detail = StrictCharField(required=False)
    code = StrictCharField(required=False)


class ConflictSerializer(ErrorSerializer):
    current_version = StrictIntegerField(required=False)
    their_changes = serializers.ListField(child=serializers.DictField(), required=False)
