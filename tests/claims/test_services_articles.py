"""The article and appearance services at their edges (what mutants of claims/services/articles.py
changed unnoticed): every detail of an article is written, a body moves its anchored quotes, and
an appearance is anchored by offsets or by its words."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from claims import services
from claims.choices import AttributionKind, AttributionOrigin, AttributionStatus, DatePrecision, NotificationKind
from claims.models import Article, Attribution, Claim, Correction, Notification, Outlet, Source
from tests.base import BaseTestCase
from tests.claims.desk_helpers import published_review

BODY = 'Intro line.\n\n"We will win," the mayor said.\n'


class ArticleServiceTests(BaseTestCase):
    def setUp(self) -> None:
        self.outlet = Outlet.objects.create(name="Daily Test")

    def test_every_detail_of_an_article_is_written_on_creation_and_on_update(self) -> None:
        details = {"headline": "Mayor speaks", "dek": "The standfirst.", "bylines": ["Dana Quill"],
                   "published_on": datetime.date(2024, 5, 1), "url": "https://example.org/a",
                   "caption": "The mayor.", "caption_credit": "Photo: Desk", "source_file": "mayor.html"}
        article = services.article_create(user=self.reporter, body=BODY, outlet=self.outlet, **details)
        stored = Article.objects.get(pk=article.pk)
        self.assertEqual({name: getattr(stored, name) for name in details}, details)
        changed = {"headline": "Mayor speaks again", "dek": "Another standfirst.", "bylines": ["Rita Roe"],
                   "published_on": datetime.date(2024, 5, 2), "url": "https://example.org/b",
                   "caption": "The mayor, later.", "caption_credit": "Photo: Wire", "source_file": "again.html"}
        services.article_update(article=article, user=self.reporter, **changed)
        stored = Article.objects.get(pk=article.pk)
        self.assertEqual({name: getattr(stored, name) for name in changed}, changed)

    def test_an_empty_url_is_stored_as_none_so_two_articles_without_one_do_not_collide(self) -> None:
        first = services.article_create(user=self.reporter, body=BODY, outlet=self.outlet, headline="A", url="")
        second = services.article_create(user=self.reporter, body=BODY + "More.\n", outlet=self.outlet,
                                         headline="B", url="https://example.org/b")
        services.article_update(article=second, user=self.reporter, url="")
        self.assertEqual([Article.objects.get(pk=a.pk).url for a in (first, second)], [None, None])

    def test_an_empty_or_repeated_body_is_refused(self) -> None:
        article = services.article_create(user=self.reporter, body=BODY, outlet=self.outlet, headline="A")
        with self.assertRaisesMessage(ValidationError, "The article has no text"):
            services.article_create(user=self.reporter, body=" \r\n", outlet=self.outlet, headline="B")
        with self.assertRaisesMessage(ValidationError, "already stored"):
            services.article_create(user=self.reporter, body=BODY.replace("\n", "\r\n"), outlet=self.outlet,
                                    headline="B")
        with self.assertRaisesMessage(ValidationError, "The article has no text"):
            services.article_update(article=article, user=self.reporter, body="  ")


class AppearanceServiceTests(BaseTestCase):
    def setUp(self) -> None:
        outlet = Outlet.objects.create(name="Daily Test")
        self.article = services.article_create(user=self.reporter, body=BODY, outlet=outlet, headline="Mayor")
        self.claim = services.claim_create(user=self.editor, text="We will win.")
        self.start = BODY.index("We will win")

    def test_every_detail_of_an_appearance_is_written(self) -> None:
        mayor = Source.objects.create(name="Jane Mayor")
        details = {"text": "We will win", "start": self.start, "end": self.start + len("We will win"),
                   "kind": AttributionKind.INDIRECT, "speaker": mayor, "speaker_name": "the mayor",
                   "speaker_role": "mayor", "cue": "said", "channel": "Radio Town",
                   "said_on": datetime.date(2024, 5, 1), "said_on_precision": DatePrecision.MONTH,
                   "origin": AttributionOrigin.EXTRACTED, "extractor_version": "test-1", "confidence": 0.5,
                   "status": AttributionStatus.SUGGESTED}
        appearance = services.attribution_create(user=self.editor, article=self.article, claim=self.claim,
                                                 **details)
        stored = Attribution.objects.get(pk=appearance.pk)
        self.assertEqual({name: getattr(stored, name) for name in details}, details)
        changed = {"text": "will win", "kind": AttributionKind.PARTIAL, "speaker_role": "the mayor",
                   "cue": "told", "channel": "TV Town", "said_on": datetime.date(2024, 5, 2),
                   "said_on_precision": DatePrecision.DAY, "origin": AttributionOrigin.MANUAL,
                   "extractor_version": "", "confidence": None}
        services.attribution_update(attribution=appearance, user=self.editor, **changed)
        stored = Attribution.objects.get(pk=appearance.pk)
        self.assertEqual({name: getattr(stored, name) for name in changed}, changed)
        self.assertEqual((stored.start, stored.end), (self.start + 3, self.start + len("We will win")))

    def test_an_appearance_is_anchored_by_its_words_or_by_both_offsets_inside_the_article(self) -> None:
        found = services.attribution_create(user=self.editor, article=self.article, claim=self.claim,
                                            text="the mayor")
        self.assertEqual((found.start, found.end), (BODY.index("the mayor"), BODY.index("the mayor") + 9))
        with self.assertRaisesMessage(ValidationError, "These words are not in the article"):
            services.attribution_create(user=self.editor, article=self.article, claim=self.claim, text="We lost")
        with self.assertRaisesMessage(ValidationError, "Give both offsets"):
            services.attribution_create(user=self.editor, article=self.article, claim=self.claim, start=0)
        with self.assertRaisesMessage(ValidationError, "Give both offsets"):
            services.attribution_create(user=self.editor, article=self.article, claim=self.claim, end=5)
        for start, end in ((3, 3), (len(BODY) - 1, len(BODY) + 1)):
            with self.assertRaisesMessage(ValidationError, "is not inside the article"):
                services.attribution_create(user=self.editor, article=self.article, claim=self.claim,
                                            start=start, end=end)
        whole = services.attribution_create(user=self.editor, article=self.article, claim=self.claim,
                                            start=0, end=len(BODY))
        self.assertEqual(whole.text, BODY)
        with self.assertRaisesMessage(ValidationError, "The article has 'Intro' at 0–5, not 'Outro'"):
            services.attribution_create(user=self.editor, article=self.article, claim=self.claim,
                                        start=0, end=5, text="Outro")
        first = services.attribution_create(user=self.editor, article=self.article, claim=self.claim,
                                            start=0, end=5, text="Intro")
        services.attribution_update(attribution=first, user=self.editor, end=10)
        self.assertEqual(Attribution.objects.get(pk=first.pk).text, "Intro line")


class ReanchoringTests(BaseTestCase):
    def setUp(self) -> None:
        self.outlet = Outlet.objects.create(name="Daily Test")

    def article_quoting(self, body: str, *spans: tuple[int, int]) -> Article:
        article = services.article_create(user=self.reporter, body=body, outlet=self.outlet, headline="Repeats")
        for start, end in spans:
            claim = services.claim_create(user=self.editor, text=f"Quote at {start}.")
            services.attribution_create(user=self.editor, article=article, claim=claim, start=start, end=end)
        return article

    def spans(self, article: Article) -> list[tuple[int, int]]:
        return list(article.attributions.order_by("start").values_list("start", "end"))

    def test_quotes_moving_right_move_without_taking_each_others_place(self) -> None:
        article = self.article_quoting("ab ab .", (0, 2), (3, 5))
        services.article_update(article=article, user=self.reporter, body="xx ab ab .")
        self.assertEqual(self.spans(article), [(3, 5), (6, 8)])

    def test_quotes_moving_left_move_without_taking_each_others_place(self) -> None:
        article = self.article_quoting("zz Q. ab ab .", (3, 5), (6, 8), (9, 11))
        services.article_update(article=article, user=self.reporter, body="Q. ab ab .")
        self.assertEqual(self.spans(article), [(0, 2), (3, 5), (6, 8)])
        self.assertEqual(Article.objects.get(pk=article.pk).body, "Q. ab ab .")

    def test_two_quotes_of_the_same_words_keep_two_places_when_the_text_before_them_goes(self) -> None:
        # Each searched near its old place would land on the same "ab": a second span on one
        # place breaks the one-span-per-article rule (a 500 before).
        article = self.article_quoting("xx ab ab .", (3, 5), (6, 8))
        services.article_update(article=article, user=self.reporter, body="ab ab .")
        self.assertEqual(self.spans(article), [(0, 2), (3, 5)])
        for attribution in article.attributions.all():
            self.assertEqual(attribution.text, "ab")

    def test_a_body_losing_a_quote_or_repeating_another_article_is_refused(self) -> None:
        article = self.article_quoting("We will win. Taxes fell.", (0, 11))
        other = services.article_create(user=self.reporter, body="Other text.", outlet=self.outlet, headline="O")
        with self.assertRaisesMessage(ValidationError, "1 anchored quote(s) are no longer in the text: “We will win” "
                                                       "at 0. Keep the quoted words"):
            services.article_update(article=article, user=self.reporter, body="We lost. Taxes fell.")
        with self.assertRaisesMessage(ValidationError, f"already stored as article #{other.pk}"):
            services.article_update(article=article, user=self.reporter, body="Other text.")
        services.article_update(article=article, user=self.reporter, body="We will win. Taxes fell.",
                                headline="Same text")
        self.assertEqual(self.spans(article), [(0, 11)])


    def test_a_refusal_names_the_first_five_lost_quotes_a_long_one_cut_short(self) -> None:
        long = "a" * 60 + "b"
        body = " ".join([long, "q2", "q3", "q4", "q5", "q6"])
        spans = [(0, 61), *((body.index(f"q{n}"), body.index(f"q{n}") + 2) for n in range(2, 7))]
        article = self.article_quoting(body, *spans)
        shown = "; ".join([f"“{'a' * 60}…” at 0", *(f"“q{n}” at {body.index(f'q{n}')}" for n in range(2, 6))])
        with self.assertRaisesMessage(ValidationError, f"6 anchored quote(s) are no longer in the text: {shown}. Keep"):
            services.article_update(article=article, user=self.reporter, body="Nothing quoted is left.")

class PublishedAppearanceTests(BaseTestCase):
    """On a published fact-check, what is confirmed in an article is public: changing it is an
    editor's correction, noted on the verdict."""

    def setUp(self) -> None:
        outlet = Outlet.objects.create(name="Daily Test")
        self.article = services.article_create(user=self.reporter, body=BODY, outlet=outlet, headline="Mayor")
        self.claim = services.claim_create(user=self.editor, text="We will win.")
        self.appearance = services.attribution_create(user=self.editor, article=self.article, claim=self.claim,
                                                      text="We will win", status=AttributionStatus.CONFIRMED)
        self.review = published_review(self.claim, self.fact_checker, self.editor)

    def notes(self) -> list[str]:
        return list(Correction.objects.filter(review=self.review).order_by("id").values_list("note", flat=True))

    def test_changing_the_article_is_a_correction_and_changing_nothing_is_none(self) -> None:
        with self.assertRaisesMessage(ValidationError, "is a correction"):
            services.article_update(article=self.article, user=self.editor, headline="Mayor wins")
        services.article_update(article=self.article, user=self.editor, headline="Mayor wins", note="Headline.")
        services.article_update(article=self.article, user=self.editor, headline="Mayor wins", note="Same.")
        self.assertEqual(self.notes(), ["Headline."])

    def test_a_new_appearance_is_a_correction_only_once_confirmed_and_tells_who_checked_it(self) -> None:
        # self.claim is the copy from before publishing: the service asks the stored claim.
        services.attribution_create(user=self.editor, article=self.article, claim=self.claim, text="the mayor",
                                    status=AttributionStatus.SUGGESTED, note="Suggested.")
        self.assertEqual(self.notes(), [])
        services.attribution_create(user=self.editor, article=self.article, claim=self.claim, text="Intro",
                                    status=AttributionStatus.CONFIRMED, note="Also said in the intro.")
        self.assertEqual(self.notes(), ["Also said in the intro."])
        told = Notification.objects.filter(recipient=self.fact_checker, kind=NotificationKind.REAPPEARED)
        self.assertEqual(told.count(), 2)

    def test_correcting_a_confirmed_appearance_needs_a_note_and_a_suggested_one_does_not(self) -> None:
        with self.assertRaisesMessage(ValidationError, "correcting a published appearance"):
            services.attribution_update(attribution=self.appearance, user=self.editor, cue="said")
        services.attribution_update(attribution=self.appearance, user=self.editor, cue="said", note="Cue.")
        services.attribution_update(attribution=self.appearance, user=self.editor, cue="said", note="Same.")
        self.assertEqual(self.notes(), ["Cue."])
        suggested = services.attribution_create(user=self.editor, article=self.article, claim=self.claim,
                                                text="the mayor", status=AttributionStatus.SUGGESTED, note="S.")
        services.attribution_update(attribution=suggested, user=self.editor, cue="told")
        self.assertEqual(Attribution.objects.get(pk=suggested.pk).cue, "told")
        self.assertEqual(self.notes(), ["Cue."])
        with self.assertRaisesMessage(ValueError, "attribution_set_status"):
            services.attribution_update(attribution=suggested, user=self.editor, status=AttributionStatus.REJECTED)

    def test_confirming_or_rejecting_what_is_public_is_a_correction_rejecting_a_suggestion_is_not(self) -> None:
        suggested = services.attribution_create(user=self.editor, article=self.article, claim=self.claim,
                                                text="the mayor", status=AttributionStatus.SUGGESTED, note="S.")
        services.attribution_set_status(attribution=suggested, status=AttributionStatus.REJECTED, user=self.editor)
        self.assertEqual(self.notes(), [])
        services.attribution_set_status(attribution=suggested, status=AttributionStatus.REJECTED, user=self.editor,
                                        note="Again.")
        self.assertEqual(self.notes(), [])
        with self.assertRaisesMessage(ValidationError, "Confirm or reject, not 'withdrawn'"):
            services.attribution_set_status(attribution=suggested, status="withdrawn", user=self.editor)
        with self.assertRaisesMessage(ValidationError, "is a correction"):
            services.attribution_set_status(attribution=self.appearance, status=AttributionStatus.REJECTED,
                                            user=self.editor)
        services.attribution_set_status(attribution=self.appearance, status=AttributionStatus.REJECTED,
                                        user=self.editor, note="Not the mayor's words.")
        services.attribution_set_status(attribution=suggested, status=AttributionStatus.CONFIRMED,
                                        user=self.editor, note="The mayor's words.")
        self.assertEqual(self.notes(), ["Not the mayor's words.", "The mayor's words."])

    def test_deciding_the_remaining_suggestions_goes_ahead_with_those_the_rules_allow(self) -> None:
        other = services.claim_create(user=self.editor, text="Intro line.")
        free = services.attribution_create(user=self.editor, article=self.article, claim=other, text="Intro line",
                                           status=AttributionStatus.SUGGESTED)
        held = services.attribution_create(user=self.editor, article=self.article, claim=self.claim,
                                           text="the mayor", status=AttributionStatus.SUGGESTED, note="S.")
        decided = services.attributions_decide_remaining(article=self.article, status=AttributionStatus.CONFIRMED,
                                                         user=self.editor)
        self.assertEqual(decided.done, [free])
        self.assertEqual([(a, "correction" in why) for a, why in decided.refused], [(held, True)])
        self.assertEqual(Attribution.objects.get(pk=held.pk).status, AttributionStatus.SUGGESTED)
        self.assertEqual(Attribution.objects.get(pk=free.pk).status, AttributionStatus.CONFIRMED)


