"""Rows every database starts with: the role groups and the default scale.

Created by migration 0002 and, for test databases flushed between tests, again after every
flush (post_migrate), idempotently.
"""

# The newsroom roles. What each may do is claims.policy's table, not Django model permissions:
# the groups carry none, so no door can read a second rule book.
ROLE_GROUPS = ("Reporters", "Fact-checkers", "Editors")

DEFAULT_SCALE = [
    ("True", 5, "The statement is accurate and nothing significant is missing."),
    ("Mostly true", 4, "The statement is accurate but needs clarification or additional information."),
    ("Misleading", 3, "The statement contains accurate elements but gives a wrong impression."),
    ("Mostly false", 2, "The statement contains an element of truth but ignores critical facts."),
    ("False", 1, "The statement is not accurate."),
    ("Unverifiable", 0, "The evidence available does not allow a verdict; off the true-false scale."),
]


def ensure_defaults(**kwargs) -> None:
    """post_migrate receiver: the role groups and the default scale."""
    from django.contrib.auth.models import Group

    from claims.models import Rating, RatingScale

    for group_name in ROLE_GROUPS:
        Group.objects.get_or_create(name=group_name)
    if not RatingScale.objects.exists():
        scale = RatingScale.objects.create(name="Newsroom default", is_default=True)
        for label, value, definition in DEFAULT_SCALE:
            Rating.objects.create(scale=scale, label=label, value=value, definition=definition)
