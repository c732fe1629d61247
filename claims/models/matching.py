"""Claim matching: the candidate index and suggestions for editors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from claims.choices import MatchStatus
from claims.models.base import TimestampedModel
from claims.models.claims import Attribution, Claim
from claims.models.sources import Source


class ClaimTerm(models.Model):
    """The candidate index of claim matching: a content word of a claim, under its speaker.

    Looked up by (speaker, term), so finding the claims of one speaker that share words with a
    new statement is an index range scan on either database, however many claims are stored.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="index_terms")
    speaker = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["claim", "term"], name="claimterm_unique")]
        # claim last: one index serves the capped counts and the newest-first posting scans.
        indexes = [models.Index(fields=["speaker", "term", "claim"], name="claimterm_speaker_term_claim")]

    def __str__(self) -> str:
        return self.term


class MatchSuggestion(TimestampedModel):
    """A statement that may be an appearance of another claim, for an editor to decide."""

    attribution = models.ForeignKey(Attribution, on_delete=models.CASCADE, related_name="match_suggestions")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="match_suggestions")
    score = models.FloatField()
    status = models.CharField(max_length=20, choices=MatchStatus.choices, default=MatchStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["attribution", "claim"], name="matchsuggestion_unique"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=1), name="matchsuggestion_score_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.attribution_id} ~ claim {self.claim_id} ({self.score:.2f})"

