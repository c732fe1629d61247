"""Role groups and the default rating scale, created with the schema so every database has them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from claims.defaults import DEFAULT_SCALE, ROLE_PERMISSIONS


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
