"""Claim matching reads: candidate claims for a statement, suggestions waiting for an editor.

Candidates are only ever the claims of the same Source, found through the `ClaimTerm` index
(B-tree on (speaker, term)) and ranked by `claims.similarity`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Prefetch, Q

from claims.choices import MatchStatus
from claims.extraction.quotes import Quote
from claims.models import Article, Attribution, Claim, ClaimTerm, MatchSuggestion, Review, Source
from claims.selectors.reviews import latest_public_verdict
from claims.similarity import LINK_THRESHOLD, SUGGEST_THRESHOLD, Similarity, Statement, best_similarity

CANDIDATES = 25  # claims scored finely per statement, out of the index's best


# The candidate query reads the posting lists of the statement's rarest words: at least
# MIN_QUERY_TERMS of them, at most MAX_QUERY_TERMS, stopping early past MAX_POSTINGS rows.
MIN_QUERY_TERMS = 3


MAX_QUERY_TERMS = 8


MAX_POSTINGS = 5000


FREQUENCY_CAP = 2000


@dataclass
class Candidate:
    claim: Claim
    similarity: Similarity

    @property
    def score(self) -> float:
        return self.similarity.score


def _term_frequencies(speaker_id: int, query_terms: list[str]) -> dict[str, int]:
    """How common each word is in this speaker's claims, counted no further than FREQUENCY_CAP.

    The rare words find a repeated statement; the common ones only make the candidate query
    slow. Each count is an index range scan that stops at the cap, so a speaker with a hundred
    thousand claims costs no more than one with a thousand.
    """
    table = connection.ops.quote_name(ClaimTerm._meta.db_table)
    parts = [
        f"SELECT %s, (SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE speaker_id = %s AND term = %s "
        f"LIMIT {FREQUENCY_CAP}) AS capped)"
        for _ in query_terms
    ]
    params: list[object] = []
    for term in query_terms:
        params += [term, speaker_id, term]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {term: count for term, count in cursor.fetchall() if count}


def _claims_sharing(speaker_id: int, words: list[str]) -> list[int]:
    """The speaker's claims sharing most of `words`, most first (newest first among equals).

    Each word's posting list is read newest first and no further than FREQUENCY_CAP rows, so
    even a statement made only of common words costs a bounded scan.
    """
    table = connection.ops.quote_name(ClaimTerm._meta.db_table)
    branches = [
        f"SELECT claim_id FROM (SELECT claim_id FROM {table} WHERE speaker_id = %s AND term = %s "
        f"ORDER BY claim_id DESC LIMIT {FREQUENCY_CAP}) AS w{i}"
        for i in range(len(words))
    ]
    params: list[object] = []
    for word in words:
        params += [speaker_id, word]
    sql = (f"SELECT claim_id, COUNT(*) AS shared FROM ({' UNION ALL '.join(branches)}) AS postings "
           f"GROUP BY claim_id ORDER BY shared DESC, claim_id DESC LIMIT {CANDIDATES * 2}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def find_candidates(*, text: str, speaker: Source | None, exclude: set[int] | None = None) -> list[Candidate]:
    """The speaker's claims most like `text` (scoring at least SUGGEST_THRESHOLD), best first."""
    if speaker is None:
        return []
    statement = Statement.of(text)
    query_terms = {t[:40] for t in statement.terms}
    if not query_terms:
        return []
    frequency = _term_frequencies(speaker.pk, sorted(query_terms))
    if not frequency:
        return []
    chosen, postings = [], 0
    for term in sorted(frequency, key=lambda t: (frequency[t], t)):
        enough = len(chosen) >= MAX_QUERY_TERMS or postings + frequency[term] > MAX_POSTINGS
        if len(chosen) >= MIN_QUERY_TERMS and enough:
            break
        chosen.append(term)
        postings += frequency[term]
    ids = [pk for pk in _claims_sharing(speaker.pk, chosen) if not exclude or pk not in exclude][:CANDIDATES]
    if not ids:
        return []
    # Plain rows in one query, not model instances: the fine scoring reads every candidate's
    # text and the words of each of its appearances.
    claim_texts = Claim.objects.filter(pk__in=ids, merged_into__isnull=True).order_by().values_list("pk", "text")
    appearance_texts = (
        Attribution.objects.filter(claim_id__in=ids, claim__merged_into__isnull=True).order_by()
        .values_list("claim_id", "text")
    )
    texts: dict[int, list[str]] = defaultdict(list)
    for pk, text in claim_texts.union(appearance_texts, all=True):
        texts[pk].append(text)
    scored = sorted(
        ((best_similarity(statement, claim_texts), pk) for pk, claim_texts in texts.items()),
        key=lambda item: (-item[0].score, item[1]),
    )
    keep = [(sim, pk) for sim, pk in scored if sim.score >= SUGGEST_THRESHOLD]
    claims = Claim.objects.in_bulk([pk for _, pk in keep])
    return [Candidate(claims[pk], sim) for sim, pk in keep]