class AppearanceSpeakerTests(BaseTestCase):
    def setUp(self) -> None:
        outlet = Outlet.objects.create(name="Daily Test")
        self.article = services.article_create(user=self.reporter, body=BODY, outlet=outlet, headline="Mayor")
        self.claim = services.claim_create(user=self.editor, text="We will win.")

    def test_a_speaker_named_is_found_or_created_and_a_blank_name_clears_it(self) -> None:
        roe = Source.objects.create(name="Jane Roe")
        appearance = services.attribution_create(user=self.editor, article=self.article, claim=self.claim,
                                                 text="We will win", speaker_name="Jane Roe")
        self.assertEqual(appearance.speaker, roe)
        services.attribution_update(attribution=appearance, user=self.editor, speaker_name="  John Doe ")
        stored = Attribution.objects.get(pk=appearance.pk)
        self.assertEqual((stored.speaker.name, stored.speaker_name), ("John Doe", "John Doe"))
        self.assertEqual(Claim.objects.get(pk=self.claim.pk).claimant, stored.speaker)  # its only appearance
        services.attribution_update(attribution=appearance, user=self.editor, speaker_name=" ")
        self.assertIsNone(Attribution.objects.get(pk=appearance.pk).speaker)
        self.assertEqual(Attribution.objects.get(pk=appearance.pk).claim_id, self.claim.pk)

    def test_an_appearance_now_naming_another_speaker_joins_that_speakers_claim_of_the_same_words(self) -> None:
        outlet = self.article.outlet
        words = "the harbour budget rose by forty percent last year"
        bodies = [f'Reuters said "{words}," on Monday.', f'Also: "{words}," said Reuters.',
                  f'Again: "{words}," Reuters said.', f'The union said "{words}," today.']
        articles = [services.article_create(user=self.reporter, body=b, outlet=outlet, headline=f"H{n}")
                    for n, b in enumerate(bodies)]
        reuters = services.source_resolve(name="Reuters", kind="organization")
        union = services.source_resolve(name="Harbour Workers Union", kind="organization")
        credited = services.claim_create(user=self.editor, text="Reuters on the budget.", claimant=reuters)
        theirs = services.claim_create(user=self.editor, text=words, claimant=union)
        first, second, third = (services.attribution_create(user=self.editor, article=a, claim=credited,
                                                            text=words + ",", speaker=reuters)
                                for a in articles[:3])
        services.attribution_create(user=self.editor, article=articles[3], claim=theirs, text=words, speaker=union)
        services.attribution_update(attribution=first, user=self.editor, speaker_name="Harbour Workers Union")
        self.assertEqual(Attribution.objects.get(pk=first.pk).claim_id, theirs.pk)
        self.assertEqual(Attribution.objects.get(pk=third.pk).claim_id, credited.pk)
        # Nobody else's claim has these words: a new claim of the new speaker, in the quote's words.
        services.attribution_update(attribution=second, user=self.editor, speaker_name="Port Authority")
        moved = Attribution.objects.get(pk=second.pk).claim
        self.assertNotIn(moved.pk, (credited.pk, theirs.pk))
        self.assertEqual((moved.text, moved.claimant.name), (words, "Port Authority"))

    def test_an_outlet_named_is_found_or_created_and_a_blank_name_keeps_the_outlet(self) -> None:
        services.article_update(article=self.article, user=self.reporter, outlet_name="  Evening Post ")
        self.assertEqual(Article.objects.get(pk=self.article.pk).outlet.name, "Evening Post")
        services.article_update(article=self.article, user=self.reporter, outlet_name=" ")
        self.assertEqual(Article.objects.get(pk=self.article.pk).outlet.name, "Evening Post")
