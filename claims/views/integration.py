"""Feeds and webhooks on the desk: editors register them and watch what they do."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import events, selectors
from claims.models import Feed, Outlet, WebhookDelivery, WebhookEndpoint
from claims.services import feeds, webhooks
from claims.views.helpers import policy_required, refusal


class EndpointForm(forms.Form):
    url = forms.URLField(max_length=1000, label="Receiver URL", assume_scheme="https")
    description = forms.CharField(max_length=200, required=False)
    events = forms.MultipleChoiceField(choices=[(t, t) for t in events.TYPES], required=False,
                                       widget=forms.CheckboxSelectMultiple,
                                       help_text="None ticked: every event type.")


class FeedForm(forms.Form):
    url = forms.URLField(max_length=1000, label="Feed URL (RSS or Atom)", assume_scheme="https")
    outlet = forms.ModelChoiceField(queryset=Outlet.objects.order_by("name"))
    interval_minutes = forms.IntegerField(min_value=1, max_value=10080, initial=15, label="Poll every (minutes)")


def _add_errors(form: forms.Form, exc: Exception) -> None:
    errors = getattr(exc, "message_dict", None)
    for name, problems in (errors or {None: [refusal(exc)]}).items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


# --- webhooks ------------------------------------------------------------------------------------


@policy_required("webhook.manage")
def webhook_list(request: HttpRequest) -> HttpResponse:
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = webhooks.endpoint_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.warning(request, f"Signing secret of {endpoint.url}: {secret} — copy it now: it will not be "
                                      "shown again.")
            return redirect("claims:webhook", pk=endpoint.pk)
    return render(request, "claims/integration/webhooks.html",
                  {"endpoints": selectors.endpoint_queryset().order_by("-created", "-id"), "form": form})


@policy_required("webhook.manage")
@require_GET
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(selectors.endpoint_queryset(), pk=pk)
    return render(request, "claims/integration/webhook.html",
                  {"endpoint": endpoint, "deliveries": selectors.delivery_log(endpoint)})


WEBHOOK_ACTIONS = {
    "pause": (webhooks.endpoint_pause, "Paused: events wait until you resume."),
    "resume": (webhooks.endpoint_resume, "Resumed: what waited is being sent."),
}


@policy_required("webhook.manage")
@require_POST
def webhook_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    if action == "delete":
        webhooks.endpoint_delete(endpoint=endpoint, user=request.user)
        messages.success(request, f"Deleted the endpoint {endpoint.url}.")
        return redirect("claims:webhooks")
    if action == "rotate":
        secret = webhooks.endpoint_rotate_secret(endpoint=endpoint, user=request.user)
        messages.warning(request, f"New signing secret: {secret} — copy it now. The old one also signs for 24 hours.")
    elif action in WEBHOOK_ACTIONS:
        service, done = WEBHOOK_ACTIONS[action]
        service(endpoint=endpoint, user=request.user)
        messages.success(request, done)
    else:
        return HttpResponse(status=404)
    return redirect("claims:webhook", pk=endpoint.pk)


@policy_required("webhook.manage")
@require_POST
def delivery_resend(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint", "event"), pk=pk)
    webhooks.delivery_resend(delivery=delivery, user=request.user)
    messages.success(request, f"{delivery.event.type} ({delivery.event.webhook_id}) queued to be sent again.")
    return redirect("claims:webhook", pk=delivery.endpoint_id)


# --- feeds ---------------------------------------------------------------------------------------


@policy_required("feed.manage")
def feed_list(request: HttpRequest) -> HttpResponse:
    form = FeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feed = feeds.feed_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Feed added: the worker polls it now, then every {feed.interval_minutes} "
                                      "minutes.")
            return redirect("claims:feed", pk=feed.pk)
    return render(request, "claims/integration/feeds.html", {"feeds": selectors.feed_queryset(), "form": form})


@policy_required("feed.manage")
@require_GET
def feed_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(selectors.feed_queryset(), pk=pk)
    return render(request, "claims/integration/feed.html", {"feed": feed, "entries": selectors.feed_entries(feed)})


@policy_required("feed.manage")
@require_POST
def feed_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    feed = get_object_or_404(Feed, pk=pk)
    if action == "poll":
        feeds.feed_poll_now(feed=feed, user=request.user)
        messages.success(request, "Queued: the worker polls it now. Reload to see what came in.")
    elif action in ("pause", "resume"):
        feeds.feed_update(feed=feed, user=request.user, active=action == "resume")
        messages.success(request, "Paused." if action == "pause" else "Resumed.")
    elif action == "delete":
        feeds.feed_delete(feed=feed, user=request.user)
        messages.success(request, f"Deleted the feed {feed.url}; its articles stay.")
        return redirect("claims:feeds")
    else:
        return HttpResponse(status=404)
    return redirect("claims:feed", pk=feed.pk)
