"""The inbox: what waits on me (assigned, sent back, awaiting my approval, mentions), my
notifications, and which of them I also get by e-mail."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims import selectors, services
from claims.choices import NotificationKind
from claims.ids import parse_id
from claims.models import Notification, NotificationPreference
from claims.models.notifications import default_email_kinds
from claims.views.helpers import policy_required


class NotificationSettingsForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        choices=NotificationKind.choices, required=False, widget=forms.CheckboxSelectMultiple,
        label="Also send me an e-mail when",
    )


@require_GET
@policy_required("inbox.use")
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "claims/inbox.html", {"inbox": selectors.inbox(user=request.user)})


@require_POST
@policy_required("inbox.use")
def notifications_read(request: HttpRequest) -> HttpResponse:
    ids = [i for i in (parse_id(v) for v in request.POST.getlist("id")) if i is not None]
    count = services.notifications.notifications_mark_read(user=request.user, ids=ids or None)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
    return redirect(reverse("claims:inbox"))


@require_GET
@policy_required("inbox.use")
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open what a notification is about, marking it read (only one's own)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notifications.notifications_mark_read(user=request.user, ids=[notification.pk])
    if notification.claim_id is None:
        return redirect(reverse("claims:inbox"))
    return redirect(reverse("claims:claim", args=[notification.claim_id]) + (
        "#notes" if notification.kind == NotificationKind.MENTIONED else ""))


@require_http_methods(["GET", "POST"])
@policy_required("inbox.use")
def notification_settings(request: HttpRequest) -> HttpResponse:
    preference = NotificationPreference.objects.filter(user=request.user).first()
    current = preference.email_kinds if preference else default_email_kinds()
    form = NotificationSettingsForm(request.POST or None, initial={"email_kinds": current})
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "claims/notification_settings.html", {"form": form}, status=400)
        services.notifications.notification_preferences_set(user=request.user,
                                                            email_kinds=form.cleaned_data["email_kinds"])
        messages.success(request, "Notification settings saved.")
        return redirect(reverse("claims:notification_settings"))
    return render(request, "claims/notification_settings.html", {"form": form, "email": request.user.email})
