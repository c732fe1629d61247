"""The source and outlet services at their edges (what mutants of claims/services/sources.py
changed unnoticed): a source found is filled in but never overwritten, the kind named is
preferred, an organisation owned by a person is tied to them, and what a person enters is kept."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from claims import services
from claims.choices import OutletKind, SourceKind
from claims.models import Correction, Outlet, Source, SourceAlias
from claims.services.sources import SourceSpec, sources_affiliate, sources_resolve
from tests.base import BaseTestCase, SeededTestCase
from tests.claims.desk_helpers import published_review, seed_claim


class SourceResolveEdgeTests(BaseTestCase):
    def test_a_found_source_gets_a_missing_role_and_affiliation_but_keeps_its_own(self) -> None:
        party = Source.objects.create(name="Harbour Party", kind=SourceKind.ORGANIZATION)
        other = Source.objects.create(name="Other Party", kind=SourceKind.ORGANIZATION)
        roe = services.source_resolve(name="Jane Roe")
        services.source_resolve(name="Jane Roe", role="mayor", affiliation=party)
        roe.refresh_from_db()
        self.assertEqual((roe.role, roe.affiliation), ("mayor", party))
        services.source_resolve(name="Jane Roe", role="candidate", affiliation=other)
        roe.refresh_from_db()
        self.assertEqual((roe.role, roe.affiliation), ("mayor", party))

    def test_the_kind_named_is_preferred_among_sources_of_the_same_name(self) -> None:
        person = Source.objects.create(name="Jordan", kind=SourceKind.PERSON)
        country = Source.objects.create(name="Jordan", kind=SourceKind.ORGANIZATION)
        self.assertEqual(services.source_resolve(name="Jordan", kind=SourceKind.ORGANIZATION), country)
        self.assertEqual(services.source_resolve(name="Jordan"), person)
        group = services.source_resolve(name="Jane Roe", kind=SourceKind.GROUP)
        self.assertEqual(services.source_resolve(name="Jane Roe", kind=SourceKind.GROUP), group)
        self.assertNotIn(group, (person, country))

    def test_the_same_first_and_last_name_is_the_same_person_only_for_people(self) -> None:
        person = services.source_resolve(name="Donald Trump")
        org = services.source_resolve(name="Donald J. Trump", kind=SourceKind.ORGANIZATION)
        self.assertNotEqual(org, person)
        self.assertEqual(org.kind, SourceKind.ORGANIZATION)
        self.assertEqual(services.source_resolve(name="Madonna"), services.source_resolve(name="madonna"))

    def test_many_speakers_resolve_together_each_new_one_once_with_its_aliases(self) -> None:
        roe, again, kirby = sources_resolve(specs=[
            SourceSpec(name="Jane Roe", aliases=("Mayor Roe",)), SourceSpec(name="jane roe"),
            SourceSpec(name="John Kirby", aliases=("Kirby", "John Kirby"))])
        self.assertEqual(roe, again)
        self.assertEqual(Source.objects.count(), 2)
        self.assertEqual(sorted(SourceAlias.objects.values_list("normalized", flat=True)), ["kirby", "mayor roe"])
        self.assertEqual(sources_resolve(specs=[]), [])


class AffiliationTests(BaseTestCase):
    def test_an_organisation_named_after_a_person_is_tied_to_them_once(self) -> None:
        roe = Source.objects.create(name="Jane Roe")
        campaign = Source.objects.create(name="the Roe campaign", kind=SourceKind.ORGANIZATION)
        team = Source.objects.create(name="Jane Roe's transition team", kind=SourceKind.ORGANIZATION)
        office = Source.objects.create(name="Roe office", kind=SourceKind.PERSON)
        before = campaign.updated
        sources_affiliate(sources=[roe, campaign, team, office])
        for source in (campaign, team, office):
            source.refresh_from_db()
        self.assertEqual((campaign.affiliation, team.affiliation, office.affiliation), (roe, roe, None))
        self.assertGreater(campaign.updated, before)  # the API's sync feed shows the change
        other = Source.objects.create(name="John Roe")
        campaign2 = Source.objects.create(name="Roe campaign", kind=SourceKind.ORGANIZATION, affiliation=other)
        sources_affiliate(sources=[roe, campaign2])
        campaign2.refresh_from_db()
        self.assertEqual(campaign2.affiliation, other)

    def test_the_owner_is_looked_up_when_not_among_the_sources(self) -> None:
        roe = Source.objects.create(name="Jane Roe")
        campaign = Source.objects.create(name="Jane Roe campaign", kind=SourceKind.ORGANIZATION)
        sources_affiliate(sources=[campaign])
        campaign.refresh_from_db()
        self.assertEqual(campaign.affiliation, roe)


class EnteredSourceTests(BaseTestCase):
    def test_every_detail_of_an_outlet_and_a_source_is_written(self) -> None:
        outlet = services.outlet_create(user=self.editor, name="Daily Test", kind=OutletKind.ONLINE,
                                        url="https://example.org")
        services.outlet_update(outlet=outlet, user=self.editor, name="Daily Test 2", kind=OutletKind.MAGAZINE,
                               url="https://example.org/2")
        outlet = Outlet.objects.get(pk=outlet.pk)
        self.assertEqual((outlet.name, outlet.kind, outlet.url),
                         ("Daily Test 2", OutletKind.MAGAZINE, "https://example.org/2"))
        self.assertEqual(services.outlet_resolve(name="  daily test 2 "), outlet)
        party = services.source_create(user=self.editor, name="Harbour Party", kind=SourceKind.ORGANIZATION)
        roe = services.source_create(user=self.editor, name="Jane Roe", kind=SourceKind.PERSON, role="mayor",
                                     affiliation=party, aliases=["Mayor Roe", "jane roe", " "])
        self.assertEqual(list(roe.aliases.values_list("name", flat=True)), ["Mayor Roe"])
        services.source_update(source=roe, user=self.editor, name="Jane A. Roe", kind=SourceKind.GROUP,
                               role="former mayor", affiliation=None)
        roe = Source.objects.get(pk=roe.pk)
        self.assertEqual((roe.name, roe.kind, roe.role, roe.affiliation),
                         ("Jane A. Roe", SourceKind.GROUP, "former mayor", None))

    def test_a_source_is_not_its_own_affiliation(self) -> None:
        roe = services.source_create(user=self.editor, name="Jane Roe")
        party = services.source_create(user=self.editor, name="Harbour Party", kind=SourceKind.ORGANIZATION)
        with self.assertRaisesMessage(ValidationError, "cannot be its own affiliation"):
            services.source_update(source=roe, user=self.editor, affiliation=roe)
        services.source_update(source=roe, user=self.editor, affiliation=party)
        self.assertEqual(Source.objects.get(pk=roe.pk).affiliation, party)

    def test_aliases_are_replaced_keeping_those_still_wanted_without_the_name_itself(self) -> None:
        roe = services.source_create(user=self.editor, name="Jane Roe", aliases=["Mayor Roe", "J. Roe"])
        kept = roe.aliases.get(normalized="mayor roe")
        services.source_alias_set(source=roe, user=self.editor, aliases=["Mayor Roe", "Jane Roe", "Roe", " "])
        self.assertEqual(sorted(roe.aliases.values_list("normalized", flat=True)), ["mayor roe", "roe"])
        self.assertEqual(roe.aliases.get(normalized="mayor roe").pk, kept.pk)


class PublishedClaimantTests(SeededTestCase):
    def test_renaming_a_published_claimant_is_a_correction_and_renaming_it_the_same_is_none(self) -> None:
        claim = seed_claim()
        review = published_review(claim, self.fact_checker, self.editor)
        source = claim.claimant
        with self.assertRaisesMessage(ValidationError, "changing the claimant is a correction"):
            services.source_update(source=source, user=self.editor, role="minister")
        services.source_update(source=source, user=self.editor, role="minister", note="Role added.")
        services.source_update(source=source, user=self.editor, role="minister", note="Same role.")
        self.assertEqual(list(Correction.objects.filter(review=review).values_list("note", flat=True)),
                         ["Role added."])


class LongNameTests(BaseTestCase):
    def test_an_imported_outlet_or_alias_name_too_long_is_cut_to_fit_and_found_again(self) -> None:
        fits = Outlet._meta.get_field("name").max_length
        outlet = services.outlet_resolve(name="  " + "o" * (fits + 50))
        self.assertEqual(outlet.name, "o" * fits)
        self.assertEqual(services.outlet_resolve(name="o" * (fits + 50)), outlet)
        roe = services.source_create(user=self.editor, name="Jane Roe")
        services.source_alias_set(source=roe, user=self.editor, aliases=["a" * (fits + 50)])
        self.assertEqual(list(roe.aliases.values_list("name", flat=True)), ["a" * fits])
