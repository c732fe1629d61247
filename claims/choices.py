"""Choice lists of the claims app, kept in one place so models, forms, filters and the API agree."""

from django.db import models


class OutletKind(models.TextChoices):
    NEWSPAPER = "newspaper", "Newspaper"
    WIRE_SERVICE = "wire_service", "Wire service"
    BROADCASTER = "broadcaster", "Broadcaster"
    MAGAZINE = "magazine", "Magazine"
    ONLINE = "online", "Online publication"
    STATE_MEDIA = "state_media", "State media"
    GOVERNMENT = "government", "Government"
    OTHER = "other", "Other"


class SourceKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organisation"
    GROUP = "group", "Group (anonymous or collective)"


class ClaimStatus(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    SUBMITTED = "submitted", "Verdict submitted"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    CORRECTED = "corrected", "Corrected"
    RETRACTED = "retracted", "Retracted"
    DISMISSED = "dismissed", "Dismissed"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class AttributionKind(models.TextChoices):
    DIRECT = "direct", "Direct quote"
    PARTIAL = "partial", "Partial quote"
    INDIRECT = "indirect", "Indirect (reported speech)"
    ASSERTION = "assertion", "Reporter's own assertion"


class AttributionOrigin(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    EXTRACTED = "extracted", "Suggested by the extractor"


class AttributionStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    CORRECTED = "corrected", "Corrected"
    RETRACTED = "retracted", "Retracted"


# Review statuses whose verdict is public (a retracted one stays on record, withdrawn).
PUBLIC_REVIEW_STATUSES = (ReviewStatus.PUBLISHED, ReviewStatus.CORRECTED, ReviewStatus.RETRACTED)
# Public verdicts that stand: published, or corrected in the open (not retracted).
STANDING_REVIEW_STATUSES = (ReviewStatus.PUBLISHED, ReviewStatus.CORRECTED)


class MatchStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an editor"
    LINKED = "linked", "Linked as an appearance"
    KEPT_SEPARATE = "kept_separate", "Kept separate"
    MERGED = "merged", "Claims merged"


class JobKind(models.TextChoices):
    IMPORT = "import", "Import articles"
    EXPORT = "export", "Export claims"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class JobItemStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    IMPORTED = "imported", "Imported"
    UNCHANGED = "unchanged", "Unchanged"
    FAILED = "failed", "Failed"


class TombstoneModel(models.TextChoices):
    """Which kind of row a sync tombstone records the deletion of."""

    OUTLET = "outlet", "Outlet"
    SOURCE = "source", "Source"
    ARTICLE = "article", "Article"
    CLAIM = "claim", "Claim"
    ATTRIBUTION = "attribution", "Attribution"
    REVIEW = "review", "Review"
    # A retracted verdict: its ClaimReview markup is withdrawn (the review itself stays, retracted).
    CLAIMREVIEW = "claimreview", "ClaimReview withdrawn"


class EndpointStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"  # by an editor
    DISABLED = "disabled", "Disabled"  # by the app, after a day of failed deliveries


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # first attempt, or waiting for the next one
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"  # every attempt of the schedule failed


class FeedEntryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    IMPORTED = "imported", "Imported"
    FAILED = "failed", "Failed"  # tried as often as the schedule allows
    SKIPPED = "skipped", "Skipped"  # robots.txt disallows the page


class Priority(models.IntegerChoices):
    LOW = 1, "Low"
    NORMAL = 2, "Normal"
    HIGH = 3, "High"
    URGENT = 4, "Urgent"


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", "A claim was assigned to me"
    SENT_BACK = "sent_back", "My verdict was sent back"
    APPROVAL_REQUESTED = "approval_requested", "A verdict awaits approval"
    APPROVED = "approved", "My verdict was approved"
    PUBLISHED = "published", "A fact-check of mine was published"
    MENTIONED = "mentioned", "Someone mentioned me in a note"
    REAPPEARED = "reappeared", "A claim I checked appeared again"


# Sent by e-mail to a user who has not chosen: what needs them to act.
EMAIL_BY_DEFAULT = (NotificationKind.ASSIGNED, NotificationKind.SENT_BACK, NotificationKind.APPROVAL_REQUESTED,
                    NotificationKind.MENTIONED)
