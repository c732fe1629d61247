"""Copy onto each claim its current verdict (its latest review: status and rating) and its latest
public verdict (published, corrected or retracted; by publication time).

One statement, set-based: a million claims backfill in seconds on PostgreSQL, not a save a row.
"""

from django.db import migrations

POSTGRESQL = """
UPDATE claims_claim c
SET review_status = r.status, rating_label = COALESCE(g.label, ''), rating_value = g.value
FROM (
    SELECT DISTINCT ON (claim_id) claim_id, status, rating_id
    FROM claims_review ORDER BY claim_id, created DESC, id DESC
) r LEFT JOIN claims_rating g ON g.id = r.rating_id
WHERE c.id = r.claim_id;
UPDATE claims_claim c SET verdict_id = v.id
FROM (
    SELECT DISTINCT ON (claim_id) claim_id, id FROM claims_review
    WHERE status IN ('published', 'corrected', 'retracted') ORDER BY claim_id, published_at DESC, id DESC
) v
WHERE c.id = v.claim_id
"""

# SQLite: the same, one correlated subquery a column (over the review's claim index).
LATEST = "SELECT {} FROM claims_review r {} WHERE r.claim_id = claims_claim.id ORDER BY r.created DESC, r.id DESC LIMIT 1"
JOIN = "LEFT JOIN claims_rating g ON g.id = r.rating_id"
SQLITE = f"""
UPDATE claims_claim SET
    review_status = ({LATEST.format("r.status", "")}),
    rating_label = COALESCE(({LATEST.format("g.label", JOIN)}), ''),
    rating_value = ({LATEST.format("g.value", JOIN)}),
    verdict_id = (SELECT r.id FROM claims_review r WHERE r.claim_id = claims_claim.id
                  AND r.status IN ('published', 'corrected', 'retracted') ORDER BY r.published_at DESC, r.id DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM claims_review r WHERE r.claim_id = claims_claim.id)
"""


def backfill(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL.split(";"):
            schema_editor.execute(statement)
    else:
        schema_editor.execute(SQLITE)


class Migration(migrations.Migration):
    dependencies = [("claims", "0013_claim_verdict_copy_queue_indexes")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
