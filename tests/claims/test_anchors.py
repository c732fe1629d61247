"""Re-anchoring quotes in a changed article body (pure)."""

from claims.anchors import Anchor, find_span, reanchor


class ReanchorTests:
    def test_quotes_follow_the_text_that_moved(self) -> None:
        spans, lost = reanchor("New first line. He said ab.", [Anchor(8, 10, "ab")])
        assert (spans, lost) == ([(24, 26)], [])

    def test_two_quotes_of_the_same_words_never_share_one_occurrence(self) -> None:
        # "xx ab ab ." edited to "ab ab .": both quotes are still there, each on its own words.
        spans, lost = reanchor("ab ab .", [Anchor(3, 5, "ab"), Anchor(6, 8, "ab")])
        assert lost == []
        assert sorted(spans) == [(0, 2), (3, 5)]

    def test_a_quote_whose_words_are_gone_is_lost(self) -> None:
        anchors = [Anchor(3, 5, "ab"), Anchor(6, 8, "ab")]
        spans, lost = reanchor("only ab once", anchors)
        assert spans[0] == (5, 7)
        assert lost == [anchors[1]]

    def test_find_span_leaves_out_taken_starts(self) -> None:
        assert find_span("ab ab", "ab", near=0, taken={0}) == (3, 5)
        assert find_span("ab", "ab", near=0, taken={0}) is None
