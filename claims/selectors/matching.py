"""Claim matching reads: candidate claims for a statement, suggestions waiting for an editor.

Candidates are only ever the claims of the same Source, found through the `ClaimTerm` index
(B-tree on (speaker, term)) and ranked by `claims.similarity`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet

from claims.choices import MatchStatus
from claims.extraction.quotes import Quote
from claims.models import Article, Attribution, Claim, ClaimTerm, MatchSuggestion, Review, Source
from claims.selectors.reviews import latest_public_verdicts
from claims.similarity import SUGGEST_THRESHOLD, Similarity, Statement, compare, may_link, prepared_statement

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


# SQLite refuses a compound SELECT of more than 500 parts: long batches are sent in pieces.
BRANCHES_PER_QUERY = 200
PAIRS_PER_QUERY = 2000


def _term_frequencies(pairs: list[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """How common each word is in each speaker's claims, counted no further than FREQUENCY_CAP.

    The rare words find a repeated statement; the common ones only make the candidate query
    slow. Each count is an index range scan that stops at the cap, so a speaker with a hundred
    thousand claims costs no more than one with a thousand. All the (speaker, word) pairs of a
    batch of statements are counted in one query: a list of pairs, each counted by a subquery
    (one small plan, where a union of one branch a pair took longer to plan than to run).
    """
    table = connection.ops.quote_name(ClaimTerm._meta.db_table)
    found: dict[tuple[int, str], int] = {}
    for i in range(0, len(pairs), PAIRS_PER_QUERY):
        chunk = pairs[i:i + PAIRS_PER_QUERY]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        sql = (f"WITH wanted(speaker, word) AS (VALUES {values}) "
               f"SELECT speaker, word, (SELECT COUNT(*) FROM (SELECT 1 FROM {table} "
               f"WHERE speaker_id = wanted.speaker AND term = wanted.word LIMIT {FREQUENCY_CAP}) AS capped) "
               "FROM wanted")
        params = [x for pair in chunk for x in pair]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found.update({(speaker_id, term): count for speaker_id, term, count in cursor.fetchall() if count})
    return found


def _claims_sharing(queries: list[tuple[int, int, list[str]]]) -> dict[int, list[int]]:
    """For each query (number, speaker, words): the speaker's claims sharing most of the words,
    most first (newest first among equals), CANDIDATES * 2 at most; all the queries of a batch
    in one round trip.

    Each word's posting list is read newest first and no further than FREQUENCY_CAP rows, so
    even a statement made only of common words costs a bounded scan.
    """
    table = connection.ops.quote_name(ClaimTerm._meta.db_table)
    out: dict[int, list[int]] = defaultdict(list)
    batch: list[tuple[int, int, str]] = []
    for number, speaker_id, words in queries:
        batch += [(number, speaker_id, word) for word in words]
    lateral = connection.vendor == "postgresql"
    step = PAIRS_PER_QUERY if lateral else BRANCHES_PER_QUERY
    for i in range(0, len(batch), step):
        chunk = batch[i:i + step]
        if lateral:
            # One plan for every (query, word): a posting list read per row of the list.
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            postings = (f"SELECT wanted.q, p.claim_id FROM (VALUES {values}) AS wanted(q, speaker, word) "
                        f"CROSS JOIN LATERAL (SELECT claim_id FROM {table} WHERE speaker_id = wanted.speaker "
                        f"AND term = wanted.word ORDER BY claim_id DESC LIMIT {FREQUENCY_CAP}) AS p")
        else:  # SQLite has no LATERAL; its planner is quick with a union instead
            postings = " UNION ALL ".join(
                f"SELECT %s AS q, claim_id FROM (SELECT claim_id FROM {table} WHERE speaker_id = %s AND term = %s "
                f"ORDER BY claim_id DESC LIMIT {FREQUENCY_CAP}) AS w{k}"
                for k in range(len(chunk))
            )
        params = [x for row in chunk for x in row]
        sql = (f"SELECT q, claim_id FROM (SELECT q, claim_id, ROW_NUMBER() OVER (PARTITION BY q ORDER BY COUNT(*) "
               f"DESC, claim_id DESC) AS rank FROM ({postings}) AS postings "
               f"GROUP BY q, claim_id) AS ranked WHERE rank <= {CANDIDATES * 2} ORDER BY q, rank")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for number, claim_id in cursor.fetchall():
                out[number].append(claim_id)
    return out


def _chosen_terms(terms: set[str], speaker_id: int, frequency: dict[tuple[int, str], int]) -> list[str]:
    """The statement's rarest words in this speaker's index: at least MIN_QUERY_TERMS of them, at
    most MAX_QUERY_TERMS, stopping early past MAX_POSTINGS rows."""
    counted = [(frequency[(speaker_id, t)], t) for t in terms if (speaker_id, t) in frequency]
    chosen, postings = [], 0
    for count, term in sorted(counted):
        enough = len(chosen) >= MAX_QUERY_TERMS or postings + count > MAX_POSTINGS
        if len(chosen) >= MIN_QUERY_TERMS and enough:
            break
        chosen.append(term)
        postings += count
    return chosen


@dataclass
class StatementQuery:
    """What to look for: the texts of one statement (a reported clause with the quoted words in
    it), the speakers whose claims are candidates, and claims to leave out."""

    texts: list[str]
    speaker_ids: list[int]
    exclude: set[int] = field(default_factory=set)


def find_candidates_many(queries: list[StatementQuery]) -> list[list[Candidate]]:
    """For each statement, the candidate claims scoring at least SUGGEST_THRESHOLD, best first.

    A whole article's statements are looked up together: one query counts every word in every
    speaker's index, one finds the claims sharing the rarest ones, one reads those claims' texts
    and their appearances', one loads the claims kept, however many statements there are.
    """
    prepared = [[Statement.of(t) for t in q.texts] for q in queries]
    wanted: dict[int, set[str]] = {}
    for i, (query, statements) in enumerate(zip(queries, prepared, strict=True)):
        words = {t[:40] for st in statements for t in st.terms}
        if words and query.speaker_ids:
            wanted[i] = words
    pairs = sorted({(speaker_id, t) for i, words in wanted.items() for speaker_id in queries[i].speaker_ids
                    for t in words})
    frequency = _term_frequencies(pairs) if pairs else {}
    lookups, owner = [], []  # a look-up per (statement, speaker); owner: its statement
    for i, words in wanted.items():
        for speaker_id in queries[i].speaker_ids:
            chosen = _chosen_terms(words, speaker_id, frequency)
            if chosen:
                lookups.append((len(lookups), speaker_id, chosen))
                owner.append(i)
    sharing = _claims_sharing(lookups) if lookups else {}
    ids_of: dict[int, list[int]] = defaultdict(list)
    for number in sorted(sharing):
        i = owner[number]
        ids_of[i] += [pk for pk in sharing[number] if pk not in queries[i].exclude]
    for i, ids in ids_of.items():
        ids_of[i] = list(dict.fromkeys(ids))[:CANDIDATES * len(queries[i].speaker_ids)]
    all_ids = {pk for ids in ids_of.values() for pk in ids}
    texts: dict[int, list[str]] = defaultdict(list)
    if all_ids:
        # Plain rows, not model instances: the fine scoring reads every candidate's text and
        # the words of each of its appearances.
        claim_texts = Claim.objects.filter(pk__in=all_ids, merged_into__isnull=True).order_by().values_list(
            "pk", "text")
        appearance_texts = (Attribution.objects.filter(claim_id__in=all_ids, claim__merged_into__isnull=True)
                            .order_by().values_list("claim_id", "text"))
        # Distinct texts only: a claim repeated word for word by many outlets is scored once.
        for pk, text in claim_texts.union(appearance_texts):
            texts[pk].append(text)
    known = {pk: [prepared_statement(t) for t in claim_texts] for pk, claim_texts in texts.items()}
    scored_all: list[list[tuple[Similarity, int]]] = []
    for i, statements in enumerate(prepared):
        best: dict[int, Similarity] = {}
        for pk in ids_of.get(i, []):
            if pk in known:
                best[pk] = max((compare(st, other) for st in statements for other in known[pk]),
                               key=lambda x: x.score)
        scored = sorted(((sim, pk) for pk, sim in best.items()), key=lambda item: (-item[0].score, item[1]))
        scored_all.append([(sim, pk) for sim, pk in scored if sim.score >= SUGGEST_THRESHOLD])
    claims = Claim.objects.in_bulk({pk for scored in scored_all for _, pk in scored})
    return [[Candidate(claims[pk], sim) for sim, pk in scored] for scored in scored_all]


def find_candidates(*, text: str, speaker: Source | None, exclude: set[int] | None = None) -> list[Candidate]:
    """The speaker's claims most like `text` (scoring at least SUGGEST_THRESHOLD), best first."""
    if speaker is None:
        return []
    return find_candidates_many([StatementQuery([text], [speaker.pk], set(exclude or ()))])[0]


