"""Routes of API v1: kebab-case plural resources under /api/v1/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from claims.api import integration, views

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("outlets", views.OutletViewSet, basename="outlet")
router.register("sources", views.SourceViewSet, basename="source")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("attributions", views.AttributionViewSet, basename="attribution")
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("rating-scales", views.RatingScaleViewSet, basename="rating-scale")
router.register("tombstones", views.TombstoneViewSet, basename="tombstone")
router.register("webhooks", integration.WebhookEndpointViewSet, basename="webhook")

urlpatterns = [path("drafts/check/", integration.DraftCheckView.as_view(), name="draft-check"), *router.urls]
