"""Role groups and the default rating scale, created with the schema so every database has them."""

from django.db import migrations

from claims.defaults import DEFAULT_SCALE, ROLE_GROUPS


def create_groups(apps, schema_editor):
    # What each role may do is claims.policy's table; the groups carry no model permissions.
    Group = apps.get_model("auth", "Group")
    for group_name in ROLE_GROUPS:
        Group.objects.get_or_create(name=group_name)


def create_default_scale(apps, schema_editor):
    RatingScale = apps.get_model("claims", "RatingScale")
    Rating = apps.get_model("claims", "Rating")
    scale, _ = RatingScale.objects.get_or_create(name="Newsroom default", defaults={"is_default": True})
    for label, value, definition in DEFAULT_SCALE:
        Rating.objects.get_or_create(scale=scale, label=label, defaults={"value": value, "definition": definition})


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()
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
