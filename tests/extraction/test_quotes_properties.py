"""Property tests: the extractor never raises and every offset pair points at its text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction.parser import ArticleParseError, parse_article
from claims.extraction.quotes import extract_quotes

MARKS = ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "\u00ab", "\u00bb"]
WORDS = ["said", "says", "told", "he", "she", "Smith", "Jane Doe", "officials", "according to", "that", ",",
         ".", ":", "\n\n", "\r\n", "\u00a0", " date 2024-01-02 ", " - ", "Reuters", "the mayor", "added"]
pieces = st.one_of(st.sampled_from(MARKS), st.sampled_from(WORDS), st.text(max_size=8))
texts = st.lists(pieces, max_size=60).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_it_never_raises_and_offsets_are_valid(text: str) -> None:
    for q in extract_quotes(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.kind in {"direct", "partial", "indirect"}
        assert 0.0 <= q.confidence <= 1.0


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_it_survives_arbitrary_unicode(text: str) -> None:
    for q in extract_quotes(text):
        assert text[q.start:q.end] == q.text


@settings(max_examples=100, deadline=None)
@given(texts)
def test_parser_spans_point_into_the_input(text: str) -> None:
    try:
        art = parse_article(text)
    except ArticleParseError:
        return
    for span in art.paragraphs + [s for s in (art.headline_span, art.dek_span, art.caption_span) if s]:
        assert text[span.start:span.end] == span.text
