"""Guards that hold for every delete path: admin, API, shell, bulk queryset deletes."""

from __future__ import annotations

from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from claims.models import Article


@receiver(pre_delete, sender=Article)
def refuse_deleting_reviewed_articles(sender, instance: Article, **kwargs) -> None:
    # Attributions cascade with their article, which is right for an unreviewed import gone
    # wrong; but once a claim seen in the article has a review, the article is its evidence.
    reviewed = list(instance.reviewed_claims()[:10])
    if reviewed:
        raise ProtectedError(
            f"Cannot delete the article {instance.headline!r}: reviewed claims appear in it.", set(reviewed)
        )
