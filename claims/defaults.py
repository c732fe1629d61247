"""Rows every database starts with: the role groups and their permissions, the default scale.

Created by migration 0002 and, for test databases flushed between tests, again after every
flush (post_migrate), idempotently.
"""

ROLE_PERMISSIONS = {
    # Reporters import articles and suggest claims.
    "Reporters": {
        "view": ["outlet", "source", "sourcealias", "article", "claim", "attribution", "review", "evidence",
                 "ratingscale", "rating", "note", "correction"],
        "add": ["outlet", "source", "sourcealias", "article", "claim", "attribution", "note"],
        "change": ["source", "sourcealias", "article", "attribution"],
    },
    # Fact-checkers draft and submit verdicts.
    "Fact-checkers": {
        "view": ["outlet", "source", "sourcealias", "article", "claim", "attribution", "review", "evidence",
                 "ratingscale", "rating", "note", "correction"],
        "add": ["source", "sourcealias", "claim", "attribution", "review", "evidence", "note"],
        "change": ["source", "sourcealias", "claim", "attribution", "review", "evidence"],
        "delete": ["evidence"],
    },
    # Editors assign, approve, publish, correct, retract and merge.
    "Editors": {
        "view": ["outlet", "source", "sourcealias", "article", "claim", "attribution", "review", "evidence",
                 "ratingscale", "rating", "note", "correction"],
        "add": ["outlet", "source", "sourcealias", "article", "claim", "attribution", "review", "evidence",
                "note", "ratingscale", "rating"],
        "change": ["outlet", "source", "sourcealias", "article", "claim", "attribution", "review", "evidence",
                   "ratingscale", "rating"],
        "delete": ["sourcealias", "article", "attribution", "evidence", "claim"],
    },
}

DEFAULT_SCALE = [
    ("True", 5, "The statement is accurate and nothing significant is missing."),
    ("Mostly true", 4, "The statement is accurate but needs clarification or additional information."),
    ("Misleading", 3, "The statement contains accurate elements but gives a wrong impression."),
    ("Mostly false", 2, "The statement contains an element of truth but ignores critical facts."),
    ("False", 1, "The statement is not accurate."),
    ("Unverifiable", 0, "The evidence available does not allow a verdict; off the true-false scale."),
]


def ensure_defaults(**kwargs) -> None:
    """post_migrate receiver: the role groups with their permissions, and the default scale."""
    from django.contrib.auth.models import Group, Permission

    from claims.models import Rating, RatingScale

    for group_name, actions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [f"{action}_{model}" for action, models in actions.items() for model in models]
        group.permissions.set(Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))
    if not RatingScale.objects.exists():
        scale = RatingScale.objects.create(name="Newsroom default", is_default=True)
        for label, value, definition in DEFAULT_SCALE:
            Rating.objects.create(scale=scale, label=label, value=value, definition=definition)
