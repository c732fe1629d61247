"""Claim matching, on articles written for these tests."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.choices import MatchStatus
from claims.models import Attribution, Claim, ClaimTerm, MatchSuggestion, Note, Rating, Review, Source
from claims.services import matching
from claims.services.imports import import_article
from claims.similarity import LINK_THRESHOLD, SUGGEST_THRESHOLD, stem
from tests.base import SeededTestCase


def article(outlet: str, day: str, body: str) -> str:
    return f" date 2024-03-{day} Ferry deal - {outlet}\nFerry deal\n\nJo Writer\n\n{body}\n"


WIRE = article("Wire One", "01", '"The island will get two new ferries and a rebuilt pier before the summer season '
               'starts," transport minister Ana Lopes said on Friday.')
PAPER = article("Daily Two", "02", '"The island will get two new ferries and a rebuilt pier," Ana Lopes said on '
                'Friday.\n\n"Ticket prices will stay frozen until next year," Lopes added.')
OTHER_SPEAKER = article("Daily Three", "03", '"The island will get two new ferries and a rebuilt pier before the '
                        'summer season starts," opposition leader Ben Ortiz said, mocking the plan.')


def quote_of(result, fragment: str) -> Attribution:
    return next(a for a in result.attributions if fragment in a.text)


class ImportMatchingTests(SeededTestCase):
    def test_a_shorter_cut_in_another_outlet_is_a_new_appearance_of_the_same_claim(self) -> None:
        first = import_article(text=WIRE)
        second = import_article(text=PAPER)
        wire_quote = quote_of(first, "two new ferries")
        paper_cut = quote_of(second, "two new ferries")
        self.assertEqual(paper_cut.speaker, wire_quote.speaker)
        self.assertEqual(paper_cut.claim, wire_quote.claim)
        self.assertEqual(wire_quote.claim.appearances.count(), 2)

    def test_another_statement_by_the_same_speaker_is_another_claim(self) -> None:
        import_article(text=WIRE)
        second = import_article(text=PAPER)
        prices = quote_of(second, "Ticket prices")
        self.assertEqual(prices.claim.appearances.count(), 1)
        self.assertNotEqual(prices.claim, quote_of(second, "two new ferries").claim)

    def test_the_same_words_from_someone_else_are_another_claim(self) -> None:
        first = import_article(text=WIRE)
        third = import_article(text=OTHER_SPEAKER)
        self.assertNotEqual(quote_of(third, "two new ferries").claim, quote_of(first, "two new ferries").claim)
        self.assertEqual(quote_of(third, "two new ferries").speaker.name, "Ben Ortiz")

    def test_a_claim_with_a_published_verdict_is_flagged_as_already_checked(self) -> None:
        claim = quote_of(import_article(text=WIRE), "two new ferries").claim
        review = services.review_create(claim=claim, fact_checker=self.fact_checker,
                                        rating=Rating.objects.get(label="Mostly false"))
        services.review_submit(review=review, user=self.fact_checker)
        services.review_approve(review=review, editor=self.editor)
        services.review_publish(review=review, editor=self.editor)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "paper.txt"
            path.write_text(PAPER, encoding="utf-8")
            out = io.StringIO()
            call_command("import_articles", str(path), stdout=out, stderr=io.StringIO())
        published = Review.objects.get().published_at.date().isoformat()
        self.assertIn(f"already checked: Mostly false (published {published})", out.getvalue())
        self.assertIn("(1 already checked)", out.getvalue())

    def test_the_index_holds_the_words_of_every_appearance(self) -> None:
        first = import_article(text=WIRE)
        claim = quote_of(first, "two new ferries").claim
        terms = set(ClaimTerm.objects.filter(claim=claim).values_list("term", flat=True))
        self.assertTrue({stem("ferries"), "pier", "island"} <= terms)
        self.assertEqual(set(ClaimTerm.objects.filter(claim=claim).values_list("speaker", flat=True)),
                         {claim.claimant_id})


class OtherWritePathTests(SeededTestCase):
    """An attribution entered through the admin, the API or the desk is matched too."""

    def test_a_new_claims_first_appearance_that_repeats_a_stored_claim_is_merged_into_it(self) -> None:
        kirby_claim = Claim.objects.get(text__startswith="As part of this proposed deal")
        seed_quote = kirby_claim.appearances.get()
        other = import_article(text=article("Daily Two", "05", "Nothing quoted here at all."))
        body = other.article.body + '\n"Russia would receive over two dozen kinds of weapons," Kirby said.\n'
        other.article.body = body
        other.article.save()
        fresh = Claim.objects.create(text="Russia would receive weapons", claimant=seed_quote.speaker)
        start = body.index("Russia would receive over")
        text = "Russia would receive over two dozen kinds of weapons"
        attribution = Attribution.objects.create(article=other.article, claim=fresh, text=text, start=start,
                                                 end=start + len(text), speaker=seed_quote.speaker)
        attribution.refresh_from_db()
        fresh.refresh_from_db()
        self.assertEqual(attribution.claim, kirby_claim)
        self.assertEqual(fresh.merged_into, kirby_claim)

    def test_a_middling_match_becomes_a_suggestion_for_an_editor(self) -> None:
        kirby = Source.objects.get(name="John Kirby")
        claim = Claim.objects.create(text="Russia is sending food", claimant=kirby)
        other = import_article(text=article("Daily Two", "06", "Kirby spoke about munitions, food and Russia."))
        text = "Kirby spoke about munitions, food and Russia"
        start = other.article.body.index(text)
        attribution = Attribution.objects.create(article=other.article, claim=claim, text=text, start=start,
                                                 end=start + len(text), speaker=kirby)
        suggestion = MatchSuggestion.objects.get(attribution=attribution)
        self.assertTrue(suggestion.claim.text.startswith("Russia is seeking to send a delegation"))
        self.assertTrue(SUGGEST_THRESHOLD <= suggestion.score < LINK_THRESHOLD)
        self.assertEqual(suggestion.status, MatchStatus.PENDING)


class MergeTests(SeededTestCase):
    def setUp(self) -> None:
        self.survivor = Claim.objects.get(text__startswith="As part of this proposed deal")
        self.merged = Claim.objects.get(text__startswith="Russia is seeking to send")
        self.review = services.review_create(claim=self.merged, fact_checker=self.fact_checker, headline="Food deal")
        Note.objects.create(claim=self.merged, author=self.editor, text="Ask the NSC")

    def test_it_moves_appearances_reviews_and_notes_and_keeps_the_history(self) -> None:
        history_before = self.merged.history.count()
        matching.claim_merge(survivor=self.survivor, merged=self.merged, user=self.editor)
        self.merged.refresh_from_db()
        self.assertEqual(self.merged.merged_into, self.survivor)
        self.assertEqual(self.survivor.appearances.count(), 2)
        self.assertEqual(self.merged.appearances.count(), 0)
        self.assertEqual(Review.objects.get(pk=self.review.pk).claim, self.survivor)
        self.assertTrue(self.survivor.notes.filter(text="Ask the NSC").exists())
        self.assertTrue(self.survivor.notes.filter(text__startswith=f"Merged claim #{self.merged.pk}").exists())
        self.assertEqual(self.merged.history.count(), history_before + 1)
        self.assertEqual(self.merged.history.first().history_user, self.editor)
        self.assertEqual(Claim.objects.get(pk=self.survivor.pk).status, "in_review")
        self.assertFalse(ClaimTerm.objects.filter(claim=self.merged).exists())

    def test_it_refuses_to_merge_twice_or_into_itself(self) -> None:
        with self.assertRaises(matching.MergeError):
            matching.claim_merge(survivor=self.survivor, merged=self.survivor, user=self.editor)
        matching.claim_merge(survivor=self.survivor, merged=self.merged, user=self.editor)
        with self.assertRaises(matching.MergeError):
            matching.claim_merge(survivor=self.survivor, merged=self.merged, user=self.editor)


class SuggestionDecisionTests(SeededTestCase):
    def setUp(self) -> None:
        self.target = Claim.objects.get(text__startswith="As part of this proposed deal")
        self.attribution = Claim.objects.get(text__startswith="Russia is seeking to send").appearances.get()
        self.suggestion = MatchSuggestion.objects.create(attribution=self.attribution, claim=self.target, score=0.6)

    def test_link_moves_the_statement_and_folds_its_empty_claim(self) -> None:
        old_claim = self.attribution.claim
        matching.suggestion_link(suggestion=self.suggestion, user=self.editor)
        self.attribution.refresh_from_db()
        old_claim.refresh_from_db()
        self.assertEqual(self.attribution.claim, self.target)
        self.assertEqual(old_claim.merged_into, self.target)
        self.assertEqual(MatchSuggestion.objects.get().status, MatchStatus.LINKED)

    def test_keep_separate_changes_nothing_but_the_decision(self) -> None:
        matching.suggestion_keep_separate(suggestion=self.suggestion, user=self.editor)
        self.attribution.refresh_from_db()
        self.assertNotEqual(self.attribution.claim, self.target)
        suggestion = MatchSuggestion.objects.get()
        self.assertEqual((suggestion.status, suggestion.decided_by), (MatchStatus.KEPT_SEPARATE, self.editor))

    def test_merge_folds_the_statements_claim_into_the_suggested_one(self) -> None:
        old_claim = self.attribution.claim
        matching.suggestion_merge(suggestion=self.suggestion, user=self.editor)
        old_claim.refresh_from_db()
        self.assertEqual(old_claim.merged_into, self.target)
        self.assertEqual(MatchSuggestion.objects.get().status, MatchStatus.MERGED)


class StatementGroupAndThresholdTests(SeededTestCase):
    """Issue 13: the parts of one statement share its claim; short words are only suggested;
    an organisation's statements meet its person's; an article costs the same few queries."""

    def test_a_partial_quote_inside_a_reported_clause_joins_the_clause_claim(self) -> None:
        result = import_article(text=article("Wire One", "07", 'Ana Lopes said the new pier would be '
                                             '"ready long before the summer rush" at the island.'))
        clause = next(a for a in result.attributions if a.kind == "indirect")
        part = next(a for a in result.attributions if a.kind == "partial")
        self.assertEqual(part.claim, clause.claim)
        self.assertEqual(clause.claim.appearances.count(), 2)

    def test_another_outlet_quoting_only_the_words_finds_the_clause_claim(self) -> None:
        first = import_article(text=article("Wire One", "07", 'Ana Lopes said the new pier would be '
                                            '"ready long before the summer rush" at the island.'))
        second = import_article(text=article("Daily Two", "08", '"Ready long before the summer rush," '
                                             'Ana Lopes said of the pier.'))
        self.assertEqual(quote_of(second, "summer rush").claim, quote_of(first, "the new pier").claim)

    def test_a_short_statement_is_suggested_never_linked(self) -> None:
        first = import_article(text=article("Wire One", "09", 'Ana Lopes called the plan "a ferry fiasco" '
                                            'and left.'))
        second = import_article(text=article("Daily Two", "10", 'Ana Lopes again called it "a ferry fiasco" '
                                             'on Friday.'))
        before, after = quote_of(first, "ferry fiasco"), quote_of(second, "ferry fiasco")
        self.assertNotEqual(after.claim, before.claim)  # two words: too short to link alone
        suggestion = MatchSuggestion.objects.get(attribution=after)
        self.assertEqual((suggestion.claim, suggestion.score), (before.claim, 1.0))

    def test_an_organisations_statement_meets_the_claim_of_its_person(self) -> None:
        first = import_article(text=article("Wire One", "11", '"The island will get two new ferries and a '
                                            'rebuilt pier before the summer season starts," Ana Lopes said.'))
        second = import_article(text=article("Daily Two", "12", "Ana Lopes toured the harbor on Monday.\n\n"
                                             '"The island will get two new ferries and a rebuilt pier before '
                                             'the summer season starts," the Lopes campaign said in a statement.'))
        campaign = quote_of(second, "two new ferries")
        self.assertEqual(campaign.speaker.affiliation, quote_of(first, "two new ferries").speaker)
        self.assertEqual(campaign.claim, quote_of(first, "two new ferries").claim)

    def test_an_article_costs_the_same_queries_however_many_statements_it_has(self) -> None:
        def queries_for(day: str, count: int) -> int:
            body = "\n\n".join(f'"Pier number {n} will open in the spring of year {2030 + n}," Ana Lopes said.'
                               for n in range(count))
            with CaptureQueriesContext(connection) as captured:
                import_article(text=article("Wire One", day, body))
            return len(captured)

        queries_for("13", 2)  # the outlet and the speaker exist from here on
        few, many = queries_for("14", 2), queries_for("15", 12)
        self.assertEqual(few, many)
        self.assertLessEqual(many, 21)  # 20, and the webhook outbox's look-up for the article.imported event
