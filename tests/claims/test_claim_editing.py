"""Editing the claim on the desk (issue 12, item 1) and check-worthiness triage (item 2): every
statement stored gets the scorer's 0-100 score with its reasons, a person may override it, the
claim page explains it, and every change is in the history."""

from __future__ import annotations

from django.urls import reverse

from claims import services
from claims.extraction import checkworthiness
from claims.models import Claim, Source, SourceAlias, Topic
from claims.policy import SYSTEM
from claims.services import imports
from tests.base import SeededTestCase
from tests.claims.desk_helpers import seed_claim

ARTICLE = (
    "Port Budget Rises - The Harbour Gazette\n"
    "Port Budget Rises\n\n"
    "Dana Quill\n\n"
    '"The port budget rose by 41 percent, more than any other department," Mayor Jane Roe said on Monday.\n\n'
    '"I think it is a wonderful day," Roe added.\n'
)


class ScoringTests(SeededTestCase):
    def test_an_imported_statement_gets_the_scorers_score_and_reasons(self) -> None:
        result = imports.import_article(text=ARTICLE, user=self.reporter)
        by_text = {a.claim.text: a.claim for a in result.attributions}
        figure = next(c for t, c in by_text.items() if "41 percent" in t)
        opinion = next(c for t, c in by_text.items() if "wonderful" in t)
        expected = checkworthiness.score(figure.text, kind="direct")
        self.assertEqual(figure.checkworthiness, expected.score)
        self.assertEqual(figure.checkworthiness_reasons, list(expected.reasons))
        self.assertIn("a percentage", figure.checkworthiness_reasons[0])
        self.assertGreater(figure.checkworthiness, opinion.checkworthiness)
        self.assertFalse(figure.checkworthiness_set_by_hand)

    def test_a_hand_entered_claim_is_scored_and_a_given_score_is_an_override(self) -> None:
        scored = services.claim_create(user=self.editor, text="Unemployment fell to 3 percent in June.")
        self.assertEqual(scored.checkworthiness, checkworthiness.score(scored.text).score)
        self.assertFalse(scored.checkworthiness_set_by_hand)
        given = services.claim_create(user=self.editor, text="Taxes doubled since 2019.", checkworthiness=3)
        self.assertEqual((given.checkworthiness, given.checkworthiness_set_by_hand), (3, True))
        self.assertTrue(given.checkworthiness_reasons)

    def test_new_wording_rescores_unless_a_person_set_the_score(self) -> None:
        claim = services.claim_create(user=SYSTEM, text="no plans")
        low = claim.checkworthiness
        services.claim_update(claim=claim, user=self.fact_checker, text="The council has no plans to sell the "
                              "harbour, which earned 12 million euros in 2023.", checkworthiness=low)
        self.assertGreater(claim.checkworthiness, low)  # the form posted the old score back: still the scorer's
        services.claim_update(claim=claim, user=self.editor, checkworthiness=90)
        self.assertTrue(claim.checkworthiness_set_by_hand)
        services.claim_update(claim=claim, user=self.editor, text="No plans at all.", checkworthiness=90)
        self.assertEqual(claim.checkworthiness, 90)
        services.claim_update(claim=claim, user=self.editor, checkworthiness=None)  # back to the scorer
        self.assertEqual(claim.checkworthiness, checkworthiness.score("No plans at all.").score)
        self.assertFalse(claim.checkworthiness_set_by_hand)


