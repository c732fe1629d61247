"""Record ids and positions as they arrive in URLs, query strings and forms.

`str.isdigit()` is true for '²' and '٣', which `int()` then refuses ('²') or quietly reads as 3
('٣'). Every door reads ids through `parse_id` (positions through `parse_int`): ASCII digits
only, within what the database can store. Pure Python, no Django.
"""

from __future__ import annotations

MAX_ID = 2**63 - 1  # the largest bigint, PostgreSQL's and SQLite's
_MAX_DIGITS = len(str(MAX_ID))


def parse_int(value: object, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """The whole number `value` spells in ASCII digits, within bounds; otherwise None."""
    if not isinstance(value, str) or not 0 < len(value) <= _MAX_DIGITS:
        return None
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def parse_id(value: object) -> int | None:
    """A record id (1 up to the largest bigint), or None when `value` is not one."""
    return parse_int(value, minimum=1)
