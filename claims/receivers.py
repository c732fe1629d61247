"""Signal receivers that keep derived data right on every write path (admin, API, desk, shell).

Each receiver only records a fact or hands over to a service; the logic lives in the services.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from claims import events
from claims.choices import TombstoneModel
from claims.models import Attribution, Claim, Tombstone
from claims.services import matching, notifications, webhooks

# The webhook outbox: deliveries are stored in the transaction of the change they report.
events.event.connect(webhooks.record_event, dispatch_uid="claims_webhook_outbox")


@receiver(events.event, dispatch_uid="claims_notify_reappeared")
def notify_reappeared(sender: str, **data) -> None:
    # Whoever checked a claim hears when it is said again (a new appearance of a checked claim).
    if sender == events.CLAIM_REAPPEARED:
        notifications.claim_reappeared(claim=data["claim"])

_TOMBSTONED = {
    "Outlet": TombstoneModel.OUTLET,
    "Source": TombstoneModel.SOURCE,
    "Article": TombstoneModel.ARTICLE,
    "Claim": TombstoneModel.CLAIM,
    "Attribution": TombstoneModel.ATTRIBUTION,
    "Review": TombstoneModel.REVIEW,
}


@receiver(post_delete, dispatch_uid="claims_tombstone_on_delete")
def record_tombstone(sender, instance, **kwargs) -> None:
    label = _TOMBSTONED.get(sender.__name__) if sender._meta.app_label == "claims" else None
    if label is None:
        return
    Tombstone.objects.create(model=label, object_id=instance.pk)
    if label == TombstoneModel.ATTRIBUTION:
        # The claim's list of appearances changed: it belongs in the next `updated_after` sync.
        Claim.objects.filter(pk=instance.claim_id).update(updated=timezone.now())


@receiver(post_save, sender=Attribution, dispatch_uid="claims_attribution_touches_claim")
def attribution_touches_claim(sender, instance: Attribution, raw: bool = False, **kwargs) -> None:
    if not raw:
        Claim.objects.filter(pk=instance.claim_id).update(updated=timezone.now())


@receiver(post_save, sender=Attribution, dispatch_uid="claims_match_stored_attribution")
def match_stored_attribution(sender, instance: Attribution, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return  # loading a backup or fixture: the index comes with the data
    if created:
        matching.attribution_stored(attribution=instance)
    elif not getattr(instance, "_matched", False):
        matching.claim_index(claim=instance.claim)


@receiver(post_save, sender=Claim, dispatch_uid="claims_index_saved_claim")
def index_saved_claim(sender, instance: Claim, created: bool, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or created:
        return  # a new claim is indexed with its first appearance
    if update_fields is None or {"text", "claimant", "merged_into"} & set(update_fields):
        matching.claim_index(claim=instance)
