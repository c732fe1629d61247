"""Claim-matching text similarity, on statements written for these tests."""

from claims.similarity import LINK_THRESHOLD, SUGGEST_THRESHOLD, diff_words, similarity, stem, terms


class SimilarityTests:
    def test_it_links_a_shorter_cut_of_the_same_quote(self) -> None:
        full = "As part of the deal, the city would receive two new ferries and a repaired pier."
        assert similarity("the city would receive two new ferries", full).score >= LINK_THRESHOLD

    def test_it_ignores_punctuation_quotation_style_and_case(self) -> None:
        a = "We will not raise taxes, not this year, not next year."
        b = "“We will NOT raise taxes — not this year, not next year”"
        assert similarity(a, b).score >= LINK_THRESHOLD

    def test_it_sees_reported_speech_that_keeps_the_key_words(self) -> None:
        quote = "Our hospitals are running out of beds and nurses."
        reported = "hospitals were running out of nurses and beds"
        assert similarity(quote, reported).score >= SUGGEST_THRESHOLD

    def test_it_keeps_different_statements_on_the_same_topic_apart(self) -> None:
        a = "The bridge will reopen in March after the repairs."
        b = "The repairs cost the county twice what was planned."
        assert similarity(a, b).score < SUGGEST_THRESHOLD

    def test_two_shared_words_are_not_enough(self) -> None:
        assert similarity("a lot of people", "a lot going on with people tonight in the city").score < LINK_THRESHOLD

    def test_light_stemming_folds_plurals_and_tenses(self) -> None:
        assert stem("taxes") == stem("tax") == "tax"
        assert stem("paying") == "pay"
        assert terms("The laws") == terms("the law")

    def test_diff_words_marks_what_the_other_lacks(self) -> None:
        marked = dict(diff_words("the city gets ferries", "the city gets buses"))
        assert marked["ferries"] is True
        assert marked["city"] is False


class ThresholdAndStemTests:
    """The numbers and word lists of the matcher, pinned at their edges: moving a threshold or
    dropping a suffix changes one of these answers."""

    def test_a_link_needs_the_link_score_and_four_words(self) -> None:
        from claims.similarity import may_link

        assert may_link(0.85, "four words are here")
        assert may_link(0.86, "four words are here")
        assert not may_link(0.84, "four words are here")
        assert not may_link(1.0, "only three words")

    def test_four_shared_content_words_of_seven_are_a_suggestion_not_a_link(self) -> None:
        a = "The county budget grew faster than wages since the recession"
        b = "Tourists blamed the county budget for a faster recession nobody predicted"
        found = similarity(a, b)
        assert (found.shared, round(found.containment, 3)) == (4, 0.571)
        assert SUGGEST_THRESHOLD <= found.score < 0.6
        assert found.score < LINK_THRESHOLD

    def test_one_shared_word_in_a_short_text_is_damped_not_matched_letter_for_letter(self) -> None:
        # "no plans" is found verbatim in the longer text, but it is one content word and eight
        # letters: the character comparison is not made, and one shared word is damped to a third.
        found = similarity("no plans", "there are no plans to raise the fees")
        assert (found.partial, found.score) == (0.0, 0.3333)

    def test_a_text_of_stop_words_only_matches_nothing_and_does_not_fail(self) -> None:
        for a, b in (("the and of", "tax cuts now"), ("tax cuts now", "the and of")):
            found = similarity(a, b)
            assert (found.score, found.containment, found.partial, found.shared) == (0.0, 0.0, 0.0, 0)

    def test_statements_with_little_in_common_have_no_partial_score(self) -> None:
        found = similarity("The bridge will reopen in March", "Wages fell in the county last year")
        assert found.partial == 0.0

    def test_every_suffix_is_stripped(self) -> None:
        assert stem("meetings") == stem("meeting") == "meet"
        assert stem("studies") == stem("studied") == "stud"
        assert stem("walked") == stem("walking") == stem("walks") == "walk"
        assert stem("boxes") == "box"
        # A stem keeps at least three letters: "red" and "sing" stay whole.
        assert (stem("red"), stem("sing"), stem("bus")) == ("red", "sing", "bus")

    def test_half_the_content_words_is_enough_to_compare_letter_for_letter(self) -> None:
        # "ferry"/"ferries" and "city"/"cities" stem apart, so only half the content words are
        # shared, yet the texts are the same sentence: the character comparison is made and wins.
        a = ("they said that it was the ferry and not the city that would be there for all of them on the pier "
             "by the dock")
        b = a.replace("ferry", "ferries").replace("city", "cities")
        found = similarity(a, b)
        assert (found.containment, found.score) == (0.5, 0.9444)

    def test_ten_letters_and_two_content_words_are_enough_to_compare_letter_for_letter(self) -> None:
        assert similarity("no big tax", "there will be no big tax this year").score == 1.0

    def test_the_best_of_several_is_the_highest_score(self) -> None:
        from claims.similarity import best_similarity

        best = best_similarity("the city would receive two new ferries",
                               ["Wages fell in the county", "The city would receive two new ferries, she said.",
                                "the ferries"])
        assert best.score == 1.0

    def test_diff_words_keeps_every_space_and_no_empty_piece(self) -> None:
        assert diff_words(" the ferries  left", "the ferries") == [
            (" ", False), ("the", False), (" ", False), ("ferries", False), ("  ", False), ("left", True)]

    def test_the_best_of_nothing_is_no_match(self) -> None:
        from claims.similarity import Similarity, best_similarity

        assert best_similarity("the city would receive two new ferries", []) == Similarity(0.0, 0.0, 0.0, 0)
