"""Name and text normalisation shared by the models, the importer and claim matching.

No Django import: this is pure logic, fast to test and reuse.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date

_PUNCT = re.compile(r"[^\w\s-]")
_SPACE = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """A comparison key for a person's or organisation's name.

    "U.S. Officials" and "US officials", "Kang  Sun-Nam" and "kang sun-nam" give the same key;
    accents are folded so "Zelenskyy" spelled with or without diacritics still meets.
    """
    folded = unicodedata.normalize("NFKD", name or "")
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.lower().replace(".", "").replace("’", "'")
    folded = _PUNCT.sub(" ", folded)
    return _SPACE.sub(" ", folded).strip()


def content_hash(text: str) -> str:
    """The identity of an article's text, blind to line endings and trailing spaces."""
    lines = (line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    canonical = "\n".join(lines).strip()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_partial_date(value: str) -> tuple[date, str]:
    """"2023", "2023-03" or "2023-03-14" -> (first day of the period, "year" | "month" | "day").

    Raises ValueError with a readable message for anything else.
    """
    match = _PARTIAL_DATE.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    precision = "day" if day else "month" if month else "year"
    try:
        return date(int(year), int(month or 1), int(day or 1)), precision
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid date: {exc}") from None


def format_partial_date(value: date | None, precision: str) -> str:
    if value is None:
        return ""
    # Four digits always, as ISO 8601 and parse_partial_date want (strftime's %Y gives "140" for 140).
    return {"year": f"{value.year:04d}", "month": f"{value.year:04d}-{value.month:02d}"}.get(
        precision, value.isoformat())


def display_partial_date(value: date | None, precision: str = "day") -> str:
    """A date for people, as precisely as it is known: "5 Mar 2023", "March 2023" or "2023".

    "In March" is stored as the 1st of March with month precision; "1 Mar 2023" would claim a day
    nobody said."""
    if value is None:
        return ""
    if precision == "year":
        return f"{value:%Y}"
    if precision == "month":
        return f"{value:%B %Y}"
    return f"{value.day} {value:%b %Y}"


_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def person_key(name: str) -> str:
    """First and last name only: "Donald J. Trump" and "Donald Trump" give "donald trump".

    Middle initials and generational suffixes vary between outlets' styles; the first and last
    names of one person do not.
    """
    tokens = [t for t in normalize_name(name).split() if len(t) > 1 and t not in _NAME_SUFFIXES]
    return " ".join(tokens[:1] + tokens[-1:] if len(tokens) > 2 else tokens)
