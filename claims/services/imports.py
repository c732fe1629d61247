"""Article import: parse a text (or saved web page), extract its statements, store them.

Each article is imported in one transaction, and importing the same text again changes nothing
(articles are identified by the hash of their text)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from claims import events, policy
from claims.anchors import normalize_newlines
from claims.choices import AttributionOrigin, AttributionStatus, SourceKind
from claims.extraction.parser import ArticleParseError, ParsedArticle, parse_article, parse_html
from claims.extraction.quotes import EXTRACTOR_VERSION, Quote, extract_quotes_from_article
from claims.models import Article, Attribution, Claim, Outlet, Review
from claims.names import content_hash, parse_partial_date
from claims.policy import history_user
from claims.selectors.sources import related_speakers
from claims.services import matching
from claims.services.matching import StatementSpec
from claims.services.sources import SourceSpec, outlet_resolve, sources_affiliate, sources_resolve

UNKNOWN_OUTLET = "Unknown outlet"


HTML_SUFFIXES = {".html", ".htm"}


class ImportError_(ValueError):
    """An input that cannot be imported; the message says why."""


@dataclass
class ImportResult:
    status: str  # "imported" | "unchanged"
    article: Article
    attributions: list[Attribution]
    already_checked: dict[int, Review] = field(default_factory=dict)  # attribution index -> review


def read_article_file(path: Path) -> str:
    """The article text of a file: .txt as it is, .html/.htm through the HTML extractor.

    Offsets of everything stored point into the returned text (for a text file, the file read
    as UTF-8 with universal newlines, which is how the evaluation tools read it).
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ImportError_(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ImportError_(exc.strerror or str(exc)) from None
    if path.suffix.lower() in HTML_SUFFIXES:
        try:
            return parse_html(raw).source
        except ArticleParseError as exc:
            raise ImportError_(f"no article text found in the page: {exc}") from None
    return raw


def parse_text(text: str) -> ParsedArticle:
    if not text.strip():
        raise ImportError_("the text is empty")
    try:
        return parse_article(text)
    except ArticleParseError as exc:
        raise ImportError_(str(exc)) from None


def _claim_text(quote: Quote) -> str:
    # The claim is the statement, not its punctuation inside the quote marks.
    return quote.text.strip().rstrip(",;:").strip()


def _speaker_aliases(name: str, kind: str) -> list[str]:
    """A person quoted as "Kirby" later on: the surname is an alias worth keeping."""
    parts = name.split()
    return [parts[-1]] if kind == SourceKind.PERSON and len(parts) >= 2 and len(parts[-1]) > 2 else []


def _source_spec(quote: Quote) -> SourceSpec:
    kind = quote.speaker_kind if quote.speaker_kind in SourceKind.values else SourceKind.PERSON
    name = (quote.speaker or "")[:200]
    return SourceSpec(name=name, kind=kind, role=(quote.speaker_role or "")[:300],
                      aliases=tuple(_speaker_aliases(name, kind)))


def _said_on(quote: Quote) -> tuple[date | None, str]:
    # A date the extractor could not pin down is left out, not guessed.
    with contextlib.suppress(ValueError):
        return parse_partial_date(quote.said_on or "")
    return None, "day"


@transaction.atomic
def import_article(
    *, text: str, filename: str = "", user: Any = policy.SYSTEM, accept: set[int] | None = None,
    parsed: ParsedArticle | None = None, quotes: list[Quote] | None = None, url: str | None = None,
    outlet: Outlet | None = None, outlet_name: str = "", details: dict[str, Any] | None = None,
    default_outlet: Outlet | None = None, unknown_outlet: bool = True,
) -> ImportResult:
    """Store the article with its extracted statements as suggestions.

    `accept`, if given, is the set of quote indexes (in extraction order) to store; the import
    page passes what the editor ticked (a reported clause brings the quoted words inside it).
    Re-importing the same text returns "unchanged". `url` and `outlet` (a feed's entry) are
    stored as given instead of what the text says; so are `details` (headline, dek, bylines,
    published_on, url: the desk's form, corrected by a person) and `outlet_name` (an outlet
    the person named: the stored one of that name, or a new one if they may add outlets).
    `default_outlet` is the outlet of a text that names none (a batch's choice); with neither,
    the article goes under "Unknown outlet", or is refused if `unknown_outlet` is False.

    The statements of the article are written together: their speakers looked up in one go,
    their claims matched in one batch, the attributions, their history rows and their match
    suggestions each inserted in one statement, so an article costs a few round trips to the
    database rather than a few per statement. A partial quote inside a reported clause is the
    same statement as the clause: it joins the clause's claim.
    """
    policy.require(user, "article.create")
    text = normalize_newlines(text)
    existing = Article.objects.filter(content_hash=content_hash(text)).first()
    if existing is not None:
        attributions = list(existing.attributions.select_related("speaker", "claim").order_by("start"))
        return ImportResult("unchanged", existing, attributions)

    parsed = parsed or parse_text(text)
    quotes = quotes if quotes is not None else extract_quotes_from_article(parsed)
    if outlet is None and outlet_name.strip():
        outlet = outlet_resolve(name=outlet_name, user=user)
    if outlet is None and not parsed.outlet:
        if default_outlet is None and not unknown_outlet:
            raise ImportError_("the text names no outlet: choose the outlet of files that name none, "
                               "and import it again")
        outlet = default_outlet
    outlet = outlet or outlet_resolve(name=parsed.outlet or UNKNOWN_OUTLET)
    given = details or {}
    article = Article(
        outlet=outlet,
        headline=(given.get("headline") or parsed.headline or Path(filename).stem or "Untitled")[:500],
        dek=given.get("dek", parsed.dek or ""),
        bylines=list(given.get("bylines", parsed.bylines)),
        published_on=given.get("published_on", parsed.published),
        caption=parsed.caption or "",
        caption_credit=(parsed.caption_credit or "")[:300],
        body=text,
        url=url or given.get("url") or None,
        source_file=filename[:500],
    )
    article._history_user = history_user(user)
    article.save()

    chosen: list[int] = []
    seen_spans: set[tuple[int, int]] = set()
    for index, quote in enumerate(quotes):
        # The quoted words inside a reported clause go with the clause the editor ticked.
        ticked = accept is None or index in accept or (quote.part_of is not None and quote.part_of in accept)
        if not ticked or (quote.start, quote.end) in seen_spans:
            continue
        if not _claim_text(quote):
            continue
        seen_spans.add((quote.start, quote.end))
        chosen.append(index)
    named = [i for i in chosen if quotes[i].speaker]
    speaker_of = dict(zip(named, sources_resolve(specs=[_source_spec(quotes[i]) for i in named]), strict=True))
    sources_affiliate(sources=list(speaker_of.values()))
    related = related_speakers(sources=list(speaker_of.values()))

    # A statement and the parts quoted inside it are matched as one: the best match of any of
    # their texts decides the claim of all of them.
    stored = set(chosen)
    root = {i: quotes[i].part_of if quotes[i].part_of in stored else i for i in chosen}
    roots = [i for i in chosen if root[i] == i]
    specs = []
    for i in roots:
        speaker = speaker_of.get(i)
        said_on, precision = _said_on(quotes[i])
        texts = [_claim_text(quotes[i])] + [_claim_text(quotes[k]) for k in chosen if k != i and root[k] == i]
        specs.append(StatementSpec(texts=texts, speaker=speaker, speaker_ids=related[speaker.pk] if speaker else [],
                                   said_on=said_on, precision=precision, kind=quotes[i].kind))
    match_of = dict(zip(roots, matching.claims_for_statements(statements=specs, user=user), strict=True))

    attributions: list[Attribution] = []
    suggestions = []
    joined: dict[int, list[str]] = {}
    joined_speakers: dict[int, int | None] = {}
    checked: dict[int, Review] = {}
    for i in chosen:
        quote, match = quotes[i], match_of[root[i]]
        speaker = speaker_of.get(i)
        said_on, precision = _said_on(quote)
        attribution = Attribution(
            article=article, text=quote.text, start=quote.start, end=quote.end,
            claim=match.claim, kind=quote.kind, speaker=speaker, speaker_name=(quote.speaker or "")[:200],
            speaker_role=(quote.speaker_role or "")[:300], cue=(quote.cue or "")[:60],
            channel=(quote.channel or "")[:300], said_on=said_on, said_on_precision=precision,
            origin=AttributionOrigin.EXTRACTED, extractor_version=EXTRACTOR_VERSION,
            confidence=max(0.0, min(1.0, quote.confidence)), status=AttributionStatus.SUGGESTED,
        )
        attribution.check_anchor()  # the anchor rule, as every save checks it
        attribution._history_user = history_user(user)
        if root[i] == i:
            suggestions.append((attribution, match.suggestions))
        if not match.created:
            joined.setdefault(match.claim.pk, []).append(quote.text)
            joined_speakers[match.claim.pk] = match.claim.claimant_id
        if match.review is not None:
            checked[len(attributions)] = match.review
        attributions.append(attribution)
    bulk_create_with_history(attributions, Attribution, default_user=history_user(user))
    # What the per-row receivers do on other write paths: the claims' appearances changed.
    claim_ids = {a.claim_id for a in attributions}
    Claim.objects.filter(pk__in=claim_ids).update(updated=timezone.now())
    matching.suggestions_record(pairs=suggestions)
    # The claims the statements joined learn their new words (new claims were indexed whole).
    matching.claims_index_add(texts=joined, speakers=joined_speakers)
    events.emit(events.ARTICLE_IMPORTED, article=article, attributions=attributions)
    reappeared: dict[int, list[Attribution]] = {}
    for index in checked:
        reappeared.setdefault(attributions[index].claim_id, []).append(attributions[index])
    for appearances in reappeared.values():
        events.emit(events.CLAIM_REAPPEARED, claim=appearances[0].claim, attributions=appearances)
    return ImportResult("imported", article, attributions, checked)