def already_checked_for_quotes(quotes: list[Quote]) -> dict[int, Review]:
    """For the import preview: quote index -> published review of the claim it would join."""
    found: dict[int, Review] = {}
    speakers: dict[str, Source | None] = {}
    for index, quote in enumerate(quotes):
        if not quote.speaker:
            continue
        if quote.speaker not in speakers:
            speakers[quote.speaker] = Source.objects.named(quote.speaker).first()
        candidates = find_candidates(text=quote.text, speaker=speakers[quote.speaker])
        if candidates and candidates[0].score >= LINK_THRESHOLD:
            review = latest_public_verdict(candidates[0].claim)
            if review is not None:
                found[index] = review
    return found


@dataclass
class SuggestionRow:
    """One pending suggestion seen from a claim page: the statement or claim on the other side."""

    suggestion: MatchSuggestion
    this_text: str
    other_text: str
    other_claim: Claim
    speaker: str
    article: Article | None
    other_is_statement: bool  # the other side is the suggestion's statement, not its suggested claim
    appearance_count: int = 1


def pending_suggestions(claim: Claim) -> list[SuggestionRow]:
    """Pending suggestions on either side of this claim, best first: two queries, however many."""
    appearances = Attribution.objects.select_related("article__outlet").order_by("article__published_on", "start")
    suggestions = (
        MatchSuggestion.objects.filter(Q(claim=claim) | Q(attribution__claim=claim), status=MatchStatus.PENDING)
        .exclude(claim=F("attribution__claim"))
        .filter(claim__merged_into__isnull=True, attribution__claim__merged_into__isnull=True)
        .select_related(
            "attribution__article__outlet", "attribution__speaker", "attribution__claim__claimant",
            "claim__claimant",
        )
        .prefetch_related(Prefetch("claim__appearances", queryset=appearances, to_attr="shown_appearances"))
        .order_by("-score", "id")
    )
    rows = []
    for suggestion in suggestions:
        attribution = suggestion.attribution
        if suggestion.claim_id == claim.pk:  # a statement that may be another appearance of this claim
            speaker = attribution.speaker.name if attribution.speaker else attribution.speaker_name
            rows.append(SuggestionRow(
                suggestion, claim.text, attribution.text, attribution.claim, speaker, attribution.article, True,
            ))
        else:  # this claim's statement may be an appearance of the suggested claim
            other = suggestion.claim
            shown = other.shown_appearances
            rows.append(SuggestionRow(
                suggestion, claim.text, other.text, other, other.claimant.name if other.claimant else "",
                shown[0].article if shown else None, False, len(shown),
            ))
    return rows


# One batch of find_candidates_many: SQLite allows 500 terms in a compound SELECT.
BATCH_TERMS = 400


def find_candidates_many(items: list[tuple[str, Source]]) -> list[list[Candidate]]:
    """`find_candidates` for many statements at once (the draft check): the same candidates, in
    four queries a batch of statements instead of four a statement, since on a busy server each
    round trip costs more than the index scans it runs."""
    found: list[list[Candidate]] = []
    batch: list[tuple[str, Source]] = []
    size = 0
    for text, speaker in items:
        terms = len(Statement.of(text).terms)
        if terms > BATCH_TERMS:  # a quote of a thousand words: on its own
            found += _find_candidates_batch(batch) + [find_candidates(text=text, speaker=speaker)]
            batch, size = [], 0
            continue
        if size + terms > BATCH_TERMS:
            found += _find_candidates_batch(batch)
            batch, size = [], 0
        batch.append((text, speaker))
        size += terms
    return found + _find_candidates_batch(batch)


