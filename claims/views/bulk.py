"""Bulk work from the queue: the ticked claims assigned, given a priority, dismissed or reopened."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from claims import services
from claims.choices import Priority
from claims.forms import BulkForm
from claims.models import Claim
from claims.views.helpers import desk_member_required

DONE = {"assign": "assigned", "priority": "given a new priority", "dismiss": "dismissed", "reopen": "reopened"}


@require_POST
@desk_member_required
def claims_bulk(request: HttpRequest) -> HttpResponse:
    """Apply one action to every claim ticked; report what was done and what was refused, and why."""
    form = BulkForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()) or not back.startswith("/"):
        back = reverse("claims:queue")
    if not form.is_valid():
        return render(request, "claims/bulk_error.html", {"form": form, "back": back}, status=400)
    data = form.cleaned_data
    ids = list(dict.fromkeys(data["claim"]))
    claims = Claim.objects.in_bulk(ids)
    action, user = data["action"], request.user
    chosen = [claims[i] for i in ids if i in claims]
    if action == "assign":
        result = services.claims_bulk_assign(claims=chosen, assignee=data["assigned_to"], user=user)
    elif action == "priority":
        result = services.claims_bulk_set_priority(claims=chosen, priority=data["priority"], user=user)
    elif action == "dismiss":
        result = services.claims_bulk_dismiss(claims=chosen, user=user)
    else:
        result = services.claims_bulk_reopen(claims=chosen, user=user)
    if result.done:
        how = DONE[action]
        if action == "assign":
            how += f" to {data['assigned_to'].get_username()}" if data["assigned_to"] else " to nobody"
        elif action == "priority":
            how = f"set to {Priority(data['priority']).label.lower()} priority"
        n = len(result.done)
        messages.success(request, f"{n} claim{'s' if n != 1 else ''} {how}.")
    for claim, reason in result.refused:
        messages.error(request, f"Claim #{claim.pk} not {DONE[action].split()[0]}: {reason}")
    missing = [i for i in ids if i not in claims]
    if missing:
        messages.error(request, f"No claim #{', #'.join(map(str, missing))}: nothing done to it.")
    return redirect(back)
