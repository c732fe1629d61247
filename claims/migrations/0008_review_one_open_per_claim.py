"""One open verdict per claim, enforced by the database (after 0007 made the data comply)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0007_rule_book"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="review",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "retracted"), _negated=True), fields=("claim",),
                name="review_one_open_per_claim",
            ),
        ),
    ]
