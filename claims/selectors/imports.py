"""What an import would store, shown before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from claims.extraction.parser import ParsedArticle
from claims.extraction.quotes import Quote, extract_quotes_from_article
from claims.models import Article, Review
from claims.names import content_hash
from claims.selectors.matching import already_checked_for_quotes
from claims.services.imports import parse_text


@dataclass
class ArticlePreview:
    text: str
    parsed: ParsedArticle
    quotes: list[Quote]
    existing: Article | None = None
    # quote index -> the published review of the same claim, for "already checked" flags
    already_checked: dict[int, Review] = field(default_factory=dict)


def preview_article(*, text: str, filename: str = "") -> ArticlePreview:
    """What an import would store, without storing anything."""
    parsed = parse_text(text)
    quotes = extract_quotes_from_article(parsed)
    existing = Article.objects.filter(content_hash=content_hash(text)).first()
    checked = already_checked_for_quotes(quotes) if quotes else {}
    return ArticlePreview(text=text, parsed=parsed, quotes=quotes, existing=existing, already_checked=checked)
