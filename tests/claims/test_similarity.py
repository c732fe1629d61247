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
