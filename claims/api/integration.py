"""API v1 for the newsroom integration: webhook endpoints (editors) and the draft check (any role).

As elsewhere, serializers validate and shape, services write (asking claims.policy), selectors read.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import events, policy, selectors
from claims.api.parsers import PayloadTooLarge
from claims.api.serializers import AlreadyCheckedSerializer, StrictCharField, StrictModelSerializer
from claims.api.views import ConditionalRetrieveMixin
from claims.ids import parse_id
from claims.links import site_url
from claims.models import WebhookDelivery, WebhookEndpoint
from claims.services import webhooks

# --- Webhooks ----------------------------------------------------------------------------------


class WebhookEndpointSerializer(StrictModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=events.TYPES), required=False, max_length=len(events.TYPES),
        help_text="Event types to send; empty or absent: every type.",
    )
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    delivered = serializers.IntegerField(read_only=True, required=False)
    pending = serializers.IntegerField(read_only=True, required=False)
    failed = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "description", "events", "status", "disabled_reason", "created_by", "delivered",
                  "pending", "failed", "created", "updated"]
        read_only_fields = ["status", "disabled_reason"]


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = StrictCharField(read_only=True, help_text="The signing secret (`whsec_...`): shown only now.")

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


class SecretSerializer(serializers.Serializer):
    secret = StrictCharField(help_text="The new signing secret; the old one also signs for 24 hours.")


class WebhookDeliverySerializer(serializers.ModelSerializer):
    event_type = StrictCharField(source="event.type", read_only=True)
    webhook_id = StrictCharField(source="event.webhook_id", read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = ["id", "event_type", "webhook_id", "status", "attempts", "response_code", "duration_ms", "error",
                  "last_attempt_at", "next_attempt_at", "created"]


class WebhookEndpointViewSet(ConditionalRetrieveMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                             mixins.RetrieveModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
                             viewsets.GenericViewSet):
    """Webhook endpoints (Standard Webhooks): editors and administrators only. Pause, resume,
    rotate the secret, read the delivery log and send a delivery again."""

    serializer_class = WebhookEndpointSerializer
    pagination_class = None
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        policy.require(request.user, "webhook.manage")  # reading endpoints is managing them

    def get_queryset(self):
        return selectors.endpoint_queryset().order_by("-created", "-id")

    @extend_schema(responses={201: WebhookEndpointCreatedSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        endpoint, secret = webhooks.endpoint_create(user=request.user, **body.validated_data)
        data = WebhookEndpointCreatedSerializer(self.get_queryset().get(pk=endpoint.pk)).data
        data["secret"] = secret
        return Response(data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer: WebhookEndpointSerializer) -> None:
        webhooks.endpoint_update(endpoint=serializer.instance, user=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_destroy(self, instance: WebhookEndpoint) -> None:
        webhooks.endpoint_delete(endpoint=instance, user=self.request.user)

    def _reply(self, endpoint: WebhookEndpoint) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=endpoint.pk)).data)

    @extend_schema(request=None, responses=WebhookEndpointSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str | None = None) -> Response:
        """Stop sending; events meanwhile wait and are sent on resume."""
        return self._reply(webhooks.endpoint_pause(endpoint=self.get_object(), user=request.user))

    @extend_schema(request=None, responses=WebhookEndpointSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str | None = None) -> Response:
        """Send again, after a pause or after the app disabled the endpoint: what waited goes now."""
        return self._reply(webhooks.endpoint_resume(endpoint=self.get_object(), user=request.user))

    @extend_schema(request=None, responses=SecretSerializer)
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: str | None = None) -> Response:
        return Response({"secret": webhooks.endpoint_rotate_secret(endpoint=self.get_object(), user=request.user)})

    @extend_schema(responses=WebhookDeliverySerializer(many=True))
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        """The latest 100 deliveries: status, response code, duration, next attempt."""
        log = selectors.delivery_log(self.get_object())
        return Response(WebhookDeliverySerializer(log, many=True).data)

    @extend_schema(request=None, responses=WebhookDeliverySerializer)
    @action(detail=True, methods=["post"], url_path=r"deliveries/(?P<delivery_id>[^/]+)/resend")
    def resend(self, request: Request, pk: str | None = None, delivery_id: str = "") -> Response:
        """Send a delivery again now, whatever became of it."""
        endpoint = self.get_object()
        delivery = get_object_or_404(endpoint.deliveries.select_related("endpoint", "event"),
                                     pk=parse_id(delivery_id) or 0)
        delivery = webhooks.delivery_resend(delivery=delivery, user=request.user)
        return Response(WebhookDeliverySerializer(delivery).data)


# --- The draft check -----------------------------------------------------------------------------


class DraftSerializer(serializers.Serializer):
    text = StrictCharField(trim_whitespace=False, help_text="The draft's text, as plain paragraphs.")
    headline = StrictCharField(required=False, allow_blank=True, max_length=500, default="")


_MATCH = inline_serializer("DraftMatch", {
    "claim": serializers.IntegerField(), "text": StrictCharField(), "score": serializers.FloatField(),
    "same_claim": serializers.BooleanField(help_text="Scored as the same claim (an import would link it)."),
    "url": StrictCharField(help_text="The claim's page on the desk."),
}, allow_null=True)
_STATEMENT = inline_serializer("DraftStatement", {
    "field": serializers.ChoiceField(choices=["headline", "text"], help_text="The offsets are into this field."),
    "start": serializers.IntegerField(), "end": serializers.IntegerField(), "text": StrictCharField(),
    "kind": StrictCharField(), "speaker": StrictCharField(allow_null=True),
    "speaker_role": StrictCharField(allow_null=True), "cue": StrictCharField(allow_null=True),
    "channel": StrictCharField(allow_null=True),
    "checkworthiness": inline_serializer("DraftCheckworthiness", {
        "score": serializers.IntegerField(), "reasons": serializers.ListField(child=StrictCharField()),
    }),
    "match": _MATCH,
    "already_checked": AlreadyCheckedSerializer(allow_null=True),
})
DRAFT_RESPONSE = inline_serializer("DraftCheck", {
    "extractor": StrictCharField(),
    "counts": inline_serializer("DraftCounts", {
        "statements": serializers.IntegerField(), "matched": serializers.IntegerField(),
        "already_checked": serializers.IntegerField(),
    }),
    "statements": serializers.ListField(child=_STATEMENT),
})


class DraftCheckView(APIView):
    """The pre-publication check: POST a draft, get its statements and what was already checked.
    Nothing is stored, so any newsroom role may ask, read-only tokens included."""

    stores_nothing = True  # claims.api.permissions lets read-only tokens POST here

    @extend_schema(request=DraftSerializer, responses={
        200: DRAFT_RESPONSE, 413: OpenApiResponse(description="The draft is longer than DRAFT_MAX_CHARS."),
    })
    def post(self, request: Request) -> Response:
        policy.require(request.user, "draft.check")
        body = DraftSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        text = body.validated_data["text"]
        if len(text) > settings.DRAFT_MAX_CHARS:
            raise PayloadTooLarge({
                "detail": f"The draft is {len(text):,} characters, over the limit of {settings.DRAFT_MAX_CHARS:,} "
                          "for one check.",
                "code": "too_large",
            })
        check = selectors.check_draft(text=text, headline=body.validated_data["headline"], base_url=site_url(request))
        return Response(check.as_dict())