def already_checked_for_quotes(quotes: list[Quote]) -> dict[int, Review]:
    """For the import preview: quote index -> published review of the claim it would join."""
    speakers: dict[str, Source | None] = {}
    asked = []
    for index, quote in enumerate(quotes):
        if quote.speaker:
            if quote.speaker not in speakers:
                speakers[quote.speaker] = Source.objects.named(quote.speaker).first()
            if speakers[quote.speaker] is not None:
                asked.append((index, quote))
    found = find_candidates_many([StatementQuery([q.text], [speakers[q.speaker].pk]) for _, q in asked])
    linked = {index: candidates[0].claim for (index, quote), candidates in zip(asked, found, strict=True)
              if candidates and may_link(candidates[0].score, quote.text)}
    verdicts = latest_public_verdicts({claim.pk for claim in linked.values()})
    return {index: verdicts[claim.pk] for index, claim in linked.items() if claim.pk in verdicts}


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
        # The claim's own statements by id (a subquery on the appearances' claim index): an OR across
        # the join read every appearance on SQLite, a second a claim page at 100,000 claims.
        MatchSuggestion.objects.filter(
            Q(claim=claim) | Q(attribution_id__in=Attribution.objects.filter(claim=claim).values("pk")),
            status=MatchStatus.PENDING,
        )
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


def suggestion_queryset() -> QuerySet[MatchSuggestion]:
    return MatchSuggestion.objects.select_related("attribution__claim", "claim")
