"""Articles, stored verbatim: attribution offsets point into their bodies."""

from __future__ import annotations

from django.db import models
from django.db.models import ProtectedError
from simple_history.models import HistoricalRecords

from claims.models.base import TimestampedModel
from claims.models.sources import Outlet
from claims.names import content_hash


class ArticleQuerySet(models.QuerySet["Article"]):
    def delete(self):
        for article in self:
            article.refuse_delete_if_reviewed()
        return super().delete()


class Article(TimestampedModel):
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    headline = models.CharField(max_length=500)
    dek = models.TextField("dek / standfirst", blank=True)
    bylines = models.JSONField(default=list, blank=True, help_text="Author names, one per item.")
    published_on = models.DateField(null=True, blank=True, db_index=True)
    url = models.URLField(max_length=1000, null=True, blank=True, unique=True)
    caption = models.TextField("photo caption", blank=True)
    caption_credit = models.CharField("photo credit", max_length=300, blank=True)
    # The article as received, never reformatted: attribution offsets point into it.
    body = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    source_file = models.CharField(max_length=500, blank=True, help_text="File it was imported from.")

    history = HistoricalRecords(excluded_fields=["content_hash"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        # The queue's outlet filter reads an outlet's articles from the index alone.
        indexes = [models.Index(fields=["outlet", "id"], name="article_outlet_id")]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        self.content_hash = content_hash(self.body)
        if not self.url:
            self.url = None  # an empty URL is "no URL", not a second article with URL ""
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_delete_if_reviewed()
        return super().delete(*args, **kwargs)

    def reviewed_claims(self) -> models.QuerySet:
        from claims.models.claims import Claim

        return Claim.objects.filter(appearances__article=self, reviews__isnull=False).distinct()

    def refuse_delete_if_reviewed(self) -> None:
        # Attributions cascade with their article, which is right for an unreviewed import gone
        # wrong; but once a claim seen in the article has a review, the article is its evidence.
        reviewed = list(self.reviewed_claims()[:10])
        if reviewed:
            raise ProtectedError(
                f"Cannot delete the article {self.headline!r}: reviewed claims appear in it.", set(reviewed)
            )

