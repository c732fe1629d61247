"""Tests for the article text parser (sentences are invented for these tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction.parser import (
    ArticleParseError,
    parse_article,
    parse_html,
    split_bylines,
    split_caption_credit,
)

FULL = (
    " date 2024-02-10 Harbor Council Votes to Rebuild Old Pier - The Coastal Ledger\n"
    "Harbor Council Votes to Rebuild Old Pier\n"
    "\n"
    "The vote ends a decade of delays, officials say\n"
    "\n"
    "Maria Lopez and Tom Reed\n"
    "Workers inspect the pier on Monday, Feb. 5, 2024. Jane Roe/Coastal Photo Service via AP\n"
    "\n"
    "The council voted 7-2 on Friday to rebuild the pier.\u00a0\n"
    "\n"
    "\u201cThis is long overdue,\u201d said council member Ana Diaz.\n"
)


def _check_spans(art) -> None:
    for span in [art.headline_span, art.dek_span, art.caption_span, art.caption_credit_span, *art.paragraphs]:
        if span is not None:
            assert art.source[span.start:span.end] == span.text


class ParseArticleTests:
    def test_it_reads_all_header_fields(self) -> None:
        art = parse_article(FULL)
        assert art.published == dt.date(2024, 2, 10)
        assert art.outlet == "The Coastal Ledger"
        assert art.headline == "Harbor Council Votes to Rebuild Old Pier"
        assert art.dek == "The vote ends a decade of delays, officials say"
        assert art.bylines == ["Maria Lopez", "Tom Reed"]
        assert art.caption == "Workers inspect the pier on Monday, Feb. 5, 2024."
        assert art.caption_credit == "Jane Roe/Coastal Photo Service via AP"
        assert len(art.paragraphs) == 2
        assert art.paragraphs[0].text.endswith("pier.")
        assert art.body_start == art.paragraphs[0].start
        _check_spans(art)

    def test_it_accepts_windows_line_endings(self) -> None:
        raw = FULL.replace("\n", "\r\n")
        art = parse_article(raw)
        assert art.bylines == ["Maria Lopez", "Tom Reed"]
        assert len(art.paragraphs) == 2
        _check_spans(art)

    def test_it_handles_no_dek_no_caption(self) -> None:
        text = (
            "date 2024-03-01 Storm Closes Schools - Daily Item\nStorm Closes Schools\n\nKim Park\n\n"
            "Schools closed Thursday.\n\nBuses will run again Monday.\n"
        )
        art = parse_article(text)
        assert art.dek is None and art.caption is None
        assert art.bylines == ["Kim Park"]
        assert [p.text for p in art.paragraphs] == ["Schools closed Thursday.", "Buses will run again Monday."]

    def test_it_handles_no_byline(self) -> None:
        text = "date 2024-03-01 Storm Closes Schools - Daily Item\nStorm Closes Schools\n\nSchools closed Thursday.\n"
        art = parse_article(text)
        assert art.bylines == []
        assert [p.text for p in art.paragraphs] == ["Schools closed Thursday."]

    def test_it_treats_text_without_metadata_as_body(self) -> None:
        art = parse_article("First paragraph here.\n\nSecond one, with \u201cquotes\u201d.\n")
        assert art.headline is None and art.published is None
        assert len(art.paragraphs) == 2
        _check_spans(art)

    def test_it_rejects_empty_input(self) -> None:
        with pytest.raises(ArticleParseError):
            parse_article(" \n\u00a0\n")


class CaptionAndBylineTests:
    def test_it_splits_getty_credit(self) -> None:
        assert split_caption_credit("A crowd gathers outside. John Doe/Getty Images") == (
            "A crowd gathers outside.",
            "John Doe/Getty Images",
        )

    def test_it_splits_parenthesised_credit(self) -> None:
        assert split_caption_credit("A crowd gathers outside the court (Reuters)") == (
            "A crowd gathers outside the court",
            "Reuters",
        )

    def test_it_keeps_caption_without_credit(self) -> None:
        caption = "A crowd gathers outside the court."
        assert split_caption_credit(caption) == (caption, None)

    def test_it_splits_comma_separated_bylines(self) -> None:
        assert split_bylines("By Ann Lee, Bo Chen and Cy Diaz") == ["Ann Lee", "Bo Chen", "Cy Diaz"]


class ParseHtmlTests:
    def test_it_extracts_article_from_html(self) -> None:
        paragraph = "The committee met for three hours and agreed to publish its findings next month. " * 3
        html = (
            "<html><head><title>Panel Backs Plan</title><meta name='author' content='Lee Moss'>"
            "<meta property='og:site_name' content='Valley News'>"
            "<meta property='article:published_time' content='2024-04-02'></head><body><article>"
            "<h1>Panel Backs Plan</h1>"
            f"<p>{paragraph}</p><p>\u201cWe are ready,\u201d the chair, Ruth Vale, said on Tuesday.</p>"
            "</article></body></html>"
        )
        art = parse_html(html)
        assert art.headline == "Panel Backs Plan"
        assert any("We are ready" in p.text for p in art.paragraphs)

    def test_it_rejects_empty_html(self) -> None:
        with pytest.raises(ArticleParseError):
            parse_html("<html><body></body></html>")
