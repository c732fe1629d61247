"""Signal receivers that keep derived data right on every write path (admin, API, desk, shell).

Each receiver only hands over to a service; the logic lives in the services.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from claims import matching
from claims.models import Attribution, Claim


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
