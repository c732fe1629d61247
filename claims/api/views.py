"""API v1 viewsets: a few lines each. Reads come from claims.selectors; every write, generic or
an action, calls a service in claims.services, which asks claims.policy and answers 403 with its
reason when it refuses.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from claims import selectors, services
from claims.api import serializers as s
from claims.api.renderers import CLAIM_COLUMNS, REVIEW_COLUMNS, CSVRenderer, NDJSONRenderer, csv_lines
from claims.choices import ClaimStatus, ReviewStatus
from claims.claimreview import claimreview, claimreview_queryset, withdrawal
from claims.filtersets import (
    ArticleFilterSet,
    AttributionFilterSet,
    ClaimFilterSet,
    OutletFilterSet,
    RatingScaleFilterSet,
    ReviewFilterSet,
    SourceFilterSet,
    TombstoneFilterSet,
)
from claims.ids import parse_id
from claims.links import site_url
from claims.models import Claim, Outlet, Review, Tombstone


class TabularMixin:
    """CSV beside JSON for the reads of a resource (list and detail), in its fixed `csv_columns`.

    Writes and actions answer JSON only, so `format` is documented only where it applies, and an
    error is JSON whatever format was asked for (the schema documents errors as JSON).
    """

    csv_columns: tuple[str, ...]
    tabular_actions = ("list", "retrieve")

    def get_renderers(self):
        if getattr(self, "action", None) in self.tabular_actions:
            return [JSONRenderer(), CSVRenderer()]
        return [JSONRenderer()]

    def finalize_response(self, request: Request, response, *args: Any, **kwargs: Any):
        if response.status_code >= 400 and isinstance(response, Response) \
                and not isinstance(getattr(request, "accepted_renderer", None), JSONRenderer):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


class ConditionalRetrieveMixin:
    """Detail GETs carry ETag (a hash of the representation) and Last-Modified; 304 when unchanged.

    Any path segment reaches the view, so a malformed id is a JSON 404, not an HTML page.
    """

    lookup_value_regex = "[^/]+"

    def initial(self, request, *args: Any, **kwargs: Any) -> None:
        """Each write is one transaction: a refused write (4xx) leaves nothing behind.

        It opens after authentication, permissions and throttling, so the request's throttle
        count commits on its own: a refused write is still counted, and no counter row stays
        locked while a write runs.
        """
        super().initial(request, *args, **kwargs)
        method = request.method.lower()
        handler = getattr(self, method, None) if method in self.http_method_names else None
        if handler is not None and method not in ("get", "head", "options"):
            setattr(self, method, transaction.atomic(handler))

    def get_object(self):
        if parse_id(str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))) is None:
            raise NotFound("No such record.")
        return super().get_object()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        return conditional_response(request, self.get_serializer(instance).data, getattr(instance, "updated", None))


def conditional_response(request: Request, data: Any, updated: datetime | None, **kwargs: Any) -> Response:
    """`data` with an ETag (a hash of it) and Last-Modified (`updated`); 304 when the client has it.

    If-None-Match wins over If-Modified-Since, as RFC 9110 says: a change that does not move
    `updated` still changes the ETag.
    """
    etag = quote_etag(hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32])
    if_none_match = request.headers.get("If-None-Match")
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    not_modified = (
        etag in [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")] or if_none_match.strip() == "*"
        if if_none_match
        else since is not None and updated is not None and int(updated.timestamp()) <= since
    )
    response = Response(status=status.HTTP_304_NOT_MODIFIED) if not_modified else Response(data, **kwargs)
    response["ETag"] = etag
    if updated is not None:
        response["Last-Modified"] = http_date(updated.timestamp())
    return response


class ApiModelViewSet(ConditionalRetrieveMixin, viewsets.ModelViewSet):
    """Writes through the services named by `writes`: (create, update, delete, the record's keyword).

    The serializer has validated and shaped the input; the service asks the policy and writes.
    `correction_note`, where a serializer takes it, is the public note of a correction.
    """

    writes: tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any], str]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("correction_note", None)
        serializer.instance = self.writes[0](user=self.request.user, **data)

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        note = data.pop("correction_note", "")
        serializer.instance = self.writes[1](**{self.writes[3]: serializer.instance}, user=self.request.user,
                                             note=note, **data)

    def perform_destroy(self, instance) -> None:
        self.writes[2](**{self.writes[3]: instance}, user=self.request.user)


class ApiReadOnlyViewSet(ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    pass


class OutletViewSet(ApiModelViewSet):
    queryset = Outlet.objects.all()
    serializer_class = s.OutletSerializer
    filterset_class = OutletFilterSet
    writes = (services.outlet_create, services.outlet_update, services.outlet_delete, "outlet")

    def perform_update(self, serializer) -> None:  # an outlet's details are not part of a fact-check
        serializer.instance = services.outlet_update(outlet=serializer.instance, user=self.request.user,
                                                     **serializer.validated_data)


class SourceViewSet(ApiModelViewSet):
    queryset = selectors.source_queryset()
    serializer_class = s.SourceSerializer
    filterset_class = SourceFilterSet
    writes = (services.source_create, services.source_update, services.source_delete, "source")


class ArticleViewSet(ApiModelViewSet):
    """Articles. The body changes only if every anchored quote is found again in the new text."""

    queryset = selectors.article_queryset()
    serializer_class = s.ArticleSerializer
    filterset_class = ArticleFilterSet
    writes = (services.article_create, services.article_update, services.article_delete, "article")


class AttributionViewSet(ApiModelViewSet):
    queryset = selectors.attribution_queryset()
    serializer_class = s.AttributionSerializer
    filterset_class = AttributionFilterSet
    writes = (services.attribution_create, services.attribution_update, services.attribution_delete, "attribution")

    def perform_create(self, serializer: s.AttributionSerializer) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.attribution_create(user=self.request.user, note=data.pop("correction_note", ""),
                                                          **data)

    def perform_update(self, serializer: s.AttributionSerializer) -> None:
        """A status change confirms or rejects; the other fields correct the appearance."""
        data = dict(serializer.validated_data)
        note = data.pop("correction_note", "")
        status_value = data.pop("status", None)
        attribution, user = serializer.instance, self.request.user
        if data:
            services.attribution_update(attribution=attribution, user=user, note=note, **data)
        if status_value is not None:
            services.attribution_set_status(attribution=attribution, status=status_value, user=user, note=note)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Attributions with their claim's `already_checked`: one query for the whole page."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = self.get_serializer_context()
        context["already_checked"] = selectors.already_checked_for_claims(
            {a.claim_id for a in page}, base_url=site_url(request)
        )
        return self.get_paginated_response(self.get_serializer_class()(page, many=True, context=context).data)


class RatingScaleViewSet(ApiReadOnlyViewSet):
    queryset = selectors.rating_scale_queryset()
    serializer_class = s.RatingScaleSerializer
    filterset_class = RatingScaleFilterSet


@extend_schema_view(list=extend_schema(description="Deleted rows, for sync: use `updated_after`."))
class TombstoneViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = "[^/]+"
    queryset = Tombstone.objects.all()
    serializer_class = s.TombstoneSerializer
    filterset_class = TombstoneFilterSet


MERGED_REDIRECT = OpenApiResponse(
    description="The claim was merged into another: `Location` is the surviving claim's URL (chains of "
    "merges followed; the query string kept)."
)


@extend_schema_view(retrieve=extend_schema(responses={200: s.ClaimSerializer, 301: MERGED_REDIRECT}))
class ClaimViewSet(TabularMixin, ApiModelViewSet):
    """Claims. Merged claims stay as records pointing at the survivor (`merged_into`): lists, the
    `updated_after` feed and the export show them (`merged=false` leaves them out), and the detail
    URL of one answers 301 to the survivor's."""

    queryset = Claim.objects.all()
    serializer_class = s.ClaimSerializer
    filterset_class = ClaimFilterSet
    csv_columns = CLAIM_COLUMNS
    tabular_actions = ("list", "retrieve", "export")
    writes = (services.claim_create, services.claim_update, services.claim_delete, "claim")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Claims with claimant, appearances and verdict: 3 queries a page, whatever its size."""
        page = self.paginate_queryset(selectors.claim_rows(self.filter_queryset(self.get_queryset())))
        return self.get_paginated_response(selectors.claim_dicts(page, base_url=site_url(request)))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One claim; a merged claim answers 301 to the claim it now lives in."""
        claim = self.get_object()
        if claim.merged_into_id is not None:
            url = reverse("api:claim-detail", args=[selectors.active_claim_id(claim)])
            query = request.META.get("QUERY_STRING", "")
            location = site_url() + url + (f"?{query}" if query else "")
            return Response(status=status.HTTP_301_MOVED_PERMANENTLY, headers={"Location": location})
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=s.ClaimTransitionSerializer, responses=s.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Move the claim: start review, dismiss, or reopen (409 if not allowed from its state)."""
        claim = self.get_object()
        body = s.ClaimTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        to = body.validated_data["to"]
        if to == ClaimStatus.IN_REVIEW:
            services.claim_start(claim=claim, user=request.user)
        else:
            services.claim_transition(claim=claim, to=to, user=request.user)
        return Response(selectors.claim_dict(claim.pk, base_url=site_url(request)))

    def get_renderers(self):
        if getattr(self, "action", None) == "export":
            return [NDJSONRenderer(), CSVRenderer()]
        return super().get_renderers()

    @extend_schema(
        filters=True,
        responses={
            (200, "application/x-ndjson"): OpenApiResponse(
                OpenApiTypes.STR, description="One claim a line, as the JSON list and detail show it."),
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="One claim a row, in the claims' fixed CSV columns, with a header."),
        },
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request: Request) -> StreamingHttpResponse:
        """Every claim (or the filtered subset), streamed in id order in constant memory: NDJSON (the default,
        `format=ndjson` or `Accept: application/x-ndjson`) or CSV (`format=csv` or `Accept: text/csv`)."""
        queryset = self.filter_queryset(self.get_queryset())
        if request.accepted_renderer.format == "csv":
            rows = selectors.export_claim_dicts(queryset, base_url=site_url(request))
            response = StreamingHttpResponse(_chunks(csv_lines(rows, CLAIM_COLUMNS)), content_type="text/csv; "
                                             "charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="claims.csv"'
            return response
        lines = selectors.export_claim_lines(queryset, base_url=site_url(request))
        response = StreamingHttpResponse(lines, content_type="application/x-ndjson")
        response["Content-Disposition"] = 'attachment; filename="claims.ndjson"'
        return response


def _chunks(lines: Iterator[str], size: int = 500) -> Iterator[bytes]:
    """Lines written `size` at a time: fewer, larger writes to the socket."""
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= size:
            yield "".join(buffer).encode()
            buffer.clear()
    if buffer:
        yield "".join(buffer).encode()


class ReviewViewSet(TabularMixin, ApiModelViewSet):
    """Verdicts: staff see every status; anyone may read the ClaimReview markup of public ones."""

    serializer_class = s.ReviewSerializer
    filterset_class = ReviewFilterSet
    csv_columns = REVIEW_COLUMNS
    public_actions = ("claimreview", "claimreview_feed")

    def get_queryset(self):
        if self.action in self.public_actions:
            return claimreview_queryset()
        return selectors.review_queryset()

    def perform_create(self, serializer: s.ReviewSerializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("version", None)
        data.pop("correction_note", None)
        review = services.review_create(claim=data.pop("claim"), fact_checker=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=review.pk)

    def perform_update(self, serializer: s.ReviewSerializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("claim", None)
        review = services.review_update(
            review=serializer.instance, version=data.pop("version"), user=self.request.user,
            note=data.pop("correction_note", ""), **data,
        )
        serializer.instance = self.get_queryset().get(pk=review.pk)

    def perform_destroy(self, instance: Review) -> None:
        services.review_delete(review=instance, user=self.request.user)

    def _reply(self, review: Review) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=review.pk)).data)

    def _body(self, serializer_class: type, request: Request) -> dict[str, Any]:
        body = serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)

    @extend_schema(request=s.VersionSerializer, responses=s.ReviewSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        services.review_submit(review=review, user=request.user, **self._body(s.VersionSerializer, request))
        return self._reply(review)

    @extend_schema(request=s.VersionSerializer, responses=s.ReviewSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        services.review_approve(review=review, editor=request.user, **self._body(s.VersionSerializer, request))
        return self._reply(review)

    @extend_schema(request=s.NoteSerializer, responses=s.ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        services.review_send_back(review=review, editor=request.user, **self._body(s.NoteSerializer, request))
        return self._reply(review)

    @extend_schema(request=s.VersionSerializer, responses=s.ReviewSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        services.review_publish(review=review, editor=request.user, **self._body(s.VersionSerializer, request))
        return self._reply(review)

    @extend_schema(request=s.CorrectSerializer, responses=s.ReviewSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        services.review_correct(review=review, editor=request.user, **self._body(s.CorrectSerializer, request))
        return self._reply(review)

    @extend_schema(request=s.RequiredNoteSerializer, responses=s.ReviewSerializer)
    @action(detail=True, methods=["post"])
    def retract(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        services.review_retract(review=review, editor=request.user, **self._body(s.RequiredNoteSerializer, request))
        return self._reply(review)

    @extend_schema(request=s.EvidenceCreateSerializer, responses={201: s.ReviewSerializer})
    @action(detail=True, methods=["post"])
    def evidence(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        services.evidence_add(review=review, user=request.user, **self._body(s.EvidenceCreateSerializer, request))
        response = self._reply(review)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(responses={
        200: OpenApiResponse(OpenApiTypes.OBJECT, description="schema.org ClaimReview"),
        410: OpenApiResponse(OpenApiTypes.OBJECT, description="The verdict was retracted: no rating is served; "
                             "`withdrawn`, `dateWithdrawn` and the retraction `note` instead."),
    })
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer])
    def claimreview(self, request: Request, pk: str | None = None) -> Response:
        """ClaimReview JSON-LD of a published review; public (anyone may read it). A retracted one is gone (410)."""
        review = self.get_object()
        if review.status == ReviewStatus.RETRACTED:
            return Response(withdrawal(review, base_url=site_url(request)), status=status.HTTP_410_GONE)
        return Response(claimreview(review, base_url=site_url(request)))

    @extend_schema(
        operation_id="reviews_claimreview_list",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="Pages of ClaimReview")},
    )
    @action(detail=False, methods=["get"], url_path="claimreview", renderer_classes=[JSONRenderer])
    def claimreview_feed(self, request: Request) -> Response:
        """ClaimReview JSON-LD of every published review, paginated; public. A retracted verdict is listed as
        withdrawn (`withdrawn: true`, no rating), so a mirror can take it down."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        base = site_url(request)
        paged = self.get_paginated_response([
            withdrawal(review, base_url=base) if review.status == ReviewStatus.RETRACTED
            else claimreview(review, base_url=base) for review in page
        ])
        # Conditional, so a crawler polling the list costs one hash when nothing changed.
        response = conditional_response(request, paged.data, max((review.updated for review in page), default=None))
        if paged.has_header("Link"):
            response["Link"] = paged["Link"]
        return response
