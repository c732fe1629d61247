"""The pre-publication check: the statements of a draft, and what the newsroom already checked.

A read: nothing is stored. The draft goes through the same extractor, check-worthiness scorer and
claim matching as an import, so what the check says is what an import of the published article
would flag. Cost: seven queries whatever the draft holds: its speakers and those they belong with, the claim
matching for all its statements together (`find_candidates_many`: four), and the verdicts of
every matched claim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q

from claims.extraction import checkworthiness
from claims.extraction.parser import ArticleParseError, parse_article
from claims.extraction.quotes import EXTRACTOR_VERSION, Quote, extract_quotes_from_article
from claims.links import claim_url
from claims.models import Source
from claims.names import normalize_name
from claims.selectors.claims import already_checked_for_claims
from claims.selectors.matching import Candidate, StatementQuery, find_candidates_many
from claims.selectors.sources import related_speakers
from claims.similarity import LINK_THRESHOLD

HEADLINE, TEXT = "headline", "text"


@dataclass
class DraftStatement:
    field: str  # "headline" or "text": the offsets are into that field
    start: int
    end: int
    quote: Quote
    checkworthiness: checkworthiness.CheckWorthiness
    match: Candidate | None = None
    already_checked: dict[str, Any] | None = None

    @property
    def same_claim(self) -> bool:
        return self.match is not None and self.match.score >= LINK_THRESHOLD

    def as_dict(self) -> dict[str, Any]:
        quote, match = self.quote, self.match
        return {
            "field": self.field, "start": self.start, "end": self.end, "text": quote.text, "kind": quote.kind,
            "speaker": quote.speaker, "speaker_role": quote.speaker_role, "cue": quote.cue, "channel": quote.channel,
            "checkworthiness": {"score": self.checkworthiness.score, "reasons": list(self.checkworthiness.reasons)},
            "match": None if match is None else {
                "claim": match.claim.pk, "text": match.claim.text, "score": round(match.score, 3),
                "same_claim": self.same_claim, "url": claim_url(match.claim.pk),
            },
            "already_checked": self.already_checked,
        }


@dataclass
class DraftCheck:
    headline: str
    text: str
    statements: list[DraftStatement] = field(default_factory=list)

    @property
    def already_checked(self) -> list[DraftStatement]:
        return [s for s in self.statements if s.already_checked is not None]

    def as_dict(self) -> dict[str, Any]:
        return {
            "extractor": EXTRACTOR_VERSION,
            "counts": {
                "statements": len(self.statements),
                "matched": sum(1 for s in self.statements if s.match is not None),
                "already_checked": len(self.already_checked),
            },
            "statements": [s.as_dict() for s in self.statements],
        }


def _claim_text(quote: Quote) -> str:
    return quote.text.strip().rstrip(",;:").strip()


def _speakers(names: set[str]) -> dict[str, Source]:
    """Name as written -> the source it names (by name or alias, as `Source.objects.named`): one query."""
    keys = {name: normalize_name(name) for name in names}
    found: dict[str, Source] = {}
    by_alias: dict[str, Source] = {}
    sources = (Source.objects.filter(Q(normalized_name__in=keys.values()) | Q(aliases__normalized__in=keys.values()))
               .annotate(alias=F("aliases__normalized")).order_by("name", "pk"))
    for source in sources:
        found.setdefault(source.normalized_name, source)
        if source.alias:
            by_alias.setdefault(source.alias, source)
    return {name: found.get(key) or by_alias[key] for name, key in keys.items() if key in found or key in by_alias}


def check_draft(*, text: str, headline: str = "", base_url: str = "") -> DraftCheck:
    """The draft's statements with offsets, speaker, kind and check-worthiness, each with the
    claim it matches (of the same speaker) and that claim's latest public verdict."""
    text, headline = text.replace("\r\n", "\n"), headline.replace("\r\n", "\n").strip()
    # The headline goes first as a paragraph of its own, so it is read with the text (names and
    # pronouns carry over); offsets are then given back per field.
    prefix = f"{headline}\n\n" if headline else ""
    result = DraftCheck(headline=headline, text=text)
    try:
        parsed = parse_article(prefix + text)
    except ArticleParseError:
        return result
    quotes = extract_quotes_from_article(parsed)
    speakers = _speakers({q.speaker for q in quotes if q.speaker})
    to_match: dict[tuple[int, str], Source] = {}
    for quote in quotes:
        in_headline = quote.start < len(headline)
        offset = 0 if in_headline else len(prefix)
        result.statements.append(DraftStatement(
            field=HEADLINE if in_headline else TEXT, start=quote.start - offset, end=quote.end - offset, quote=quote,
            checkworthiness=checkworthiness.score(quote.text, kind=quote.kind),
        ))
        speaker = speakers.get(quote.speaker or "")
        if speaker is not None:  # the same words again (a lead and its paragraph) are looked up once
            to_match.setdefault((speaker.pk, _claim_text(quote)), speaker)
    keys = list(to_match)
    # The candidates an import would weigh: the speaker's claims and those of the people and
    # organisations it belongs with.
    related = related_speakers(sources=list({s.pk: s for s in to_match.values()}.values()))
    found = find_candidates_many([StatementQuery([text], related[pk]) for pk, text in keys])
    best = {key: candidates[0] for key, candidates in zip(keys, found, strict=True) if candidates}
    for statement in result.statements:
        speaker = speakers.get(statement.quote.speaker or "")
        if speaker is not None:
            statement.match = best.get((speaker.pk, _claim_text(statement.quote)))
    verdicts = already_checked_for_claims({s.match.claim.pk for s in result.statements if s.match}, base_url=base_url)
    for statement in result.statements:
        if statement.match is not None:
            statement.already_checked = verdicts.get(statement.match.claim.pk)
    return result
