"""Back up and restore all of the app's data, with a fingerprint that proves the round trip.

A backup is a gzipped JSON array of Django's serialised rows (every table but the ones Django
rebuilds itself, datetimes to the microsecond) and a
manifest beside it with each model's row count and a SHA-256 over its rows. A restore loads the
fixture into a migrated, empty database in one transaction, recomputes the fingerprint, and
rolls back if anything differs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import models, transaction

# Rebuilt by migrate/post_migrate, or transient: not part of a backup.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]
CHUNK = 2000


def _backed_up_models() -> list[type[models.Model]]:
    skip_apps = {label for label in EXCLUDED if "." not in label}
    skip_models = {label.lower() for label in EXCLUDED if "." in label}
    return [
        model for model in apps.get_models()
        if model._meta.app_label not in skip_apps
        and model._meta.label_lower not in skip_models
        and not model._meta.proxy and model._meta.managed
    ]


def fingerprint() -> dict[str, dict[str, object]]:
    """{model label: {"count": rows, "sha256": hash of every row's fields, in pk order}}."""
    result: dict[str, dict[str, object]] = {}
    for model in _backed_up_models():
        digest = hashlib.sha256()
        count = 0
        queryset = model._base_manager.order_by("pk")
        for row in queryset.values_list(*[f.attname for f in model._meta.concrete_fields]).iterator(CHUNK):
            digest.update(json.dumps(row, default=str, ensure_ascii=False).encode())
            count += 1
        for field in model._meta.many_to_many:
            if not field.remote_field.through._meta.auto_created:
                continue  # an explicit through model is backed up as a model of its own
            # Related rows by natural key where they have one: permission ids differ between
            # databases, their (codename, app, model) do not.
            for obj in queryset.prefetch_related(field.name).iterator(CHUNK):
                related = sorted(
                    json.dumps(r.natural_key() if hasattr(r, "natural_key") else r.pk, default=str)
                    for r in getattr(obj, field.name).all()
                )
                digest.update(json.dumps([obj.pk, field.name, related]).encode())
        result[model._meta.label_lower] = {"count": count, "sha256": digest.hexdigest()}
    return result


def _encode(value: object) -> str:
    # Django's JSON encoder cuts datetimes to milliseconds; a backup keeps every microsecond
    # (the API's incremental sync compares timestamps to the microsecond).
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"cannot back up a {type(value).__name__}")


def _dump(stream) -> None:
    """Write every backed-up row as one JSON array, model by model, in bounded memory."""
    stream.write("[")
    first = True
    for model in _backed_up_models():
        queryset = model._base_manager.order_by("pk")
        batch: list[models.Model] = []
        for obj in queryset.iterator(CHUNK):
            batch.append(obj)
            if len(batch) == CHUNK:
                first = _write(stream, batch, first)
                batch = []
        if batch:
            first = _write(stream, batch, first)
    stream.write("]\n")


def _write(stream, batch: list[models.Model], first: bool) -> bool:
    for row in serializers.serialize("python", batch, use_natural_foreign_keys=True):
        stream.write(("" if first else ",\n") + json.dumps(row, default=_encode, ensure_ascii=False))
        first = False
    return first


@dataclass
class BackupResult:
    path: Path
    manifest_path: Path
    rows: int


def manifest_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def backup(path: Path) -> BackupResult:
    """Write the fixture and its manifest from one consistent snapshot of the database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    # One transaction: on PostgreSQL a repeatable snapshot, so dump and fingerprint agree.
    with transaction.atomic():
        connection = transaction.get_connection()
        if connection.vendor == "postgresql":
            connection.cursor().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        with gzip.open(tmp, "wt", encoding="utf-8") as stream:
            _dump(stream)
        prints = fingerprint()
    tmp.replace(path)
    manifest = manifest_path_for(path)
    manifest.write_text(json.dumps({"format": 1, "models": prints}, indent=1), encoding="utf-8")
    return BackupResult(path, manifest, sum(int(p["count"]) for p in prints.values()))


class RestoreError(Exception):
    pass


def holds_data() -> bool:
    """Whether the database holds newsroom records (beyond what migrations create)."""
    from claims.models import Article, Claim, Source

    return Article.objects.exists() or Claim.objects.exists() or Source.objects.exists()


def restore(path: Path) -> int:
    """Load a backup into this database; raise RestoreError (and change nothing) on a mismatch.

    Every backed-up table is emptied first, inside the same transaction.
    """
    manifest_file = manifest_path_for(path)
    if not path.is_file() or not manifest_file.is_file():
        raise RestoreError(f"{path}: the backup or its manifest ({manifest_file.name}) is missing")
    expected = json.loads(manifest_file.read_text(encoding="utf-8"))["models"]
    with transaction.atomic():
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            rows = json.load(stream)
        # Rows that migrations created (role groups, the default scale) are replaced, not doubled.
        for model in _backed_up_models():
            # Many-to-many link rows first: they are not models of their own in get_models().
            for field in model._meta.many_to_many:
                through = field.remote_field.through
                if through._meta.auto_created:
                    through._base_manager.all()._raw_delete(through._base_manager.db)
            model._base_manager.all()._raw_delete(model._base_manager.db)
        # Saved as they are read, so natural keys (a user's groups) resolve to the restored rows.
        deferred = []
        for obj in serializers.deserialize("python", rows, handle_forward_references=True):
            obj.save()
            if obj.deferred_fields:
                deferred.append(obj)
        for obj in deferred:
            obj.save_deferred_fields()
        connection = transaction.get_connection()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), _backed_up_models()):
                cursor.execute(sql)
        actual = fingerprint()
        differing = sorted(label for label in expected if expected[label] != actual.get(label))
        if differing:
            raise RestoreError(f"{path}: restored data differs from the manifest for {', '.join(differing)}")
    return sum(int(p["count"]) for p in expected.values())
