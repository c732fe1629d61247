"""Load the hand-curated seed descriptions in `seeds/*.json` (see seeds/README.md).

A seed file names an article text file beside it and describes its outlet, sources, claims and
attributions. Loading is idempotent: records are looked up by natural keys (outlet name, source
name or alias, article content hash, attribution span) and only rewritten where they differ.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import services
from claims.choices import AttributionKind, AttributionOrigin, AttributionStatus, OutletKind, SourceKind
from claims.models import Article, Attribution, Claim, Outlet, Source
from claims.names import content_hash, parse_partial_date


class SeedError(Exception):
    """A seed file that cannot be loaded; the message names the file and the problem."""


@dataclass
class SeedResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, model: str, created: bool, changed: bool = True) -> None:
        bucket = self.created if created else self.updated if changed else None
        if bucket is not None:
            bucket[model] = bucket.get(model, 0) + 1


def _require(spec: dict[str, Any], key: str, where: str) -> Any:
    if key not in spec or spec[key] in (None, ""):
        raise ValueError(f"{where}: missing {key!r}")
    return spec[key]


def _choice(value: str, choices: type, where: str) -> str:
    if value not in choices.values:
        raise ValueError(f"{where}: {value!r} is not one of {', '.join(choices.values)}")
    return value


def _upsert(model: type, lookup: dict[str, Any], values: dict[str, Any], result: SeedResult):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        result.count(model.__name__, created=True)
        return obj
    changed = services.set_changed_fields(obj, values)
    if changed:
        obj.full_clean()
        obj.save()
        result.count(model.__name__, created=False)
    return obj


def _partial_date(value: str | None, where: str) -> tuple[date | None, str]:
    if not value:
        return None, "day"
    try:
        return parse_partial_date(value)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


def load_seed_file(path: Path, *, dry_run: bool = False) -> SeedResult:
    """Load one seed description in a single transaction; raise SeedError naming the file."""
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(spec, dict):
            raise ValueError("the top level must be a JSON object")
        with transaction.atomic():
            result = _load(spec, path.parent)
            if dry_run:
                transaction.set_rollback(True)
        return result
    except json.JSONDecodeError as exc:
        raise SeedError(f"{path}: not valid JSON: {exc}") from None
    except (ValueError, KeyError, TypeError, OSError, ValidationError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        raise SeedError(f"{path}: {message}") from None


def _load(spec: dict[str, Any], folder: Path) -> SeedResult:
    result = SeedResult()
    for i, item in enumerate(spec.get("outlets", [])):
        where = f"outlets[{i}]"
        _upsert(
            Outlet,
            {"name": _require(item, "name", where)},
            {"kind": _choice(item.get("kind", OutletKind.NEWSPAPER), OutletKind, where), "url": item.get("url", "")},
            result,
        )

    sources: dict[str, Source] = {}
    for i, item in enumerate(spec.get("sources", [])):
        where = f"sources[{i}]"
        name = _require(item, "name", where)
        affiliation = None
        if item.get("affiliation"):
            affiliation = sources.get(item["affiliation"])
            if affiliation is None:
                raise ValueError(f"{where}: affiliation {item['affiliation']!r} must be listed before it")
        existed = Source.objects.named(name).exists()
        source = services.source_resolve(
            name=name,
            kind=_choice(item.get("kind", SourceKind.PERSON), SourceKind, where),
            role=item.get("role", ""),
            aliases=item.get("aliases", []),
            affiliation=affiliation,
        )
        result.count("Source", created=not existed, changed=False)
        sources[name] = source

    article_spec = _require(spec, "article", "seed")
    text_file = folder / _require(article_spec, "file", "article")
    if not text_file.is_file():
        raise ValueError(f"article: the text file {text_file.name!r} is not beside the seed file")
    body = text_file.read_text(encoding="utf-8")
    outlet_name = _require(article_spec, "outlet", "article")
    outlet = Outlet.objects.filter(name=outlet_name).first()
    if outlet is None:
        raise ValueError(f"article: outlet {outlet_name!r} is not listed under 'outlets'")
    published_on, _ = _partial_date(article_spec.get("published_on"), "article.published_on")
    article = _upsert(
        Article,
        {"content_hash": content_hash(body)},
        {
            "outlet": outlet,
            "headline": _require(article_spec, "headline", "article"),
            "dek": article_spec.get("dek", ""),
            "bylines": list(article_spec.get("bylines", [])),
            "published_on": published_on,
            "url": article_spec.get("url") or None,
            "caption": article_spec.get("caption", ""),
            "caption_credit": article_spec.get("caption_credit", ""),
            "body": body,
            "source_file": f"seeds/{text_file.name}",
        },
        result,
    )

    claims: dict[str, Claim] = {}
    for i, item in enumerate(spec.get("claims", [])):
        where = f"claims[{i}]"
        key = _require(item, "key", where)
        claimant = sources.get(_require(item, "claimant", where))
        if claimant is None:
            raise ValueError(f"{where}: claimant {item['claimant']!r} is not listed under 'sources'")
        said_on, precision = _partial_date(item.get("said_on"), f"{where}.said_on")
        claims[key] = _upsert(
            Claim,
            {"claimant": claimant, "text": _require(item, "text", where)},
            {"said_on": said_on, "said_on_precision": precision,
             **services.claims.scored(item["text"], given=item.get("checkworthiness"))},
            result,
        )

    for i, item in enumerate(spec.get("attributions", [])):
        where = f"attributions[{i}]"
        text = _require(item, "text", where)
        occurrence = int(item.get("occurrence", 1))
        start = -1
        for _ in range(occurrence):
            start = body.find(text, start + 1)
            if start < 0:
                raise ValueError(f"{where}: occurrence {occurrence} of {text[:60]!r} is not in the article")
        claim = claims.get(_require(item, "claim", where))
        if claim is None:
            raise ValueError(f"{where}: claim {item['claim']!r} is not listed under 'claims'")
        speaker = sources.get(item.get("speaker", ""))
        if item.get("speaker") and speaker is None:
            raise ValueError(f"{where}: speaker {item['speaker']!r} is not listed under 'sources'")
        said_on, precision = _partial_date(item.get("said_on"), f"{where}.said_on")
        _upsert(
            Attribution,
            {"article": article, "start": start, "end": start + len(text)},
            {
                "claim": claim,
                "text": text,
                "kind": _choice(item.get("kind", AttributionKind.DIRECT), AttributionKind, where),
                "speaker": speaker,
                "speaker_name": item.get("speaker_name") or (speaker.name if speaker else ""),
                "speaker_role": item.get("speaker_role", ""),
                "cue": item.get("cue") or "",
                "channel": item.get("channel") or "",
                "said_on": said_on,
                "said_on_precision": precision,
                "origin": AttributionOrigin.MANUAL,
                "status": AttributionStatus.CONFIRMED,
            },
            result,
        )
    return result
