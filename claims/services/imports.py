"""Article import: parse a text (or saved web page), extract its statements, store them.

Each article is imported in one transaction, and importing the same text again changes nothing
(articles are identified by the hash of their text)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from claims import events, policy
from claims.anchors import normalize_newlines
from claims.choices import AttributionOrigin, AttributionStatus, SourceKind
from claims.extraction.parser import ArticleParseError, ParsedArticle, parse_article, parse_html
from claims.extraction.quotes import EXTRACTOR_VERSION, Quote, extract_quotes_from_article
from claims.models import Article, Attribution, Outlet, Review, Source
from claims.names import content_hash, normalize_name, parse_partial_date
from claims.policy import history_user
from claims.services import matching
from claims.services.sources import outlet_resolve, source_resolve

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


@transaction.atomic
def import_article(
    *, text: str, filename: str = "", user: Any = policy.SYSTEM, accept: set[int] | None = None,
    parsed: ParsedArticle | None = None, quotes: list[Quote] | None = None, url: str | None = None,
    outlet: Outlet | None = None,
) -> ImportResult:
    """Store the article with its extracted statements as suggestions.

    `accept`, if given, is the set of quote indexes (in extraction order) to store; the import
    page passes what the editor ticked. Re-importing the same text returns "unchanged".
    `url` and `outlet` (a feed's entry) are stored as given instead of what the text says.
    """
    policy.require(user, "article.create")
    text = normalize_newlines(text)
    existing = Article.objects.filter(content_hash=content_hash(text)).first()
    if existing is not None:
        attributions = list(existing.attributions.select_related("speaker", "claim").order_by("start"))
        return ImportResult("unchanged", existing, attributions)

    parsed = parsed or parse_text(text)
    quotes = quotes if quotes is not None else extract_quotes_from_article(parsed)
    outlet = outlet or outlet_resolve(name=parsed.outlet or UNKNOWN_OUTLET)
    article = Article(
        outlet=outlet,
        headline=(parsed.headline or Path(filename).stem or "Untitled")[:500],
        dek=parsed.dek or "",
        bylines=list(parsed.bylines),
        published_on=parsed.published,
        caption=parsed.caption or "",
        caption_credit=(parsed.caption_credit or "")[:300],
        body=text,
        url=url or None,
        source_file=filename[:500],
    )
    article.save()

    sources: dict[tuple[str, str], Source] = {}
    attributions: list[Attribution] = []
    checked: dict[int, Review] = {}
    seen_spans: set[tuple[int, int]] = set()
    for index, quote in enumerate(quotes):
        if accept is not None and index not in accept:
            continue
        if (quote.start, quote.end) in seen_spans or not _claim_text(quote):
            continue
        seen_spans.add((quote.start, quote.end))
        speaker = None
        if quote.speaker:
            kind = quote.speaker_kind if quote.speaker_kind in SourceKind.values else SourceKind.PERSON
            key = (normalize_name(quote.speaker), kind)
            speaker = sources.get(key)
            if speaker is None:
                speaker = source_resolve(
                    name=quote.speaker[:200], kind=kind, role=(quote.speaker_role or "")[:300],
                    aliases=_speaker_aliases(quote.speaker, kind),
                )
                sources[key] = speaker
        said_on, precision = None, "day"
        # A date the extractor could not pin down is left out, not guessed.
        with contextlib.suppress(ValueError):
            said_on, precision = parse_partial_date(quote.said_on or "")
        match = matching.claim_for_statement(
            text=_claim_text(quote), speaker=speaker, kind=quote.kind, said_on=said_on, precision=precision,
            article=article,
        )
        attribution = Attribution(
            article=article, text=quote.text, start=quote.start, end=quote.end,
            claim=match.claim, kind=quote.kind, speaker=speaker, speaker_name=(quote.speaker or "")[:200],
            speaker_role=(quote.speaker_role or "")[:300], cue=(quote.cue or "")[:60],
            channel=(quote.channel or "")[:300], said_on=said_on, said_on_precision=precision,
            origin=AttributionOrigin.EXTRACTED, extractor_version=EXTRACTOR_VERSION,
            confidence=max(0.0, min(1.0, quote.confidence)), status=AttributionStatus.SUGGESTED,
        )
        attribution._history_user = history_user(user)
        attribution._matched = True  # matched above, before the claim was chosen
        attribution.save()
        if match.created:
            # Indexed at once, so a later statement of this article (the full quote after its
            # partial in the lead) can find it.
            matching.new_claim_index(claim=match.claim, texts=[attribution.text])
        matching.record_suggestions(attribution=attribution, candidates=match.suggestions)
        if match.review is not None:
            checked[len(attributions)] = match.review
        attributions.append(attribution)
    matching.claims_index(claim_ids={a.claim_id for a in attributions})
    events.emit(events.ARTICLE_IMPORTED, article=article, attributions=attributions)
    reappeared: dict[int, list[Attribution]] = {}
    for index in checked:
        reappeared.setdefault(attributions[index].claim_id, []).append(attributions[index])
    for appearances in reappeared.values():
        events.emit(events.CLAIM_REAPPEARED, claim=appearances[0].claim, attributions=appearances)
    return ImportResult("imported", article, attributions, checked)
