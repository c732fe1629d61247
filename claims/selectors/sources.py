"""Source reads."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from claims.choices import STANDING_REVIEW_STATUSES, AttributionStatus, SourceKind
from claims.models import Attribution, Claim, Review, Source, SourceAlias, Topic
from claims.selectors.reviews import CURRENT_REVIEW_ORDER


def source_queryset() -> QuerySet[Source]:
    return Source.objects.prefetch_related(Prefetch("aliases", queryset=SourceAlias.objects.order_by("name")))


def source_page_queryset() -> QuerySet[Source]:
    return Source.objects.select_related("affiliation")


def related_speakers(*, sources: list[Source]) -> dict[int, list[int]]:
    """For each source: itself, then the sources whose claims its statements may join, the
    person an organisation belongs to ("the Roe campaign" -> Jane Roe) and the organisations
    that belong to a person. One query."""
    related: dict[int, list[int]] = {s.pk: [s.pk] for s in sources}
    for source in sources:
        if source.affiliation_id and source.kind == SourceKind.ORGANIZATION:
            related[source.pk].append(source.affiliation_id)
    people = [s.pk for s in sources if s.kind == SourceKind.PERSON]
    if people:
        for person_id, org_id in Source.objects.filter(affiliation_id__in=people, kind=SourceKind.ORGANIZATION
                                                       ).values_list("affiliation_id", "pk"):
            if org_id not in related[person_id]:
                related[person_id].append(org_id)
    return related


def source_aliases(source: Source) -> list[SourceAlias]:
    return list(source.aliases.all())


def source_members(source: Source, limit: int = 20) -> list[Source]:
    return list(source.members.all()[:limit])


SOURCE_PAGE_SIZE = 50


def source_claims(source: Source, page: str | int | None = None) -> tuple[Page, list[tuple[tuple[str, int], int]]]:
    """A page of everything the speaker said (as claimant or quoted), newest first, each with its
    current verdict and shown appearances; and the track record: how many of their claims stand
    at each rating (from the verdict copied onto the claim). Seven queries a page."""
    # Their claim ids first, from the two indexes (claimant, speaker): one query with an OR of
    # the two scanned every claim.
    ids = set(Claim.objects.filter(claimant=source).values_list("pk", flat=True))
    ids |= set(Attribution.objects.filter(speaker=source).values_list("claim_id", flat=True))
    said = Claim.objects.filter(pk__in=sorted(ids))
    record = [
        ((label, value), n) for label, value, n in
        said.filter(review_status__in=STANDING_REVIEW_STATUSES).exclude(rating_value=None).order_by()
        .values_list("rating_label", "rating_value").annotate(n=Count("id")).order_by("-n", "-rating_value")
    ]
    reviews = Review.objects.select_related("rating").order_by(*CURRENT_REVIEW_ORDER)
    appearances = Attribution.objects.exclude(status=AttributionStatus.REJECTED).select_related("article__outlet")
    claims = said.defer("search_vector").prefetch_related(
        Prefetch("reviews", queryset=reviews, to_attr="all_reviews"),
        Prefetch("appearances", queryset=appearances, to_attr="shown_appearances"),
    ).order_by("-said_on", "-id")
    shown = Paginator(claims, SOURCE_PAGE_SIZE).get_page(page)
    for claim in shown.object_list:
        claim.review = claim.all_reviews[0] if claim.all_reviews else None
        public = claim.review is not None and claim.review.status in STANDING_REVIEW_STATUSES
        claim.public_review = claim.review if public else None
    return shown, record


def source_lookup(*, query: str, limit: int = 10) -> list[dict[str, object]]:
    """Sources whose name or an alias contains `query`, for the claimant box: names starting
    with it first. Each row says which alias matched, so "Kirby" offers "John Kirby (Kirby)"."""
    query = " ".join(query.split())[:200]
    if len(query) < 2:
        return []
    matches = (Source.objects.filter(Q(name__icontains=query) | Q(aliases__name__icontains=query))
               .distinct().prefetch_related("aliases").order_by("name")[: limit * 3])
    rows = []
    for source in matches:
        alias = next((a.name for a in source.aliases.all()
                      if query.casefold() in a.name.casefold() and query.casefold() not in source.name.casefold()), "")
        rows.append({"id": source.pk, "name": source.name, "alias": alias, "role": source.role,
                     "kind": source.get_kind_display()})
    rows.sort(key=lambda r: (not str(r["name"]).casefold().startswith(query.casefold()), str(r["name"])))
    return rows[:limit]


def topic_names() -> list[str]:
    return list(Topic.objects.order_by("name").values_list("name", flat=True)[:500])
