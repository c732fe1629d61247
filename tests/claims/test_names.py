from datetime import date

import pytest

from claims.names import content_hash, format_partial_date, normalize_name, parse_partial_date, person_key


class NormalizeNameTests:
    def test_it_folds_case_dots_spaces_and_accents(self) -> None:
        assert normalize_name(" U.S.  Officials ") == normalize_name("us officials") == "us officials"
        assert normalize_name("Zelenskyy") == normalize_name("Zelénskyy")

    def test_it_keeps_hyphens(self) -> None:
        assert normalize_name("Kim Jong-un") == "kim jong-un"


class ContentHashTests:
    def test_it_ignores_line_endings_and_trailing_spaces(self) -> None:
        assert content_hash("a \r\nb\r\n") == content_hash("a\nb")

    def test_it_sees_a_changed_word(self) -> None:
        assert content_hash("a b") != content_hash("a c")


class PartialDateTests:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [("2023", (date(2023, 1, 1), "year")), ("2023-03", (date(2023, 3, 1), "month")),
         ("2023-03-14", (date(2023, 3, 14), "day")), ("0140", (date(140, 1, 1), "year")),
         ("0140-02", (date(140, 2, 1), "month")), ("0140-02-03", (date(140, 2, 3), "day"))],
    )
    def test_it_parses_year_month_and_day(self, raw, expected) -> None:
        assert parse_partial_date(raw) == expected
        assert format_partial_date(*expected) == raw

    @pytest.mark.parametrize("raw", ["March 2023", "2023-13", "2023-02-30", ""])
    def test_it_refuses_other_forms_with_a_message(self, raw) -> None:
        with pytest.raises(ValueError, match="date"):
            parse_partial_date(raw)


class PersonKeyTests:
    """The first and last name only: what stays the same across outlets' styles."""

    def test_middle_names_and_initials_are_dropped(self) -> None:
        assert person_key("Donald J. Trump") == person_key("Donald John Trump") == "donald trump"

    @pytest.mark.parametrize("suffix", ["Jr.", "Sr.", "II", "III", "IV"])
    def test_generational_suffixes_are_dropped(self, suffix: str) -> None:
        assert person_key(f"Martin Luther King {suffix}") == "martin king"

    def test_a_single_name_stays_itself(self) -> None:
        assert person_key("Madonna") == "madonna"
        assert person_key("J. Madonna Jr.") == "madonna"

    def test_nothing_gives_nothing(self) -> None:
        assert person_key("") == person_key("J.") == ""

    def test_two_letter_names_count(self) -> None:
        assert person_key("Ng Ed") == "ng ed"