def _find_candidates_batch(items: list[tuple[str, Source]]) -> list[list[Candidate]]:
    if not items:
        return []
    statements = [Statement.of(text) for text, _ in items]
    wanted = [sorted({t[:40] for t in s.terms}) for s in statements]
    table = connection.ops.quote_name(ClaimTerm._meta.db_table)
    # 1. Each (speaker, word)'s frequency, capped as in _term_frequencies.
    # A VALUES list, not a UNION of one SELECT a word: PostgreSQL plans a UNION of hundreds of
    # branches for longer than it runs them (577 ms against 3 ms for 250 words).
    pairs = sorted({(speaker.pk, term) for (_, speaker), terms in zip(items, wanted, strict=True) for term in terms})
    frequency: dict[tuple[int, str], int] = {}
    if pairs:
        sql = (f"SELECT v.column1, v.column2, (SELECT COUNT(*) FROM (SELECT 1 FROM {table} "
               f"WHERE speaker_id = v.column1 AND term = v.column2 LIMIT {FREQUENCY_CAP}) AS capped) "
               f"FROM (VALUES {', '.join(['(%s, %s)'] * len(pairs))}) AS v")
        with connection.cursor() as cursor:
            cursor.execute(sql, [p for pair in pairs for p in pair])
            frequency = {(speaker_id, term): count for speaker_id, term, count in cursor.fetchall() if count}
    # 2. Each statement's rarest words, chosen as find_candidates does; its claims sharing most of them.
    chosen_words: list[tuple[int, int, str]] = []  # (statement, speaker, word)
    for index, ((_, speaker), terms) in enumerate(zip(items, wanted, strict=True)):
        counts = {t: frequency[(speaker.pk, t)] for t in terms if (speaker.pk, t) in frequency}
        chosen, postings = [], 0
        for term in sorted(counts, key=lambda t: (counts[t], t)):
            enough = len(chosen) >= MAX_QUERY_TERMS or postings + counts[term] > MAX_POSTINGS
            if len(chosen) >= MIN_QUERY_TERMS and enough:
                break
            chosen.append(term)
            postings += counts[term]
        chosen_words += [(index, speaker.pk, term) for term in chosen]
    ranked: dict[int, list[int]] = defaultdict(list)
    if chosen_words:
        with connection.cursor() as cursor:
            cursor.execute(*_sharing_query(table, chosen_words))
            rows = sorted(cursor.fetchall(), key=lambda row: (row[0], -row[2], -row[1]))
        for index, claim_id, _ in rows:
            if len(ranked[index]) < CANDIDATES:
                ranked[index].append(claim_id)
    # 3. The candidates' texts and their appearances', for all statements together.
    ids = {pk for pks in ranked.values() for pk in pks}
    texts: dict[int, list[str]] = defaultdict(list)
    if ids:
        claim_texts = Claim.objects.filter(pk__in=ids, merged_into__isnull=True).order_by().values_list("pk", "text")
        appearance_texts = (Attribution.objects.filter(claim_id__in=ids, claim__merged_into__isnull=True).order_by()
                            .values_list("claim_id", "text"))
        for pk, text in claim_texts.union(appearance_texts, all=True):
            texts[pk].append(text)
    kept: list[list[tuple[Similarity, int]]] = []
    for index, statement in enumerate(statements):
        scored = sorted(
            ((best_similarity(statement, texts[pk]), pk) for pk in ranked.get(index, []) if pk in texts),
            key=lambda item: (-item[0].score, item[1]),
        )
        kept.append([(sim, pk) for sim, pk in scored if sim.score >= SUGGEST_THRESHOLD])
    # 4. The claims kept.
    claims = Claim.objects.in_bulk({pk for found in kept for _, pk in found})
    return [[Candidate(claims[pk], sim) for sim, pk in found] for found in kept]


def _sharing_query(table: str, words: list[tuple[int, int, str]]) -> tuple[str, list[object]]:
    """(statement, claim, words shared) for each statement's CANDIDATES * 2 best claims, each word's
    posting list read newest first and no further than FREQUENCY_CAP rows, as _claims_sharing.

    A UNION of one branch a statement: each branch's LIMIT keeps its aggregate small. (On
    PostgreSQL a VALUES list with a LATERAL join plans faster but runs slower: 120 against 70 ms
    for 77 words at 100,000 claims.)"""
    by_statement: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for index, speaker_id, term in words:
        by_statement[index].append((speaker_id, term))
    branches, params = [], []
    for index, pairs in by_statement.items():
        postings = " UNION ALL ".join(
            f"SELECT claim_id FROM (SELECT claim_id FROM {table} WHERE speaker_id = %s AND term = %s "
            f"ORDER BY claim_id DESC LIMIT {FREQUENCY_CAP}) AS w{index}_{i}" for i in range(len(pairs))
        )
        branches.append(f"SELECT * FROM (SELECT {index} AS item, claim_id, COUNT(*) AS shared FROM ({postings}) AS p "
                        f"GROUP BY claim_id ORDER BY shared DESC, claim_id DESC LIMIT {CANDIDATES * 2}) AS s{index}")
        params += [p for pair in pairs for p in pair]
    return " UNION ALL ".join(branches), params