class ClaimEditDeskTests(SeededTestCase):
    def setUp(self) -> None:
        self.claim = seed_claim()
        self.url = reverse("claims:claim_edit", args=[self.claim.pk])
        self.page = reverse("claims:claim", args=[self.claim.pk])

    def post(self, **changes):
        data = {"text": self.claim.text, "claimant_name": self.claim.claimant.name, "said_on": "",
                "said_on_precision": "day", "checkworthiness": self.claim.checkworthiness or "", "topics": ""}
        data.update(changes)
        return self.client.post(self.url, data)

    def test_a_fact_checker_edits_wording_claimant_date_score_and_topics_all_in_history(self) -> None:
        self.client.force_login(self.fact_checker)
        response = self.post(text="Shoigu said the talks will strengthen defence cooperation.",
                             claimant_name="Vladimir Putin", said_on="2023-07-01", said_on_precision="month",
                             checkworthiness=77, topics="defence, Korea, defence")
        self.assertEqual(response.status_code, 302)
        claim = Claim.objects.get(pk=self.claim.pk)
        self.assertEqual(claim.text, "Shoigu said the talks will strengthen defence cooperation.")
        self.assertEqual(claim.claimant.name, "Vladimir Putin")  # a new source, created inline
        self.assertEqual((str(claim.said_on), claim.said_on_precision), ("2023-07-01", "month"))
        self.assertEqual((claim.checkworthiness, claim.checkworthiness_set_by_hand), (77, True))
        self.assertEqual(sorted(t.name for t in claim.topics.all()), ["Korea", "defence"])
        page = self.client.get(self.page)
        self.assertContains(page, "July 2023")
        self.assertContains(page, "set by hand")
        self.assertContains(page, f"the scorer says {checkworthiness.score(claim.text).score}: ")
        self.assertContains(page, '<span class="tag tag-topic">Korea</span>', html=True)
        history = page.context["history"].entries
        fields = {change.field for entry in history for change in entry.changes}
        self.assertTrue({"text", "claimant", "first said", "checkworthiness", "topics"} <= fields, fields)
        topics_change = next(c for e in history for c in e.changes if c.field == "topics")
        self.assertEqual(topics_change.new, "Korea, defence")
        self.assertEqual(next(e for e in history if e.changes).who, self.fact_checker)

    def test_the_claim_page_explains_the_score(self) -> None:
        claim = services.claim_create(user=SYSTEM, text="Ferry tickets doubled in price, more than 40 percent.")
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("claims:claim", args=[claim.pk]))
        self.assertContains(response, f"<strong>{claim.checkworthiness}</strong>/100")
        self.assertContains(response, claim.checkworthiness_reasons[0])
        self.assertTrue(claim.checkworthiness_reasons[0].startswith("contains "))

    def test_bad_input_is_a_field_error_not_a_500(self) -> None:
        self.client.force_login(self.editor)
        response = self.post(checkworthiness=101, topics=",".join(f"t{i}" for i in range(13)), text="")
        self.assertEqual(response.status_code, 400)
        form = response.context["claim_form"]
        self.assertIn("checkworthiness", form.errors)
        self.assertIn("text", form.errors)
        response = self.post(topics=",".join(f"t{i}" for i in range(13)))
        self.assertEqual(response.status_code, 400)
        self.assertIn("At most 12 topics", response.context["claim_form"].errors["topics"][0])
        self.assertFalse(Topic.objects.exists())

    def test_a_reporter_cannot_edit_the_claim(self) -> None:
        self.client.force_login(self.reporter)
        self.assertEqual(self.post(text="Changed.").status_code, 403)
        self.assertNotIn('action="' + self.url, self.client.get(self.page).content.decode())


class SourceLookupTests(SeededTestCase):
    def test_it_finds_sources_by_name_and_alias_for_desk_roles_only(self) -> None:
        kirby = Source.objects.create(name="Dana Kirbyshire", role="spokesman")
        SourceAlias.objects.create(source=kirby, name="Kirbs")
        SourceAlias.objects.create(source=kirby, name="Admiral Johnny")
        url = reverse("claims:source_lookup")
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(url, {"q": "kirbs"}).status_code, 403)
        self.client.force_login(self.fact_checker)
        rows = self.client.get(url, {"q": "kirbs"}).json()["results"]
        self.assertEqual([r["name"] for r in rows], ["Dana Kirbyshire"])
        rows = self.client.get(url, {"q": "admiral"}).json()["results"]
        self.assertEqual((rows[0]["name"], rows[0]["alias"]), ("Dana Kirbyshire", "Admiral Johnny"))
        self.assertEqual(self.client.get(url, {"q": "k"}).json()["results"], [])
