"""The newsroom's record of who said what, where, and whether it holds up.

Article -- Attribution -- Claim -- Review
  An Article is stored verbatim; an Attribution anchors the exact words of one appearance of a
  Claim in it by character offsets; a Claim is the checkable statement independent of where it
  appeared; a Review is a verdict on a Claim, moving through an editorial workflow.

One module a domain; everything is importable from `claims.models`.
"""

from claims.models.articles import Article, ArticleQuerySet
from claims.models.base import TimestampedModel
from claims.models.claims import Attribution, Claim, ClaimQuerySet, Note, Topic
from claims.models.feeds import Feed, FeedEntry, FeedHost
from claims.models.integration import ApiToken, ApiTokenQuerySet, Tombstone
from claims.models.jobs import Job, JobItem
from claims.models.matching import ClaimTerm, MatchSuggestion
from claims.models.notifications import Notification, NotificationPreference
from claims.models.reviews import Correction, Evidence, Rating, RatingScale, Review, ReviewQuerySet
from claims.models.sources import Outlet, Source, SourceAlias, SourceQuerySet
from claims.models.webhooks import WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "ApiToken", "ApiTokenQuerySet", "Article", "ArticleQuerySet", "Attribution", "Claim", "ClaimQuerySet",
    "ClaimTerm", "Correction", "Evidence", "Feed", "FeedEntry", "FeedHost", "Job", "JobItem", "MatchSuggestion",
    "Note", "Notification", "NotificationPreference", "Outlet", "Rating", "RatingScale", "Review", "ReviewQuerySet",
    "Source", "SourceAlias", "SourceQuerySet",
    "Tombstone", "TimestampedModel", "Topic", "WebhookDelivery", "WebhookEndpoint", "WebhookEvent",
]
