"""Role groups and the default rating scale, created with the schema so every database has them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    app_config = apps.get_app_config("claims")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, actions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [f"{action}_{model}" for action, models in actions.items() for model in models]
        group.permissions.set(Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))


def create_default_scale(apps, schema_editor):
    RatingScale = apps.get_model("claims", "RatingScale")
    Rating = apps.get_model("claims", "Rating")
    scale, _ = RatingScale.objects.get_or_create(name="Newsroom default", defaults={"is_default": True})
    for label, value, definition in DEFAULT_SCALE:
        Rating.objects.get_or_create(scale=scale, label=label, defaults={"value": value, "definition": definition})


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()
    apps.get_model("claims", "RatingScale").objects.filter(name="Newsroom default").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove),
        migrations.RunPython(create_default_scale, migrations.RunPython.noop),
    ]
